import json
from datetime import UTC, datetime, time
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest

from spaces.models import Space
from tests.api.builders import full_space
from tests.api.conftest import auth
from tests.factories import (
    MembershipPlanFactory,
    OpeningHoursFactory,
    SpaceFactory,
    SpaceLinkFactory,
)

pytestmark = pytest.mark.django_db
# Monday 1 January 2024, 10:00 in Shanghai.
MONDAY_TEN = datetime(2024, 1, 1, 2, tzinfo=UTC)


@pytest.fixture(scope="module")
def spaceapi_schema() -> dict:
    """The official SpaceAPI v15 schema; its source and licence are in data/README.md."""
    return json.loads((Path(__file__).parent / "data" / "spaceapi-15.json").read_text())


def document(client, slug: str, **kwargs) -> dict:
    response = client.get(f"/api/v1/spaces/{slug}/spaceapi/", **kwargs)
    assert response.status_code == 200
    return response.json()


def test_a_full_space_is_a_valid_spaceapi_document(
    client, spaceapi_schema, contact_key, frozen_now
):
    space = full_space(slug="lab", name_en="Lab", email="hi@lab.example", floor_area=500)
    MembershipPlanFactory(space=space, period="year", price=Decimal("3600"), includes_en="All")

    frozen_now(MONDAY_TEN)
    data = document(client, "lab", headers=auth(contact_key))

    jsonschema.validate(data, spaceapi_schema)
    assert data["api_compatibility"] == ["15"]
    assert data["space"] == "Lab"
    assert data["logo"].startswith("http://testserver/media/")
    assert data["location"]["lat"] == 39.9 and data["location"]["lon"] == 116.4
    assert data["location"]["timezone"] == "Asia/Shanghai"
    assert data["location"]["country_code"] == "CN"
    assert data["contact"] == {"email": "hi@lab.example"}
    assert {"name": "Maker2", "url": "http://testserver/api/v1/spaces/lab/"} in data["links"]
    assert {p["billing_interval"] for p in data["membership_plans"]} == {"monthly", "yearly"}
    assert data["state"] == {
        "open": True,
        "lastchange": int(datetime(2024, 1, 1, 1, tzinfo=UTC).timestamp()),  # 09:00 local
    }


def test_a_bare_space_is_a_valid_spaceapi_document_without_state(client, spaceapi_schema):
    SpaceFactory(slug="bare", name_en="", name_zh="空间", email="hi@bare.example")

    data = document(client, "bare")

    jsonschema.validate(data, spaceapi_schema)
    assert data["space"] == "空间"
    assert data["logo"] == ""
    assert data["contact"] == {}
    assert "state" not in data
    assert "lat" not in data["location"]


def test_state_lastchange_is_when_the_space_last_opened_or_closed(
    client, spaceapi_schema, frozen_now
):
    space = SpaceFactory(slug="lab")
    OpeningHoursFactory(space=space, weekday=4, opens=time(20), closes=time(2))  # Fri night
    SpaceLinkFactory(space=space)

    frozen_now(MONDAY_TEN)
    data = document(client, "lab")

    jsonschema.validate(data, spaceapi_schema)
    # Closed since Saturday 30 December 2023, 02:00 in Shanghai.
    assert data["state"] == {
        "open": False,
        "lastchange": int(datetime(2023, 12, 29, 18, tzinfo=UTC).timestamp()),
    }


def test_a_space_open_around_the_clock_has_no_lastchange(client, spaceapi_schema):
    space = SpaceFactory(slug="always")
    for day in range(7):
        OpeningHoursFactory(space=space, weekday=day, opens=time(0), closes=time(0))

    data = document(client, "always")

    jsonschema.validate(data, spaceapi_schema)
    assert data["state"] == {"open": True}


def test_an_unpublished_space_has_no_spaceapi_document(client):
    SpaceFactory(slug="draft", status=Space.Status.DRAFT)

    assert client.get("/api/v1/spaces/draft/spaceapi/").status_code == 404


def test_the_directory_maps_space_names_to_their_documents(client):
    SpaceFactory(slug="a", name_en="Lab")
    SpaceFactory(slug="b", name_en="Lab")
    SpaceFactory(slug="c", name_en="", name_zh="空间")
    SpaceFactory(slug="d", status=Space.Status.CLOSED)

    data = client.get("/api/v1/spaceapi/").json()

    assert data == {
        "Lab": "http://testserver/api/v1/spaces/a/spaceapi/",
        "Lab (b)": "http://testserver/api/v1/spaces/b/spaceapi/",
        "空间": "http://testserver/api/v1/spaces/c/spaceapi/",
    }
    for url in data.values():
        assert client.get(url).status_code == 200
