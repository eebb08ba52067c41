"""What lets a partner keep a copy in sync: change times, orderings, validators.

- `updated_at`: when anything a representation shows last changed, its own row or a row
  it embeds (a space's city, networks, services…), kept so by spaces/signals.py. Lists
  filter on it (`updated_since`) and order by it (then by id, an index) unless told
  otherwise.
- The orderings lists offer, each ending with the id, as keyset pages need
  (maker2/api_pagination.py).
- ETag and Last-Modified on lists and details, computed from what the page shows plus two
  indexed maxima, so they cost the same whatever the size of the list.
"""

import hashlib
from datetime import UTC, datetime

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Max, Subquery
from django.db.models.functions import Greatest
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import gettext_lazy as _
from django_filters.fields import IsoDateTimeField
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.utils import extend_schema_field
from rest_framework import viewsets
from rest_framework.response import Response

from .api_access import may_see_contact
from .models import tombstone_model

# Filtering and ordering

SYNC_ORDERINGS = {
    "updated_at": ("updated_at", "id"),
    "-updated_at": ("-updated_at", "-id"),
    "created_at": ("created_at", "id"),
    "-created_at": ("-created_at", "-id"),
}
NAME_ORDERINGS = {"name": ("name_en", "id"), "-name": ("-name_en", "-id")}
RELEVANCE_ORDERING = {"relevance": ("-search_rank", "id")}


def ordering_filter(orderings: dict) -> django_filters.ChoiceFilter:
    return django_filters.ChoiceFilter(
        label=_("Order by"),
        method="filter_later",
        choices=[(name, name) for name in orderings],
        help_text=_(
            "Default: relevance with q, distance with near, else updated_at (oldest change "
            "first, what a sync wants). Ties are broken by id. relevance needs q; distance "
            "needs near and leaves out spaces without coordinates."
        ),
    )


def describe_filters(filterset: type[django_filters.FilterSet], **schemas: str | dict) -> None:
    """Tell drf-spectacular the JSON schema of filters it cannot work out (a slug that stands
    for a related object, a filter by method, bounds it does not read), keeping their help
    text. A schema is a JSON type name or a dict; a "description" in it (what the schema
    cannot say) follows the help text."""
    for name, schema in schemas.items():
        field = filterset.base_filters[name]
        schema = {"type": schema} if isinstance(schema, str) else dict(schema)
        description = str(field.extra.get("help_text") or field.label)
        if note := schema.pop("description", None):
            description = f"{description.rstrip('.')}. {note}"
        extend_schema_field({**schema, "description": description})(field)


# A slug as the models store them; empty, the parameter is ignored.
SLUG_PATTERN = r"^[-a-zA-Z0-9_]*$"
UNKNOWN_SLUG = "A slug that names nothing here is a 400 (invalid_choice)."
OUT_OF_RANGE = "A time before year 1 or after 9999 once in UTC is a 400."


class FilterSchema(DjangoFilterExtension):
    """drf-spectacular: what django-filter's own extension leaves out of a filter's schema,
    a text filter's `max_length` and that a filter by slug takes a slug. That the slug must
    name a row, or that a time must stay within the calendar once in UTC, no schema can
    say, so the description does."""

    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        parameters = super().resolve_filter_field(
            auto_schema, model, filterset_class, field_name, filter_field
        )
        for parameter in parameters:
            value = parameter["schema"].get("items", parameter["schema"])
            if max_length := filter_field.extra.get("max_length"):
                value.setdefault("maxLength", max_length)
            note = None
            if filter_field.extra.get("to_field_name") == "slug":
                value.setdefault("pattern", SLUG_PATTERN)
                note = UNKNOWN_SLUG
            elif value.get("format") == "date-time":
                note = OUT_OF_RANGE
            if note:
                parameter["description"] = f"{parameter['description'].rstrip('.')}. {note}"
        return parameters


class UtcDateTimeField(IsoDateTimeField):
    """An ISO 8601 time turned into UTC, which PostgreSQL takes whatever the offset given
    (it refuses offsets past ±15:59, which ISO 8601 allows)."""

    def to_python(self, value):
        moment = super().to_python(value)
        try:
            return moment.astimezone(UTC) if moment else moment
        except OverflowError:  # year 1 or 9999 moved past the calendar's end
            raise ValidationError(_("This time is out of range."), code="overflow") from None


class UtcDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = UtcDateTimeField


class SyncFilterForm(forms.Form):
    def clean(self):
        data = super().clean()
        if data.get("ordering") == "relevance" and not data.get("q"):
            self.add_error("ordering", _("Ordering by relevance needs a search (q)."))
        if data.get("ordering") == "distance" and not data.get("near"):
            self.add_error("ordering", _("Ordering by distance needs a point (near)."))
        return data


class SyncFilterSet(django_filters.FilterSet):
    """`updated_since` and `ordering` for every list; subclasses declare `ordering` with
    their own `ORDERINGS` (`ordering = ordering_filter(ORDERINGS)`)."""

    ORDERINGS = SYNC_ORDERINGS

    updated_since = UtcDateTimeFilter(
        label=_("Changed since"),
        field_name="updated_at",
        lookup_expr="gte",
        help_text=_(
            "ISO 8601 time, e.g. 2025-01-31T08:00:00Z: only objects whose updated_at is at or "
            "after it. Without a UTC offset, Asia/Shanghai time is meant."
        ),
    )

    class Meta:
        form = SyncFilterForm

    def filter_later(self, queryset, name, value):
        """Applied in `filter_queryset`, after the other filters."""
        return queryset

    def filter_search(self, queryset, name, value):
        return queryset.search(value) if value.strip() else queryset

    def default_ordering(self) -> str:
        data = self.form.cleaned_data
        if data.get("q", "").strip() and "relevance" in self.ORDERINGS:
            return "relevance"
        if data.get("near") and "distance" in self.ORDERINGS:
            return "distance"
        return "updated_at"

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        choice = self.form.cleaned_data.get("ordering") or self.default_ordering()
        return queryset.order_by(*self.ORDERINGS[choice])


# Conditional requests


class Validators:
    """ETag and Last-Modified of one answer, and the 304 they allow."""

    def __init__(self, request, *parts, last_modified: datetime | None):
        # Contact details change what a key sees; the query string changes the page.
        text = "|".join(
            str(part) for part in (request.get_full_path(), may_see_contact(request), *parts)
        )
        self.etag = f'W/"{hashlib.sha256(text.encode()).hexdigest()[:32]}"'
        self.last_modified = int(last_modified.timestamp()) if last_modified else None

    def not_modified(self, request):
        """A 304 when the client's copy is current, else None."""
        answer = get_conditional_response(request, etag=self.etag, last_modified=self.last_modified)
        return self.apply(answer) if answer is not None else None

    def apply(self, response):
        response["ETag"] = self.etag
        if self.last_modified is not None:
            response["Last-Modified"] = http_date(self.last_modified)
        patch_vary_headers(response, ["Authorization"])
        return response


class SyncViewSet(viewsets.ReadOnlyModelViewSet):
    """A read-only resource with change times, validators and keyset pages.

    Subclasses set `queryset` (with what the serializer needs loaded) and the usual
    serializer and filters; the model lists what it shows in `sync_embeds`.
    """

    lookup_field = "slug"
    lookup_value_regex = r"[-\w]+"

    def state(self, queryset) -> dict:
        """The list's size and the latest change to the table, in one query.

        A row leaving the list (deleted, unpublished, moved out of the filters) bumps its own
        `updated_at` or leaves a tombstone: both maxima are read off an index, so the cost
        is the count's, not a scan of every row's times.
        """
        model = queryset.model
        own = model._base_manager.order_by("-updated_at").values("updated_at")[:1]
        removed = (
            tombstone_model()
            .objects.filter(model=model._meta.label_lower)
            .order_by("-deleted_at")
            .values("deleted_at")[:1]
        )
        # Uncorrelated, the subqueries run once; MAX only lets them sit beside the COUNT.
        return queryset.order_by().aggregate(
            count=Count("*"),  # COUNT(*) may read an index alone; COUNT(id) reads rows
            latest=Max(
                Greatest(
                    Subquery(own, output_field=models.DateTimeField()),
                    Subquery(removed, output_field=models.DateTimeField()),
                )
            ),
        )

    @staticmethod
    def item_state(item: dict) -> tuple:
        """What of a representation its validators follow: its id and change time, and what
        time changes without any row changing (a space's `open_now`)."""
        return (item["id"], item["updated_at"], item.get("open_now"))

    def page_data(self, queryset) -> list[dict]:
        """One page of the filtered list, represented (resources may build it faster)."""
        return self.get_serializer(self.paginate_queryset(queryset), many=True).data

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        data = self.page_data(queryset)
        state = self.state(queryset)
        validators = Validators(
            request,
            *state.values(),
            *map(self.item_state, data),
            last_modified=state["latest"],
        )
        if (not_modified := validators.not_modified(request)) is not None:
            return not_modified
        return validators.apply(self.paginator.get_paginated_response(data, state["count"]))

    def detail_data(self) -> tuple[dict, datetime]:
        """The object represented, and when it last changed (resources may build it faster)."""
        instance = self.get_object()
        return self.get_serializer(instance).data, instance.updated_at

    def retrieve(self, request, *args, **kwargs):
        data, changed = self.detail_data()
        validators = Validators(request, *self.item_state(data), last_modified=changed)
        if (not_modified := validators.not_modified(request)) is not None:
            return not_modified
        return validators.apply(Response(data))
