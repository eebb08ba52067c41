from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError

from members.models import FundingRound, Maker, with_funding
from spaces.models import City, Network, Space
from tests.factories import (
    CityFactory,
    FundingRoundFactory,
    MakerFactory,
    MembershipFactory,
    NetworkFactory,
    ProjectFactory,
    SpaceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_round_stores_amounts_in_yuan_and_dollars():
    funding_round = FundingRoundFactory(amount=Decimal("10000000"), usd_rate=Decimal("0.1535"))

    funding_round.refresh_from_db()

    assert funding_round.amount_cny == Decimal("10000000.00")
    assert funding_round.amount_usd == Decimal("1535000.00")


def test_round_in_dollars_converts_to_yuan_at_its_rate():
    funding_round = FundingRoundFactory(
        amount=Decimal("2000000"), currency="USD", usd_rate=1, cny_rate=Decimal("6.5")
    )

    funding_round.refresh_from_db()

    assert funding_round.amount_cny == Decimal("13000000.00")
    assert funding_round.amount_usd == Decimal("2000000.00")


@pytest.mark.parametrize(
    ("fields", "constraint"),
    [
        ({"amount": Decimal("-1")}, "round_amount_not_negative"),
        ({"usd_rate": Decimal("0")}, "round_rates_positive"),
        ({"currency": "CNY", "cny_rate": Decimal("7")}, "round_cny_rate_is_one"),
        (
            {"currency": "USD", "usd_rate": Decimal("0.9"), "cny_rate": Decimal("7")},
            "round_usd_rate_is_one",
        ),
        ({"currency": "usd"}, "round_currency_code"),
    ],
    ids=["negative", "zero-rate", "yuan-not-one", "dollar-not-one", "lowercase"],
)
def test_database_rejects_impossible_rounds(fields, constraint):
    with pytest.raises(IntegrityError, match=constraint):
        FundingRoundFactory(**fields)


def test_membership_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError, match="membership_ends_after_start"):
        MembershipFactory(started_on=date(2020, 5, 1), ended_on=date(2020, 4, 1))


def test_maker_holds_one_current_membership_per_role_and_space():
    first = MembershipFactory(role="resident", ended_on=date(2019, 1, 1))
    MembershipFactory(maker=first.maker, space=first.space, role="resident")

    with pytest.raises(IntegrityError, match="membership_one_current_per_role"):
        MembershipFactory(maker=first.maker, space=first.space, role="resident")


def test_profiles_show_by_visibility():
    public = MakerFactory()
    members_only = MakerFactory(visibility=Maker.Visibility.MEMBERS)
    MakerFactory(visibility=Maker.Visibility.HIDDEN)

    assert list(Maker.objects.visible_to(AnonymousUser())) == [public]
    assert set(Maker.objects.visible_to(UserFactory())) == {public, members_only}


def test_funding_totals_in_one_query(django_assert_num_queries):
    FundingRoundFactory(amount=Decimal("1000"))
    FundingRoundFactory(amount=Decimal("3000"), usd_rate=Decimal("0.2"))

    with django_assert_num_queries(1):
        totals = FundingRound.objects.totals()

    assert totals == {"rounds": 2, "cny": Decimal("4000.00"), "usd": Decimal("753.50")}


@pytest.fixture
def funded_network():
    """An alliance of two operators; one project incubated by two of its spaces."""
    alliance = NetworkFactory(slug="alliance")
    operator = NetworkFactory(slug="operator", parent=alliance)
    city = CityFactory(slug="beijing")
    first = SpaceFactory(slug="first", city=city)
    second = SpaceFactory(slug="second", city=city)
    draft = SpaceFactory(slug="draft", city=city, status=Space.Status.DRAFT)
    first.networks.add(operator)
    second.networks.add(operator)
    draft.networks.add(operator)
    shared = ProjectFactory()
    shared.spaces.add(first, second)
    FundingRoundFactory(project=shared, amount=Decimal("1000000"))
    FundingRoundFactory(project=shared, amount=Decimal("2000000"))
    only_draft = ProjectFactory()
    only_draft.spaces.add(draft)
    FundingRoundFactory(project=only_draft, amount=Decimal("5000000"))
    return alliance


def test_network_funding_counts_each_round_once(
    funded_network, django_assert_num_queries, fresh_totals
):
    fresh_totals()
    # 1. is FundingTotals current? 2. the networks with their funding
    with django_assert_num_queries(2):
        networks = {n.slug: n for n in with_funding(Network.objects.all())}

    assert networks["alliance"].funding_cny == Decimal("3000000.00")
    assert networks["operator"].funding_cny == Decimal("3000000.00")
    assert networks["alliance"].funding_usd == Decimal("460500.00")


def test_city_and_space_funding(funded_network, django_assert_num_queries, fresh_totals):
    fresh_totals()
    # 1. is FundingTotals current? 2. the city with its funding
    with django_assert_num_queries(2):
        city = with_funding(City.objects.all()).get()
    # 1. the spaces, each summing its own rounds
    with django_assert_num_queries(1):
        spaces = {s.slug: s.funding_cny for s in with_funding(Space.objects.all())}

    assert city.funding_cny == Decimal("3000000.00")
    assert spaces == {
        "first": Decimal("3000000.00"),
        "second": Decimal("3000000.00"),
        "draft": Decimal("0"),
    }
