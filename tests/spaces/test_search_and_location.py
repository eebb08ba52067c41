from decimal import Decimal

import pytest

from members.models import Maker, Project
from spaces.models import City, Space
from tests.factories import (
    CityFactory,
    MakerFactory,
    MembershipPlanFactory,
    ProjectFactory,
    SpaceFactory,
)

pytestmark = pytest.mark.django_db

TIANANMEN = (39.9075, 116.3972)
PEOPLES_SQUARE = (31.2304, 121.4737)


@pytest.fixture
def spaces():
    return {
        "bj": SpaceFactory(name_en="Beijing Makerspace", name_zh="北京创客空间", slug="bj"),
        "ps": SpaceFactory(name_en="People Squared", name_zh="人方空间", slug="ps"),
        "lab": SpaceFactory(name_en="Xinchejian", name_zh="新车间", slug="lab"),
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("创客", ["bj"]),
        ("空间", ["bj", "ps"]),
        ("车间", ["lab"]),
        ("makersapce", ["bj"]),  # a typo
        ("MAKERSPACE", ["bj"]),
        ("  people   squared ", ["ps"]),
        ("peopel squared", ["ps"]),
        ("zzzz", []),
        ("", []),
    ],
)
def test_search_finds_chinese_substrings_and_forgives_typos(spaces, text, expected):
    found = [space.slug for space in Space.objects.search(text)]

    assert sorted(found) == sorted(expected)


def test_search_ranks_substring_matches_above_similar_ones():
    SpaceFactory(name_en="Makers Place", slug="similar")
    SpaceFactory(name_en="Makerspace One", slug="exact")

    found = [space.slug for space in Space.objects.search("makerspace")]

    assert found[0] == "exact"


def test_search_reaches_every_searchable_model():
    CityFactory(name_en="Shenzhen", name_zh="深圳")
    MakerFactory(display_name="Li Wei", bio_zh="硬件创客")
    ProjectFactory(name_en="Robot Arm", name_zh="机械臂")

    assert City.objects.search("深圳").count() == 1
    assert Maker.objects.search("创客").count() == 1
    assert Project.objects.search("robto arm").count() == 1


def test_search_ignores_sql_wildcards_in_the_text(spaces):
    assert list(Space.objects.search("%")) == []
    assert list(Space.objects.search("_")) == []


def test_within_km_finds_near_spaces_with_their_distance():
    near = SpaceFactory(latitude=Decimal("39.9163"), longitude=Decimal("116.3972"))
    SpaceFactory(latitude=Decimal(PEOPLES_SQUARE[0]), longitude=Decimal(PEOPLES_SQUARE[1]))
    SpaceFactory()  # no coordinates

    found = list(Space.objects.within_km(*TIANANMEN, radius_km=5))

    assert found == [near]
    assert found[0].distance_km == pytest.approx(0.98, abs=0.02)


def test_distance_between_beijing_and_shanghai():
    SpaceFactory(latitude=Decimal(PEOPLES_SQUARE[0]), longitude=Decimal(PEOPLES_SQUARE[1]))

    space = Space.objects.with_distance(*TIANANMEN).get()

    assert space.distance_km == pytest.approx(1067, abs=5)


def test_within_km_at_the_antimeridian():
    east = SpaceFactory(latitude=Decimal("0"), longitude=Decimal("179.99"))

    assert list(Space.objects.within_km(0, -179.99, radius_km=5)) == [east]


def test_in_bbox_including_one_across_the_antimeridian():
    beijing = SpaceFactory(latitude=Decimal("39.9"), longitude=Decimal("116.4"))
    fiji = SpaceFactory(latitude=Decimal("-17.7"), longitude=Decimal("178.0"))

    assert list(Space.objects.in_bbox(30, 110, 45, 125)) == [beijing]
    assert list(Space.objects.in_bbox(-20, 170, -10, -170)) == [fiji]


def test_priced_between_looks_at_plans_of_the_period():
    cheap = MembershipPlanFactory(price=Decimal("800"), period="month").space
    dear = MembershipPlanFactory(price=Decimal("3000"), period="month").space
    MembershipPlanFactory(space=dear, price=Decimal("100"), period="day")

    assert list(Space.objects.priced_between(Decimal("500"), Decimal("1000"), "month")) == [cheap]
    assert set(Space.objects.priced_between(None, Decimal("900"))) == {cheap, dear}
    assert list(Space.objects.priced_between(Decimal("2000"), None, "month")) == [dear]


def test_with_lowest_price_per_period():
    plan = MembershipPlanFactory(price=Decimal("800"), period="month")
    MembershipPlanFactory(space=plan.space, price=Decimal("600"), period="month")
    SpaceFactory()

    prices = sorted(
        (s.lowest_price for s in Space.objects.with_lowest_price("month")),
        key=lambda price: price is None,
    )

    assert prices == [Decimal("600.00"), None]


def test_best_matches_put_names_before_descriptions_before_similar_names():
    SpaceFactory(slug="described", name_en="Garage", description_en="a real makerspace")
    SpaceFactory(slug="long-name", name_en="Makerspace of the river delta")
    SpaceFactory(slug="short-name", name_en="Makerspace")
    SpaceFactory(slug="typo", name_en="Makersapce")

    best = [space.slug for space in Space.objects.best("makerspace", 10)]
    ranked = [space.slug for space in Space.objects.search("makerspace")]

    assert best == ranked == ["short-name", "long-name", "described", "typo"]
    assert [s.slug for s in Space.objects.best("makerspace", 2)] == ["short-name", "long-name"]


def test_a_two_character_chinese_query_finds_names_and_descriptions():
    SpaceFactory(slug="name", name_en="", name_zh="深圳创客空间")
    SpaceFactory(slug="text", name_zh="硬件实验室", description_zh="为创客服务")
    SpaceFactory(slug="other", name_zh="共享办公")

    assert [space.slug for space in Space.objects.best("创客", 10)] == ["name", "text"]
    assert [space.slug for space in Space.objects.search("创客")] == ["name", "text"]
