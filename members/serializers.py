"""How people and what they build look in the partner API: makers, projects, funding rounds.

Only public maker profiles appear, and only published spaces: a maker's memberships and a
project's spaces and team leave out the others.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from spaces.serializers import (
    AbsoluteFileField,
    CitySummarySerializer,
    SpaceSummarySerializer,
    detail_url,
    updated_at_field,
)

from .models import FundingRound, Maker, MakerLink, Membership, Project


class MakerSummarySerializer(serializers.ModelSerializer):
    url = detail_url("api:maker-detail")

    class Meta:
        model = Maker
        fields = ["id", "slug", "display_name", "display_name_zh", "url"]


class ProjectSummarySerializer(serializers.ModelSerializer):
    url = detail_url("api:project-detail")

    class Meta:
        model = Project
        fields = ["id", "slug", "name_en", "name_zh", "url"]


class MakerLinkSerializer(serializers.ModelSerializer):
    class Meta:
        model = MakerLink
        fields = ["kind", "url"]


class MembershipSerializer(serializers.ModelSerializer):
    space = SpaceSummarySerializer(read_only=True)

    class Meta:
        model = Membership
        fields = ["space", "role", "started_on", "ended_on"]
        extra_kwargs = {"ended_on": {"help_text": "Null while the membership lasts."}}


class MakerSerializer(serializers.ModelSerializer):
    """A public maker profile."""

    url = detail_url("api:maker-detail")
    city = CitySummarySerializer(read_only=True, allow_null=True)
    avatar_url = AbsoluteFileField(source="avatar", help_text="The original upload, or null.")
    avatar_small_url = serializers.SerializerMethodField(
        help_text="96 × 96 px; the original until that copy is made, null without an avatar."
    )
    links = MakerLinkSerializer(many=True, read_only=True)
    memberships = MembershipSerializer(
        many=True,
        read_only=True,
        help_text="Roles in published spaces, current and past (with `ended_on`).",
    )
    updated_at = updated_at_field()

    class Meta:
        model = Maker
        fields = [
            "id",
            "slug",
            "url",
            "display_name",
            "display_name_zh",
            "bio_en",
            "bio_zh",
            "skills",
            "city",
            "avatar_url",
            "avatar_small_url",
            "links",
            "memberships",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_avatar_small_url(self, maker: Maker) -> str | None:
        image = maker.avatar_small or maker.avatar
        return self.context["request"].build_absolute_uri(image.url) if image else None


MONEY = {"max_digits": 16, "decimal_places": 2, "read_only": True}


class RoundInProjectSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:fundinground-detail")
    amount_cny = serializers.DecimalField(**MONEY, help_text="At the rate of its date.")
    amount_usd = serializers.DecimalField(**MONEY, help_text="At the rate of its date.")

    class Meta:
        model = FundingRound
        fields = [
            "id",
            "url",
            "stage",
            "announced_on",
            "amount",
            "currency",
            "amount_cny",
            "amount_usd",
            "investors",
        ]


class ProjectSerializer(serializers.ModelSerializer):
    """A project with its public team, the published spaces that incubated it and its rounds."""

    url = detail_url("api:project-detail")
    team = MakerSummarySerializer(many=True, read_only=True, help_text="Public profiles only.")
    spaces = SpaceSummarySerializer(
        many=True, read_only=True, help_text="The published spaces that incubated it."
    )
    rounds = RoundInProjectSerializer(many=True, read_only=True)
    raised_cny = serializers.SerializerMethodField(help_text="All rounds, in yuan.")
    raised_usd = serializers.SerializerMethodField(help_text="All rounds, in US dollars.")
    updated_at = updated_at_field()

    class Meta:
        model = Project
        fields = [
            "id",
            "slug",
            "url",
            "name_en",
            "name_zh",
            "summary_en",
            "summary_zh",
            "stage",
            "website",
            "founded",
            "team",
            "spaces",
            "rounds",
            "raised_cny",
            "raised_usd",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(serializers.DecimalField(max_digits=16, decimal_places=2))
    def get_raised_cny(self, project: Project) -> str:
        return f"{sum(r.amount_cny for r in project.rounds.all()):.2f}"

    @extend_schema_field(serializers.DecimalField(max_digits=16, decimal_places=2))
    def get_raised_usd(self, project: Project) -> str:
        return f"{sum(r.amount_usd for r in project.rounds.all()):.2f}"


class FundingRoundSerializer(serializers.ModelSerializer):
    """Money a project raised on one date; amounts in yuan and dollars at that date's rates."""

    url = serializers.HyperlinkedIdentityField(view_name="api:fundinground-detail")
    project = ProjectSummarySerializer(read_only=True)
    amount_cny = serializers.DecimalField(**MONEY, help_text="At the rate of its date.")
    amount_usd = serializers.DecimalField(**MONEY, help_text="At the rate of its date.")
    updated_at = updated_at_field()

    class Meta:
        model = FundingRound
        fields = [
            "id",
            "url",
            "project",
            "stage",
            "announced_on",
            "amount",
            "currency",
            "cny_rate",
            "usd_rate",
            "amount_cny",
            "amount_usd",
            "investors",
            "created_at",
            "updated_at",
        ]
