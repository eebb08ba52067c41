"""Phones, keyboards and many pins: the pages with a map, in both languages."""

import pytest

from spaces.models import Space
from tests.browser.conftest import map_markers, page_errors, path
from tests.factories import CityFactory, SpaceFactory

PHONE = {"width": 360, "height": 740}
MAP_PAGES = [
    ("spaces:home",),
    ("spaces:space-list",),
    ("spaces:city-detail", "shanghai"),
    ("spaces:space-detail", "people-squared-jingan"),
]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_pages_with_a_map_fit_a_phone_without_sideways_scrolling(demo, new_page, language):
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    too_wide = {}

    for name, *args in MAP_PAGES:
        page.goto(path(name, *args, language=language))
        map_markers(page)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide[page.url] = width

    assert too_wide == {}
    assert page_errors(page) == []


def test_the_first_tab_reaches_the_skip_link(demo, page):
    page.goto(path("spaces:space-list"))

    page.keyboard.press("Tab")

    focused = page.evaluate("[document.activeElement.className, document.activeElement.hash]")
    assert focused == ["skip-link", "#main"]
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    assert page_errors(page) == []


def test_keyboard_focus_passes_through_the_map_and_out(demo, page):
    page.goto(path("spaces:space-list"))
    map_markers(page)
    page.locator(".map__skip").focus()
    assert page.locator(".map__skip").is_visible()  # shown while focused

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.matches('[data-map-canvas]')")
    # The map's own controls and pins come next; focus must leave the map after them.
    stops = page.evaluate("document.querySelectorAll('[data-map] [tabindex], [data-map] a').length")
    for _ in range(stops + 1):
        page.keyboard.press("Tab")
    assert page.evaluate("!document.activeElement.closest('[data-map]')")

    page.locator(".map__skip").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")  # from the end of the map: the next control after it
    assert page.evaluate("!document.activeElement.closest('[data-map]')")
    assert page_errors(page) == []


def test_the_map_clusters_thousands_of_spaces(site, page):
    city = CityFactory(slug="shanghai", latitude="31.230400", longitude="121.473700")
    spaces = [
        SpaceFactory.build(
            city=city,
            latitude=f"{31.0 + (n % 50) * 0.01:.6f}",
            longitude=f"{121.2 + (n // 50) * 0.01:.6f}",
        )
        for n in range(2000)
    ]
    Space.objects.bulk_create(spaces)

    page.goto(path("spaces:space-list"))

    assert map_markers(page, 2000) == 2000
    # Clustered: a handful of icons on the map, not one element per space.
    assert page.locator("[data-map] .leaflet-marker-icon").count() < 100
    assert page_errors(page) == []
