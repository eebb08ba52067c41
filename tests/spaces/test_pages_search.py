import pytest

from members.models import Maker
from spaces.models import City, Space
from tests.factories import CityFactory, MakerFactory, ProjectFactory, SpaceFactory, UserFactory

pytestmark = pytest.mark.django_db
URL = "/en/search/"


def found(response, group: str) -> list[str]:
    return [str(row) for row in response.context[group]]


def test_search_finds_chinese_text_by_any_substring(client):
    SpaceFactory(name_en="Beijing Makerspace", name_zh="北京创客空间")
    SpaceFactory(name_en="People Squared", name_zh="人方空间")

    assert found(client.get(URL, {"q": "创客"}), "spaces") == ["Beijing Makerspace"]
    assert len(found(client.get(URL, {"q": "空间"}), "spaces")) == 2


def test_search_forgives_an_english_typo(client):
    SpaceFactory(name_en="Beijing Makerspace")
    SpaceFactory(name_en="Shanghai Coworking")

    assert found(client.get(URL, {"q": "makersapce"}), "spaces") == ["Beijing Makerspace"]


def test_search_ranks_containing_above_similar(client):
    SpaceFactory(name_en="Makers pace studio")
    SpaceFactory(name_en="Makerspace")

    assert found(client.get(URL, {"q": "makerspace"}), "spaces")[0] == "Makerspace"


def test_search_groups_spaces_cities_makers_and_projects(client):
    CityFactory(name_en="Shenzhen", status=City.Status.PLANNED)
    SpaceFactory(name_en="Shenzhen Hardware Lab")
    MakerFactory(display_name="Shenzhen Sam")
    ProjectFactory(name_en="Shenzhen Drones")

    response = client.get(URL, {"q": "shenzhen"})

    assert found(response, "cities") == ["Shenzhen"]
    assert found(response, "spaces") == ["Shenzhen Hardware Lab"]
    assert found(response, "makers") == ["Shenzhen Sam"]
    assert found(response, "projects") == ["Shenzhen Drones"]
    assert "4 results" in response.content.decode()


def test_chinese_search_page_shows_chinese_names(client):
    SpaceFactory(name_en="Beijing Makerspace", name_zh="北京创客空间")

    html = client.get("/zh-hans/search/", {"q": "makerspace"}).content.decode()

    assert "北京创客空间" in html


def test_search_leaves_out_unpublished_spaces_and_invisible_makers(client):
    SpaceFactory(name_en="Robot draft", status=Space.Status.DRAFT)
    MakerFactory(display_name="Robot hidden", visibility=Maker.Visibility.HIDDEN)
    MakerFactory(display_name="Robot member", visibility=Maker.Visibility.MEMBERS)

    anonymous = client.get(URL, {"q": "robot"})
    client.force_login(UserFactory())
    signed_in = client.get(URL, {"q": "robot"})

    assert found(anonymous, "spaces") == [] and found(anonymous, "makers") == []
    assert found(signed_in, "makers") == ["Robot member"]


def test_empty_search_shows_the_box_only(client):
    response = client.get(URL, {"q": "   "})

    assert response.status_code == 200
    assert "spaces" not in response.context
    assert 'name="robots" content="noindex' in response.content.decode()


@pytest.mark.parametrize("typed", ["\x00", "a\x00", "创\x00客", "\x07robot\x1b"])
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_control_characters_in_a_search_are_read_as_spaces(client, typed, language):
    SpaceFactory(name_en="Robot Lab", name_zh="创 客")

    response = client.get(f"/{language}/search/", {"q": typed})

    assert response.status_code == 200
    words = typed.replace("\x00", " ").replace("\x07", " ").replace("\x1b", " ").split()
    assert bool(response.context.get("spaces")) == bool(words)


def test_search_without_results_says_so(client):
    html = client.get(URL, {"q": "zzzzqqqq"}).content.decode()

    assert "Nothing matches" in html


def test_search_asks_each_group_once_when_names_fill_its_page(
    client, django_assert_max_num_queries
):
    for number in range(21):
        SpaceFactory(name_en=f"Lab {number}")
        CityFactory(name_en=f"Lab city {number}")
        MakerFactory(display_name=f"Lab maker {number}")
        ProjectFactory(name_en=f"Lab project {number}")

    # spaces with their city, their photos, cities, makers with their city, projects: names
    # only
    with django_assert_max_num_queries(5):
        assert client.get(URL, {"q": "lab"}).status_code == 200


def test_search_asks_at_most_three_tiers_per_group(client, django_assert_max_num_queries):
    for number in range(3):
        SpaceFactory(name_en=f"Lab {number}", description_en="a laboratory")
        MakerFactory(display_name=f"Lab maker {number}")
        ProjectFactory(name_en=f"Lab project {number}")

    # per group its names, its long texts (not cities) and its similar names: 3 + 2 + 3 + 3;
    # the spaces' photos
    with django_assert_max_num_queries(12):
        assert client.get(URL, {"q": "lab"}).status_code == 200
