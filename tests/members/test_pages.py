from datetime import date
from decimal import Decimal

import pytest

from members.models import Maker
from spaces.models import Space
from tests.factories import (
    FundingRoundFactory,
    MakerFactory,
    MakerLinkFactory,
    MembershipFactory,
    ProjectFactory,
    SpaceFactory,
    UserFactory,
)
from tests.helpers import json_ld

pytestmark = pytest.mark.django_db


def test_public_maker_profile_shows_to_everyone(client):
    maker = MakerFactory(
        slug="pat", display_name="Pat", bio_en="Builds robots.", skills=["robotics", "Python"]
    )
    MembershipFactory(maker=maker, space__name_en="751 Lab", started_on=date(2013, 9, 1))
    MembershipFactory(maker=maker, space__name_en="Draft lab", space__status=Space.Status.DRAFT)
    MakerLinkFactory(maker=maker, url="https://github.com/pat")
    ProjectFactory(name_en="Orbit").team.add(maker)

    response = client.get("/en/makers/pat/")

    assert response.status_code == 200
    html = response.content.decode()
    for text in ["Pat", "Builds robots.", "robotics", "751 Lab", "since 2013", "Orbit"]:
        assert text in html, text
    assert "https://github.com/pat" in html
    assert "Draft lab" not in html


def test_members_only_profile_needs_a_signed_in_visitor(client):
    MakerFactory(slug="mo", visibility=Maker.Visibility.MEMBERS)

    assert client.get("/en/makers/mo/").status_code == 404
    client.force_login(UserFactory())
    response = client.get("/en/makers/mo/")
    assert response.status_code == 200
    assert 'name="robots" content="noindex, nofollow"' in response.content.decode()
    assert json_ld(response) == []  # no Person data for a profile that is not public


def test_hidden_profile_is_never_shown(client):
    MakerFactory(slug="hu", visibility=Maker.Visibility.HIDDEN)

    assert client.get("/en/makers/hu/").status_code == 404
    client.force_login(UserFactory())
    assert client.get("/en/makers/hu/").status_code == 404


def test_unknown_maker_is_not_found(client):
    assert client.get("/en/makers/nobody/").status_code == 404


def test_public_profile_has_person_json_ld(client):
    maker = MakerFactory(slug="pat", display_name="Pat", skills=["robotics"])
    MakerLinkFactory(maker=maker, url="https://github.com/pat")

    [data] = json_ld(client.get("/en/makers/pat/"))

    assert data["@type"] == "Person"
    assert data["name"] == "Pat"
    assert data["knowsAbout"] == ["robotics"]
    assert data["sameAs"] == ["https://github.com/pat"]


def test_maker_index_lists_visible_makers_only(client):
    MakerFactory(display_name="Pat")
    MakerFactory(display_name="Mo", visibility=Maker.Visibility.MEMBERS)
    MakerFactory(display_name="Hu", visibility=Maker.Visibility.HIDDEN)

    anonymous = client.get("/en/makers/")
    client.force_login(UserFactory())
    signed_in = client.get("/en/makers/")

    assert [m.display_name for m in anonymous.context["makers"]] == ["Pat"]
    assert [m.display_name for m in signed_in.context["makers"]] == ["Mo", "Pat"]


def test_project_page_shows_team_spaces_and_funding_timeline(client):
    project = ProjectFactory(slug="orbit", name_en="Orbit Robotics", name_zh="轨道机器人")
    project.team.add(MakerFactory(display_name="Pat"))
    project.team.add(MakerFactory(display_name="Hidden Hu", visibility=Maker.Visibility.HIDDEN))
    project.spaces.add(SpaceFactory(name_en="751 Lab"))
    project.spaces.add(SpaceFactory(name_en="Draft lab", status=Space.Status.DRAFT))
    FundingRoundFactory(
        project=project,
        stage="c",
        amount=Decimal("520000000"),
        announced_on=date(2015, 9, 30),
        investors=["Pearl Delta Capital"],
    )
    FundingRoundFactory(
        project=project, stage="angel", amount=Decimal("6000000"), announced_on=date(2013, 9, 10)
    )

    response = client.get("/en/projects/orbit/")

    html = response.content.decode()
    assert response.status_code == 200
    for text in ["Orbit Robotics", "Pat", "751 Lab", "Series C", "Pearl Delta Capital"]:
        assert text in html, text
    assert "Hidden Hu" not in html and "Draft lab" not in html
    assert "¥526 million" in html
    assert html.index("Angel") < html.index("Series C")  # oldest round first
    assert response.context["project"].round_count == 2


def test_chinese_project_page_shows_chinese_name_and_yi(client):
    project = ProjectFactory(slug="orbit", name_en="Orbit Robotics", name_zh="轨道机器人")
    FundingRoundFactory(project=project, amount=Decimal("520000000"))

    html = client.get("/zh-hans/projects/orbit/").content.decode()

    assert "轨道机器人" in html
    assert "5.2亿元" in html


def test_project_index_puts_the_best_funded_first(client):
    FundingRoundFactory(project__name_en="Small", amount=Decimal("1000"))
    FundingRoundFactory(project__name_en="Big", amount=Decimal("9000000"))
    ProjectFactory(name_en="Unfunded")

    response = client.get("/en/projects/")

    assert [p.name for p in response.context["projects"]] == ["Big", "Small", "Unfunded"]


def test_unknown_project_is_not_found(client):
    assert client.get("/en/projects/nothing/").status_code == 404


@pytest.mark.parametrize("rows", [2, 12])
def test_member_pages_query_count_does_not_grow_with_rows(
    client, django_assert_max_num_queries, rows, fresh_totals
):
    maker = MakerFactory(slug="pat")
    project = ProjectFactory(slug="orbit")
    for _ in range(rows):
        MakerLinkFactory(maker=maker)
        MembershipFactory(maker=maker)
        other = ProjectFactory()
        other.team.add(maker, MakerFactory())
        other.spaces.add(SpaceFactory())
        FundingRoundFactory(project=other)
        FundingRoundFactory(project=project)
        project.team.add(MakerFactory())
        project.spaces.add(SpaceFactory())

    fresh_totals()
    # the maker with city; links; memberships with spaces and cities; projects (money stored)
    with django_assert_max_num_queries(4):
        assert client.get("/en/makers/pat/").status_code == 200
    # is MakerTotals current (the page count), its row; the page of makers with cities
    with django_assert_max_num_queries(3):
        assert client.get("/en/makers/").status_code == 200
    # the project with money; rounds; team with cities; spaces with cities
    with django_assert_max_num_queries(4):
        assert client.get("/en/projects/orbit/").status_code == 200
    # is FundingTotals current, its row for everywhere; count, the page of projects (money
    # stored); teams; spaces
    with django_assert_max_num_queries(6):
        assert client.get("/en/projects/").status_code == 200


def test_the_makers_list_counts_the_profiles_each_visitor_may_see(client):
    for number in range(24):
        MakerFactory(display_name=f"Maker {number:02}")
    MakerFactory(display_name="Members only", visibility=Maker.Visibility.MEMBERS)
    hidden = MakerFactory(display_name="Hidden", visibility=Maker.Visibility.HIDDEN)

    assert client.get("/en/makers/").context["paginator"].count == 24
    client.force_login(UserFactory())
    assert client.get("/en/makers/").context["paginator"].count == 25

    hidden.visibility = Maker.Visibility.PUBLIC
    hidden.save()
    page = client.get("/en/makers/", {"page": 2})
    assert page.context["paginator"].count == 26
    assert [maker.display_name for maker in page.context["makers"]] == ["Maker 23", "Members only"]
