from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from members.models import Maker
from spaces.models import Space, Tombstone
from tests.factories import (
    CityFactory,
    FundingRoundFactory,
    MakerFactory,
    MembershipPlanFactory,
    NetworkFactory,
    ProjectFactory,
    SpaceFactory,
)

pytestmark = pytest.mark.django_db
URL = "/api/v1/deletions/"


def entries(client, **params) -> list[tuple]:
    response = client.get(URL, params)
    assert response.status_code == 200, response.json()
    return [(e["type"], e["slug"], e["reason"]) for e in response.json()["results"]]


@pytest.fixture
def since():
    return (timezone.now() - timedelta(seconds=1)).isoformat()


def test_deleted_objects_of_every_type_are_listed_with_id_slug_and_time(client, since):
    space = SpaceFactory(slug="lab")
    round_ = FundingRoundFactory(project=ProjectFactory(slug="orbit"))
    network, maker = NetworkFactory(slug="bjm"), MakerFactory(slug="wang")
    space_id, round_id = space.pk, round_.pk
    for row in (space, round_, round_.project, network, maker):
        row.delete()
    city = CityFactory(slug="gone")
    city.delete()

    data = client.get(URL, {"since": since}).json()["results"]

    assert [(e["type"], e["slug"]) for e in data] == [
        ("space", "lab"),
        ("funding_round", ""),
        ("project", "orbit"),
        ("network", "bjm"),
        ("maker", "wang"),
        ("city", "gone"),
    ]
    assert data[0]["id"] == space_id and data[1]["id"] == round_id
    assert {e["reason"] for e in data} == {"deleted"}
    assert datetime.fromisoformat(data[0]["at"]) <= datetime.fromisoformat(data[1]["at"])


def test_parts_of_a_space_are_not_listed_their_space_changes_instead(client, since):
    MembershipPlanFactory().delete()

    assert entries(client, since=since) == []


def test_unpublished_spaces_and_hidden_makers_are_listed(client, since):
    space = SpaceFactory(slug="lab")
    space.status = Space.Status.CLOSED
    space.save()
    maker = MakerFactory(slug="wang")
    maker.visibility = Maker.Visibility.MEMBERS
    maker.save()
    SpaceFactory(slug="still-open")

    assert entries(client, since=since) == [
        ("space", "lab", "unpublished"),
        ("maker", "wang", "hidden"),
    ]


def test_only_what_left_since_the_time_is_listed(client):
    Tombstone.objects.create(
        model="spaces.space", object_id=1, slug="old", deleted_at=datetime(2020, 1, 1, tzinfo=UTC)
    )
    Tombstone.objects.create(
        model="spaces.space", object_id=2, slug="new", deleted_at=datetime(2024, 1, 1, tzinfo=UTC)
    )

    assert entries(client, since="2023-01-01T00:00:00Z") == [("space", "new", "deleted")]


def test_it_filters_by_type(client, since):
    SpaceFactory(slug="lab").delete()
    MakerFactory(slug="wang").delete()

    assert entries(client, since=since, type="maker") == [("maker", "wang", "deleted")]
    assert len(entries(client, since=since, type=["maker", "space"])) == 2


def test_entries_come_in_pages(client, since):
    for n in range(5):
        SpaceFactory(slug=f"s{n}").delete()

    first = client.get(URL, {"since": since, "page_size": 2}).json()
    second = client.get(first["next"]).json()
    third = client.get(second["next"]).json()

    slugs = [e["slug"] for page in (first, second, third) for e in page["results"]]
    assert slugs == ["s0", "s1", "s2", "s3", "s4"]
    assert third["next"] is None


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "since"),
        ({"since": "last week"}, "since"),
        ({"since": "2024-01-01", "type": "x"}, "type"),
    ],
)
def test_a_missing_or_bad_parameter_is_a_400(client, params, field):
    response = client.get(URL, params)

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == field


def test_the_feed_answers_in_one_query_whatever_its_length(client, since, count_queries):
    # 1. tombstones, unpublished spaces and hidden makers, united
    for n in range(2):
        SpaceFactory(slug=f"s{n}").delete()
    with_two = count_queries(URL, data={"since": since})
    for n in range(2, 20):
        SpaceFactory(slug=f"s{n}", status="closed")
    with_many = count_queries(URL, data={"since": since})

    assert with_two == with_many == 1
