"""Search by what a space has and offers, and by its names however they are typed: services,
equipment and plans in both languages, names across spacing and case, in pinyin and in
traditional characters; the columns that hold them kept on every path."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from maker2.models import SearchQuery, compact, fold, name_variants, pinyin, singular
from spaces.models import Equipment, MembershipPlan, Service, Space
from tests.factories import (
    EquipmentFactory,
    MembershipPlanFactory,
    ServiceFactory,
    SpaceFactory,
)

pytestmark = pytest.mark.django_db


def found(text: str) -> list[str]:
    """Slugs `search()` gives, after checking that `best()` gives the same, in the same order."""
    ranked = [space.slug for space in Space.objects.search(text)]
    assert [space.slug for space in Space.objects.best(text, 50)] == ranked
    return ranked


# Folding what is stored and what is asked


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("創客空間", "创客空间"),
        ("  Ur   WORK ", "ur work"),
        ("ＬＡＢ", "ｌａｂ"),  # full-width stays for compact() to read
    ],
)
def test_fold_simplifies_casefolds_and_collapses_spaces(text, expected):
    assert fold(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ur Work", "UrWork"),
        ("chái huǒ", "chaihuo"),
        ("Café-Lab · 751", "CafeLab751"),
        ("ＬＡＢ", "LAB"),
        ("3D 打印机", "3D打印机"),
        ("%_", ""),
    ],
)
def test_compact_keeps_letters_and_digits_without_marks(text, expected):
    assert compact(text) == expected


def test_pinyin_is_of_the_chinese_only_and_empty_without_any():
    assert pinyin("柴火创客空间") == "chaihuochuangkekongjian"
    assert pinyin("绿 lab") == "lulab"
    assert pinyin("Ur Work") == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("laser cutters", "laser cutter"),
        ("3d printers", "3d printer"),
        ("boxes", "box"),
        ("libraries", "librar"),
        ("glass", "glass"),
        ("campus", "campus"),
        ("bus", "bus"),
        ("labs london", "labs london"),  # only the last word
        ("创客们", "创客们"),
    ],
)
def test_singular_cuts_a_plural_last_word_to_a_prefix(text, expected):
    assert singular(text) == expected


def test_a_query_keeps_only_the_forms_that_add_matches():
    assert SearchQuery.parse("Laser Cutters").forms == ("laser cutter", "lasercutter")
    assert SearchQuery.parse("Laser Cutters").text_forms == ("laser cutter",)
    assert SearchQuery.parse("laser-cutter").text_forms == ("laser-cutter", "lasercutter")
    assert SearchQuery.parse("urwork").forms == ("urwork",)
    # in traditional characters: simplified, and as typed for texts written in them
    assert SearchQuery.parse("創客空間").forms == ("创客空间", "創客空間")
    assert SearchQuery.parse("%").forms == ("%",)
    assert SearchQuery.parse("   ").forms == ()


def test_name_variants_hold_only_what_the_names_lack():
    assert name_variants("Ur Work", "优客工场") == "urwork youkegongchang"
    assert name_variants("", "台北創客空間") == "台北创客空间 taibeichuangkekongjian"
    assert name_variants("Makerspace", "") == ""


# Names


def test_names_match_across_spacing_and_case():
    SpaceFactory(slug="urwork", name_en="UrWork", name_zh="优客工场")
    SpaceFactory(slug="ur-work", name_en="Ur Work Studio")
    SpaceFactory(slug="other", name_en="Garden Shed")

    assert sorted(found("Ur Work")) == ["ur-work", "urwork"]
    assert sorted(found("URWORK")) == ["ur-work", "urwork"]
    assert found("优客工场") == ["urwork"]


def test_pinyin_finds_chinese_names_with_or_without_spaces_and_tones():
    SpaceFactory(slug="chaihuo", name_en="", name_zh="柴火创客空间")
    SpaceFactory(slug="other", name_en="", name_zh="新车间")

    assert found("chaihuo") == ["chaihuo"]
    assert found("chai huo") == ["chaihuo"]
    assert found("Chái Huǒ") == ["chaihuo"]
    assert found("xinchejian") == ["other"]


def test_traditional_characters_find_simplified_names_and_the_other_way_round():
    SpaceFactory(slug="simplified", name_en="", name_zh="北京创客空间")
    SpaceFactory(slug="traditional", name_en="", name_zh="台北創客空間")

    assert sorted(found("創客空間")) == ["simplified", "traditional"]
    assert sorted(found("创客空间")) == ["simplified", "traditional"]


def test_a_traditional_query_still_finds_a_description_written_in_traditional():
    SpaceFactory(slug="taipei", name_en="Lab", description_zh="歡迎來到我們的工作室")

    assert found("工作室") == ["taipei"]
    assert found("歡迎") == ["taipei"]


# What a space has and offers


@pytest.fixture
def laser():
    return EquipmentFactory(name_en="Laser cutters", name_zh="激光切割机")


def test_equipment_services_and_plans_find_their_spaces_in_both_languages(laser):
    lab = SpaceFactory(slug="lab", name_en="Fab Lab")
    lab.equipment.add(laser, EquipmentFactory(name_en="3D printers", name_zh="3D 打印机"))
    SpaceFactory(slug="hub", name_en="Hub").services.add(
        ServiceFactory(name_en="Incubation", name_zh="孵化")
    )
    MembershipPlanFactory(space=SpaceFactory(slug="desk", name_en="Desks"), name_en="Hot desk")
    SpaceFactory(slug="empty", name_en="Empty room")

    for query in ("laser cutter", "Laser cutters", "激光切割机", "3D printer", "3d打印机"):
        assert found(query) == ["lab"], query
    assert found("incubation") == found("孵化") == ["hub"]
    assert found("hot desk") == found("hotdesk") == ["desk"]


def test_a_name_match_ranks_above_an_equipment_match(laser):
    SpaceFactory(slug="equipped", name_en="Garage").equipment.add(laser)
    SpaceFactory(slug="named", name_en="Laser Cutter Club")
    SpaceFactory(slug="similar", name_en="Laser Cuter")

    assert found("laser cutter") == ["named", "equipped", "similar"]
    assert [space.slug for space in Space.objects.best("laser cutter", 1)] == ["named"]


def test_search_columns_are_not_shown_nor_in_the_history():
    space = SpaceFactory(name_en="Ur Work")

    assert "search_names" not in {f.name for f in space.history.model._meta.fields}
    assert space.search_names == "urwork"


# Kept on every path


def test_renaming_a_space_even_through_update_fields_renames_its_variants():
    space = SpaceFactory(slug="s", name_en="", name_zh="柴火创客空间")
    space.name_zh = "新车间"
    space.save(update_fields=["name_zh"])

    assert found("xinchejian") == ["s"]
    assert found("chaihuo") == []


def test_renaming_equipment_renames_it_in_all_its_spaces(laser):
    for slug in ("a", "b"):
        SpaceFactory(slug=slug, name_en=slug.upper()).equipment.add(laser)

    laser.name_en, laser.name_zh = "Plasma cutter", "等离子切割机"
    laser.save()

    assert found("plasma cutter") == found("等离子切割机") == ["a", "b"]
    assert found("laser cutter") == found("激光切割机") == []


def test_links_added_removed_and_cleared_from_either_side(laser):
    space = SpaceFactory(slug="s", name_en="Garage")
    incubation = ServiceFactory(name_en="Incubation")

    laser.spaces.add(space)
    incubation.spaces.add(space)
    assert found("laser cutter") == found("incubation") == ["s"]

    space.equipment.remove(laser)
    incubation.spaces.clear()
    assert found("laser cutter") == found("incubation") == []

    space.services.set([incubation])
    assert found("incubation") == ["s"]
    space.services.clear()
    assert found("incubation") == []


def test_deleting_a_service_removes_it_from_its_spaces():
    funding = ServiceFactory(name_en="Funding")
    SpaceFactory(slug="s", name_en="Garage").services.add(funding)

    funding.delete()

    assert Service.objects.count() == 0
    assert found("funding") == []


def test_plans_saved_renamed_and_deleted():
    plan = MembershipPlanFactory(space=SpaceFactory(slug="s", name_en="Garage"), name_en="Day pass")
    assert found("day pass") == ["s"]

    plan.name_en = "Night pass"
    plan.save()
    assert found("night pass") == ["s"] and found("day pass") == []

    plan.delete()
    assert found("night pass") == []


def test_a_space_deleted_with_its_plans_asks_nothing_for_their_search():
    space = SpaceFactory()
    MembershipPlanFactory.create_batch(3, space=space)
    with CaptureQueriesContext(connection) as queries:
        space.delete()

    assert not [q for q in queries if "search_offers" in q["sql"]]
    assert MembershipPlan.objects.count() == 0


def test_keeping_search_columns_leaves_updated_at_alone(laser):
    space = SpaceFactory(name_en="Garage")
    space.equipment.add(laser)
    changed = Space.objects.get(pk=space.pk).updated_at

    Space.objects.filter(pk=space.pk).store_search_offers()
    Space.objects.update(search_offers="")
    Space.objects.filter(pk=space.pk).store_search_offers()

    refreshed = Space.objects.get(pk=space.pk)
    assert refreshed.updated_at == changed
    assert "laser cutters" in refreshed.search_offers


def test_offers_of_thousands_of_spaces_in_few_queries(laser, django_assert_max_num_queries):
    spaces = SpaceFactory.create_batch(3)
    laser.spaces.add(*spaces)
    Space.objects.update(search_offers="")

    # the spaces' ids, their services, equipment and plans in one union, one update
    with django_assert_max_num_queries(3):
        Space.objects.all().store_search_offers()
    assert len(found("laser cutter")) == 3


def test_the_api_and_the_directory_find_spaces_by_equipment(laser, client):
    SpaceFactory(slug="equipped", name_en="Garage").equipment.add(laser)
    SpaceFactory(slug="named", name_en="Laser Cutter Club")

    api = client.get("/api/v1/spaces/", {"q": "laser cutters"}).json()
    directory = client.get("/en/spaces/", {"q": "激光切割机"})

    assert [row["slug"] for row in api["results"]] == ["named", "equipped"]
    assert "Garage" in directory.content.decode()


def test_equipment_deleted_through_a_queryset_leaves_its_spaces(laser):
    SpaceFactory(slug="s", name_en="Garage").equipment.add(laser)

    Equipment.objects.filter(pk=laser.pk).delete()

    assert found("laser cutter") == []
