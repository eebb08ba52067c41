"""A space's search finds its makers' skills, kept by the members app whatever changes a maker
or a membership; makers and projects are found by their names in pinyin and without spaces;
the demo and the benchmark set hold the same search columns saves would."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from members.models import Maker, Project, store_space_skills
from spaces.models import Space
from tests.factories import MakerFactory, MembershipFactory, ProjectFactory, SpaceFactory

pytestmark = pytest.mark.django_db


def found(text: str) -> list[str]:
    ranked = [space.slug for space in Space.objects.search(text)]
    assert [space.slug for space in Space.objects.best(text, 50)] == ranked
    return ranked


@pytest.fixture
def space():
    return SpaceFactory(slug="s", name_en="Garage")


def test_a_members_skills_find_the_space(space):
    MembershipFactory(space=space, maker=MakerFactory(skills=["Laser cutting", "ROS"]))

    assert found("laser cutting") == found("ros") == ["s"]


def test_changing_a_makers_skills_changes_what_finds_their_spaces(space):
    maker = MakerFactory(skills=["welding"])
    MembershipFactory(space=space, maker=maker)
    SpaceFactory(slug="other").save()

    maker.skills = ["soldering"]
    maker.save()

    assert found("soldering") == ["s"]
    assert found("welding") == []


def test_a_membership_removed_or_ended_no_longer_finds_the_space(space):
    welder = MembershipFactory(space=space, maker=MakerFactory(skills=["welding"]))
    sewer = MembershipFactory(space=space, maker=MakerFactory(skills=["sewing"]))
    assert found("welding") == found("sewing") == ["s"]

    welder.delete()
    sewer.ended_on = date(2025, 1, 1)
    sewer.save()

    assert found("welding") == found("sewing") == []


def test_a_membership_moved_to_another_space_moves_the_skill(space):
    other = SpaceFactory(slug="other", name_en="Shed")
    membership = MembershipFactory(space=space, maker=MakerFactory(skills=["welding"]))

    membership.space = other
    membership.save()

    assert found("welding") == ["other"]


def test_hidden_profiles_lend_no_skills_to_the_search(space):
    maker = MakerFactory(skills=["welding"], visibility=Maker.Visibility.HIDDEN)
    MembershipFactory(space=space, maker=maker)
    assert found("welding") == []

    maker.visibility = Maker.Visibility.PUBLIC
    maker.save()
    assert found("welding") == ["s"]


def test_a_deleted_maker_takes_their_skills_along(space):
    maker = MakerFactory(skills=["welding"])
    MembershipFactory(space=space, maker=maker)

    maker.delete()

    assert found("welding") == []


def test_skills_rank_below_names(space):
    MembershipFactory(space=space, maker=MakerFactory(skills=["robotics"]))
    SpaceFactory(slug="named", name_en="Robotics Garage")

    assert found("robotics") == ["named", "s"]


def test_skills_are_stored_without_moving_the_spaces_change_time(space):
    MembershipFactory(space=space, maker=MakerFactory(skills=["welding"]))
    changed = Space.objects.get(pk=space.pk).updated_at
    Space.objects.update(search_skills="")

    store_space_skills(Space.objects.filter(pk=space.pk))

    refreshed = Space.objects.get(pk=space.pk)
    assert (refreshed.search_skills, refreshed.updated_at) == ("welding", changed)


def test_makers_and_projects_are_found_by_pinyin_and_across_spacing():
    wang = MakerFactory(display_name="王磊")
    MakerFactory(display_name="Li Na")
    ProjectFactory(name_en="", name_zh="小飞无人机", slug="drone")
    ProjectFactory(name_en="Ink Well", slug="ink")

    assert [m.display_name for m in Maker.objects.best("wang lei", 10)] == ["王磊"]
    assert [m.display_name for m in Maker.objects.search("LiNa")] == ["Li Na"]
    assert [p.slug for p in Project.objects.best("xiaofei", 10)] == ["drone"]
    assert [p.slug for p in Project.objects.search("inkwell")] == ["ink"]

    wang.display_name = "张伟"
    wang.save(update_fields=["display_name"])
    assert list(Maker.objects.search("wanglei")) == []
    assert [m.display_name for m in Maker.objects.search("zhangwei")] == ["张伟"]


def test_the_demo_is_found_by_what_its_spaces_have(db):
    call_command("load_demo", stdout=StringIO())
    published = Space.objects.published()

    def slugs(text):
        return sorted(space.slug for space in published.best(text, 20))

    laser = ["beijing-makerspace-751", "beijing-makerspace-zhongguancun", "people-squared-yangpu"]
    assert slugs("laser cutter") == slugs("激光切割机") == slugs("laser cutters") == laser
    assert len(slugs("3D printer")) == len(slugs("3D打印机")) == 6
    assert slugs("incubation") == [
        "beijing-makerspace-wangjing",
        "people-squared-yangpu",
        "people-squared-zhangjiang",
    ]
    assert (
        slugs("北京創客空間")
        == slugs("beijing chuangke")
        == [
            "beijing-makerspace-751",
            "beijing-makerspace-wangjing",
            "beijing-makerspace-zhongguancun",
        ]
    )
    assert published.best("peoplesquared jingan", 1)[0].slug == "people-squared-jingan"
    assert "people-squared-yangpu" in slugs("laser cutting")  # a member's skill


def test_the_benchmark_set_holds_the_search_columns_the_signals_keep(db):
    call_command("seed_bench", spaces=30, seed=1, verbosity=0, stdout=StringIO())
    seeded = list(Space.objects.order_by("pk").values_list("search_names", "search_offers"))
    skills = list(Space.objects.order_by("pk").values_list("search_skills", flat=True))

    people = {
        model: list(model.objects.order_by("pk").values_list("search_names", flat=True))
        for model in (Maker, Project)
    }

    Space.objects.update(search_names="", search_offers="", search_skills="")
    for model in (Space, Maker, Project):
        for each in model.objects.all():
            each.save()
    Space.objects.all().store_search_offers()
    store_space_skills(Space.objects.all())

    assert list(Space.objects.order_by("pk").values_list("search_names", "search_offers")) == (
        seeded
    )
    assert list(Space.objects.order_by("pk").values_list("search_skills", flat=True)) == skills
    assert any(skills) and any(offers for _, offers in seeded)
    for model, names in people.items():
        assert list(model.objects.order_by("pk").values_list("search_names", flat=True)) == names
        assert any(names)
