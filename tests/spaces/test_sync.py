"""Partners sync on updated_at and tombstones; every kind of change must show in them."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from members.models import FundingRound, Maker, Project
from spaces.models import Space, Tombstone
from tests.factories import (
    FundingRoundFactory,
    MakerFactory,
    MembershipFactory,
    MembershipPlanFactory,
    ProjectFactory,
    ServiceFactory,
    SpaceFactory,
)

pytestmark = pytest.mark.django_db


def age(*objects) -> None:
    """Pretend the rows were last changed a day ago."""
    for obj in objects:
        type(obj).objects.filter(pk=obj.pk).update(updated_at=timezone.now() - timedelta(days=1))
        obj.refresh_from_db()


def test_deleting_a_space_leaves_a_tombstone():
    space = SpaceFactory(slug="gone")
    space_pk = space.pk

    space.delete()

    tombstone = Tombstone.objects.get(model="spaces.space")
    assert (tombstone.object_id, tombstone.slug) == (space_pk, "gone")


def test_queryset_deletes_and_cascades_leave_tombstones():
    space = SpaceFactory()
    plan = MembershipPlanFactory(space=space)

    Space.objects.filter(pk=space.pk).delete()

    assert set(Tombstone.objects.values_list("model", "object_id")) == {
        ("spaces.space", space.pk),
        ("spaces.membershipplan", plan.pk),
    }


def test_changing_a_plan_marks_its_space_changed():
    plan = MembershipPlanFactory()
    space = plan.space
    age(space)
    before = space.updated_at

    plan.price = 10
    plan.save()

    space.refresh_from_db()
    assert space.updated_at > before


def test_deleting_a_plan_marks_its_space_changed():
    plan = MembershipPlanFactory()
    space = plan.space
    age(space)
    before = space.updated_at

    plan.delete()

    space.refresh_from_db()
    assert space.updated_at > before


def test_adding_a_service_marks_the_space_changed_from_either_side():
    space, service = SpaceFactory(), ServiceFactory()
    age(space)
    before = space.updated_at

    service.spaces.add(space)

    space.refresh_from_db()
    assert space.updated_at > before

    age(space)
    before = space.updated_at
    service.spaces.clear()

    space.refresh_from_db()
    assert space.updated_at > before


def test_a_new_round_marks_its_project_changed():
    project = ProjectFactory()
    age(project)
    before = project.updated_at

    FundingRoundFactory(project=project)

    project.refresh_from_db()
    assert project.updated_at > before


def test_saving_a_row_moves_the_change_time_of_every_row_that_shows_its_summary():
    maker = MakerFactory()
    space = SpaceFactory()
    MembershipFactory(maker=maker, space=space)
    project = ProjectFactory()
    project.team.add(maker)
    project.spaces.add(space)
    round_ = FundingRoundFactory(project=project)
    long_ago = datetime(2020, 1, 1, tzinfo=UTC)
    for model in (Maker, Project, FundingRound):
        model.objects.update(updated_at=long_ago)

    space.name_en = "Renamed"
    space.save()

    assert Maker.objects.get(pk=maker.pk).updated_at == space.updated_at
    assert Project.objects.get(pk=project.pk).updated_at == space.updated_at
    assert FundingRound.objects.get(pk=round_.pk).updated_at == long_ago  # shows the project

    project.name_en = "Renamed too"
    project.save()

    assert FundingRound.objects.get(pk=round_.pk).updated_at == project.updated_at
