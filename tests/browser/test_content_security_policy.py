"""The site's pages, the admin and the API docs under the Content-Security-Policy, in Chromium:
nothing is refused and the pages' scripts still work."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from spaces.models import Space
from tests.browser.conftest import map_markers, page_errors, path
from tests.factories import UserFactory

PASSWORD = "a-long-staff-password"

# Records what the browser refused, whether or not it also says so on the console.
WATCH_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", event => {
    window.cspViolations.push(`${event.violatedDirective}: ${event.blockedURI || "inline"}`);
});
"""


@pytest.fixture
def watched(page):
    """A page that records CSP violations and checks every document it loads has the header."""
    page.add_init_script(WATCH_VIOLATIONS)
    page.policies = []
    page.on(
        "response",
        lambda response: (
            response.request.resource_type == "document"
            and page.policies.append(response.headers.get("content-security-policy"))
        ),
    )
    return page


def refused(page) -> list[str]:
    """What the page recorded as refused, and what the console said of the policy (Chromium
    writes "Refused to …" or "… violates the following Content Security Policy directive")."""
    console = [
        error
        for error in page_errors(page)
        if "Refused to" in error or "Content Security Policy" in error
    ]
    return page.evaluate("window.cspViolations") + console


def assert_nothing_refused(page, but: tuple[str, ...] = ()) -> None:
    """Every page came with the policy, and nothing was refused nor went wrong on them but
    what mentions one of `but`."""
    assert page.policies and all("script-src 'self'" in policy for policy in page.policies)
    assert not any("unsafe-inline" in policy for policy in page.policies)
    problems = refused(page) + page_errors(page)
    assert [problem for problem in problems if not any(known in problem for known in but)] == []


def sign_in_to_the_admin(page) -> None:
    UserFactory(username="chief", is_staff=True, is_superuser=True, password=PASSWORD)
    page.goto(reverse("admin:login"))
    page.get_by_label("Username").fill("chief")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")


def test_the_public_pages_run_under_the_policy(demo, watched):
    page = watched
    mapped = Space.objects.published().filter(latitude__isnull=False)
    space = mapped.order_by("name_en").first()

    page.goto(path("spaces:home"))
    assert map_markers(page) == mapped.count()
    page.goto(path("spaces:space-list"))
    assert map_markers(page) == mapped.count()
    page.get_by_label("Shanghai").check()  # the filters swap the results in with JavaScript
    page.wait_for_url("**/en/spaces/?city=shanghai")
    page.goto(path("spaces:space-detail", space.slug))
    assert map_markers(page) == 1
    expect(page.locator(".leaflet-tile-loaded")).not_to_have_count(0)  # tiles allowed
    page.goto(path("spaces:search", query="maker"))
    page.goto(path("spaces:stats"))
    page.goto(path("spaces:space-submit"))
    page.goto(path("account_login"))
    page.goto(path("account_signup"))

    assert_nothing_refused(page)


def test_the_admin_runs_under_the_policy(demo, watched):
    page = watched
    space = Space.objects.published().order_by("name_en").first()
    sign_in_to_the_admin(page)

    page.goto(reverse("admin:spaces_space_change", args=[space.pk]))
    rows = page.locator("#opening_hours-group tr.form-row:not(.empty-form)")
    before = rows.count()
    page.locator("#opening_hours-group .add-row a").click()  # admin/js/inlines.js
    assert rows.count() == before + 1
    page.goto(reverse("admin:spaces_space_changelist"))
    page.goto(reverse("admin:spaces_space_import"))
    page.goto(reverse("admin:spaces_space_export"))
    page.locator("input.select-toggle").uncheck()  # "Select all": an onchange attribute
    fields = page.locator(".selectable-field-export-row input[type=checkbox]:not(.select-toggle)")
    assert fields.count() > 1 and not fields.first.is_checked()
    page.goto(reverse("admin:spaces_space_history", args=[space.pk]))
    page.goto(reverse("admin:spaces_city_change", args=[space.city_id]))  # the location picker
    page.wait_for_selector(".leaflet-marker-icon")
    page.goto(reverse("admin:spaces_city_history", args=[space.city_id]))
    page.goto(reverse("admin:axes_accessattempt_changelist"))

    assert_nothing_refused(page)


def test_the_api_docs_run_under_the_policy(site, watched):
    page = watched

    page.goto("/api/docs/")
    page.wait_for_selector(".swagger-ui .opblock")
    page.goto("/api/redoc/")
    page.wait_for_selector("[role=menuitem], .menu-content li")

    # Redoc's logo would come from a CDN: refused, and Redoc then leaves it out.
    assert_nothing_refused(page, but=("https://cdn.redoc.ly/redoc/logo-mini.svg",))


def test_the_locked_out_admin_page_runs_under_the_policy(site, watched, settings):
    page = watched
    settings.AXES_FAILURE_LIMIT = 1
    page.goto(reverse("admin:login"))
    page.get_by_label("Username").fill("nobody")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Log in").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Too many sign-in attempts"
    assert_nothing_refused(page, but=("status of 429",))  # Chromium logs the page's status
