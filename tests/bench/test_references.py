"""The benchmark's references answer what the API's list page answers (maker2/bench/)."""

from datetime import time
from decimal import Decimal

import orjson
import psycopg2.extensions
import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from maker2.bench.floor import FloorApp
from spaces.models import Space
from tests.factories import (
    CityFactory,
    EquipmentFactory,
    MembershipPlanFactory,
    OpeningHoursFactory,
    ServiceFactory,
    SpaceFactory,
)

pytestmark = pytest.mark.django_db
API_URL = "/api/v1/spaces/?page_size=100"
NAIVE_URL = "/bench/naive/spaces/?limit=100"
# What the references leave out (contact and distance_km are null here anyway), and the
# times, which each stack formats in its own time zone.
NOT_COMPARED = {"networks", "photos", "links", "open_now", "contact", "distance_km"}
TIMES = {"created_at", "updated_at"}


@pytest.fixture
def spaces():
    """Three published spaces with several of each part, and a draft that nobody lists."""
    city = CityFactory(slug="beijing", name_zh="北京", latitude=39.9, longitude=116.4)
    laser, cnc = EquipmentFactory(slug="laser", position=1), EquipmentFactory(slug="cnc")
    rows = []
    for n in range(3):
        space = SpaceFactory(city=city, latitude=39.9 + n / 100, longitude=116.4, floor_area=300)
        space.services.add(ServiceFactory(), ServiceFactory(position=2))
        space.equipment.add(laser, cnc)
        MembershipPlanFactory(space=space, name_en="Desk", price=Decimal("1500.50"), position=1)
        MembershipPlanFactory(space=space, name_zh="工位", price=Decimal("80"), period="day")
        OpeningHoursFactory(space=space, weekday=5, opens=time(10), closes=time(16))
        OpeningHoursFactory(space=space, weekday=0, opens=time(18), closes=time(2))
        rows.append(space)
    SpaceFactory(city=city, status=Space.Status.DRAFT)
    return rows


class CountingCursor(psycopg2.extensions.cursor):
    statements: list[str] = []

    def execute(self, query, vars=None):
        CountingCursor.statements.append(query)
        return super().execute(query, vars)


def floor_page() -> tuple[dict, list[str]]:
    """The floor's answer, and the statements it sent to the database.

    It runs on the test's own connection, whose transaction holds the test's rows.
    """
    connection.ensure_connection()
    raw, answer = connection.connection, {}

    def start_response(status, headers):
        answer["status"], answer["headers"] = status, dict(headers)

    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": "/api/v1/spaces/",
        "QUERY_STRING": "page_size=100",
        "wsgi.url_scheme": "http",
        "HTTP_HOST": "testserver",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
    }
    raw.cursor_factory, CountingCursor.statements = CountingCursor, []
    try:
        body = b"".join(FloorApp(lambda: raw)(environ, start_response))
    finally:
        raw.cursor_factory = psycopg2.extensions.cursor
    assert answer["status"] == "200 OK"
    assert answer["headers"]["Content-Type"] == "application/json"
    return orjson.loads(body), CountingCursor.statements


def test_the_floor_answers_the_api_list_page_with_one_query(client, spaces):
    api = client.get(API_URL).json()

    floor, statements = floor_page()

    assert len(statements) == 1
    assert floor["count"] == api["count"] == 3
    assert [s["slug"] for s in floor["results"]] == [s["slug"] for s in api["results"]]
    for shown, expected in zip(floor["results"], api["results"], strict=True):
        assert set(shown) == set(expected) - NOT_COMPARED
        assert {k: v for k, v in shown.items() if k not in TIMES} == {
            k: v for k, v in expected.items() if k in shown and k not in TIMES
        }
    assert floor["results"][0]["plans"][0]["price"] == "80.00"
    assert [h["opens"] for h in floor["results"][0]["opening_hours"]] == ["18:00", "10:00"]


@override_settings(ROOT_URLCONF="maker2.bench.urls")
def test_the_naive_view_lists_the_same_spaces_one_query_at_a_time(client, spaces):
    api = client.get(API_URL).json()

    with CaptureQueriesContext(connection) as queries:
        response = client.get(NAIVE_URL)

    assert response.status_code == 200
    naive = response.json()
    assert naive["count"] == 3
    assert [(s["id"], s["slug"]) for s in naive["results"]] == [
        (s["id"], s["slug"]) for s in api["results"]
    ]
    assert [s["plans"] for s in naive["results"]] == [s["plans"] for s in api["results"]]
    # The count, the page, then per space its city, plans, services, equipment and hours.
    assert len(queries) == 2 + 5 * 3


@override_settings(ROOT_URLCONF="maker2.bench.urls")
def test_the_bench_urls_keep_the_site(client, spaces):
    assert client.get("/en/spaces/").status_code == 200
