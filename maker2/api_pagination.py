"""Keyset ("cursor") pages: each starts strictly after the last row of the one before.

In the list's own ordering, which always ends with the id, so it is total: rows that change
while a partner pages through move (in the default `updated_at` order, to the end) and are
seen again, never skipped. Its own module because DRF imports the pagination class while
loading its generic views, which api_sync.py needs.
"""

import re
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.core import signing
from django.db import models
from django.db.models import F, Func, Lookup, Q, Value
from django.db.models.lookups import GreaterThan, LessThan
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

# What signing.dumps writes (URL-safe base64, ":" between the parts); empty, it is ignored.
CURSOR_PATTERN = r"^[-A-Za-z0-9_.:]*$"


def _position_value(value):
    """A cursor value as JSON; strings compare right against dates and decimals in SQL."""
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def row(*expressions) -> Func:
    return Func(*expressions, function="ROW", output_field=models.Field())


def after(ordering: list[str], values: list) -> Q | Lookup:
    """Rows strictly after `values` in `ordering` ("-field" descending): a keyset condition.

    When every field runs the same way it is a row comparison, `(a, b) > (x, y)`, which
    PostgreSQL answers from an index on (a, b) however deep the page; mixed directions
    (relevance, then id) need the longer form.
    """
    names = [field.lstrip("-") for field in ordering]
    descending = {field.startswith("-") for field in ordering}
    if len(descending) == 1:
        compare = LessThan if descending == {True} else GreaterThan
        return compare(row(*map(F, names)), row(*map(Value, values)))
    condition = None
    for field, value in reversed(list(zip(ordering, values, strict=True))):
        name = field.lstrip("-")
        beyond = Q(**{f"{name}__{'lt' if field.startswith('-') else 'gt'}": value})
        condition = beyond if condition is None else beyond | (Q(**{name: value}) & condition)
    return condition


class KeysetPagination(BasePagination):
    """Pages that start after the last row of the previous one, in the list's own ordering.

    The ordering (set by the filters) must be plain field names ending with the id, so that
    it is total. The cursor is signed: it cannot be forged, only passed back.
    """

    cursor_query_param = "cursor"
    page_size_query_param = "page_size"
    salt = "maker2.api.cursor"

    def get_page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw in (None, ""):
            return settings.API_PAGE_SIZE
        # ASCII digits only: str.isdigit() takes "²", which int() then refuses.
        if not re.fullmatch(r"[0-9]{1,4}", raw) or not 1 <= int(raw) <= settings.API_MAX_PAGE_SIZE:
            raise ValidationError(
                {
                    self.page_size_query_param: _("Give a whole number from 1 to %(max)d.")
                    % {"max": settings.API_MAX_PAGE_SIZE}
                },
                code="invalid",
            )
        return int(raw)

    def cursor_values(self, request, ordering: list[str]) -> list | None:
        token = request.query_params.get(self.cursor_query_param)
        if not token:
            return None
        try:
            payload = signing.loads(token, salt=self.salt)
        except signing.BadSignature:
            raise ValidationError(
                {self.cursor_query_param: _("This cursor is not valid; use a next link as given.")},
                code="invalid",
            ) from None
        if payload.get("o") != ordering:
            raise ValidationError(
                {
                    self.cursor_query_param: _(
                        "This cursor belongs to another ordering; start again without it."
                    )
                },
                code="invalid",
            )
        return payload["v"]

    def paginate_queryset(self, queryset, request, view=None):
        ordering = [str(field) for field in queryset.query.order_by]
        if not ordering or ordering[-1].lstrip("-") not in ("id", "pk"):
            raise ValueError("Keyset pagination needs an ordering that ends with the id.")
        values = self.cursor_values(request, ordering)
        if values is not None:
            queryset = queryset.filter(after(ordering, values))
        size = self.get_page_size(request)
        return self.page(list(queryset[: size + 1]), size, ordering, request)

    def paginate_union(self, parts: list[models.QuerySet], ordering: list[str], request):
        """One page of the union of `parts`, each already annotated with the ordering's names."""
        values = self.cursor_values(request, ordering)
        if values is not None:
            parts = [part.filter(after(ordering, values)) for part in parts]
        size = self.get_page_size(request)
        union = parts[0].union(*parts[1:], all=True).order_by(*ordering)
        return self.page(list(union[: size + 1]), size, ordering, request)

    def page(self, rows: list, size: int, ordering: list[str], request) -> list:
        self.request, self.next_values = request, None
        if len(rows) > size:
            rows = rows[:size]
            last = rows[-1]
            read = last.__getitem__ if isinstance(last, dict) else last.__getattribute__
            self.next_values = {
                "o": ordering,
                "v": [_position_value(read(field.lstrip("-"))) for field in ordering],
            }
        return rows

    def get_next_link(self) -> str | None:
        if self.next_values is None:
            return None
        token = signing.dumps(self.next_values, salt=self.salt, compress=True)
        return replace_query_param(
            self.request.build_absolute_uri(), self.cursor_query_param, token
        )

    def get_paginated_response(self, data, count: int | None = None):
        body = {"next": self.get_next_link(), "results": data}
        if count is not None:
            body = {"count": count, **body}
        return Response(body)

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["count", "next", "results"],
            "properties": {
                "count": {
                    "type": "integer",
                    "description": "How many objects match the filters, on all pages.",
                },
                "next": {
                    "type": "string",
                    "nullable": True,
                    "format": "uri",
                    "description": "The next page; null on the last one.",
                },
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.cursor_query_param,
                "in": "query",
                "required": False,
                "description": (
                    "Where a page starts: copy it from the previous page's next link. A cursor "
                    "that does not come from a next link of the same list and ordering is a 400."
                ),
                "schema": {"type": "string", "pattern": CURSOR_PATTERN},
            },
            {
                "name": self.page_size_query_param,
                "in": "query",
                "required": False,
                "description": (
                    f"Objects per page, {settings.API_PAGE_SIZE} unless given, "
                    f"at most {settings.API_MAX_PAGE_SIZE}."
                ),
                "schema": {"type": "integer", "minimum": 1, "maximum": settings.API_MAX_PAGE_SIZE},
            },
        ]
