"""The directory's filters and "near me" in a real browser, with and without JavaScript."""

from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import expect

from spaces.models import Space
from tests.browser.conftest import map_markers, page_errors, path

SHANGHAI = {"latitude": 31.2304, "longitude": 121.4737}


def card_names(page) -> list[str]:
    return page.locator(".space-card .card__title").all_inner_texts()


def query(page) -> dict:
    return parse_qs(urlsplit(page.url).query)


def names_by_distance(latitude: float, longitude: float) -> list[str]:
    spaces = Space.objects.published().with_distance(latitude, longitude)
    return list(spaces.order_by("distance_km", "pk").values_list("name_en", flat=True))


def test_filters_update_the_results_and_the_map_without_a_page_load(demo, page):
    shanghai = Space.objects.published().filter(city__slug="shanghai")
    page.goto(path("spaces:space-list"))
    map_markers(page, Space.objects.published().filter(latitude__isnull=False).count())
    page.evaluate("window.sameDocument = true")

    page.get_by_label("Shanghai").check()

    page.wait_for_url("**/en/spaces/?city=shanghai")
    expect(page.locator(".space-card")).to_have_count(shanghai.count())
    assert sorted(card_names(page)) == sorted(shanghai.values_list("name_en", flat=True))
    assert map_markers(page, shanghai.filter(latitude__isnull=False).count())
    assert page.evaluate("window.sameDocument") is True
    # The sort select comes with the swapped-in results and must still offer every order.
    assert page.get_by_label("Sort by").locator("option").all_inner_texts()[:2] == [
        "Best match",
        "Name",
    ]
    assert page_errors(page) == []


def test_filters_work_without_javascript(demo, new_page):
    page = new_page(java_script_enabled=False)
    shanghai = Space.objects.published().filter(city__slug="shanghai")
    page.goto(path("spaces:space-list"))
    assert page.locator("[data-map]").is_hidden()  # the list is the content

    page.get_by_label("Shanghai").check()
    page.get_by_role("button", name="Show spaces").click()

    page.wait_for_url("**/en/spaces/?*city=shanghai*")
    assert sorted(card_names(page)) == sorted(shanghai.values_list("name_en", flat=True))
    assert page_errors(page) == []


def test_near_me_sorts_the_directory_by_distance_from_the_visitor(demo, new_page):
    page = new_page(geolocation=SHANGHAI, permissions=["geolocation"])
    page.goto(path("spaces:space-list"))

    page.get_by_role("button", name="Spaces near me").click()

    page.wait_for_url("**/en/spaces/?*sort=distance*")
    assert query(page)["near"] == ["31.2304,121.4737"]
    assert card_names(page) == names_by_distance(**SHANGHAI)
    assert page_errors(page) == []


def test_near_me_keeps_the_other_filters(demo, new_page):
    page = new_page(geolocation=SHANGHAI, permissions=["geolocation"])
    page.goto(path("spaces:space-list", query="kind=coworking"))

    page.get_by_role("button", name="Spaces near me").click()

    page.wait_for_url("**/en/spaces/?*sort=distance*")
    assert query(page)["kind"] == ["coworking"]
    coworking = Space.objects.published().filter(kind="coworking").values_list("name_en", flat=True)
    assert card_names(page) == [name for name in names_by_distance(**SHANGHAI) if name in coworking]
    assert page_errors(page) == []


def test_without_a_position_the_visitor_is_told_to_pick_a_city(demo, new_page):
    page = new_page()  # geolocation permission not granted: the browser refuses
    page.goto(path("spaces:space-list"))

    page.get_by_role("button", name="Spaces near me").click()

    status = page.locator("#near-me-status")
    status.filter(has_text="Pick a city").wait_for()
    assert page.url.endswith(path("spaces:space-list"))
    assert page_errors(page) == []


def test_a_city_centre_sorts_by_distance_without_javascript(demo, new_page):
    page = new_page(java_script_enabled=False)
    page.goto(path("spaces:space-list"))
    assert page.get_by_role("button", name="Spaces near me").is_hidden()

    page.get_by_label("Nearest to the centre of").select_option(label="Beijing")
    page.get_by_role("button", name="Sort by distance").click()

    page.wait_for_url("**/en/spaces/?*sort=distance*")
    assert query(page)["near"] == ["39.9042,116.4074"]
    assert card_names(page) == names_by_distance(39.9042, 116.4074)
    assert page.get_by_label("Nearest to the centre of").input_value() == "39.9042,116.4074"
    assert page_errors(page) == []


def test_clicking_the_map_lists_the_spaces_near_that_point(demo, page):
    page.goto(path("spaces:space-list"))
    map_markers(page)
    canvas = page.locator("[data-map-canvas]")
    box = canvas.bounding_box()

    # The top right corner: clear of the zoom buttons, the attribution and (fitted) pins.
    canvas.click(position={"x": box["width"] - 40, "y": 40})
    clicked = page.evaluate(
        """() => {
            let point;
            window.maker2Maps[0].map.eachLayer(layer => {
                if (layer instanceof L.Popup) point = layer.getLatLng();
            });
            return point;
        }"""
    )
    page.get_by_role("button", name="List the spaces near here").click()

    page.wait_for_url("**/en/spaces/?*sort=distance*")
    assert query(page)["near"] == [f"{clicked['lat']:.4f},{clicked['lng']:.4f}"]
    latitude, longitude = clicked["lat"], clicked["lng"]
    assert card_names(page) == names_by_distance(latitude, longitude)
    assert page_errors(page) == []
