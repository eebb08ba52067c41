"""The rollup tables (maker2/rollups.py): every kind of change shows on the next read, a read
of current totals is one indexed query, and bringing them up to date costs the same for 2
spaces as for 40."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from members.models import FundingTotals, with_funding
from spaces.models import City, Network, PlaceTotals, Space
from tests.factories import (
    CityFactory,
    FundingRoundFactory,
    NetworkFactory,
    ProjectFactory,
    SpaceFactory,
)

pytestmark = pytest.mark.django_db


def network_totals(slug: str) -> Network:
    return with_funding(Network.objects.with_totals()).get(slug=slug)


def test_totals_follow_every_kind_of_change_on_the_next_read():
    city = CityFactory(slug="beijing")
    alliance = NetworkFactory(slug="alliance")
    operator = NetworkFactory(slug="operator")
    space = SpaceFactory(city=city, floor_area=100)
    assert PlaceTotals.objects.everywhere().space_count == 1

    SpaceFactory(city=city, floor_area=50)  # a new space
    assert City.objects.with_totals().get(slug="beijing").floor_area == 150

    space.networks.add(operator)  # a link
    assert network_totals("operator").floor_area == 100
    assert network_totals("alliance").floor_area == 0

    operator.parent = alliance  # a network joins a larger one
    operator.save()
    assert network_totals("alliance").floor_area == 100

    Space.objects.filter(pk=space.pk).get().delete()  # a deletion leaves only a tombstone
    assert PlaceTotals.objects.everywhere().floor_area == 50
    assert network_totals("alliance").space_count == 0


def test_unpublishing_a_space_takes_it_out_of_the_totals():
    space = SpaceFactory(floor_area=100)
    assert PlaceTotals.objects.everywhere().floor_area == 100

    space.status = Space.Status.CLOSED
    space.save()

    assert PlaceTotals.objects.everywhere().floor_area == 0


def test_funding_follows_rounds_projects_and_their_spaces():
    operator = NetworkFactory(slug="operator")
    space = SpaceFactory()
    space.networks.add(operator)
    project = ProjectFactory()
    round_ = FundingRoundFactory(project=project, amount=Decimal("1000"))
    assert FundingTotals.objects.everywhere().cny == Decimal("1000")
    assert network_totals("operator").funding_cny == 0  # not incubated there yet

    project.spaces.add(space)
    assert network_totals("operator").funding_cny == Decimal("1000")

    round_.amount = Decimal("2500")
    round_.save()
    assert network_totals("operator").funding_cny == Decimal("2500")
    assert with_funding(City.objects.all()).get(pk=space.city_id).funding_cny == Decimal("2500")

    round_.delete()
    assert FundingTotals.objects.everywhere().rounds == 0
    assert network_totals("operator").funding_cny == 0


def test_reading_current_totals_is_one_query(django_assert_num_queries):
    SpaceFactory(floor_area=100)
    PlaceTotals.objects.fresh()

    # 1. the stored version beside the sources' (no recompute: nothing changed)
    with django_assert_num_queries(1):
        PlaceTotals.objects.fresh()


@pytest.mark.parametrize("rollup", [PlaceTotals, FundingTotals])
def test_recomputing_costs_the_same_queries_for_2_spaces_as_for_40(rollup):
    def queries_to_bring_up_to_date() -> int:
        with CaptureQueriesContext(connection) as queries:
            rollup.objects.fresh()
        return len(queries)

    network = NetworkFactory(parent=NetworkFactory())
    for _ in range(2):
        space = SpaceFactory()
        space.networks.add(network)
        FundingRoundFactory().project.spaces.add(space)
    with_two = queries_to_bring_up_to_date()
    for _ in range(38):
        space = SpaceFactory(founded="2015-05-04")
        space.networks.add(network)
        FundingRoundFactory().project.spaces.add(space)

    # the check; a savepoint, the lock, DELETE, INSERT … SELECT, the savepoint's release
    assert with_two == queries_to_bring_up_to_date() == 6


def test_a_request_checks_each_rollup_once_however_often_it_reads_it(
    client, django_assert_max_num_queries
):
    SpaceFactory(founded="2015-05-04").networks.add(NetworkFactory())
    client.get("/en/stats/")  # brings both up to date

    with CaptureQueriesContext(connection) as queries:
        assert client.get("/en/stats/").status_code == 200

    checks = [q for q in queries if "SELECT (SELECT version" in q["sql"]]
    assert len(checks) == 2
