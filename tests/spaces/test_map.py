"""The map include (templates/spaces/includes/_map.html) and its tile settings."""

import os

from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from tests.factories import SpaceFactory
from tests.helpers import run_python, start_up


def render_map(**context) -> str:
    request = RequestFactory().get("/")
    return render_to_string("spaces/includes/_map.html", context, request=request)


def test_it_passes_the_tile_server_from_settings(settings):
    settings.MAP_TILE_URL = "https://tiles.example.cn/{z}/{x}/{y}.png"
    settings.MAP_TILE_ATTRIBUTION = "© Example & Co"

    html = render_map(map_geojson_url="/api/v1/spaces/geojson/?city=beijing")

    assert 'data-tile-url="https://tiles.example.cn/{z}/{x}/{y}.png"' in html
    assert 'data-tile-attribution="© Example &amp; Co"' in html
    assert 'data-geojson-url="/api/v1/spaces/geojson/?city=beijing"' in html


def test_popups_link_to_space_pages_in_the_current_language():
    with translation.override("zh-hans"):
        html = render_map(map_geojson_url="/api/v1/spaces/geojson/")

    assert 'data-space-url="/zh-hans/spaces/__slug__/"' in html
    assert 'data-language="zh-hans"' in html


def test_a_single_space_gets_one_pin_and_no_fetch(db):
    space = SpaceFactory(name_en="Fab Lab", latitude="39.904200", longitude="116.407400")

    with translation.override("zh-hans"):
        html = render_map(map_single=space)

    # Unlocalized even in languages that write decimals with a comma.
    assert 'data-single-point="39.904200,116.407400"' in html
    assert 'data-single-name="Fab Lab"' in html
    assert "data-geojson-url" not in html


def test_a_space_without_coordinates_gets_no_map(db):
    space = SpaceFactory()

    assert "data-map" not in render_map(map_single=space)


def test_the_map_is_a_labelled_region_that_has_its_room_before_the_script_draws_it():
    html = render_map(map_geojson_url="/api/v1/spaces/geojson/", map_center="31.23,121.47")

    # Not hidden: the page would shift when map.js showed it. Without JavaScript, site.css
    # hides it (tests/browser/test_layout_shift.py).
    section = html[html.index("<section") : html.index(">", html.index("<section"))]
    assert 'class="map map--many"' in section
    assert "\n  data-map\n" in section
    assert "hidden" not in section
    assert 'aria-label="Map of spaces"' in html
    assert 'data-center="31.23,121.47"' in html


def scripts_of(html: str) -> list[str]:
    start = html.index('data-scripts="') + len('data-scripts="')
    return html[start : html.index('"', start)].split()


def test_a_map_of_many_spaces_loads_leaflet_and_clustering_and_waits_behind_a_phone_button():
    html = render_map(map_geojson_url="/api/v1/spaces/geojson/")

    assert scripts_of(html) == [
        "/static/vendor/leaflet/leaflet.js",
        "/static/vendor/leaflet.markercluster/leaflet.markercluster.js",
    ]
    assert "data-map-toggle" in html
    assert 'aria-controls="map-canvas"' in html and 'id="map-canvas"' in html
    # Only map.js comes with the page: it loads the others when the map is needed.
    assert html.count("<script") == 1 and "/static/js/map.js" in html


def test_a_single_space_loads_leaflet_alone_and_has_no_button(db):
    space = SpaceFactory(latitude="39.904200", longitude="116.407400")

    html = render_map(map_single=space)

    assert scripts_of(html) == ["/static/vendor/leaflet/leaflet.js"]
    assert "data-map-toggle" not in html


def test_gcj02_tiles_load_the_shift_too(settings):
    settings.MAP_TILE_COORDINATES = "gcj02"

    html = render_map(map_geojson_url="/api/v1/spaces/geojson/")

    assert scripts_of(html)[-1] == "/static/js/gcj02.js"


def test_a_tile_url_without_placeholders_stops_start_up():
    result = start_up(MAP_TILE_URL="https://tiles.example.cn/")

    assert result.returncode != 0
    assert "MAP_TILE_URL must contain {z}, {x} and {y}" in result.stderr


def test_the_map_is_handed_its_controls_and_popup_texts_in_the_page_language():
    with translation.override("zh-hans"):
        html = render_map(map_geojson_url="/api/v1/spaces/geojson/")

    assert 'data-text-zoom-in="放大"' in html
    assert 'data-text-zoom-out="缩小"' in html
    assert 'data-text-price-from="每月 {price} 起"' in html
    assert 'data-text-open-now="营业中"' in html
    assert 'data-kind-makerspace="创客空间"' in html
    assert 'data-emblem-coworking="/static/img/kinds/coworking.svg"' in html
    assert "Zoom in" not in html


def test_every_kind_has_an_emblem_file():
    from django.contrib.staticfiles import finders

    from spaces.models import Space

    for kind in Space.Kind.values:
        assert finders.find(f"img/kinds/{kind}.svg"), kind


def test_the_tile_datum_comes_from_settings(settings):
    assert 'data-tile-coordinates="wgs84"' in render_map(map_geojson_url="/x/")

    settings.MAP_TILE_COORDINATES = "gcj02"

    assert 'data-tile-coordinates="gcj02"' in render_map(map_geojson_url="/x/")


def test_openstreetmaps_credit_line_is_translated_unless_set():
    with translation.override("zh-hans"):
        html = render_map(map_geojson_url="/x/")

    assert 'data-tile-attribution="© OpenStreetMap 贡献者"' in html


def test_an_unknown_tile_datum_stops_start_up():
    result = start_up(MAP_TILE_COORDINATES="bd09")

    assert result.returncode != 0
    assert "MAP_TILE_COORDINATES must be wgs84 or gcj02, not 'bd09'" in result.stderr


def test_a_tile_url_counting_rows_from_the_south_is_accepted():
    url = "https://rt0.map.gtimg.com/realtimerender?z={z}&x={x}&y={-y}&type=vector"
    environment = {**os.environ, "SECRET_KEY": "x", "MAP_TILE_URL": url}

    result = run_python("import maker2.settings as s; print(s.MAP_TILE_URL)", environment)

    assert result.returncode == 0, result.stderr
    assert url in result.stdout
