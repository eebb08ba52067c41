"""Times in admin with their time zone, for the history templates:
`{{ record.history_date|with_zone }}` (the admin classes use maker2/admin.py's `with_zone`
and `time_column` directly)."""

from datetime import datetime

from django import template

from maker2.admin import with_zone

register = template.Library()


@register.filter(name="with_zone")
def with_zone_filter(value, zone: str | None = None) -> str:
    """{{ record.history_date|with_zone }}, or |with_zone:"Europe/London"."""
    return with_zone(value, zone or None) if isinstance(value, datetime) else value
