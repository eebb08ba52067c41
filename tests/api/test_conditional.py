from datetime import UTC, datetime

import pytest
from django.utils import timezone
from django.utils.http import http_date

from spaces.models import City, Space
from tests.api.conftest import auth
from tests.factories import OpeningHoursFactory, SpaceFactory

pytestmark = pytest.mark.django_db


def validators(response) -> dict:
    return {"If-None-Match": response["ETag"], "If-Modified-Since": response["Last-Modified"]}


@pytest.mark.parametrize(
    "url", ["/api/v1/spaces/", "/api/v1/spaces/lab/", "/api/v1/cities/", "/api/v1/makers/"]
)
def test_an_unchanged_list_or_detail_answers_304(client, url):
    SpaceFactory(slug="lab")
    first = client.get(url)
    assert first.status_code == 200
    assert first["ETag"].startswith('W/"')
    assert first["Vary"].startswith("Authorization") or "Authorization" in first["Vary"]

    again = client.get(url, headers={"If-None-Match": first["ETag"]})

    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]


def test_last_modified_is_the_latest_change_and_if_modified_since_answers_304(client):
    SpaceFactory(slug="lab")
    Space.objects.update(updated_at=datetime(2024, 5, 1, 12, 0, 30, 500, tzinfo=UTC))
    City.objects.update(updated_at=datetime(2024, 5, 1, tzinfo=UTC))

    first = client.get("/api/v1/spaces/lab/")

    assert first["Last-Modified"] == "Wed, 01 May 2024 12:00:30 GMT"
    since = {"If-Modified-Since": first["Last-Modified"]}
    assert client.get("/api/v1/spaces/lab/", headers=since).status_code == 304
    earlier = {"If-Modified-Since": http_date(datetime(2024, 5, 1, 12, tzinfo=UTC).timestamp())}
    assert client.get("/api/v1/spaces/lab/", headers=earlier).status_code == 200


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda space: SpaceFactory(), id="a new space"),
        pytest.param(lambda space: space.save(), id="an edit"),
        pytest.param(lambda space: space.delete(), id="a deletion"),
        pytest.param(
            lambda space: Space.objects.filter(pk=space.pk).update(status="closed"),
            id="unpublishing without a save",
        ),
        pytest.param(lambda space: OpeningHoursFactory(space=space), id="new opening hours"),
        pytest.param(lambda space: space.city.save(), id="its city renamed"),
    ],
)
def test_any_change_to_the_list_changes_its_etag(client, change):
    space = SpaceFactory(slug="lab")
    SpaceFactory(slug="other")
    first = client.get("/api/v1/spaces/")

    change(space)

    assert (
        client.get("/api/v1/spaces/", headers={"If-None-Match": first["ETag"]}).status_code == 200
    )


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda space: space.delete(), id="a deletion"),
        pytest.param(
            lambda space: Space.objects.filter(pk=space.pk).update(
                status="closed", updated_at=timezone.now()
            ),
            id="unpublishing",
        ),
    ],
)
def test_a_space_leaving_the_list_moves_its_last_modified(client, change):
    space = SpaceFactory(slug="lab")
    SpaceFactory(slug="other")
    for model in (City, Space):
        model.objects.update(updated_at=datetime(2024, 1, 1, tzinfo=UTC))
    first = client.get("/api/v1/spaces/")
    assert first["Last-Modified"] == "Mon, 01 Jan 2024 00:00:00 GMT"

    change(space)

    since = {"If-Modified-Since": first["Last-Modified"]}
    assert client.get("/api/v1/spaces/", headers=since).status_code == 200


def test_the_validators_differ_for_a_key_that_sees_contact_details(client, contact_key):
    SpaceFactory(slug="lab", email="hi@lab.example")
    anonymous = client.get("/api/v1/spaces/lab/")

    trusted = client.get(
        "/api/v1/spaces/lab/", headers={**auth(contact_key), "If-None-Match": anonymous["ETag"]}
    )

    assert trusted.status_code == 200
    assert trusted.json()["contact"]["email"] == "hi@lab.example"


def test_a_space_opening_changes_the_validators_though_no_row_changed(client, frozen_now):
    OpeningHoursFactory(space=SpaceFactory(slug="lab"), weekday=0)  # Monday 09:00–18:00
    monday_eight = datetime(2024, 1, 1, 0, tzinfo=UTC)  # 08:00 in Shanghai
    monday_ten = datetime(2024, 1, 1, 2, tzinfo=UTC)

    frozen_now(monday_eight)
    closed_list = client.get("/api/v1/spaces/")
    closed_detail = client.get("/api/v1/spaces/lab/")
    frozen_now(monday_ten)
    list_again = client.get("/api/v1/spaces/", headers=validators(closed_list))
    detail_again = client.get("/api/v1/spaces/lab/", headers=validators(closed_detail))

    assert list_again.status_code == detail_again.status_code == 200
    assert detail_again.json()["open_now"] is True


def test_another_page_has_other_validators(client):
    for _ in range(3):
        SpaceFactory()
    first = client.get("/api/v1/spaces/", {"page_size": 1})

    second = client.get(first.json()["next"], headers={"If-None-Match": first["ETag"]})

    assert second.status_code == 200
