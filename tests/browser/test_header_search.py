"""The header's search on phones: a button that unfolds a full-width box, with the keyboard,
without JavaScript, in both languages; wide screens keep the box in the header."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import page_errors, path

PHONE = {"width": 360, "height": 740}
NAMES = {
    "en": ("Search", "Search spaces, cities, makers and projects"),
    "zh-hans": ("搜索", "搜索空间、城市、创客和项目"),
}


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_phone_searches_from_the_header_with_the_keyboard(demo, new_page, language):
    button, box = NAMES[language]
    page = new_page(viewport=PHONE)
    page.goto(path("spaces:stats", language=language))
    header = page.locator(".site-header")
    toggle = header.locator("summary", has_text=button)
    height = header.bounding_box()["height"]

    expect(toggle).to_be_visible()
    toggle.focus()
    page.keyboard.press("Enter")

    field = page.get_by_role("searchbox", name=box)
    expect(field).to_be_focused()
    assert field.bounding_box()["width"] >= PHONE["width"] - 120  # the box spans the phone
    assert header.bounding_box()["height"] == height  # it opens over the page, moving nothing
    page.keyboard.type("maker")
    page.keyboard.press("Enter")

    page.wait_for_url(f"**/{language}/search/?q=maker")
    expect(page.locator("main h1")).to_be_visible()
    assert page_errors(page) == []


def test_escape_folds_the_phone_search_back_onto_its_button(demo, new_page):
    page = new_page(viewport=PHONE)
    page.goto(path("spaces:city-list"))
    page.locator(".phone-search summary").click()
    expect(page.get_by_role("searchbox", name=NAMES["en"][1])).to_be_focused()

    page.keyboard.press("Escape")

    expect(page.get_by_role("searchbox", name=NAMES["en"][1])).to_be_hidden()
    expect(page.locator(".phone-search summary")).to_be_focused()
    assert page_errors(page) == []


def test_the_phone_search_works_without_javascript(demo, new_page):
    page = new_page(viewport=PHONE, java_script_enabled=False)
    page.goto(path("spaces:space-list", language="zh-hans"))

    page.locator(".phone-search summary").click()
    page.get_by_role("searchbox", name=NAMES["zh-hans"][1]).fill("北京")
    page.locator(".phone-search").get_by_role("button", name="搜索").click()

    page.wait_for_url("**/zh-hans/search/?q=*")
    assert page_errors(page) == []


def test_a_wide_screen_keeps_the_box_in_the_header_and_no_button(demo, page):
    page.goto(path("spaces:home"))

    expect(page.locator(".phone-search")).to_be_hidden()
    expect(page.locator(".header-search").get_by_role("searchbox")).to_be_visible()
    assert page_errors(page) == []
