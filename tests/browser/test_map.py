"""The maps in a real browser: popups, cards linked to pins, distances, planned cities,
translated controls and GCJ-02 tiles (static/js/map.js)."""

import re
import zoneinfo
from datetime import time
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from spaces.models import City, Space
from spaces.templatetags.maps import distance
from tests.browser.conftest import map_markers, page_errors, path
from tests.factories import (
    CityFactory,
    MembershipPlanFactory,
    OpeningHoursFactory,
    SpaceFactory,
    SpacePhotoFactory,
)

# Published WGS-84 / GCJ-02 pairs (the eviltransform project's test points: Shanghai,
# Shenzhen, Beijing), as (WGS latitude, longitude, GCJ latitude, longitude).
REFERENCE_PAIRS = [
    (31.1774276, 121.5272106, 31.17530398364597, 121.531541859215),
    (22.543847, 113.912316, 22.540796131694766, 113.9171764808363),
    (39.911954, 116.377817, 39.91334545536069, 116.38404722455657),
]


@pytest.fixture
def two_cities(site):
    """A space in Beijing with a photo, a monthly plan and hours around the clock, and one in
    Shanghai with neither photo nor plan, closed now: far enough apart not to cluster."""
    beijing = CityFactory(
        slug="beijing", name_en="Beijing", name_zh="北京", latitude="39.9042", longitude="116.4074"
    )
    shanghai = CityFactory(
        slug="shanghai", name_en="Shanghai", latitude="31.2304", longitude="121.4737"
    )
    lab = SpaceFactory(
        slug="lab",
        name_en="Hutong Lab",
        name_zh="胡同实验室",
        kind="makerspace",
        city=beijing,
        latitude="39.930000",
        longitude="116.400000",
    )
    MembershipPlanFactory(space=lab, price=Decimal("1200"))
    MembershipPlanFactory(space=lab, price=Decimal("2400"))
    OpeningHoursFactory(space=lab, weekday=0, opens=time(0), closes=time(0))  # always open
    for weekday in range(1, 7):
        OpeningHoursFactory(space=lab, weekday=weekday, opens=time(0), closes=time(0))
    SpacePhotoFactory(space=lab)
    desk = SpaceFactory(
        slug="desk",
        name_en="Bund Desk",
        kind="coworking",
        city=shanghai,
        latitude="31.240000",
        longitude="121.490000",
    )
    # Open an hour on a day three days from today (in Shanghai): closed now.
    today = timezone.now().astimezone(zoneinfo.ZoneInfo("Asia/Shanghai")).weekday()
    OpeningHoursFactory(space=desk, weekday=(today + 3) % 7, opens=time(10), closes=time(11))
    return lab, desk


def has_class(name: str) -> re.Pattern:
    """Matches a class attribute that has `name` among its classes."""
    return re.compile(rf"(^|\s){re.escape(name)}(\s|$)")


def open_popup(page, name: str):
    page.locator(f".leaflet-marker-icon[alt='{name}']").click()
    popup = page.locator(".leaflet-popup .map-popup")
    expect(popup).to_be_visible()
    return popup


def test_a_pin_opens_a_popup_with_photo_name_kind_price_hours_and_link(two_cities, page):
    lab, _desk = two_cities
    page.goto(path("spaces:space-list"))
    map_markers(page, 2)

    popup = open_popup(page, "Hutong Lab")

    expect(popup.locator(".map-popup__image")).to_have_attribute(
        "src", f"{page.url.split('/en/')[0]}{lab.photos.get().thumbnail.url}"
    )
    expect(popup.get_by_role("link", name="Hutong Lab")).to_have_attribute(
        "href", "/en/spaces/lab/"
    )
    expect(popup.locator(".map-popup__kind")).to_have_text("Makerspace")
    expect(popup.locator(".map-popup__price")).to_have_text("From ¥1,200 per month")
    expect(popup.locator(".map-popup__hours")).to_have_text("Open now")
    popup.get_by_role("link", name="Hutong Lab").click()
    page.wait_for_url("**/en/spaces/lab/")
    assert page_errors(page) == []


def test_a_space_without_a_photo_shows_its_kind_emblem_and_closed_now(two_cities, page):
    page.goto(path("spaces:space-list"))
    map_markers(page, 2)

    popup = open_popup(page, "Bund Desk")

    image = popup.locator(".map-popup__image")
    expect(image).to_have_attribute("src", "/static/img/kinds/coworking.svg")
    expect(image).to_have_attribute("alt", "")
    assert page.evaluate("() => document.querySelector('.map-popup__image').naturalWidth") > 0
    expect(popup.locator(".map-popup__kind")).to_have_text("Co-working space")
    expect(popup.locator(".map-popup__price")).to_have_count(0)  # no plan: no price
    expect(popup.locator(".map-popup__hours")).to_have_text("Closed now")
    assert page_errors(page) == []


def test_popups_speak_chinese_on_chinese_pages(two_cities, page):
    page.goto(path("spaces:space-list", language="zh-hans"))
    map_markers(page, 2)

    popup = open_popup(page, "胡同实验室")

    expect(popup.get_by_role("link", name="胡同实验室")).to_have_attribute(
        "href", "/zh-hans/spaces/lab/"
    )
    expect(popup.locator(".map-popup__kind")).to_have_text("创客空间")
    expect(popup.locator(".map-popup__price")).to_have_text("每月 1200元 起")
    expect(popup.locator(".map-popup__hours")).to_have_text("营业中")
    assert page_errors(page) == []


def test_pointing_at_or_focusing_a_card_highlights_its_pin(two_cities, page):
    page.goto(path("spaces:space-list"))
    map_markers(page, 2)
    pin = page.locator(".leaflet-marker-icon[alt='Hutong Lab']")
    card = page.locator("[data-space-slug='lab']")

    card.hover()
    expect(pin).to_have_class(has_class("map__pin--active"))
    expect(page.locator("[data-map]")).to_have_attribute("data-highlighted", "lab")
    above = page.evaluate(
        "() => [...document.querySelectorAll('.leaflet-marker-icon')]"
        ".map(icon => [icon.alt, Number(icon.style.zIndex)])"
    )
    assert dict(above)["Hutong Lab"] > dict(above)["Bund Desk"]

    page.mouse.move(1, 1)  # off every card
    expect(pin).not_to_have_class(has_class("map__pin--active"))
    expect(page.locator("[data-map]")).not_to_have_attribute("data-highlighted", "lab")

    page.locator("[data-space-slug='desk'] .card__title a").focus()
    expect(page.locator(".leaflet-marker-icon[alt='Bund Desk']")).to_have_class(
        has_class("map__pin--active")
    )
    expect(pin).not_to_have_class(has_class("map__pin--active"))
    assert page_errors(page) == []


def test_a_card_whose_pin_is_in_a_cluster_highlights_the_cluster(site, page):
    city = CityFactory(slug="shanghai", latitude="31.2304", longitude="121.4737")
    for number in range(3):
        SpaceFactory(
            slug=f"near-{number}",
            city=city,
            latitude=f"31.{2300 + number:04d}00",
            longitude="121.473700",
        )
    SpaceFactory(slug="far", city=city, latitude="39.9", longitude="116.4")
    page.goto(path("spaces:space-list"))
    map_markers(page, 4)
    cluster = page.locator(".marker-cluster").first
    expect(cluster).to_be_visible()

    page.locator("[data-space-slug='near-1']").hover()
    expect(cluster).to_have_class(has_class("map__cluster--active"))
    page.mouse.move(1, 1)
    expect(cluster).not_to_have_class(has_class("map__cluster--active"))
    # A cluster names what it holds for screen readers, in the page's language.
    expect(cluster).to_contain_text("3 spaces here: zoom in to see them")
    assert page_errors(page) == []


@pytest.mark.parametrize(
    ("language", "pattern"),
    [("en", r"^\d[\d,.]* (km|m) away$"), ("zh-hans", r"^距离 \d[\d,.]* (公里|米)$")],
)
def test_near_me_shows_how_far_each_card_is(two_cities, new_page, language, pattern):
    page = new_page(
        geolocation={"latitude": 39.9042, "longitude": 116.4074}, permissions=["geolocation"]
    )
    page.goto(path("spaces:space-list", language=language))
    expect(page.locator(".card__distance")).to_have_count(0)  # no point: no distance

    page.locator("[data-near-me]").click()

    page.wait_for_url("**/spaces/?*sort=distance*")
    distances = page.locator(".space-card .card__distance").all_inner_texts()
    assert len(distances) == 2
    assert all(re.match(pattern, text) for text in distances), distances
    measured = Space.objects.with_distance(39.9042, 116.4074).order_by("distance_km")
    with translation.override(language):
        assert distances == [distance(space.distance_km) for space in measured]
    assert page_errors(page) == []


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_planned_city_shows_what_is_coming_instead_of_an_empty_map(two_cities, page, language):
    CityFactory(
        slug="tianjin",
        name_en="Tianjin",
        name_zh="天津",
        status=City.Status.PLANNED,
        latitude="39.3434",
        longitude="117.3616",
    )
    page.goto(path("spaces:city-detail", "tianjin", language=language))

    expect(page.locator("[data-map]")).to_have_count(0)
    panel = page.locator(".coming-soon")
    heading = "Coming soon to Tianjin" if language == "en" else "天津即将开放"
    expect(panel.get_by_role("heading", name=heading)).to_be_visible()
    nearest = panel.locator(".coming-soon__nearby li").all_inner_texts()
    assert nearest[0].startswith("Beijing" if language == "en" else "北京"), nearest
    add = "Add your space" if language == "en" else "添加你的空间"
    panel.get_by_role("link", name=add).click()
    page.wait_for_url("**/spaces/add/")
    assert page_errors(page) == []


PHONE = {"width": 360, "height": 740}
LEAFLET_LOADED = "() => typeof window.L !== 'undefined'"


@pytest.mark.parametrize(
    ("language", "show", "hide"),
    [("en", "Show the map", "Hide the map"), ("zh-hans", "显示地图", "隐藏地图")],
)
def test_on_a_phone_the_list_comes_first_and_the_map_opens_from_its_button(
    two_cities, new_page, language, show, hide
):
    page = new_page(viewport=PHONE)
    page.goto(path("spaces:space-list", language=language))
    page.wait_for_load_state("load")
    button = page.get_by_role("button", name=show)

    expect(page.locator("[data-map-canvas]")).to_be_hidden()
    expect(button).to_have_attribute("aria-expanded", "false")
    assert page.evaluate(LEAFLET_LOADED) is False  # nothing of Leaflet fetched or run
    assert page.evaluate("() => typeof window.maker2Gcj02") == "undefined"  # WGS-84 tiles
    box = page.locator(".space-card").first.bounding_box()
    assert box["y"] < PHONE["height"]  # the first card is on the first screen

    button.click()

    expect(page.locator("[data-map]")).to_have_attribute("data-marker-count", "2")
    expect(page.locator("[data-map-canvas]")).to_be_visible()
    expect(page.locator(".leaflet-marker-icon")).to_have_count(2)
    hide_button = page.get_by_role("button", name=hide)
    expect(hide_button).to_have_attribute("aria-expanded", "true")
    hide_button.click()
    expect(page.locator("[data-map-canvas]")).to_be_hidden()
    expect(page.get_by_role("button", name=show)).to_have_attribute("aria-expanded", "false")
    assert page_errors(page) == []


def test_on_a_phone_the_map_opened_after_filtering_shows_the_filtered_pins(two_cities, new_page):
    page = new_page(viewport=PHONE)
    page.goto(path("spaces:space-list"))
    page.get_by_text("Filters", exact=True).click()
    page.get_by_label("Shanghai").check()
    expect(page.locator(".space-card")).to_have_count(1)  # the results, without a reload

    page.get_by_role("button", name="Show the map").click()

    expect(page.locator("[data-map]")).to_have_attribute("data-marker-count", "1")
    expect(page.locator(".leaflet-marker-icon[alt='Bund Desk']")).to_be_visible()
    assert page_errors(page) == []


def test_a_map_below_the_fold_is_drawn_only_when_the_visitor_reaches_it(two_cities, new_page):
    lab, _desk = two_cities
    page = new_page(viewport=PHONE)
    page.goto(path("spaces:space-detail", lab.slug))
    page.wait_for_load_state("load")

    assert page.evaluate(LEAFLET_LOADED) is False
    expect(page.locator("[data-map]")).not_to_have_attribute("data-marker-count", "1")

    page.locator("[data-map]").scroll_into_view_if_needed()

    expect(page.locator("[data-map]")).to_have_attribute("data-marker-count", "1")
    expect(page.locator(".leaflet-marker-icon[alt='Hutong Lab']")).to_be_visible()
    assert page_errors(page) == []


def test_the_zoom_controls_speak_chinese(two_cities, page):
    page.goto(path("spaces:space-list", language="zh-hans"))
    map_markers(page, 2)

    zoom_in = page.get_by_role("button", name="放大")
    expect(zoom_in).to_have_attribute("title", "放大")
    expect(page.get_by_role("button", name="缩小")).to_be_visible()
    expect(page.get_by_role("button", name="Zoom in")).to_have_count(0)
    expect(page.locator(".leaflet-control-attribution")).to_have_text("Test tiles")
    zoom_in.click()
    assert page_errors(page) == []


def test_the_gcj02_transform_matches_published_points(two_cities, settings, page):
    settings.MAP_TILE_COORDINATES = "gcj02"  # the shift is loaded for such tiles only
    page.goto(path("spaces:space-list"))
    map_markers(page, 2)

    results = page.evaluate(
        """pairs => pairs.map(([lat, lng, gcjLat, gcjLng]) => ({
            forward: window.maker2Gcj02.fromWgs84(lat, lng),
            back: window.maker2Gcj02.toWgs84(gcjLat, gcjLng),
        }))""",
        REFERENCE_PAIRS,
    )

    for (lat, lng, gcj_lat, gcj_lng), result in zip(REFERENCE_PAIRS, results, strict=True):
        assert result["forward"] == pytest.approx([gcj_lat, gcj_lng], abs=1e-6)
        assert result["back"] == pytest.approx([lat, lng], abs=1e-6)


def test_the_gcj02_inverse_round_trips_and_outside_china_nothing_moves(two_cities, settings, page):
    settings.MAP_TILE_COORDINATES = "gcj02"  # the shift is loaded for such tiles only
    page.goto(path("spaces:space-list"))
    map_markers(page, 2)

    points = [(lat / 10, lng / 10) for lat in range(100, 540, 37) for lng in range(750, 1350, 53)]
    worst, outside = page.evaluate(
        """points => {
            const g = window.maker2Gcj02;
            let worst = 0;
            for (const [lat, lng] of points) {
                const [gLat, gLng] = g.fromWgs84(lat, lng);
                const [wLat, wLng] = g.toWgs84(gLat, gLng);
                worst = Math.max(worst, Math.abs(wLat - lat), Math.abs(wLng - lng));
            }
            return [worst, [g.fromWgs84(51.5007, -0.1246), g.toWgs84(40.7128, -74.006)]];
        }""",
        points,
    )

    assert worst < 1e-6
    assert outside == [[51.5007, -0.1246], [40.7128, -74.006]]  # London, New York


def test_with_gcj02_tiles_pins_are_shifted_and_a_click_is_measured_in_wgs84(
    two_cities, settings, page
):
    settings.MAP_TILE_COORDINATES = "gcj02"
    page.goto(path("spaces:space-list"))
    map_markers(page, 2)

    drawn, shifted = page.evaluate(
        """() => {
            const marker = window.maker2Maps[0].markers.lab;
            const point = marker.getLatLng();
            return [[point.lat, point.lng], window.maker2Gcj02.fromWgs84(39.93, 116.4)];
        }"""
    )

    assert drawn == pytest.approx(shifted, abs=1e-9)
    assert drawn != pytest.approx([39.93, 116.4], abs=1e-4)  # a few hundred metres off
    assert drawn[1] - 116.4 > 0.004

    # Just below the Beijing pin (whose icon stands above its point): inside China.
    below = page.evaluate(
        """() => {
            const map = window.maker2Maps[0].map;
            return map.latLngToContainerPoint(window.maker2Maps[0].markers.lab.getLatLng());
        }"""
    )
    page.locator("[data-map-canvas]").click(position={"x": below["x"] + 30, "y": below["y"] + 30})
    clicked, wgs = page.evaluate(
        """() => {
            let point;
            window.maker2Maps[0].map.eachLayer(layer => {
                if (layer instanceof L.Popup) point = layer.getLatLng();
            });
            return [point, window.maker2Gcj02.toWgs84(point.lat, point.lng)];
        }"""
    )
    page.get_by_role("button", name="List the spaces near here").click()
    page.wait_for_url("**/en/spaces/?*sort=distance*")
    assert f"near={wgs[0]:.4f}%2C{wgs[1]:.4f}" in page.url
    assert f"{wgs[1]:.4f}" != f"{clicked['lng']:.4f}"
    assert page_errors(page) == []


def test_with_gcj02_tiles_a_single_space_and_an_approximate_area_are_shifted(
    two_cities, settings, page
):
    settings.MAP_TILE_COORDINATES = "gcj02"
    SpaceFactory(slug="vague", city=two_cities[0].city)

    for slug, expected in [("lab", (39.93, 116.4)), ("vague", (39.9042, 116.4074))]:
        page.goto(path("spaces:space-detail", slug))
        map_markers(page)
        centre, shifted = page.evaluate(
            """([lat, lng]) => {
                const map = window.maker2Maps[0].map;
                const c = map.getCenter();
                return [[c.lat, c.lng], window.maker2Gcj02.fromWgs84(lat, lng)];
            }""",
            list(expected),
        )
        assert centre == pytest.approx(shifted, abs=1e-6), slug
    assert page_errors(page) == []


def test_with_gcj02_tiles_the_location_picker_writes_wgs84(site, settings, page):
    settings.MAP_TILE_COORDINATES = "gcj02"
    CityFactory(name_en="Shenzhen", latitude="22.543100", longitude="114.057900")
    page.goto(path("spaces:space-submit"))
    page.get_by_label("City", exact=True).select_option(label="Shenzhen")

    # The city's WGS-84 point is drawn where GCJ-02 tiles have it...
    centre, shifted = page.evaluate(
        """() => {
            const c = document.querySelector("[data-location-picker]").locationPicker.map
                .getCenter();
            return [[c.lat, c.lng], window.maker2Gcj02.fromWgs84(22.5431, 114.0579)];
        }"""
    )
    assert centre == pytest.approx(shifted, abs=1e-6)
    # ...and the pin put there is written back as the WGS-84 point.
    page.locator("[data-location-canvas]").focus()
    page.keyboard.press("Enter")
    latitude = page.locator("#id_latitude").input_value()
    longitude = page.locator("#id_longitude").input_value()
    assert (float(latitude), float(longitude)) == pytest.approx((22.5431, 114.0579), abs=2e-6)
    expect(page.get_by_role("button", name="Zoom in")).to_have_attribute("title", "Zoom in")
    assert page_errors(page) == []
