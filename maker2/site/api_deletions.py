"""The deletions feed: what left the public API (deleted, unpublished, hidden) since a time.

Partners remove these from their copies; with the `updated_since` lists it makes a sync
complete (README, "Partner API"). In the site layer: it lists rows of both apps.
"""

from datetime import datetime

from django.db import models
from django.db.models import Case, F, Q, Value, When
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import generics, serializers

from maker2.api_pagination import KeysetPagination
from members.models import FundingRound, Maker, Project
from spaces.models import City, Network, Space, Tombstone

TYPES = {
    City: "city",
    Network: "network",
    Space: "space",
    Maker: "maker",
    Project: "project",
    FundingRound: "funding_round",
}
DELETION_ORDERING = ["entry_at", "entry_type", "entry_id"]


def deletion_parts(since: datetime, types: set[str]) -> list[models.QuerySet]:
    """What left the API since `since`, as querysets of the same columns, to be united.

    Deleted rows of every resource (their tombstones), spaces no longer published and
    makers no longer public (their status change moved `updated_at`).
    """
    columns = ["entry_type", "entry_id", "entry_slug", "entry_at", "entry_reason"]
    labels = {model._meta.label_lower: name for model, name in TYPES.items() if name in types}
    parts = [
        Tombstone.objects.filter(model__in=labels, deleted_at__gte=since)
        .annotate(
            entry_type=Case(
                *[When(model=label, then=Value(name)) for label, name in labels.items()],
                output_field=models.CharField(),
            ),
            entry_id=F("object_id"),
            entry_slug=F("slug"),
            entry_at=F("deleted_at"),
            entry_reason=Value("deleted"),
        )
        .values(*columns)
    ]
    hidden = {
        "space": (Space, ~Q(status=Space.Status.PUBLISHED), "unpublished"),
        "maker": (Maker, ~Q(visibility=Maker.Visibility.PUBLIC), "hidden"),
    }
    for name, (model, condition, reason) in hidden.items():
        if name in types:
            parts.append(
                model._base_manager.filter(condition, updated_at__gte=since)
                .annotate(
                    entry_type=Value(name, output_field=models.CharField()),
                    entry_id=F("id"),
                    entry_slug=F("slug"),
                    entry_at=F("updated_at"),
                    entry_reason=Value(reason),
                )
                .values(*columns)
            )
    return parts


class DeletionQuerySerializer(serializers.Serializer):
    since = serializers.DateTimeField(
        help_text="ISO 8601 time: what left the API at or after it. Pass the time your "
        "previous sync started (a few minutes earlier to be safe). A time before year 1 or "
        "after 9999 once in UTC is a 400."
    )
    type = serializers.MultipleChoiceField(
        choices=sorted(TYPES.values()),
        required=False,
        help_text="Only these types (repeat the parameter for several); all by default.",
    )


class DeletionSerializer(serializers.Serializer):
    type = serializers.CharField(source="entry_type", help_text=" | ".join(sorted(TYPES.values())))
    id = serializers.IntegerField(source="entry_id")
    slug = serializers.CharField(source="entry_slug", help_text="Empty for funding rounds.")
    at = serializers.DateTimeField(source="entry_at")
    reason = serializers.CharField(
        source="entry_reason", help_text="deleted | unpublished (spaces) | hidden (makers)"
    )


class DeletionsView(generics.GenericAPIView):
    """What to remove from your copy: objects that left the API since a time.

    Each entry names an object by `type` and `id` (and `slug`), with the time it left
    (`at`) and why (`reason`): deleted; a space no longer published; a maker whose profile is
    no longer public. Delete the object from your copy, and drop it from any summaries that
    embed it. An entry may name an object you never had (a draft that was deleted): ignore
    it. Entries come oldest first, in pages like the lists.
    """

    pagination_class = KeysetPagination
    filter_backends = []
    serializer_class = DeletionSerializer

    @extend_schema(
        parameters=[DeletionQuerySerializer],
        responses=inline_serializer(
            "PaginatedDeletionList",
            {
                "next": serializers.URLField(allow_null=True, help_text="Next page, or null."),
                "results": DeletionSerializer(many=True),
            },
        ),
    )
    def get(self, request):
        query = DeletionQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        types = query.validated_data.get("type") or set(TYPES.values())
        parts = deletion_parts(query.validated_data["since"], types)
        rows = self.paginator.paginate_union(parts, DELETION_ORDERING, request)
        data = self.get_serializer(rows, many=True).data
        return self.paginator.get_paginated_response(data)
