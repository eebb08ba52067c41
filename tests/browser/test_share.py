"""The Share control on spaces, cities, networks, projects and the filtered directory, in real
Chromium: the clipboard where the browser has no share sheet, the Web Share API where it has."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import page_errors, path
from tests.factories import CityFactory, NetworkFactory, ProjectFactory, SpaceFactory

CLIPBOARD = {"permissions": ["clipboard-read", "clipboard-write"]}
# Records what navigator.share was handed, in place of the device's share sheet.
FAKE_SHARE_SHEET = """
    window.shared = [];
    Object.defineProperty(navigator, "share", {
        value: data => { window.shared.push(data); return Promise.resolve(); },
    });
"""


@pytest.fixture
def places(site):
    city = CityFactory(slug="beijing", name_en="Beijing", name_zh="北京")
    network = NetworkFactory(slug="bm", name_en="Beijing Makerspace")
    space = SpaceFactory(slug="lab", name_en="Fab Lab", name_zh="微观装配实验室", city=city)
    space.networks.add(network)
    SpaceFactory(slug="desk", name_en="Desk Hub", city=city, kind="coworking")
    ProjectFactory(slug="clearair", name_en="ClearAir").spaces.add(space)


PAGES = [
    ("spaces:space-detail", "lab"),
    ("spaces:city-detail", "beijing"),
    ("spaces:network-detail", "bm"),
    ("members:project-detail", "clearair"),
]


@pytest.mark.parametrize("name, slug", PAGES)
def test_without_a_share_sheet_the_page_link_is_copied_and_the_copy_announced(
    places, new_page, site, name, slug
):
    page = new_page(**CLIPBOARD)
    page.goto(path(name, slug))

    page.get_by_role("button", name="Share").click()

    expect(page.get_by_role("status").filter(has_text="Link copied")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == site.url + path(name, slug)
    assert page_errors(page) == []


def test_in_chinese_the_copy_is_announced_in_chinese(places, new_page, site):
    page = new_page(**CLIPBOARD)
    page.goto(path("spaces:space-detail", "lab", language="zh-hans"))

    page.get_by_role("button", name="分享").click()

    expect(page.get_by_role("status").filter(has_text="链接已复制")).to_be_visible()
    url = site.url + path("spaces:space-detail", "lab", language="zh-hans")
    assert page.evaluate("navigator.clipboard.readText()") == url
    assert page_errors(page) == []


def test_the_directory_shares_its_filters_as_they_are_now(places, new_page, site):
    page = new_page(**CLIPBOARD)
    page.goto(path("spaces:space-list", query="city=beijing"))

    page.get_by_label("Co-working space").check()  # the results change in place
    expect(page).to_have_url(f"{site.url}{path('spaces:space-list')}?city=beijing&kind=coworking")
    page.get_by_role("button", name="Share").click()

    expect(page.get_by_role("status").filter(has_text="Link copied")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == (
        f"{site.url}{path('spaces:space-list')}?city=beijing&kind=coworking"
    )
    assert page_errors(page) == []


def test_where_the_browser_has_a_share_sheet_it_gets_the_title_and_the_url(places, new_page, site):
    page = new_page()
    page.add_init_script(FAKE_SHARE_SHEET)
    page.goto(path("spaces:space-detail", "lab"))

    page.get_by_role("button", name="Share").click()

    assert page.evaluate("window.shared") == [
        {"title": "Fab Lab", "url": site.url + path("spaces:space-detail", "lab")}
    ]
    assert page_errors(page) == []


def test_when_nothing_can_copy_the_link_is_shown_to_copy_by_hand(places, new_page, site):
    page = new_page()
    page.add_init_script(
        """navigator.clipboard.writeText = () => Promise.reject(new Error("refused"));
        document.execCommand = () => false;"""
    )
    page.goto(path("spaces:city-detail", "beijing"))

    page.get_by_role("button", name="Share").click()

    status = page.get_by_role("status").filter(has_text="Copy this link:")
    expect(status).to_contain_text(site.url + path("spaces:city-detail", "beijing"))
    assert page_errors(page) == []


def test_without_javascript_share_is_a_mail_link_with_the_page(places, new_page, site):
    page = new_page(java_script_enabled=False)
    page.goto(path("spaces:space-detail", "lab"))

    link = page.locator(".space-summary").get_by_role("link", name="Share")
    href = link.get_attribute("href")
    assert href.startswith("mailto:?subject=Fab%20Lab&body=")
    assert "lab" in href and page.get_by_role("button", name="Share").count() == 0


def test_a_browser_without_the_clipboard_api_still_copies(places, new_page, site):
    page = new_page(**CLIPBOARD)
    page.add_init_script(
        "Object.defineProperty(navigator, 'clipboard', {value: undefined, configurable: true});"
    )
    page.goto(path("members:project-detail", "clearair"))

    page.get_by_role("button", name="Share").click()

    expect(page.get_by_role("status").filter(has_text="Link copied")).to_be_visible()
    assert page.evaluate("document.activeElement.textContent") == "Share"  # focus kept
    assert page_errors(page) == []
    reader = page.context.new_page()  # the same browser's clipboard, read with the real API
    reader.goto(path("members:project-detail", "clearair"))
    assert reader.evaluate("navigator.clipboard.readText()") == (
        site.url + path("members:project-detail", "clearair")
    )
