"""Template helpers of the maps (templates/spaces/includes/_map.html, static/js/map.js) and
of the distance a card shows when the directory measures from a point."""

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.utils.html import format_html_join
from django.utils.translation import gettext as _

from spaces.models import Space

from .site import _decimal, _grouped

register = template.Library()


@register.simple_tag
def map_scripts(single=None) -> str:
    """The scripts static/js/map.js loads, in order, once a map comes near the viewport:
    Leaflet; the clustering plugin for a map of many spaces; the GCJ-02 shift for such
    tiles. Loaded then rather than with the page, they cost a page without a map in view
    nothing."""
    scripts = ["vendor/leaflet/leaflet.js"]
    if not single:
        scripts.append("vendor/leaflet.markercluster/leaflet.markercluster.js")
    if settings.MAP_TILE_COORDINATES == "gcj02":
        scripts.append("js/gcj02.js")
    return " ".join(static(script) for script in scripts)


@register.simple_tag
def map_kind_attributes() -> str:
    """data-kind-<kind> (the translated label) and data-emblem-<kind> (the emblem's static
    URL, hashed in production, so the script cannot build it) for every kind of space."""
    return format_html_join(
        " ",
        'data-kind-{}="{}" data-emblem-{}="{}"',
        (
            (kind, label, kind, static(f"img/kinds/{kind}.svg"))
            for kind, label in Space.Kind.choices
        ),
    )


@register.filter
def distance(kilometres) -> str:
    """How far a space is: "350 m away" / "距离 350 米", "2.4 km away" / "距离 2.4 公里",
    "1,250 km away". Empty for a space without a distance (no point, or none measured)."""
    km = _decimal(kilometres)
    if km is None:
        return ""
    if km < 1:
        metres = max(10, round(km * 100) * 10)  # to 10 m: the point itself is rounded so
        return _("%(metres)s m away") % {"metres": metres}
    if km < 10:
        figure = f"{km:.1f}"
    else:
        figure = _grouped(km.to_integral_value())
    return _("%(kilometres)s km away") % {"kilometres": figure}
