"""Admin registrations that need both apps, each made once: the space admin with its
memberships, and tour requests, each limited to the spaces a manager manages (members knows
which: `members.admin.managed_space_ids`)."""

from django.contrib import admin

from members.admin import MembershipInSpaceInline, managed_space_ids
from spaces.admin import SpaceAdmin, TourRequestAdmin
from spaces.models import Space, TourRequest


@admin.register(Space)
class SpaceWithMembershipsAdmin(SpaceAdmin):
    inlines = [*SpaceAdmin.inlines, MembershipInSpaceInline]

    def managed_space_ids(self, request) -> frozenset[int] | None:
        return managed_space_ids(request)


@admin.register(TourRequest)
class ManagedTourRequestAdmin(TourRequestAdmin):
    """A manager sees the requests of the spaces they manage; editors see all. A request
    outside them is missing from the list, the change page and the actions alike."""

    def get_queryset(self, request):
        requests = super().get_queryset(request)
        managed = managed_space_ids(request)
        return requests if managed is None else requests.filter(space__in=managed)
