import pytest

from spaces.models import City
from tests.factories import CityFactory, NetworkFactory

pytestmark = pytest.mark.django_db


def slugs(client, url, **params) -> list[str]:
    response = client.get(url, params)
    assert response.status_code == 200, response.json()
    return [row["slug"] for row in response.json()["results"]]


def test_a_city_shows_both_languages_its_place_and_status(client):
    CityFactory(
        slug="beijing",
        name_en="Beijing",
        name_zh="北京",
        province_zh="北京市",
        latitude=39.9042,
        longitude=116.4074,
    )

    data = client.get("/api/v1/cities/beijing/").json()

    assert data["name_en"] == "Beijing" and data["name_zh"] == "北京"
    assert data["province_zh"] == "北京市"
    assert (data["latitude"], data["longitude"]) == (39.9042, 116.4074)
    assert (data["country"], data["timezone"], data["status"]) == ("CN", "Asia/Shanghai", "active")
    assert data["url"] == "http://testserver/api/v1/cities/beijing/"


def test_cities_filter_by_search_status_and_country(client):
    CityFactory(slug="beijing", name_en="Beijing", name_zh="北京")
    CityFactory(slug="shenzhen", name_en="Shenzhen", status=City.Status.PLANNED)
    CityFactory(slug="berlin", name_en="Berlin", country="DE")

    assert slugs(client, "/api/v1/cities/", q="北京") == ["beijing"]
    assert slugs(client, "/api/v1/cities/", q="shenzen") == ["shenzhen"]
    assert slugs(client, "/api/v1/cities/", status="planned") == ["shenzhen"]
    assert slugs(client, "/api/v1/cities/", country="DE") == ["berlin"]
    assert slugs(client, "/api/v1/cities/", ordering="name") == ["beijing", "berlin", "shenzhen"]


def test_a_network_embeds_its_parent_as_a_summary(client):
    parent = NetworkFactory(slug="maker2", name_en="Maker2", name_zh="创客平台")
    NetworkFactory(slug="bjm", parent=parent, kind="operator")

    data = client.get("/api/v1/networks/bjm/").json()

    assert data["parent"] == {
        "id": parent.pk,
        "slug": "maker2",
        "name_en": "Maker2",
        "name_zh": "创客平台",
        "url": "http://testserver/api/v1/networks/maker2/",
    }
    assert client.get("/api/v1/networks/maker2/").json()["parent"] is None


def test_networks_filter_by_kind_and_parent(client):
    parent = NetworkFactory(slug="maker2", kind="alliance")
    NetworkFactory(slug="bjm", parent=parent)
    NetworkFactory(slug="alone")

    assert slugs(client, "/api/v1/networks/", kind="alliance") == ["maker2"]
    assert slugs(client, "/api/v1/networks/", parent="maker2") == ["bjm"]
    assert client.get("/api/v1/networks/", {"parent": "nope"}).status_code == 400


def test_renaming_a_parent_network_changes_its_members(client):
    parent = NetworkFactory(slug="maker2")
    member = NetworkFactory(slug="bjm", parent=parent)
    before = client.get("/api/v1/networks/bjm/").json()["updated_at"]

    parent.name_en = "Maker Squared"
    parent.save()

    after = client.get("/api/v1/networks/bjm/").json()
    assert after["parent"]["name_en"] == "Maker Squared"
    assert after["updated_at"] > before
    member.refresh_from_db()
    assert after["updated_at"] != member.updated_at  # the parent's time, not its own


def network_with_parent():
    return NetworkFactory(parent=NetworkFactory())


@pytest.mark.parametrize(
    ("url", "factory"),
    [("/api/v1/cities/", CityFactory), ("/api/v1/networks/", network_with_parent)],
)
def test_the_lists_answer_in_the_same_queries_for_2_and_for_many(url, factory, count_queries):
    # 1. count and newest change (ETag, Last-Modified), 2. the page (networks: with parents)
    for _ in range(2):
        factory()
    with_two = count_queries(url)
    for _ in range(15):
        factory()
    with_many = count_queries(url)

    assert with_two == with_many == 2


def test_an_unknown_city_is_a_json_404(client):
    response = client.get("/api/v1/cities/atlantis/")

    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "not_found"


def test_a_search_with_no_word_in_it_finds_nothing(client):
    CityFactory()

    assert slugs(client, "/api/v1/cities/", q="\x81") == []  # not a space to strip, nor a word
