"""The API says what it does not know: null, or nothing, never a made-up 0 or "closed"."""

import json
from datetime import UTC, datetime, time
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest

from tests.api.conftest import auth
from tests.factories import CityFactory, OpeningHoursFactory, SpaceFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/spaces/"
MONDAY_TEN_IN_SHANGHAI = datetime(2024, 1, 1, 2, tzinfo=UTC)


@pytest.fixture
def bare_space():
    """As an import brings it: a name and a city, outside China."""
    city = CityFactory(slug="leeds", name_en="Leeds", country="GB", timezone="Europe/London")
    return SpaceFactory(slug="bare", name_en="Bare Lab", city=city)


def slugs(client, **params) -> list[str]:
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    return sorted(item["slug"] for item in response.json()["results"])


def test_unknown_hours_and_figures_are_null_on_the_list_and_the_detail(client, bare_space):
    [listed] = client.get(URL).json()["results"]
    detail = client.get(f"{URL}bare/").json()

    for data in (listed, detail):
        assert data["open_now"] is None
        assert data["opening_hours"] == []
        for name in ("resident_makers", "desks", "floor_area", "founded", "latitude"):
            assert data[name] is None, name


def test_a_known_zero_stays_zero(client):
    SpaceFactory(slug="lab", resident_makers=0, desks=0)

    data = client.get(f"{URL}lab/").json()

    assert data["resident_makers"] == 0 and data["desks"] == 0


def test_open_now_filters_leave_out_spaces_without_hours(client, bare_space, frozen_now):
    OpeningHoursFactory(space__slug="open", weekday=0, opens=time(9), closes=time(18))
    OpeningHoursFactory(space__slug="shut", weekday=0, opens=time(19), closes=time(22))

    frozen_now(MONDAY_TEN_IN_SHANGHAI)
    assert slugs(client, open_now="true") == ["open"]
    assert slugs(client, open_now="false") == ["shut"]
    assert slugs(client) == ["bare", "open", "shut"]
    flags = {item["slug"]: item["open_now"] for item in client.get(URL).json()["results"]}

    assert flags == {"bare": None, "open": True, "shut": False}


def test_the_schema_says_open_now_may_be_null(client):
    schema = client.get("/api/schema/", headers={"Accept": "application/json"}).json()
    space = schema["components"]["schemas"]["Space"]["properties"]

    assert space["open_now"]["type"] == "boolean"
    assert space["open_now"]["nullable"] is True
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/spaces/"]["get"]["parameters"]}
    assert "match neither" in parameters["open_now"]["description"]


def test_the_list_costs_the_same_queries_with_bare_spaces(client, count_queries, bare_space):
    # 1. the page of spaces with their parts as JSON; 2. the count and the newest change
    SpaceFactory()

    assert count_queries(URL) == 2


# GeoJSON: the map's pins


def test_geojson_leaves_out_spaces_without_coordinates(client, bare_space):
    SpaceFactory(slug="pinned", latitude=Decimal("53.8"), longitude=Decimal("-1.55"))

    response = client.get("/api/v1/spaces/geojson/")

    assert response.status_code == 200
    features = response.json()["features"]
    assert [feature["properties"]["slug"] for feature in features] == ["pinned"]
    for feature in features:  # every pin has a point the map can draw
        assert None not in feature["geometry"]["coordinates"]


def test_geojson_of_a_city_without_any_point_is_an_empty_collection(client, bare_space):
    response = client.get("/api/v1/spaces/geojson/", {"city": "leeds"})

    assert response.status_code == 200
    assert response.json() == {"type": "FeatureCollection", "features": []}


# SpaceAPI


@pytest.fixture(scope="module")
def spaceapi_schema() -> dict:
    return json.loads((Path(__file__).parent / "data" / "spaceapi-15.json").read_text())


def test_a_bare_space_has_no_state_and_no_made_up_place(client, bare_space, spaceapi_schema):
    data = client.get(f"{URL}bare/spaceapi/").json()

    jsonschema.validate(data, spaceapi_schema)
    # No state at all: SpaceAPI's way to say the state is not known for this space.
    assert "state" not in data
    assert data["location"] == {
        "timezone": "Europe/London",
        "country_code": "GB",
        "address": "Leeds",
    }


def test_a_space_with_hours_has_a_known_state(client, bare_space, spaceapi_schema, frozen_now):
    OpeningHoursFactory(space=bare_space, weekday=0, opens=time(9), closes=time(18))
    monday_ten_in_leeds = datetime(2024, 1, 1, 10, tzinfo=UTC)

    frozen_now(monday_ten_in_leeds)
    data = client.get(f"{URL}bare/spaceapi/").json()

    jsonschema.validate(data, spaceapi_schema)
    assert data["state"]["open"] is True


def test_contact_details_a_space_did_not_give_are_empty_as_the_schema_allows(
    client, bare_space, contact_key
):
    schema = client.get("/api/schema/", headers={"Accept": "application/json"}).json()

    contact = client.get(f"{URL}bare/", headers=auth(contact_key)).json()["contact"]

    assert contact == {"email": "", "phone": ""}
    jsonschema.validate(
        contact,
        schema["components"]["schemas"]["Contact"],
        format_checker=jsonschema.FormatChecker(),
    )
