from datetime import UTC, datetime, time
from decimal import Decimal

import pytest

from spaces.models import Space
from tests.factories import (
    CityFactory,
    EquipmentFactory,
    MembershipPlanFactory,
    NetworkFactory,
    OpeningHoursFactory,
    ServiceFactory,
    SpaceFactory,
    SpacePhotoFactory,
)

pytestmark = pytest.mark.django_db
URL = "/en/spaces/"


def names(response) -> list[str]:
    return [space.name for space in response.context["spaces"]]


def test_directory_lists_only_published_spaces(client):
    SpaceFactory(name_en="Open lab")
    for status in (Space.Status.DRAFT, Space.Status.PENDING, Space.Status.CLOSED):
        SpaceFactory(name_en=f"{status} lab", status=status)

    response = client.get(URL)

    assert response.status_code == 200
    assert names(response) == ["Open lab"]
    html = response.content.decode()
    assert "draft lab" not in html and "pending lab" not in html


def test_directory_filters_by_city_kind_network_services_and_equipment(client):
    beijing = CityFactory(slug="beijing")
    network = NetworkFactory(slug="bjm")
    laser = EquipmentFactory(slug="laser")
    funding = ServiceFactory(slug="funding")
    match = SpaceFactory(name_en="Match", city=beijing, kind="fablab")
    match.networks.add(network)
    match.equipment.add(laser)
    match.services.add(funding)
    SpaceFactory(name_en="Elsewhere", kind="fablab")
    SpaceFactory(name_en="Other kind", city=beijing, kind="coworking")

    response = client.get(
        URL,
        {
            "city": "beijing",
            "kind": "fablab",
            "network": "bjm",
            "equipment": "laser",
            "services": "funding",
        },
    )

    assert names(response) == ["Match"]
    html = response.content.decode()
    assert 'id="f-city-beijing" name="city" value="beijing" checked' in html
    assert 'value="bjm" selected' in html


def test_directory_filters_by_price_and_open_now(client, frozen_now):
    cheap = MembershipPlanFactory(space__name_en="Cheap", price=Decimal("500")).space
    MembershipPlanFactory(space__name_en="Dear", price=Decimal("5000"))
    OpeningHoursFactory(space=cheap, weekday=0, opens=time(9), closes=time(18))
    monday_ten = datetime(2026, 11, 2, 2, tzinfo=UTC)  # 10:00 in Shanghai

    frozen_now(monday_ten)
    assert names(client.get(URL, {"price_max": "1000", "period": "month"})) == ["Cheap"]
    response = client.get(URL, {"open_now": "true"})

    assert names(response) == ["Cheap"]
    assert "Open now" in response.content.decode()


def test_directory_sorts(client):
    SpaceFactory(name_en="Small", floor_area=10)
    SpaceFactory(name_en="Big", floor_area=900)

    assert names(client.get(URL, {"sort": "area"})) == ["Big", "Small"]
    assert names(client.get(URL, {"sort": "name"})) == ["Big", "Small"]
    assert names(client.get(URL, {"sort": "newest"})) == ["Big", "Small"]


def test_directory_sorts_by_distance_from_a_point(client):
    SpaceFactory(name_en="Shanghai", latitude=Decimal("31.23"), longitude=Decimal("121.47"))
    SpaceFactory(name_en="Beijing", latitude=Decimal("39.91"), longitude=Decimal("116.40"))

    response = client.get(URL, {"near": "39.9,116.4", "sort": "distance"})

    assert names(response) == ["Beijing", "Shanghai"]
    assert 'name="near" value="39.9,116.4"' in response.content.decode()


def test_directory_shows_prices_for_the_chosen_period(client):
    space = SpaceFactory(name_en="Lab")
    MembershipPlanFactory(space=space, price=Decimal("1200"), period="month")
    MembershipPlanFactory(space=space, price=Decimal("120"), period="day")

    assert "¥1,200 per month" in client.get(URL).content.decode()
    assert "¥120 per day" in client.get(URL, {"period": "day"}).content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"city": "atlantis"}, "atlantis is not one of the available choices"),
        ({"kind": "castle"}, "castle is not one of the available choices"),
        ({"network": "nope"}, "Network"),
        ({"price_min": "cheap"}, "Enter a number"),
        ({"price_min": "900", "price_max": "100"}, "The highest price is below the lowest"),
        ({"open_now": "maybe"}, "Use true or false"),
        ({"sort": "distance"}, "Sorting by distance needs a point"),
        ({"near": "north"}, "latitude,longitude"),
    ],
)
def test_a_bad_filter_is_named_and_ignored(client, params, message):
    MembershipPlanFactory(space__name_en="Lab", price=Decimal("1000"))  # within any good price

    response = client.get(URL, params)

    assert response.status_code == 200
    assert names(response) == ["Lab"]
    html = response.content.decode()
    assert 'role="alert"' in html
    assert message in html


def test_a_bad_filter_does_not_drop_the_good_ones(client):
    SpaceFactory(name_en="Fab", kind="fablab")
    SpaceFactory(name_en="Desk", kind="coworking")

    response = client.get(URL, {"kind": "fablab", "city": "atlantis"})

    assert names(response) == ["Fab"]
    assert "atlantis" in response.content.decode()


def test_directory_paginates_and_keeps_the_filters_in_page_links(client):
    for number in range(30):
        SpaceFactory(name_en=f"Lab {number:02}", kind="fablab")

    first = client.get(URL, {"kind": "fablab"})
    second = client.get(URL, {"kind": "fablab", "page": "2"})

    assert len(first.context["spaces"]) == 24
    assert len(second.context["spaces"]) == 6
    assert 'href="?kind=fablab&amp;page=2"' in first.content.decode()
    assert "30 spaces" in first.content.decode()


@pytest.mark.parametrize("page", ["99", "abc", "-1"])
def test_a_page_out_of_range_shows_the_nearest_page(client, page):
    SpaceFactory(name_en="Lab")

    response = client.get(URL, {"page": page})

    assert response.status_code == 200
    assert names(response) == ["Lab"]


def test_the_fragment_header_returns_only_the_results(client):
    SpaceFactory(name_en="Lab", kind="fablab")
    SpaceFactory(name_en="Desk", kind="coworking")

    response = client.get(URL, {"kind": "fablab"}, headers={"X-Fragment": "results"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "Lab" in html and "Desk" not in html
    assert 'data-geojson-url="/api/v1/spaces/geojson/?kind=fablab"' in html
    assert '<option value="area">' in html  # the sort select comes with the results
    assert "X-Fragment" in response["Vary"]


def test_the_map_gets_the_same_filters_without_the_bad_ones(client):
    CityFactory(slug="a")
    CityFactory(slug="b")

    response = client.get(URL, {"city": ["a", "b"], "page": "2", "kind": "castle"})

    assert response.context["map_geojson_url"] == "/api/v1/spaces/geojson/?city=a&city=b"


def test_every_filter_control_has_a_label(client):
    CityFactory(slug="beijing")
    ServiceFactory(slug="funding")
    EquipmentFactory(slug="laser")

    html = client.get(URL).content.decode()

    for control_id in ("f-q", "f-city-beijing", "f-network", "f-service-funding", "f-tool-laser"):
        assert f'for="{control_id}"' in html
    for control_id in ("f-price-min", "f-price-max", "f-period", "f-open-now", "f-sort"):
        assert f'for="{control_id}"' in html


@pytest.mark.parametrize("rows", [2, 30])
def test_directory_query_count_does_not_grow_with_rows(
    client, django_assert_max_num_queries, rows, fresh_totals
):
    network = NetworkFactory()
    for _ in range(rows):
        space = SpaceFactory()
        space.networks.add(network)
        SpacePhotoFactory(space=space)
        OpeningHoursFactory(space=space)
        MembershipPlanFactory(space=space)

    fresh_totals()
    # filter panel: are the totals current, cities with totals, networks, services,
    # equipment; count; the page of spaces; their photos, opening hours and networks
    with django_assert_max_num_queries(10):
        response = client.get(URL)

    assert response.status_code == 200


@pytest.mark.parametrize("rows", [2, 30])
def test_filtered_directory_query_count_does_not_grow_with_rows(
    client, django_assert_max_num_queries, rows, fresh_totals
):
    city = CityFactory(slug="beijing")
    network, service, tool = NetworkFactory(slug="bm"), ServiceFactory(), EquipmentFactory()
    for _ in range(rows):
        space = SpaceFactory(
            city=city, kind="fablab", name_en="Fab lab", latitude=39.9, longitude=116.4
        )
        space.networks.add(network)
        space.services.add(service)
        space.equipment.add(tool)
        for day in range(7):  # open around the clock, so that open_now keeps them
            OpeningHoursFactory(space=space, weekday=day, opens=time(0), closes=time(0))
        MembershipPlanFactory(space=space, price=100)
    every_filter = {
        "q": "lab",
        "city": "beijing",
        "kind": "fablab",
        "network": "bm",
        "services": service.slug,
        "equipment": tool.slug,
        "open_now": "true",
        "price_max": "500",
        "near": "39.9,116.4",
        "radius_km": "20000",
    }

    fresh_totals()
    # the 10 above and the time zones for open-now: the submitted city, network, services
    # and equipment are looked up among the ones the filter panel lists anyway
    with django_assert_max_num_queries(11):
        response = client.get(URL, every_filter)

    assert response.status_code == 200
    assert not response.context["filter_errors"]
    assert response.context["paginator"].count == rows
