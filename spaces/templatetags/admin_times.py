"""Times in admin with their time zone.

Django's admin prints a moment as a bare wall-clock time in the site's zone ("Dec. 1, 2026,
6:15 p.m."), which an editor in London reads as London time. Here every time says its zone:
"Dec. 1, 2026, 6:15 p.m. CST (UTC+8)". Used by the admin classes (`with_zone`, `time_column`)
and by the history templates (`{{ record.history_date|with_zone }}`).
"""

import zoneinfo
from datetime import datetime, timedelta, tzinfo

from django import template
from django.contrib import admin
from django.utils import timezone
from django.utils.formats import date_format

register = template.Library()


def utc_offset(offset: timedelta) -> str:
    """UTC+8, UTC+5:30, UTC−3, UTC (a minus sign, not a hyphen)."""
    minutes = round(offset.total_seconds() / 60)
    if not minutes:
        return "UTC"
    sign = "+" if minutes > 0 else "−"
    hours, minutes = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{minutes:02d}" if minutes else "")


def zone_label(moment: datetime) -> str:
    """ "CST (UTC+8)"; just "UTC+4" where the zone has no letters for itself ("+04")."""
    offset = utc_offset(moment.utcoffset() or timedelta(0))
    abbreviation = moment.tzname() or ""
    if not abbreviation or abbreviation[0] in "+-" or abbreviation == offset:
        return offset
    return f"{abbreviation} ({offset})"


def with_zone(value: datetime | None, zone: tzinfo | str | None = None) -> str:
    """`value` in `zone` (the current time zone by default), formatted with that zone."""
    if value is None:
        return ""
    if isinstance(zone, str):
        zone = zoneinfo.ZoneInfo(zone)
    if timezone.is_naive(value):  # stored without a zone: say nothing false about it
        return date_format(value, "DATETIME_FORMAT")
    local = timezone.localtime(value, zone)
    return f"{date_format(local, 'DATETIME_FORMAT')} {zone_label(local)}"


@register.filter(name="with_zone")
def with_zone_filter(value, zone: str | None = None) -> str:
    """{{ record.history_date|with_zone }}, or |with_zone:"Europe/London"."""
    return with_zone(value, zone or None) if isinstance(value, datetime) else value


def time_column(model, name: str):
    """A ModelAdmin column or read-only field showing the datetime field `name` with its
    zone, sorted by it: `updated = time_column(Space, "updated_at")`, then "updated" in
    list_display or readonly_fields."""

    @admin.display(description=model._meta.get_field(name).verbose_name, ordering=name)
    def column(model_admin, obj) -> str:
        return with_zone(getattr(obj, name)) or model_admin.get_empty_value_display()

    return column
