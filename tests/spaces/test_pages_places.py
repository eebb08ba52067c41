from decimal import Decimal

import pytest

from spaces.models import City, Network, Space
from tests.factories import (
    CityFactory,
    FundingRoundFactory,
    NetworkFactory,
    ProjectFactory,
    SpaceFactory,
    SpacePhotoFactory,
)
from tests.helpers import json_ld

pytestmark = pytest.mark.django_db


def test_city_index_lists_active_cities_first_and_marks_planned_ones(client):
    CityFactory(name_en="Wuhan", status=City.Status.PLANNED)
    CityFactory(name_en="Shanghai")
    CityFactory(name_en="Beijing")

    response = client.get("/en/cities/")

    assert [city.name for city in response.context["cities"]] == ["Beijing", "Shanghai", "Wuhan"]
    assert response.content.decode().count('class="badge badge--planned"') == 1


def test_city_page_lists_its_published_spaces_and_totals(client):
    beijing = CityFactory(slug="beijing", name_en="Beijing", name_zh="北京")
    SpaceFactory(
        city=beijing,
        name_en="Lab",
        floor_area=6000,
        resident_makers=140,
        latitude=Decimal("39.9"),
        longitude=Decimal("116.4"),
    )
    SpaceFactory(city=beijing, name_en="Draft", status=Space.Status.DRAFT, floor_area=50)
    SpaceFactory(name_en="Elsewhere")
    project = ProjectFactory()
    project.spaces.add(beijing.spaces.get(name_en="Lab"))
    FundingRoundFactory(project=project, amount=Decimal("4000000000"))

    response = client.get("/en/cities/beijing/")

    assert response.status_code == 200
    assert [space.name for space in response.context["spaces"]] == ["Lab"]
    html = response.content.decode()
    assert "6,000 m²" in html and "¥4.0 billion" in html
    assert "Draft" not in html and "Elsewhere" not in html
    assert response.context["map_geojson_url"] == "/api/v1/spaces/geojson/?city=beijing"


def test_chinese_city_page_shows_chinese_names(client):
    CityFactory(slug="beijing", name_en="Beijing", name_zh="北京")

    html = client.get("/zh-hans/cities/beijing/").content.decode()

    assert "<h1>北京</h1>" in html


def test_planned_city_page_says_so(client):
    CityFactory(slug="wuhan", name_en="Wuhan", status=City.Status.PLANNED)

    html = client.get("/en/cities/wuhan/").content.decode()

    assert "plans to open spaces in Wuhan" in html
    assert "Coming soon to Wuhan" in html
    assert 'href="/en/spaces/add/"' in html
    assert "data-map" not in html  # nothing to show on a map yet


def test_planned_city_page_points_to_the_nearest_cities_with_spaces(
    client, django_assert_max_num_queries, fresh_totals
):
    CityFactory(
        slug="wuhan",
        name_en="Wuhan",
        status=City.Status.PLANNED,
        latitude="30.5928",
        longitude="114.3055",
    )
    for slug, latitude, longitude in [
        ("beijing", "39.9042", "116.4074"),
        ("shanghai", "31.2304", "121.4737"),
        ("changsha", "28.2282", "112.9388"),
        ("harbin", "45.8038", "126.5350"),
    ]:
        city = CityFactory(slug=slug, name_en=slug.title(), latitude=latitude, longitude=longitude)
        SpaceFactory(city=city)
        SpaceFactory(city=city)
    CityFactory(slug="empty", latitude="30.6", longitude="114.3")  # no space: not suggested
    fresh_totals()

    # the two checks; the city with totals and funding; its spaces (none); the nearest cities
    with django_assert_max_num_queries(6):
        html = client.get("/en/cities/wuhan/").content.decode()

    nearby = html[html.index("Open nearby") :]
    assert nearby.index("Changsha") < nearby.index("Shanghai") < nearby.index("Beijing")
    assert "Harbin" not in nearby and "Empty" not in nearby
    assert "2 spaces · 294 km away" in nearby


def test_unknown_city_is_not_found(client):
    assert client.get("/en/cities/atlantis/").status_code == 404


def test_network_page_rolls_up_member_networks(client):
    alliance = NetworkFactory(slug="maker2", name_en="Maker2", kind=Network.Kind.ALLIANCE)
    operator = NetworkFactory(slug="bjm", name_en="Beijing Makerspace", parent=alliance)
    space = SpaceFactory(name_en="751 Lab", floor_area=20000)
    space.networks.add(operator)
    SpaceFactory(name_en="Draft lab", status=Space.Status.DRAFT).networks.add(operator)
    project = ProjectFactory()
    project.spaces.add(space)
    FundingRoundFactory(project=project, amount=Decimal("614000000"), usd_rate=Decimal("1"))

    response = client.get("/en/networks/maker2/")

    assert response.status_code == 200
    network = response.context["network"]
    assert (network.space_count, network.floor_area) == (1, 20000)
    assert network.funding_cny == Decimal("614000000")
    assert [member.slug for member in response.context["members"]] == ["bjm"]
    assert [space.name for space in response.context["spaces"]] == ["751 Lab"]
    html = response.content.decode()
    assert "Draft lab" not in html
    assert response.context["map_geojson_url"] == "/api/v1/spaces/geojson/?network=maker2"


def test_member_network_page_links_its_parent(client):
    alliance = NetworkFactory(slug="maker2", name_en="Maker2")
    NetworkFactory(slug="bjm", parent=alliance)

    html = client.get("/en/networks/bjm/").content.decode()

    assert 'href="/en/networks/maker2/"' in html
    assert "part of Maker2" in html


def test_network_json_ld_is_an_organization(client):
    alliance = NetworkFactory(slug="maker2", name_en="Maker2", website="https://maker2.example/")
    NetworkFactory(slug="bjm", name_en="Beijing Makerspace", parent=alliance)

    [data] = json_ld(client.get("/en/networks/maker2/"))

    assert data["@type"] == "Organization"
    assert data["sameAs"] == ["https://maker2.example/"]
    assert data["subOrganization"][0]["name"] == "Beijing Makerspace"


def test_network_index_lists_every_network_with_totals(client):
    alliance = NetworkFactory(name_en="Maker2")
    NetworkFactory(name_en="People Squared", parent=alliance)

    response = client.get("/en/networks/")

    assert [n.name for n in response.context["networks"]] == ["Maker2", "People Squared"]
    assert "part of Maker2" in response.content.decode()


def test_unknown_network_is_not_found(client):
    assert client.get("/en/networks/nope/").status_code == 404


@pytest.mark.parametrize("rows", [2, 12])
def test_city_pages_query_count_does_not_grow_with_rows(
    client, django_assert_max_num_queries, rows, fresh_totals
):
    city = CityFactory(slug="beijing")
    for _ in range(rows):
        CityFactory()
        space = SpaceFactory(city=city)
        SpacePhotoFactory(space=space)
        space.networks.add(NetworkFactory())

    fresh_totals()
    # are the totals and the funding current; cities with both; their spaces' points
    with django_assert_max_num_queries(4):
        assert client.get("/en/cities/").status_code == 200
    # the two checks; the city with totals and funding; its spaces, their photos, opening
    # hours and networks
    with django_assert_max_num_queries(7):
        assert client.get("/en/cities/beijing/").status_code == 200


@pytest.mark.parametrize("rows", [2, 12])
def test_network_pages_query_count_does_not_grow_with_rows(
    client, django_assert_max_num_queries, rows, fresh_totals
):
    alliance = NetworkFactory(slug="maker2")
    for _ in range(rows):
        operator = NetworkFactory(parent=alliance)
        space = SpaceFactory()
        space.networks.add(operator)
        SpacePhotoFactory(space=space)

    fresh_totals()
    # are the totals and the funding current; networks with both and their parent
    with django_assert_max_num_queries(3):
        assert client.get("/en/networks/").status_code == 200
    # the two checks; the network with totals, funding and parents; member networks with
    # totals; its spaces, their photos, opening hours and networks
    with django_assert_max_num_queries(8):
        assert client.get("/en/networks/maker2/").status_code == 200


@pytest.mark.parametrize(
    ("language", "link"),
    [("en", "See all {} spaces in the directory"), ("zh-hans", "在目录中查看全部 {} 个空间")],
)
def test_city_and_network_pages_link_to_all_their_spaces_when_they_show_fewer(
    client, settings, language, link
):
    from maker2.site import views

    city = CityFactory(slug="beijing")
    network = NetworkFactory(slug="alliance")
    for _ in range(views.SPACES_SHOWN + 1):
        SpaceFactory(city=city).networks.add(network)
    total = views.SPACES_SHOWN + 1

    for page, directory in [
        (f"/{language}/cities/beijing/", "city=beijing"),
        (f"/{language}/networks/alliance/", "network=alliance"),
    ]:
        html = client.get(page).content.decode()

        assert html.count('class="card space-card"') == views.SPACES_SHOWN, page
        assert link.format(total) in html, page
        assert f'href="/{language}/spaces/?{directory}">{link.format(total)}' in html, page


def test_city_page_with_every_space_shown_has_no_link_to_more(client):
    city = CityFactory(slug="beijing")
    SpaceFactory(city=city)

    html = client.get("/en/cities/beijing/").content.decode()

    assert "in the directory</a>" not in html
