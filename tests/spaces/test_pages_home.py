from decimal import Decimal

import pytest

from spaces.models import City, Space
from tests.factories import (
    CityFactory,
    FundingRoundFactory,
    NetworkFactory,
    SpaceFactory,
    SpacePhotoFactory,
)

pytestmark = pytest.mark.django_db


def test_home_shows_the_database_totals(client):
    beijing = CityFactory(name_en="Beijing")
    SpaceFactory(city=beijing, floor_area=20000, resident_makers=300)
    SpaceFactory(floor_area=130000, resident_makers=5)
    SpaceFactory(floor_area=999, resident_makers=999, status=Space.Status.DRAFT)
    CityFactory(status=City.Status.PLANNED)
    FundingRoundFactory(amount=Decimal("4000000000"), usd_rate=Decimal("0.1535"))

    response = client.get("/en/")

    assert response.status_code == 200
    assert response.context["totals"].space_count == 2
    assert response.context["totals"].floor_area == 150000
    assert response.context["planned_cities"] == 1
    html = response.content.decode()
    assert "150,000 m²" in html
    assert "305" in html
    assert "¥4.0 billion" in html
    assert "US$614 million" in html
    assert "+ 1 planned" in html


def test_chinese_home_writes_amounts_in_yi(client):
    FundingRoundFactory(amount=Decimal("4000000000"), usd_rate=Decimal("0.1535"))
    SpaceFactory(floor_area=150000)

    html = client.get("/zh-hans/").content.decode()

    assert "40亿元" in html
    assert "6.14亿美元" in html
    assert "15万平方米" in html


def test_home_features_verified_published_spaces_newest_first(client):
    SpaceFactory(name_en="Old lab", verified=True)
    SpaceFactory(name_en="New lab", verified=True)
    SpaceFactory(name_en="Unverified lab", verified=False)
    SpaceFactory(name_en="Draft lab", verified=True, status=Space.Status.DRAFT)

    response = client.get("/en/")

    assert [space.name for space in response.context["featured"]] == ["New lab", "Old lab"]
    assert "Draft lab" not in response.content.decode()


def test_home_lists_networks_with_totals(client):
    alliance = NetworkFactory(name_en="Maker2", slug="maker2")
    operator = NetworkFactory(name_en="People Squared", parent=alliance)
    SpaceFactory(floor_area=1000).networks.add(operator)

    response = client.get("/en/")

    networks = {network.slug: network for network in response.context["networks"]}
    assert networks["maker2"].floor_area == 1000
    assert response.context["map_geojson_url"] == "/api/v1/spaces/geojson/"
    assert 'href="/en/networks/maker2/"' in response.content.decode()


@pytest.mark.parametrize("rows", [2, 12])
def test_home_query_count_does_not_grow_with_rows(
    client, django_assert_max_num_queries, rows, fresh_totals
):
    network = NetworkFactory()
    for _ in range(rows):
        space = SpaceFactory(verified=True)
        space.networks.add(network)
        SpacePhotoFactory(space=space)
        FundingRoundFactory()
        NetworkFactory()

    fresh_totals()
    # are the totals and the funding current; space totals, funding totals, planned cities,
    # networks with totals and funding, featured spaces, and their photos, opening hours and
    # networks
    with django_assert_max_num_queries(10):
        response = client.get("/en/")

    assert response.status_code == 200
