"""Nothing moves as a page loads (Lighthouse's Cumulative Layout Shift): the directory's filter
panel comes folded on phones and open on wide screens, and maps keep their room from the first
paint. Measured in the page with PerformanceObserver's layout-shift entries, as Chromium counts
them for Core Web Vitals."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import map_markers, page_errors, path

PHONE = {"width": 360, "height": 740}
# Lighthouse's "good" is 0.1; the site aims at half of it.
MAX_SHIFT = 0.05
# The shifts since the page started loading, the buffered ones included.
LAYOUT_SHIFT = """() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) {
      if (!entry.hadRecentInput) total += entry.value;
    }
  }).observe({type: "layout-shift", buffered: true});
  requestAnimationFrame(() => requestAnimationFrame(() => resolve(total)));
})"""
PAGES = [
    ("spaces:space-list",),
    ("spaces:home",),
    ("spaces:city-detail", "shanghai"),
    ("spaces:space-detail", "people-squared-jingan"),
]


def layout_shift(page) -> float:
    map_markers(page)  # the map has drawn its pins: the last thing that could move the page
    page.wait_for_load_state("load")
    return page.evaluate(LAYOUT_SHIFT)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("viewport", [PHONE, {"width": 1280, "height": 800}], ids=["phone", "wide"])
def test_pages_do_not_shift_as_they_load(demo, new_page, language, viewport):
    page = new_page(viewport=viewport)
    shifts = {}

    for name, *args in PAGES:
        page.goto(path(name, *args, language=language))
        shifts[name] = layout_shift(page)

    assert {name: shift for name, shift in shifts.items() if shift >= MAX_SHIFT} == {}
    assert page_errors(page) == []


def test_the_filters_come_folded_on_a_phone_and_unfold_from_their_summary(demo, new_page):
    page = new_page(viewport=PHONE)
    page.goto(path("spaces:space-list", language="zh-hans"))
    keywords = page.get_by_label("关键词")

    expect(keywords).to_be_hidden()
    page.get_by_text("筛选", exact=True).click()

    expect(keywords).to_be_visible()
    assert page_errors(page) == []


def test_the_filters_are_open_on_a_wide_screen_and_still_fold(demo, page):
    page.goto(path("spaces:space-list"))
    panel = page.locator("[data-filters]")
    keywords = page.get_by_label("Keywords")

    expect(keywords).to_be_visible()
    expect(panel).to_have_attribute("open", "")  # as it looks, for screen readers too
    page.get_by_text("Filters", exact=True).click()

    expect(keywords).to_be_hidden()
    assert page_errors(page) == []


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1280, "height": 800}], ids=["phone", "wide"])
def test_without_javascript_the_filters_work_and_no_map_is_shown(demo, new_page, viewport):
    page = new_page(viewport=viewport, java_script_enabled=False)
    page.goto(path("spaces:space-list"))

    assert page.locator("[data-map]").is_hidden()
    if viewport is PHONE:
        page.get_by_text("Filters", exact=True).click()
    page.get_by_label("Shanghai").check()
    page.get_by_role("button", name="Show spaces").click()

    page.wait_for_url("**/en/spaces/?*city=shanghai*")
    assert page_errors(page) == []
