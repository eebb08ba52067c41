"""The site's forms on a phone and after a failed post, in both languages."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import page_errors, path

PHONE = {"width": 360, "height": 740}
FORM_PAGES = [
    ("spaces:space-submit",),
    ("spaces:tour-request", "people-squared-jingan"),
    ("account_signup",),
    ("account_login",),
    ("account_reset_password",),
]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_form_pages_fit_a_phone_with_and_without_errors(demo, new_page, language):
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    too_wide = {}

    for name, *args in FORM_PAGES:
        page.goto(path(name, *args, language=language))
        for shown in ("empty", "with errors"):
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > PHONE["width"]:
                too_wide[f"{page.url} {shown}"] = width
            if shown == "empty":
                page.locator("main form.form button[type=submit]").click()
                page.wait_for_selector(".form__summary")

    assert too_wide == {}
    assert page_errors(page) == []


def test_after_a_failed_post_the_error_summary_has_the_focus_and_leads_to_the_field(demo, page):
    page.goto(path("spaces:space-submit"))
    page.get_by_label("Your email").fill("not an email")

    page.get_by_role("button", name="Send for review").click()

    summary = page.locator(".form__summary")
    expect(summary).to_be_focused()  # once the page has loaded and its scripts have run
    summary.get_by_role("link", name="Your email: Enter a valid email address.").click()
    assert page.evaluate("document.activeElement.name") == "submitter_email"
    assert page.get_by_label("Your email").get_attribute("aria-invalid") == "true"
    assert page_errors(page) == []
