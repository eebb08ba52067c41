import gzip
import json
from decimal import Decimal

import pytest

from spaces.models import Space
from tests.factories import SpaceFactory

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


def test_geojson_answers_in_one_query_whatever_the_count(client, django_assert_num_queries):
    for n in range(5):
        SpaceFactory(latitude=n, longitude=n)
    # 1. the spaces joined with their cities
    with django_assert_num_queries(1):
        client.get(URL)


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
