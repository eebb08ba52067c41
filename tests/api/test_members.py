from datetime import date
from decimal import Decimal

import pytest

from members.models import Maker, Membership
from spaces.models import Space
from tests.api.builders import full_maker, full_project
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


def slugs(client, url, **params) -> list:
    response = client.get(url, params)
    assert response.status_code == 200, response.json()
    return [row.get("slug", row["id"]) for row in response.json()["results"]]


# Makers


def test_only_public_makers_are_listed_even_to_signed_in_partners(client, partner_key):
    MakerFactory(slug="open")
    MakerFactory(slug="members", visibility=Maker.Visibility.MEMBERS)
    MakerFactory(slug="hidden", visibility=Maker.Visibility.HIDDEN)
    client.force_login(UserFactory())

    assert slugs(client, "/api/v1/makers/") == ["open"]
    assert client.get("/api/v1/makers/members/").status_code == 404


def test_a_maker_shows_links_and_roles_in_published_spaces_only(client):
    maker = MakerFactory(slug="wang", display_name="Wang Lei", bio_zh="创客", skills=["CNC"])
    MembershipFactory(maker=maker, space=SpaceFactory(slug="lab"), role="founder")
    MembershipFactory(maker=maker, space=SpaceFactory(slug="secret", status="draft"))

    data = client.get("/api/v1/makers/wang/").json()

    assert (data["display_name"], data["bio_zh"], data["skills"]) == ("Wang Lei", "创客", ["CNC"])
    [membership] = data["memberships"]
    assert membership["space"]["slug"] == "lab"
    assert membership["role"] == "founder"
    assert data["avatar_url"] is None
    assert "user" not in data


def test_makers_filter_by_search_city_skill_space_and_role(client):
    city = CityFactory(slug="beijing")
    lab = SpaceFactory(slug="lab")
    wang = MakerFactory(slug="wang", display_name="Wang Lei", city=city, skills=["CNC"])
    MembershipFactory(maker=wang, space=lab, role=Membership.Role.MANAGER)
    li = MakerFactory(slug="li", display_name="Li Na", bio_zh="硬件创客")
    MembershipFactory(maker=li, space=lab, role=Membership.Role.MEMBER)
    MembershipFactory(maker=MakerFactory(slug="gone"), space=lab, ended_on=date(2020, 1, 1))

    assert slugs(client, "/api/v1/makers/", q="wang") == ["wang"]
    assert slugs(client, "/api/v1/makers/", q="硬件") == ["li"]
    assert slugs(client, "/api/v1/makers/", city="beijing") == ["wang"]
    assert slugs(client, "/api/v1/makers/", skill="CNC") == ["wang"]
    assert slugs(client, "/api/v1/makers/", space="lab") == ["wang", "li"]
    assert slugs(client, "/api/v1/makers/", space="lab", role="member") == ["li"]
    assert client.get("/api/v1/makers/", {"role": "king"}).status_code == 400


@pytest.mark.parametrize("url", ["/api/v1/makers/", "/api/v1/projects/"])
def test_a_search_with_no_word_in_it_finds_nothing(client, url):
    full_maker(), full_project()

    assert slugs(client, url, q="\x81") == []  # not a space to strip, nor a word


def test_a_space_being_unpublished_changes_its_members(client):
    maker = full_maker(slug="wang")
    before = client.get("/api/v1/makers/wang/").json()
    space = maker.memberships.get().space

    space.status = Space.Status.CLOSED
    space.save()

    after = client.get("/api/v1/makers/wang/").json()
    assert after["memberships"] == []
    assert after["updated_at"] > before["updated_at"]


# Projects


def test_a_project_shows_its_public_team_published_spaces_and_rounds(client):
    project = ProjectFactory(slug="orbit", name_zh="轨道")
    project.team.add(MakerFactory(slug="wang"), MakerFactory(slug="ghost", visibility="hidden"))
    project.spaces.add(SpaceFactory(slug="lab"), SpaceFactory(slug="draft", status="draft"))
    FundingRoundFactory(project=project, amount=Decimal(1000), usd_rate=Decimal("0.15"))
    FundingRoundFactory(project=project, amount=Decimal(500), usd_rate=Decimal("0.14"))

    data = client.get("/api/v1/projects/orbit/").json()

    assert [m["slug"] for m in data["team"]] == ["wang"]
    assert [s["slug"] for s in data["spaces"]] == ["lab"]
    assert [r["amount"] for r in data["rounds"]] == ["1000.00", "500.00"]
    assert data["rounds"][0]["amount_usd"] == "150.00"
    assert (data["raised_cny"], data["raised_usd"]) == ("1500.00", "220.00")
    assert data["name_zh"] == "轨道"


def test_projects_filter_by_search_stage_space_city_network_and_maker(client):
    network = NetworkFactory(slug="bjm")
    lab = SpaceFactory(slug="lab", city=CityFactory(slug="beijing"))
    lab.networks.add(NetworkFactory(parent=network))
    orbit = ProjectFactory(slug="orbit", name_en="Orbit Robotics", stage="growth")
    orbit.spaces.add(lab)
    orbit.team.add(MakerFactory(slug="wang"))
    ProjectFactory(slug="idea", name_zh="点子")

    url = "/api/v1/projects/"
    assert slugs(client, url, q="robotics") == ["orbit"]
    assert slugs(client, url, q="点子") == ["idea"]
    assert slugs(client, url, stage="growth") == ["orbit"]
    assert slugs(client, url, space="lab") == ["orbit"]
    assert slugs(client, url, city="beijing") == ["orbit"]
    assert slugs(client, url, network="bjm") == ["orbit"]
    assert slugs(client, url, maker="wang") == ["orbit"]


def test_deleting_an_incubating_space_changes_the_project(client):
    project = full_project(slug="orbit")
    before = client.get("/api/v1/projects/orbit/").json()

    project.spaces.get().delete()

    after = client.get("/api/v1/projects/orbit/").json()
    assert after["spaces"] == []
    assert after["updated_at"] > before["updated_at"]


# Funding rounds


def test_a_round_is_found_by_id_with_its_project_summary(client):
    round_ = FundingRoundFactory(
        project=ProjectFactory(slug="orbit"),
        amount=Decimal(100),
        currency="USD",
        usd_rate=1,
        cny_rate=Decimal("7.1"),
        investors=["Angels"],
    )

    data = client.get(f"/api/v1/funding-rounds/{round_.pk}/").json()

    assert data["project"]["slug"] == "orbit"
    assert (data["amount"], data["amount_cny"], data["amount_usd"]) == (
        "100.00",
        "710.00",
        "100.00",
    )
    assert data["investors"] == ["Angels"]
    assert client.get("/api/v1/funding-rounds/orbit/").status_code == 404


def test_rounds_filter_by_project_stage_dates_currency_and_where_incubated(client):
    lab = SpaceFactory(slug="lab", city=CityFactory(slug="beijing"))
    lab.networks.add(NetworkFactory(slug="bjm"))
    orbit = ProjectFactory(slug="orbit")
    orbit.spaces.add(lab)
    seed = FundingRoundFactory(project=orbit, announced_on=date(2014, 1, 1))
    series_a = FundingRoundFactory(project=ProjectFactory(), stage="a", currency="USD", usd_rate=1)

    def ids(**params):
        return slugs(client, "/api/v1/funding-rounds/", **params)

    assert ids(project="orbit") == [seed.pk]
    assert ids(stage="a") == [series_a.pk]
    assert ids(currency="USD") == [series_a.pk]
    assert ids(announced_before="2015-01-01") == [seed.pk]
    assert ids(announced_after="2015-01-01") == [series_a.pk]
    assert ids(space="lab") == ids(city="beijing") == ids(network="bjm") == [seed.pk]
    assert ids(ordering="-announced_on") == [series_a.pk, seed.pk]


def test_renaming_a_project_changes_its_rounds(client):
    round_ = FundingRoundFactory(project=ProjectFactory(slug="orbit"))
    before = client.get(f"/api/v1/funding-rounds/{round_.pk}/").json()

    round_.project.name_en = "Orbit Two"
    round_.project.save()

    after = client.get(f"/api/v1/funding-rounds/{round_.pk}/").json()
    assert after["project"]["name_en"] == "Orbit Two"
    assert after["updated_at"] > before["updated_at"]


# Query budgets


@pytest.mark.parametrize(
    ("url", "factory", "queries"),
    [
        # 1. count and newest change, 2. the page with cities, 3. links, 4. memberships+spaces
        ("/api/v1/makers/", full_maker, 4),
        # 1. count and newest change, 2. the page, 3. public team, 4. published spaces, 5. rounds
        ("/api/v1/projects/", full_project, 5),
        # 1. count and newest change, 2. the page with projects
        ("/api/v1/funding-rounds/", FundingRoundFactory, 2),
    ],
)
def test_the_lists_answer_in_the_same_queries_for_2_and_for_many(
    url, factory, queries, count_queries
):
    for _ in range(2):
        factory()
    with_two = count_queries(url)
    for _ in range(15):
        factory()
    with_many = count_queries(url)

    assert with_two == with_many == queries
