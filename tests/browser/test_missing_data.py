"""A space listed with nothing but a name and a city, as imports bring them, in a real browser:
no map error, no request for a missing point, no "Closed" week, in both languages."""

import os
from decimal import Decimal

import pytest

from spaces.models import City
from tests.browser.conftest import map_markers, page_errors, path
from tests.factories import CityFactory, OpeningHoursFactory, SpaceFactory

PHONE = {"width": 360, "height": 740}
# Where the screenshots go for a person to look at; a test's own folder unless set.
SCREENSHOTS = os.environ.get("SCREENSHOTS", "")
MAP_ERROR = {"en": "could not load", "zh-hans": "地图无法加载"}
NOT_LISTED = {"en": "Opening hours not listed", "zh-hans": "未列出开放时间"}


def watch_requests(page) -> list[str]:
    """Requests that failed or were answered with an error, as the page makes them."""
    failed = []
    page.on("requestfailed", lambda request: failed.append(f"failed: {request.url}"))
    page.on(
        "response",
        lambda response: (
            failed.append(f"{response.status}: {response.url}") if response.status >= 400 else None
        ),
    )
    return failed


@pytest.fixture
def bare_city(site):
    return CityFactory(
        slug="leeds", name_en="Leeds", name_zh="利兹", country="GB", timezone="Europe/London"
    )


@pytest.fixture
def bare_space(bare_city):
    return SpaceFactory(slug="bare", name_en="Bare Lab", name_zh="空白实验室", city=bare_city)


def open_page(new_page, url: str, viewport: dict | None = None):
    page = new_page(**({"viewport": viewport, "is_mobile": True} if viewport else {}))
    failed = watch_requests(page)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return page, failed


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_bare_space_page_is_finished_and_honest(bare_space, new_page, language):
    page, failed = open_page(new_page, path("spaces:space-detail", "bare", language=language))

    assert page.get_by_text(NOT_LISTED[language]).is_visible()
    assert page.locator(".badge--open, .badge--closed").count() == 0
    assert page.locator("table.hours").count() == 0
    assert page.locator("[data-map]").count() == 0
    assert MAP_ERROR[language] not in page.inner_text("body")
    # No section heading stands over nothing.
    empty = page.evaluate(
        """[...document.querySelectorAll('main section')].filter(section =>
            section.querySelector('h2') && !section.innerText.replace(
                section.querySelector('h2').innerText, '').trim()).length"""
    )
    assert empty == 0
    assert failed == []
    assert page_errors(page) == []


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_space_without_a_point_shows_its_city_as_an_approximate_area(
    bare_city, new_page, language
):
    City.objects.filter(pk=bare_city.pk).update(
        latitude=Decimal("53.8"), longitude=Decimal("-1.55")
    )
    SpaceFactory(slug="bare", name_en="Bare Lab", city=bare_city)

    page, failed = open_page(new_page, path("spaces:space-detail", "bare", language=language))

    assert map_markers(page, 0) == 0  # no pin: an area
    assert page.locator("[data-map]").get_attribute("data-approximate") == "true"
    assert page.locator(".map path.leaflet-interactive, .map svg path").count() >= 1
    assert page.locator(".map__note").is_visible()
    assert MAP_ERROR[language] not in page.inner_text("body")
    assert not [url for url in failed if "geojson" in url or "undefined" in url]
    assert failed == []
    assert page_errors(page) == []


def test_a_city_whose_spaces_have_no_points_shows_no_map(bare_space, new_page, monkeypatch):
    # More spaces than the page lists: the page cannot tell, so the script asks and hides it.
    monkeypatch.setattr("maker2.site.views.SPACES_SHOWN", 1)
    SpaceFactory(city=bare_space.city)

    page, failed = open_page(new_page, path("spaces:city-detail", "leeds"))

    map_markers(page, 0)
    assert page.locator("[data-map]").is_hidden()
    assert MAP_ERROR["en"] not in page.inner_text("body")
    assert failed == []
    assert page_errors(page) == []


def test_a_city_listing_all_its_spaces_without_points_sends_no_map(bare_space, new_page):
    page, failed = open_page(new_page, path("spaces:city-detail", "leeds"))

    assert page.locator("[data-map]").count() == 0
    assert page.get_by_role("link", name="Bare Lab").is_visible()
    assert failed == []
    assert page_errors(page) == []


def test_a_planned_city_without_spaces_has_no_broken_map(site, new_page):
    CityFactory(slug="york", name_en="York", status=City.Status.PLANNED)

    page, failed = open_page(new_page, path("spaces:city-detail", "york"))

    assert page.locator("[data-map]").count() == 0
    assert failed == []
    assert page_errors(page) == []


def test_the_directory_map_hides_until_a_filter_finds_pins(bare_space, new_page):
    pinned = CityFactory(slug="york", name_en="York")
    SpaceFactory(city=pinned, latitude=Decimal("53.96"), longitude=Decimal("-1.08"))

    page, failed = open_page(new_page, path("spaces:space-list", query="city=leeds"))
    map_markers(page, 0)
    assert page.locator("[data-map]").is_hidden()

    page.get_by_label("Leeds").uncheck()  # the results and the pins follow without a reload
    map_markers(page, 1)
    assert page.locator("[data-map]").is_visible()
    assert page.locator(".leaflet-marker-icon").count() == 1
    assert failed == []
    assert page_errors(page) == []


def test_a_space_with_hours_keeps_its_badge(bare_space, new_page):
    for day in range(7):
        OpeningHoursFactory(space=bare_space, weekday=day, opens="00:00", closes="00:00")

    page, failed = open_page(new_page, path("spaces:space-detail", "bare"))

    assert page.locator(".badge--open").is_visible()
    assert page.get_by_text(NOT_LISTED["en"]).count() == 0
    assert failed == []


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("width", [1280, 360])
def test_a_bare_space_on_a_phone_and_a_desktop_loads_cleanly(
    bare_city, new_page, language, width, tmp_path
):
    City.objects.filter(pk=bare_city.pk).update(
        latitude=Decimal("53.8"), longitude=Decimal("-1.55")
    )
    SpaceFactory(slug="bare", name_en="Bare Lab", name_zh="空白实验室", city=bare_city)
    SpaceFactory(slug="nothing", name_en="Nothing Lab", city=CityFactory(name_en="Nowhere"))
    viewport = {"width": width, "height": 900 if width > 400 else 740}

    for slug in ("bare", "nothing"):
        page, failed = open_page(
            new_page, path("spaces:space-detail", slug, language=language), viewport
        )
        folder = SCREENSHOTS or tmp_path
        page.screenshot(path=f"{folder}/{slug}-{language}-{width}.png", full_page=True)
        assert failed == []
        assert page_errors(page) == []
