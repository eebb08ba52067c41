"""Partner API views for people and what they build: makers, projects, funding rounds."""

from django.db.models import Prefetch

from maker2.api_sync import SyncViewSet
from spaces.models import Space

from .filters import FundingRoundFilter, MakerFilter, ProjectFilter
from .models import FundingRound, Maker, Membership, Project
from .serializers import FundingRoundSerializer, MakerSerializer, ProjectSerializer


class MakerViewSet(SyncViewSet):
    """Makers who made their profile public: who they are, their skills and links, and
    their roles in published spaces. Profiles for members only or hidden never appear."""

    queryset = (
        Maker.objects.public()
        .select_related("city")
        .prefetch_related(
            "links",
            Prefetch(
                "memberships",
                queryset=Membership.objects.filter(
                    space__status=Space.Status.PUBLISHED
                ).select_related("space"),
            ),
        )
    )
    serializer_class = MakerSerializer
    filterset_class = MakerFilter


class ProjectViewSet(SyncViewSet):
    """Ventures and products makers built, the spaces that incubated them and the rounds
    they raised, with totals in yuan and US dollars."""

    queryset = Project.objects.prefetch_related(
        Prefetch("team", queryset=Maker.objects.public()),
        Prefetch("spaces", queryset=Space.objects.published()),
        "rounds",
    )
    serializer_class = ProjectSerializer
    filterset_class = ProjectFilter


class FundingRoundViewSet(SyncViewSet):
    """Funding rounds, each with the exchange rates of its date, so the yuan and dollar
    amounts are those of the day it was announced."""

    queryset = FundingRound.objects.select_related("project")
    serializer_class = FundingRoundSerializer
    filterset_class = FundingRoundFilter
    lookup_field = "pk"
    lookup_value_regex = r"\d+"
