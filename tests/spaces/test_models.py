from datetime import datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import translation

from spaces.models import City, MembershipPlan, Network, OpeningHours, Space
from tests.factories import (
    CityFactory,
    MembershipPlanFactory,
    NetworkFactory,
    OpeningHoursFactory,
    SpaceFactory,
)

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def shanghai(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment in November 2026; day 2 is a Monday."""
    return datetime(2026, 11, day, hour, minute, tzinfo=SHANGHAI)


@pytest.mark.parametrize(
    ("fields", "constraint"),
    [
        ({"latitude": Decimal("91"), "longitude": Decimal("116")}, "space_latitude_in_range"),
        ({"latitude": Decimal("39"), "longitude": Decimal("-181")}, "space_longitude_in_range"),
        ({"latitude": Decimal("39"), "longitude": None}, "space_full_point"),
        ({"floor_area": 0}, "space_floor_area_positive"),
        ({"name_en": "", "name_zh": ""}, "space_name_in_some_language"),
    ],
    ids=["latitude", "longitude", "half-a-point", "empty-area", "nameless"],
)
def test_database_rejects_impossible_spaces(fields, constraint):
    with pytest.raises(IntegrityError, match=constraint):
        SpaceFactory(**fields)


def test_database_rejects_duplicate_slugs():
    SpaceFactory(slug="fablab-o")
    with pytest.raises(IntegrityError, match="spaces_space_slug_key"):
        SpaceFactory(slug="fablab-o")


def test_database_rejects_a_negative_price():
    with pytest.raises(IntegrityError, match="plan_price_not_negative"):
        MembershipPlanFactory(price=Decimal("-1"))


def test_database_rejects_lowercase_currency():
    with pytest.raises(IntegrityError, match="plan_currency_code"):
        MembershipPlanFactory(currency="cny")


def test_database_rejects_a_lowercase_city_country():
    with pytest.raises(IntegrityError, match="city_country_code"):
        CityFactory(country="cn")


def test_opening_hours_reject_weekday_out_of_range():
    with pytest.raises(IntegrityError, match="hours_weekday_range"):
        OpeningHoursFactory(weekday=7)


def test_city_rejects_unknown_time_zone_in_validation():
    city = CityFactory.build(timezone="Mars/Olympus")
    with pytest.raises(ValidationError) as error:
        city.full_clean()
    assert "timezone" in error.value.message_dict


def test_names_fall_back_to_the_other_language():
    space = SpaceFactory.build(name_en="Fab Lab O", name_zh="")
    chinese_only = SpaceFactory.build(name_en="", name_zh="新车间")
    with translation.override("zh-hans"):
        assert space.name == "Fab Lab O"
        assert chinese_only.name == "新车间"
    with translation.override("en"):
        assert chinese_only.name == "新车间"


def test_names_follow_the_active_language():
    space = SpaceFactory.build(name_en="Beijing Makerspace", name_zh="北京创客空间")
    with translation.override("zh-hans"):
        assert str(space) == "北京创客空间"
    with translation.override("en"):
        assert str(space) == "Beijing Makerspace"


@pytest.mark.parametrize(
    ("opens", "closes", "moment", "expected"),
    [
        (time(9), time(18), shanghai(2, 9), True),
        (time(9), time(18), shanghai(2, 18), False),
        (time(9), time(18), shanghai(3, 10), False),  # Tuesday
        (time(18), time(2), shanghai(2, 23), True),
        (time(18), time(2), shanghai(3, 1, 59), True),  # Tuesday night, still Monday's hours
        (time(18), time(2), shanghai(3, 2), False),
        (time(0), time(0), shanghai(2, 0), True),
        (time(0), time(0), shanghai(2, 23, 59), True),
        (time(0), time(0), shanghai(3, 12), False),
    ],
)
def test_space_knows_when_it_is_open(opens, closes, moment, expected):
    hours = OpeningHoursFactory(weekday=0, opens=opens, closes=closes)
    space = hours.space

    assert space.is_open_at(moment) is expected
    assert (space in Space.objects.open_at(moment)) is expected


def test_open_at_reads_hours_in_the_city_time_zone():
    berlin = CityFactory(timezone="Europe/Berlin")
    OpeningHoursFactory(space__city=berlin, weekday=0, opens=time(9), closes=time(17))
    OpeningHoursFactory(weekday=0, opens=time(9), closes=time(17))  # Shanghai
    moment = datetime(2026, 11, 2, 10, tzinfo=ZoneInfo("Europe/Berlin"))  # 17:00 in Shanghai

    open_spaces = list(Space.objects.open_at(moment))

    assert [space.city for space in open_spaces] == [berlin]


def test_open_at_is_one_query_after_listing_time_zones(django_assert_num_queries):
    OpeningHoursFactory.create_batch(3)
    # 1. the distinct time zones of cities, 2. the spaces
    with django_assert_num_queries(2):
        list(Space.objects.open_at(shanghai(2, 10)))


def test_network_cannot_belong_to_itself_or_its_members():
    alliance = NetworkFactory()
    operator = NetworkFactory(parent=alliance)

    alliance.parent = operator
    with pytest.raises(ValidationError):
        alliance.full_clean()
    operator.parent = operator
    with pytest.raises(ValidationError):
        operator.full_clean()


def test_networks_nest_at_most_three_deep():
    top = NetworkFactory()
    middle = NetworkFactory(parent=top)
    NetworkFactory(parent=middle).full_clean()

    too_deep = NetworkFactory.build(parent=NetworkFactory(parent=middle))
    with pytest.raises(ValidationError) as error:
        too_deep.full_clean()
    assert "parent" in error.value.message_dict


def test_space_in_network_includes_member_networks_once():
    alliance = NetworkFactory()
    operator = NetworkFactory(parent=alliance)
    space = SpaceFactory()
    space.networks.set([alliance, operator])
    SpaceFactory()  # in no network

    assert list(Space.objects.in_network(alliance)) == [space]
    assert list(Space.objects.in_network(operator)) == [space]


def test_network_totals_roll_up_member_networks(django_assert_num_queries, fresh_totals):
    alliance = NetworkFactory(slug="alliance")
    beijing, shanghai_ = CityFactory(), CityFactory()
    bm = NetworkFactory(parent=alliance)
    ps = NetworkFactory(parent=alliance)
    SpaceFactory(city=beijing, floor_area=1000, resident_makers=100, desks=10).networks.add(bm)
    SpaceFactory(city=beijing, floor_area=500, resident_makers=50).networks.add(bm, alliance)
    SpaceFactory(city=shanghai_, floor_area=3000, desks=200).networks.add(ps)
    SpaceFactory(city=shanghai_, floor_area=9999, status=Space.Status.DRAFT).networks.add(ps)
    fresh_totals()

    # 1. is PlaceTotals current? 2. the networks with their row of it
    with django_assert_num_queries(2):
        totals = {n.slug: n for n in Network.objects.with_totals()}

    assert totals["alliance"].space_count == 3
    assert totals["alliance"].city_count == 2
    assert totals["alliance"].floor_area == 4500
    assert totals["alliance"].resident_makers == 150
    assert totals["alliance"].desks == 210
    assert totals[bm.slug].floor_area == 1500
    assert totals[ps.slug].space_count == 1


def test_network_without_spaces_totals_zero():
    NetworkFactory()

    network = Network.objects.with_totals().get()

    assert (network.space_count, network.floor_area, network.city_count) == (0, 0, 0)


def test_city_totals_count_published_spaces_only(django_assert_num_queries, fresh_totals):
    city = CityFactory()
    CityFactory(status=City.Status.PLANNED)
    SpaceFactory(city=city, floor_area=100, resident_makers=3)
    SpaceFactory(city=city, floor_area=200, resident_makers=4)
    SpaceFactory(city=city, floor_area=400, status=Space.Status.PENDING)
    fresh_totals()

    # 1. is PlaceTotals current? 2. the cities with their row of it
    with django_assert_num_queries(2):
        cities = list(City.objects.with_totals().order_by("pk"))

    assert [(c.space_count, c.floor_area, c.resident_makers) for c in cities] == [
        (2, 300, 7),
        (0, 0, 0),
    ]


def test_space_totals_in_one_query(django_assert_num_queries):
    SpaceFactory(floor_area=100, resident_makers=1, desks=5)
    SpaceFactory(floor_area=250, resident_makers=2)

    with django_assert_num_queries(1):
        totals = Space.objects.published().totals()

    assert totals == {
        "spaces": 2,
        "cities": 2,
        "floor_area": 350,
        "desks": 5,
        "resident_makers": 3,
    }


def test_plan_prices_keep_cents():
    plan = MembershipPlanFactory(price=Decimal("99.90"))

    plan.refresh_from_db()

    assert plan.price == Decimal("99.90")
    assert plan.currency == "CNY"
    assert plan.period == MembershipPlan.Period.MONTH


def test_overnight_hours_are_labelled():
    hours = OpeningHours(weekday=4, opens=time(18), closes=time(2))

    assert hours.runs_overnight
    assert str(hours) == "Friday 18:00–02:00"
