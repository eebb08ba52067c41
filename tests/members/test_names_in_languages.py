"""A maker's name and skills read in the page's language: the name in Chinese characters on
Chinese pages when the maker gave one, known skills translated, the rest as written."""

import pytest
from django.utils import translation

from members.models import Maker
from members.skills import skill_label
from tests.factories import MakerFactory, MembershipFactory, SpaceFactory
from tests.helpers import json_ld

pytestmark = pytest.mark.django_db


def person(response) -> dict:
    [data] = [item for item in json_ld(response) if item.get("@type") == "Person"]
    return data


@pytest.fixture
def wang():
    return MakerFactory(
        slug="wang",
        display_name="Wang Lei",
        display_name_zh="王磊",
        skills=["electronics", "Laser  Cutting", "激光雕刻", "3D打印机"],
    )


def test_a_chinese_page_shows_the_name_in_characters_and_known_skills_translated(client, wang):
    html = client.get("/zh-hans/makers/wang/").content.decode()

    assert "<h1>王磊</h1>" in html
    assert '<p class="page-header__alt">Wang Lei</p>' in html
    assert "<li>电子</li>" in html and "<li>激光切割</li>" in html
    assert "<li>激光雕刻</li>" in html  # not a known skill: as written
    assert ">electronics<" not in html


def test_an_english_page_shows_the_display_name_and_known_skills_in_english(client, wang):
    wang.skills = ["激光切割", "welding torches"]
    wang.save()

    response = client.get("/en/makers/wang/")
    html = response.content.decode()

    assert "<h1>Wang Lei</h1>" in html
    assert '<p class="page-header__alt" lang="zh-Hans">王磊</p>' in html
    assert "<li>laser cutting</li>" in html and "<li>welding torches</li>" in html
    assert (person(response)["name"], person(response)["alternateName"]) == ("Wang Lei", "王磊")
    assert person(response)["knowsAbout"] == ["laser cutting", "welding torches"]


def test_lists_and_space_pages_use_the_chinese_name_on_chinese_pages(client, wang):
    space = SpaceFactory(slug="lab", name_en="Lab")
    MembershipFactory(maker=wang, space=space)
    MakerFactory(slug="ada", display_name="Ada")  # no Chinese name: shown as written

    makers = client.get("/zh-hans/makers/").content.decode()
    space_page = client.get("/zh-hans/spaces/lab/").content.decode()

    assert ">王磊</a>" in makers and ">Ada</a>" in makers and "Wang Lei" not in makers
    assert ">王磊</a>" in space_page and "Wang Lei" not in space_page


def test_a_maker_is_found_by_the_chinese_name_and_its_pinyin():
    MakerFactory(slug="wang", display_name="Wang Lei", display_name_zh="王磊")
    MakerFactory(slug="li", display_name="Li Na")

    assert [maker.slug for maker in Maker.objects.search("王磊")] == ["wang"]
    assert [maker.slug for maker in Maker.objects.search("wanglei")] == ["wang"]


def test_the_api_gives_both_names(client, wang):
    data = client.get("/api/v1/makers/wang/").json()

    assert (data["display_name"], data["display_name_zh"]) == ("Wang Lei", "王磊")


@pytest.mark.parametrize(
    ("typed", "language", "shown"),
    [
        ("3d printing", "zh-hans", "3D 打印"),
        ("3D 打印", "en", "3D printing"),
        (" CNC ", "zh-hans", "数控加工"),
        ("Knitting", "zh-hans", "Knitting"),
        ("", "en", ""),
    ],
)
def test_a_skill_is_shown_in_the_active_language_when_known(typed, language, shown):
    with translation.override(language):
        assert skill_label(typed) == shown
