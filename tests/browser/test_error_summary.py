"""After a failed post, the error summary has the focus in real Chromium, also where the URL
has a #fragment and Chromium ignores autofocus (the tour request form posts to #visit)."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from tests.browser.conftest import page_errors, path
from tests.factories import JoinRequestFactory, MakerFactory, SpaceFactory, UserFactory

SUMMARY_HAS_FOCUS = "document.activeElement === document.querySelector('.form__summary')"


def assert_the_summary_keeps_the_focus(page):
    """Focused once the page has loaded, and still a moment later: Chromium applies the
    URL's #fragment after the page's scripts ran, and that used to clear the focus."""
    page.wait_for_load_state("load")
    expect(page.locator(".form__summary")).to_be_focused()
    page.wait_for_timeout(300)
    assert page.evaluate(SUMMARY_HAS_FOCUS)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_tour_form_sent_empty_comes_back_with_its_summary_focused(site, page, language):
    SpaceFactory(slug="lab")
    page.goto(path("spaces:space-detail", "lab", language=language))

    page.locator("#visit form button[type=submit]").click()

    assert page.url.endswith("#visit")  # the case where autofocus alone is blocked
    assert_the_summary_keeps_the_focus(page)
    page.keyboard.press("Tab")  # the first link in the summary leads to the first bad field
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.getAttribute('aria-invalid')") == "true"
    assert page_errors(page) == []


def test_the_sign_up_form_comes_back_with_its_summary_focused(site, page):
    page.goto(path("account_signup"))

    page.locator("main form.form button[type=submit]").click()

    assert_the_summary_keeps_the_focus(page)
    assert page_errors(page) == []


def test_a_second_request_to_join_comes_back_with_its_summary_focused(site, page):
    space = SpaceFactory(slug="lab")
    user = UserFactory()
    JoinRequestFactory(maker=MakerFactory(user=user), space=space)
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": site.url}]
    )
    page.goto(path("members:join-request-create", "lab"))

    page.locator("main form.form button[type=submit]").click()

    assert_the_summary_keeps_the_focus(page)
    assert "already asked" in page.locator(".form__summary").inner_text()
    assert page_errors(page) == []
