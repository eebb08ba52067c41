"""Editors manage people in Django admin: lists and change pages cost fixed queries (that
every page opens is tests/test_admin_pages.py, over CHANGELISTS)."""

from decimal import Decimal

import pytest
from pytest_django.asserts import assertContains

from members.models import FundingRound, Maker, Membership, Project
from spaces.models import Space
from tests.factories import (
    CityFactory,
    FundingRoundFactory,
    MakerFactory,
    MakerLinkFactory,
    MembershipFactory,
    ProjectFactory,
    SpaceFactory,
    UserFactory,
)
from tests.helpers import admin_url


def a_maker() -> Maker:
    maker = MakerFactory(city=CityFactory(), user=UserFactory(), skills=["welding", "CAD"])
    MakerLinkFactory(maker=maker)
    MembershipFactory(maker=maker)
    return maker


def a_project() -> Project:
    project = ProjectFactory()
    project.team.add(MakerFactory())
    project.spaces.add(SpaceFactory(), SpaceFactory())
    FundingRoundFactory.create_batch(2, project=project)
    return project


def a_funding_round() -> FundingRound:
    return FundingRoundFactory()


def a_membership() -> Membership:
    return MembershipFactory()


# (model, row builder, changelist query budget)
CHANGELISTS = [
    # session, user, city filter choices, 2 counts, rows with their city and account
    pytest.param(Maker, a_maker, 6, id="maker"),
    # session, user, 2 counts, rows with their funding totals, their spaces
    pytest.param(Project, a_project, 6, id="project"),
    # session, user, currency filter choices, 2 counts, rows with their project,
    # 2 for the date drill-down
    pytest.param(FundingRound, a_funding_round, 8, id="funding-round"),
    # session, user, 2 counts, rows with their maker and space, 2 for the date drill-down
    pytest.param(Membership, a_membership, 7, id="membership"),
]


@pytest.mark.parametrize(("model", "make_row", "budget"), CHANGELISTS)
def test_changelist_queries_do_not_grow_with_rows(
    admin_client, django_assert_max_num_queries, model, make_row, budget
):
    for _ in range(2):
        make_row()
    with django_assert_max_num_queries(budget):
        assert admin_client.get(admin_url(model, "changelist")).status_code == 200

    for _ in range(4):
        make_row()
    with django_assert_max_num_queries(budget):
        assert admin_client.get(admin_url(model, "changelist")).status_code == 200


def test_maker_change_page_queries_do_not_grow_with_inline_rows(
    admin_client, django_assert_max_num_queries
):
    maker = a_maker()
    # session, user, the maker, its links, its memberships with their spaces, content type
    # (cached after the first page), the chosen city and account
    MakerLinkFactory(maker=maker)
    MembershipFactory(maker=maker)
    with django_assert_max_num_queries(8):
        assert admin_client.get(admin_url(Maker, "change", maker.pk)).status_code == 200

    MakerLinkFactory.create_batch(4, maker=maker)
    MembershipFactory.create_batch(4, maker=maker)
    with django_assert_max_num_queries(8):
        assert admin_client.get(admin_url(Maker, "change", maker.pk)).status_code == 200


def test_project_change_page_queries_do_not_grow_with_inline_rows(
    admin_client, django_assert_max_num_queries
):
    project = a_project()
    # session, user, the project with its funding and spaces (which fill the form too), its
    # team for the form, its rounds, content type (cached after the first page), the
    # chosen team and spaces
    with django_assert_max_num_queries(9):
        assert admin_client.get(admin_url(Project, "change", project.pk)).status_code == 200

    FundingRoundFactory.create_batch(4, project=project)
    with django_assert_max_num_queries(9):
        assert admin_client.get(admin_url(Project, "change", project.pk)).status_code == 200


def test_membership_rows_show_their_chosen_maker_and_space(admin_client):
    membership = MembershipFactory(
        maker=MakerFactory(display_name="Li Lei"), space=SpaceFactory(name_en="Chaihuo")
    )

    space_page = admin_client.get(admin_url(Space, "change", membership.space_id))
    maker_page = admin_client.get(admin_url(Maker, "change", membership.maker_id))

    option = '<option value="{}" selected>{}</option>'
    assertContains(space_page, option.format(membership.maker_id, "Li Lei"), html=True)
    assertContains(maker_page, option.format(membership.space_id, "Chaihuo"), html=True)


def test_project_list_shows_money_raised(admin_client):
    project = ProjectFactory()
    FundingRoundFactory(project=project, amount=Decimal("1000000"))
    FundingRoundFactory(project=project, amount=Decimal("500000"))
    ProjectFactory()

    response = admin_client.get(admin_url(Project, "changelist"))

    raised = {
        row.pk: (row.round_count, row.raised_cny) for row in response.context["cl"].result_list
    }
    assert raised[project.pk] == (2, Decimal("1500000"))
    assert list(raised.values()).count((0, Decimal(0))) == 1
