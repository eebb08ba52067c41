import gzip
import json
from datetime import UTC, datetime, time
from decimal import Decimal

import pytest

from spaces.models import MembershipPlan, Space
from tests.factories import (
    MembershipPlanFactory,
    OpeningHoursFactory,
    SpaceFactory,
    SpacePhotoFactory,
)

pytestmark = pytest.mark.django_db
URL = "/api/v1/spaces/geojson/"


def test_geojson_lists_published_spaces_with_coordinates(client):
    SpaceFactory(
        slug="bj", name_zh="北京创客空间", latitude=Decimal("39.9"), longitude=Decimal("116.4")
    )
    SpaceFactory(slug="no-point")
    SpaceFactory(slug="draft", status=Space.Status.DRAFT, latitude=1, longitude=1)

    response = client.get(URL)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/geo+json")
    data = response.json()
    assert data["type"] == "FeatureCollection"
    [feature] = data["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [116.4, 39.9]}
    assert feature["properties"]["slug"] == "bj"
    assert feature["properties"]["name_zh"] == "北京创客空间"


def test_geojson_takes_the_directory_filters(client):
    SpaceFactory(slug="lab", kind="fablab", latitude=1, longitude=1)
    SpaceFactory(slug="desk", kind="coworking", latitude=2, longitude=2)

    data = client.get(URL, {"kind": "fablab"}).json()

    assert [f["properties"]["slug"] for f in data["features"]] == ["lab"]


def test_a_search_with_no_word_in_it_is_an_empty_collection(client):
    SpaceFactory(latitude=Decimal("39.9"), longitude=Decimal("116.4"))

    for params in ({"q": "!!"}, {"q": "\x81", "near": "39.9,116.4"}):
        response = client.get(URL, params)

        assert response.status_code == 200
        assert json.loads(response.content)["features"] == []


def test_geojson_rejects_a_bad_filter_naming_it(client):
    response = client.get(URL, {"near": "nowhere"})

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "near"


def test_geojson_answers_in_two_queries_whatever_the_count(client, django_assert_num_queries):
    for n in range(5):
        space = SpaceFactory(latitude=n, longitude=n)
        MembershipPlanFactory(space=space)
        OpeningHoursFactory(space=space)
        SpacePhotoFactory(space=space)
    # 1. the cities' time zones, for "open now"
    # 2. the spaces joined with their cities, with their price, hours and photo as subqueries
    with django_assert_num_queries(2):
        client.get(URL)


MONDAY_TEN_IN_SHANGHAI = datetime(2024, 1, 1, 2, 0, tzinfo=UTC)


def test_features_carry_what_a_popup_shows(client, frozen_now):
    space = SpaceFactory(slug="lab", latitude=31, longitude=121)
    MembershipPlanFactory(space=space, price=Decimal("1800"))
    MembershipPlanFactory(space=space, price=Decimal("1200.50"))
    MembershipPlanFactory(space=space, price=Decimal("90"), period=MembershipPlan.Period.DAY)
    OpeningHoursFactory(space=space, weekday=0, opens=time(9), closes=time(18))
    SpacePhotoFactory(space=space, position=1)
    first = SpacePhotoFactory(space=space, position=0)

    frozen_now(MONDAY_TEN_IN_SHANGHAI)
    [feature] = client.get(URL).json()["features"]

    properties = feature["properties"]
    assert properties["price_from"] == "1200.50"  # the cheapest monthly plan
    assert properties["open_now"] is True
    assert properties["thumbnail_url"] == f"http://testserver{first.thumbnail.url}"


def test_a_space_closed_now_is_false_and_one_without_hours_null(client, frozen_now):
    OpeningHoursFactory(
        space__slug="shut", space__latitude=1, space__longitude=1, opens=time(19), closes=time(22)
    )
    SpaceFactory(slug="bare", latitude=2, longitude=2)

    frozen_now(MONDAY_TEN_IN_SHANGHAI)
    features = client.get(URL).json()["features"]

    properties = {f["properties"]["slug"]: f["properties"] for f in features}
    assert properties["shut"]["open_now"] is False
    assert properties["bare"]["open_now"] is None
    assert properties["bare"]["price_from"] is None
    assert properties["bare"]["thumbnail_url"] is None


def test_geojson_is_compressed_for_a_client_that_takes_gzip(client):
    for number in range(30):
        SpaceFactory(slug=f"space-{number}", latitude=Decimal("31.2"), longitude=Decimal("121.4"))

    plain = client.get(URL)
    compressed = client.get(URL, headers={"Accept-Encoding": "gzip"})

    assert "Content-Encoding" not in plain
    assert compressed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed["Vary"]
    assert json.loads(gzip.decompress(compressed.content)) == plain.json()
    assert len(compressed.content) < len(plain.content) / 3
