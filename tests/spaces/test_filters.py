from datetime import UTC, datetime, time
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.http import QueryDict

from spaces.filters import SpaceFilter
from spaces.models import Space
from tests.factories import (
    CityFactory,
    EquipmentFactory,
    MembershipPlanFactory,
    NetworkFactory,
    OpeningHoursFactory,
    ServiceFactory,
    SpaceFactory,
)

pytestmark = pytest.mark.django_db


def bound(params: dict) -> SpaceFilter:
    query = QueryDict(urlencode(params, doseq=True))
    return SpaceFilter(query, queryset=Space.objects.published())


def filtered(**params) -> list[str]:
    spaces = bound(params)
    assert spaces.is_valid(), spaces.errors
    return [space.slug for space in spaces.qs]


def errors(**params) -> dict:
    spaces = bound(params)
    assert not spaces.is_valid()
    return spaces.errors


def test_no_filter_lists_published_spaces_by_name():
    SpaceFactory(name_en="B", slug="b")
    SpaceFactory(name_en="A", slug="a")
    SpaceFactory(slug="draft", status=Space.Status.DRAFT)

    assert filtered() == ["a", "b"]


def test_filter_by_cities_and_kinds():
    beijing, shanghai = CityFactory(slug="beijing"), CityFactory(slug="shanghai")
    SpaceFactory(slug="bj-lab", city=beijing, kind="fablab")
    SpaceFactory(slug="sh-desk", city=shanghai, kind="coworking")
    SpaceFactory(slug="other", kind="fablab")

    assert filtered(city="beijing") == ["bj-lab"]
    assert sorted(filtered(city=["beijing", "shanghai"])) == ["bj-lab", "sh-desk"]
    assert sorted(filtered(kind="fablab")) == ["bj-lab", "other"]


def test_filter_by_network_includes_member_networks():
    alliance = NetworkFactory(slug="maker2")
    operator = NetworkFactory(parent=alliance)
    SpaceFactory(slug="member").networks.add(operator)
    SpaceFactory(slug="outsider")

    assert filtered(network="maker2") == ["member"]


def test_services_and_equipment_must_all_be_offered():
    laser, printer = EquipmentFactory(slug="laser"), EquipmentFactory(slug="printer")
    funding = ServiceFactory(slug="funding")
    both = SpaceFactory(slug="both")
    both.equipment.add(laser, printer)
    both.services.add(funding)
    SpaceFactory(slug="laser-only").equipment.add(laser)

    assert filtered(equipment=["laser", "printer"]) == ["both"]
    assert sorted(filtered(equipment="laser")) == ["both", "laser-only"]
    assert filtered(services="funding", equipment="laser") == ["both"]


def test_price_range_for_a_period():
    MembershipPlanFactory(space__slug="cheap", price=Decimal("500"), period="month")
    MembershipPlanFactory(space__slug="dear", price=Decimal("5000"), period="month")

    assert filtered(price_max="1000", period="month") == ["cheap"]
    assert filtered(price_min="1000") == ["dear"]


def test_open_now_uses_the_clock(frozen_now):
    OpeningHoursFactory(space__slug="open", weekday=0, opens=time(9), closes=time(18))
    OpeningHoursFactory(space__slug="evenings", weekday=0, opens=time(18), closes=time(22))
    SpaceFactory(slug="unlisted")  # no hours: neither open nor closed
    monday_ten = datetime(2026, 11, 2, 2, tzinfo=UTC)  # 10:00 in Shanghai

    frozen_now(monday_ten)
    assert filtered(open_now="true") == ["open"]
    assert filtered(open_now="false") == ["evenings"]
    assert sorted(filtered()) == ["evenings", "open", "unlisted"]


def test_near_sorts_by_distance_and_radius_limits():
    SpaceFactory(slug="far", latitude=Decimal("31.23"), longitude=Decimal("121.47"))
    SpaceFactory(slug="near", latitude=Decimal("39.91"), longitude=Decimal("116.40"))
    SpaceFactory(slug="nowhere")

    assert filtered(near="39.9,116.4") == ["near", "far", "nowhere"]
    assert filtered(near="39.9,116.4", radius_km="50") == ["near"]


def test_sorts():
    SpaceFactory(slug="small", floor_area=100, name_en="Z")
    SpaceFactory(slug="big", floor_area=900, name_en="Y")
    SpaceFactory(slug="unknown", name_en="X")
    MembershipPlanFactory(space=Space.objects.get(slug="big"), price=Decimal("10"))
    MembershipPlanFactory(space=Space.objects.get(slug="small"), price=Decimal("20"))

    assert filtered(sort="area") == ["big", "small", "unknown"]
    assert filtered(sort="price") == ["big", "small", "unknown"]
    assert filtered(sort="name") == ["unknown", "big", "small"]
    assert filtered(sort="newest") == ["unknown", "big", "small"]


def test_search_orders_by_relevance():
    SpaceFactory(slug="bj", name_zh="北京创客空间")
    SpaceFactory(slug="other", name_zh="人方空间")

    assert filtered(q="创客") == ["bj"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"city": "atlantis"}, "city"),
        ({"kind": "castle"}, "kind"),
        ({"network": "nope"}, "network"),
        ({"equipment": "teleporter"}, "equipment"),
        ({"price_min": "cheap"}, "price_min"),
        ({"price_min": "-5"}, "price_min"),
        ({"price_min": "500", "price_max": "100"}, "price_max"),
        ({"open_now": "perhaps"}, "open_now"),
        ({"near": "north pole"}, "near"),
        ({"near": "91,0"}, "near"),
        ({"near": "39,116", "radius_km": "0"}, "radius_km"),
        ({"radius_km": "5"}, "radius_km"),
        ({"sort": "distance"}, "sort"),
        ({"sort": "random"}, "sort"),
        ({"q": "x" * 101}, "q"),
    ],
)
def test_nonsense_is_a_form_error_naming_the_field(params, field):
    assert field in errors(**params)
