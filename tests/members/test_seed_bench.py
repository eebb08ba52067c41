"""`manage.py seed_bench`: sizes that scale, the same rows for the same seed, the database's
rules kept, updated_at in sync, and a refusal to touch data it did not write."""

from datetime import time
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F

from members.bench_seed import Sizes
from members.models import FundingRound, Maker, Membership, Project
from spaces.models import (
    City,
    Equipment,
    MembershipPlan,
    Network,
    OpeningHours,
    Service,
    Space,
)
from tests.factories import SpaceFactory

pytestmark = pytest.mark.django_db
SPACES = 40


def seed_bench(**options) -> str:
    output = StringIO()
    call_command("seed_bench", spaces=SPACES, seed=1, verbosity=0, stdout=output, **options)
    return output.getvalue()


@pytest.fixture
def seeded(db):
    seed_bench()


def listing() -> dict[str, list[tuple]]:
    return {
        "spaces": list(Space.objects.order_by("id").values_list("slug", "name_en", "name_zh")),
        "makers": list(Maker.objects.order_by("id").values_list("slug", "display_name")),
        "projects": list(Project.objects.order_by("id").values_list("slug", "name_zh")),
        "rounds": list(FundingRound.objects.order_by("id").values_list("amount", "currency")),
    }


def test_sizes_at_national_scale_are_those_of_the_brief():
    sizes = Sizes.for_spaces(20_000)

    assert sizes.published_spaces == 20_008
    assert (sizes.makers, sizes.memberships) == (200_000, 300_000)
    assert (sizes.projects, sizes.rounds) == (50_000, 100_000)
    assert Sizes.for_spaces(2_000).makers == 20_000


def test_counts_scale_with_spaces_but_cities_and_networks_do_not(seeded):
    sizes = Sizes.for_spaces(SPACES)

    assert Space.objects.published().count() == sizes.published_spaces == SPACES
    assert Space.objects.count() == sizes.spaces
    assert City.objects.count() == 307
    assert Network.objects.count() == 63
    assert Maker.objects.count() == 10 * SPACES
    assert Membership.objects.count() == 15 * SPACES
    assert Project.objects.count() == SPACES * 5 // 2
    assert FundingRound.objects.count() == 5 * SPACES
    assert 2 * SPACES <= MembershipPlan.objects.count() <= 4 * SPACES
    assert 4 * SPACES <= OpeningHours.objects.count() <= 7 * SPACES


def test_networks_nest_three_levels_deep(seeded):
    assert Network.objects.filter(parent__parent__isnull=False).exists()
    assert not Network.objects.filter(parent__parent__parent__isnull=False).exists()


def test_vocabularies_are_bilingual(seeded):
    assert Equipment.objects.filter(name_en="Laser cutter", name_zh="激光切割机").exists()
    assert Equipment.objects.filter(name_en="3D printer", name_zh="3D打印机").exists()
    assert Service.objects.count() == Equipment.objects.count() == 12
    assert Space.objects.filter(equipment__isnull=False).exists()


def test_cities_are_real_places_with_chinese_names(seeded):
    beijing = City.objects.get(slug="bench-beijing")

    assert (beijing.name_zh, beijing.province_zh, beijing.timezone) == (
        "北京",
        "北京市",
        "Asia/Shanghai",
    )
    assert round(beijing.latitude) == 40


def test_some_hours_run_overnight_or_around_the_clock(seeded):
    assert OpeningHours.objects.filter(opens=time(0), closes=time(0)).exists()
    assert OpeningHours.objects.filter(closes__lt=F("opens")).exists()


def test_the_same_seed_gives_the_same_rows(seeded):
    first = listing()

    seed_bench(flush=True)

    assert listing() == first


def test_another_seed_gives_other_rows(seeded):
    first = listing()

    call_command("seed_bench", spaces=SPACES, seed=2, flush=True, verbosity=0, stdout=StringIO())

    assert listing()["spaces"] != first["spaces"]


def test_every_row_is_as_new_as_what_it_shows(seeded):
    newer = F("updated_at")
    for relation in ("plans", "opening_hours", "photos", "links", "networks", "city"):
        assert not Space.objects.filter(**{f"{relation}__updated_at__gt": newer}).exists()
    assert not Network.objects.filter(parent__updated_at__gt=newer).exists()
    for relation in ("city", "memberships", "memberships__space", "links"):
        assert not Maker.objects.filter(**{f"{relation}__updated_at__gt": newer}).exists()
    for relation in ("team", "spaces", "rounds"):
        assert not Project.objects.filter(**{f"{relation}__updated_at__gt": newer}).exists()
    assert not FundingRound.objects.filter(project__updated_at__gt=newer).exists()


def test_a_second_run_with_the_same_parameters_changes_nothing(seeded):
    before = list(Space.objects.order_by("id").values_list("id", "updated_at"))

    output = seed_bench()

    assert "nothing to do" in output
    assert list(Space.objects.order_by("id").values_list("id", "updated_at")) == before


def test_other_parameters_need_flush(seeded):
    with pytest.raises(CommandError, match="--spaces 40 --seed 1.*--flush"):
        call_command("seed_bench", spaces=SPACES, seed=2, verbosity=0)


def test_it_refuses_a_database_with_data_it_did_not_write(db):
    SpaceFactory(slug="real-space")

    with pytest.raises(CommandError, match=r"did not write \(spaces: 1, cities: 1\)"):
        seed_bench()
    with pytest.raises(CommandError, match="did not write"):
        seed_bench(flush=True)
    assert Space.objects.get().slug == "real-space"


def test_new_rows_get_ids_after_the_seeded_ones(seeded):
    last = Space.objects.order_by("id").last()

    space = SpaceFactory(slug="bench-added", city=last.city)

    assert space.id == last.id + 1


def test_seeded_spaces_are_in_the_api_and_the_directory(seeded, client):
    response = client.get("/api/v1/spaces/")

    assert response.status_code == 200
    data = response.json()
    assert data["count"] == SPACES
    assert all(space["slug"].startswith("bench-") for space in data["results"])

    page = client.get("/en/spaces/")
    assert page.status_code == 200
    shown = Space.objects.published().exclude(name_en="").order_by("name_en").first()
    assert shown.name_en in page.content.decode()


def test_projects_carry_what_their_seeded_rounds_add_up_to(seeded):
    funded = Project.objects.filter(rounds__isnull=False).distinct().prefetch_related("rounds")
    assert funded.exists()
    for project in funded[:20]:
        rounds = project.rounds.all()
        assert project.round_count == len(rounds)
        assert project.raised_cny == sum(r.amount_cny for r in rounds)
