"""`manage.py load_demo`: the announcement's totals, a second run that changes nothing, photos."""

import re
from decimal import Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from PIL import Image

from members.models import FundingRound, with_funding
from spaces.models import City, Network, Space, SpacePhoto


def load_demo() -> str:
    output = StringIO()
    call_command("load_demo", stdout=output)
    return output.getvalue()


@pytest.fixture
def demo(db):
    load_demo()


def snapshot() -> dict[str, list[dict]]:
    """Every value of every row of spaces and members, many-to-many link tables included."""
    models = [
        model
        for label in ("spaces", "members")
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    ]
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values()) for model in models
    }


def test_maker2_spaces_add_up_to_150000_square_metres_in_two_cities(
    demo, django_assert_num_queries, fresh_totals
):
    fresh_totals()
    # 1. is PlaceTotals current? 2. the networks, each with its row of totals
    with django_assert_num_queries(2):
        networks = {network.slug: network for network in Network.objects.with_totals()}

    maker2 = networks["maker2"]
    assert maker2.floor_area == 150_000
    assert maker2.space_count == 8
    assert maker2.city_count == 2
    assert networks["beijing-makerspace"].floor_area == 20_000
    assert networks["people-squared"].floor_area == 130_000


def test_beijing_makerspace_houses_300_resident_makers(
    demo, django_assert_num_queries, fresh_totals
):
    fresh_totals()
    # 1. is PlaceTotals current? 2. the network with its totals
    with django_assert_num_queries(2):
        network = Network.objects.with_totals().get(slug="beijing-makerspace")

    assert network.resident_makers == 300
    assert network.space_count == 3


def test_two_cities_are_active_and_five_more_are_planned(
    demo, django_assert_num_queries, fresh_totals
):
    fresh_totals()
    # 1. is PlaceTotals current? 2. the cities, each with its totals
    with django_assert_num_queries(2):
        cities = list(City.objects.with_totals())

    with_spaces = {city.slug: city for city in cities if city.space_count}
    assert set(with_spaces) == {"beijing", "shanghai"}
    assert {city.status for city in with_spaces.values()} == {City.Status.ACTIVE}
    assert sum(city.floor_area for city in cities) == 150_000
    planned = [city for city in cities if city.status == City.Status.PLANNED]
    assert len(planned) == 5
    assert all(city.latitude is not None and city.longitude is not None for city in planned)


def test_published_totals_leave_out_the_draft_and_the_pending_space(
    demo, django_assert_num_queries
):
    # 1. one aggregate over the published spaces
    with django_assert_num_queries(1):
        totals = Space.objects.published().totals()

    assert totals["spaces"] == 8
    assert totals["cities"] == 2
    assert totals["floor_area"] == 150_000
    assert set(Space.objects.exclude(status=Space.Status.PUBLISHED).values_list("status")) == {
        (Space.Status.DRAFT,),
        (Space.Status.PENDING,),
    }


def test_funding_rounds_add_up_to_4_billion_yuan_and_614_million_dollars(
    demo, django_assert_num_queries
):
    # 1. one aggregate over the rounds
    with django_assert_num_queries(1):
        totals = FundingRound.objects.totals()

    assert totals["cny"] == Decimal("4000000000")
    assert totals["usd"] == Decimal("614000000")


def test_maker2_funding_counts_every_round_once(demo, django_assert_num_queries, fresh_totals):
    fresh_totals()
    # 1. is FundingTotals current? 2. the network with its funding
    with django_assert_num_queries(2):
        maker2 = with_funding(Network.objects.filter(slug="maker2")).get()

    assert maker2.funding_cny == Decimal("4000000000")
    assert maker2.funding_usd == Decimal("614000000")


@pytest.mark.django_db
def test_running_it_twice_changes_nothing():
    load_demo()
    before = snapshot()

    output = load_demo()

    assert len(before["spaces.Space"]) == 10
    assert snapshot() == before
    assert "0 rows created, 0 updated" in output
    assert "0 link sets changed; 0 photos drawn" in output


def test_every_space_gets_photos_that_pillow_can_open(demo):
    photos = list(SpacePhoto.objects.all())

    assert len(photos) == 2 * Space.objects.count()
    for photo in photos:
        with photo.image.open("rb") as file, Image.open(file) as image:
            image.load()
            assert image.format == "JPEG"
            assert image.size == (photo.width, photo.height) == (960, 640)


@pytest.mark.parametrize(
    "path", ["/", "/makers/", "/makers/wang-lei/", "/networks/people-squared/", "/search/?q=lab"]
)
def test_chinese_pages_of_the_demo_name_people_and_networks_in_chinese(client, demo, path):
    """The other name under a heading (marked lang="en" or class page-header__alt) and
    JSON-LD's alternateName aside, no demo English name is left."""
    html = client.get(f"/zh-hans{path}").content.decode()
    other_names = (
        r'<(\w+)[^>]* (lang="en"|class="page-header__alt")[^>]*>.*?</\1>|<script.*?</script>'
    )
    shown = re.sub(other_names, "", html, flags=re.S)
    english = ["People Squared", "Wang Lei", "Liu Yang", ">electronics<", ">laser cutting<"]

    assert [name for name in english if name in shown] == []
