"""Rows with everything a representation shows, for tests that need the full picture."""

from datetime import time

from members.models import Membership
from tests.factories import (
    EquipmentFactory,
    FundingRoundFactory,
    MakerFactory,
    MakerLinkFactory,
    MembershipFactory,
    MembershipPlanFactory,
    NetworkFactory,
    OpeningHoursFactory,
    ProjectFactory,
    ServiceFactory,
    SpaceFactory,
    SpaceLinkFactory,
    SpacePhotoFactory,
)


def full_space(**fields):
    space = SpaceFactory(latitude=39.9, longitude=116.4, **fields)
    space.networks.add(NetworkFactory())
    space.services.add(ServiceFactory())
    space.equipment.add(EquipmentFactory())
    MembershipPlanFactory(space=space)
    OpeningHoursFactory(space=space, weekday=0, opens=time(9), closes=time(18))
    SpacePhotoFactory(space=space)
    SpaceLinkFactory(space=space)
    return space


def full_maker(**fields):
    maker = MakerFactory(**fields)
    MakerLinkFactory(maker=maker)
    MembershipFactory(maker=maker, space=SpaceFactory(), role=Membership.Role.RESIDENT)
    return maker


def full_project(**fields):
    project = ProjectFactory(**fields)
    project.team.add(MakerFactory())
    project.spaces.add(SpaceFactory())
    FundingRoundFactory(project=project)
    return project
