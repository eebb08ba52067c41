"""The filters partners narrow makers, projects and funding rounds with (members/api.py)."""

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from maker2.api_sync import (
    NAME_ORDERINGS,
    RELEVANCE_ORDERING,
    SYNC_ORDERINGS,
    SyncFilterSet,
    ordering_filter,
)
from spaces.models import City, Network, Space, network_rollup

from .models import FundingRound, Maker, Membership, Project


def published_space_filter(**kwargs) -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        to_field_name="slug", queryset=Space.objects.published(), **kwargs
    )


def city_filter(**kwargs) -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        label=_("City"), to_field_name="slug", queryset=City.objects.listed(), **kwargs
    )


def network_filter(**kwargs) -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        label=_("Network"), to_field_name="slug", queryset=Network.objects.all(), **kwargs
    )


class MakerFilter(SyncFilterSet):
    ORDERINGS = {
        **SYNC_ORDERINGS,
        "name": ("display_name", "id"),
        "-name": ("-display_name", "-id"),
        **RELEVANCE_ORDERING,
    }

    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        max_length=100,
        help_text=_("Names and bios, English or Chinese; forgives typos in names."),
    )
    city = city_filter(help_text=_("Makers based in this city (slug)."))
    skill = django_filters.CharFilter(
        label=_("Skill"),
        method="filter_skill",
        max_length=50,
        help_text=_("Makers who list this skill, exactly as written."),
    )
    space = published_space_filter(
        label=_("Space"),
        method="filter_space",
        help_text=_("Makers with a current membership in this space (slug)."),
    )
    role = django_filters.ChoiceFilter(
        label=_("Role"),
        choices=Membership.Role.choices,
        method="filter_role",
        help_text=_("Makers with a current membership in this role (in `space`, if given)."),
    )
    ordering = ordering_filter(ORDERINGS)

    class Meta(SyncFilterSet.Meta):
        model = Maker
        fields = ["q", "city", "skill", "space", "role"]

    def filter_skill(self, queryset, name, value: str):
        return queryset.filter(skills__contains=[value])

    def filter_space(self, queryset, name, value: Space):
        return queryset.filter(Exists(self.memberships().filter(space=value)))

    def filter_role(self, queryset, name, value: str):
        memberships = self.memberships().filter(role=value)
        if space := self.form.cleaned_data.get("space"):
            memberships = memberships.filter(space=space)
        return queryset.filter(Exists(memberships))

    def memberships(self):
        return Membership.objects.current().filter(
            maker=OuterRef("pk"), space__status=Space.Status.PUBLISHED
        )


class ProjectFilter(SyncFilterSet):
    ORDERINGS = {**SYNC_ORDERINGS, **NAME_ORDERINGS, **RELEVANCE_ORDERING}

    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        max_length=100,
        help_text=_("Names and summaries, English or Chinese; forgives typos in names."),
    )
    stage = django_filters.MultipleChoiceFilter(label=_("Stage"), choices=Project.Stage.choices)
    space = published_space_filter(
        label=_("Incubated at"), field_name="spaces", help_text=_("A space's slug.")
    )
    city = city_filter(method="filter_city", help_text=_("Incubated by a space in this city."))
    network = network_filter(
        method="filter_network",
        help_text=_("Incubated by a space of this network or of its member networks."),
    )
    maker = django_filters.ModelChoiceFilter(
        label=_("Team member"),
        field_name="team",
        to_field_name="slug",
        queryset=Maker.objects.public(),
        help_text=_("A public maker's slug."),
    )
    ordering = ordering_filter(ORDERINGS)

    class Meta(SyncFilterSet.Meta):
        model = Project
        fields = ["q", "stage", "space", "city", "network", "maker"]

    def filter_city(self, queryset, name, value: City):
        return queryset.incubated_where(Q(space__city=value))

    def filter_network(self, queryset, name, value: Network):
        return queryset.incubated_where(network_rollup(value, "space__networks"))


class FundingRoundFilter(SyncFilterSet):
    ORDERINGS = {
        **SYNC_ORDERINGS,
        "announced_on": ("announced_on", "id"),
        "-announced_on": ("-announced_on", "-id"),
        "amount_usd": ("amount_usd", "id"),
        "-amount_usd": ("-amount_usd", "-id"),
    }

    project = django_filters.ModelChoiceFilter(
        label=_("Project"),
        to_field_name="slug",
        queryset=Project.objects.all(),
        help_text=_("A project's slug."),
    )
    stage = django_filters.MultipleChoiceFilter(
        label=_("Stage"), choices=FundingRound.Stage.choices
    )
    currency = django_filters.CharFilter(
        label=_("Currency"), max_length=3, help_text=_("ISO 4217 code, e.g. CNY.")
    )
    announced_after = django_filters.DateFilter(
        label=_("Announced on or after"), field_name="announced_on", lookup_expr="gte"
    )
    announced_before = django_filters.DateFilter(
        label=_("Announced on or before"), field_name="announced_on", lookup_expr="lte"
    )
    space = published_space_filter(
        label=_("Incubated at"),
        method="filter_space",
        help_text=_("Rounds of projects this space incubated (slug)."),
    )
    city = city_filter(
        method="filter_city", help_text=_("Rounds of projects incubated in this city.")
    )
    network = network_filter(
        method="filter_network",
        help_text=_("Rounds of projects incubated by this network, member networks included."),
    )
    ordering = ordering_filter(ORDERINGS)

    class Meta(SyncFilterSet.Meta):
        model = FundingRound
        fields = [
            "project",
            "stage",
            "currency",
            "announced_after",
            "announced_before",
            "space",
            "city",
            "network",
        ]

    def filter_space(self, queryset, name, value: Space):
        return queryset.incubated_where(Q(space=value))

    def filter_city(self, queryset, name, value: City):
        return queryset.incubated_where(Q(space__city=value))

    def filter_network(self, queryset, name, value: Network):
        return queryset.incubated_where(network_rollup(value, "space__networks"))
