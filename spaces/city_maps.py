"""A city's small map, drawn by the site from its own coordinates and its spaces' points.

Streets, a river and parks are placed by a generator seeded with the city's slug (each city
has its own, the same every time); rings mark its centre and a dot each space with
coordinates, at its true bearing and relative distance. The same shapes become an inline
SVG on cards and search results (spaces/templatetags/images.py: city_map) and a PNG for the
city's social card (og_images.py). No text: the page names the city.
"""

import math
import random
from dataclasses import dataclass

from PIL import ImageDraw

WIDTH, HEIGHT = 300, 200
RADIUS = 78  # the ring the farthest space lands on
KM_PER_DEGREE = 111.2
MIN_EXTENT_KM = 4.0  # spaces all within a few streets are not zoomed in further

COLOURS = {
    "land": "#f3efe6",
    "land-planned": "#eceef2",
    "park": "#d3e8d4",
    "river": "#b9dcea",
    "road": "#ffffff",
    "ring": "#c4d3da",
    "ring-planned": "#b8bcc5",
    "space": "#b3400a",
    "pin": "#14213d",
    "pin-planned": "#4d5565",
    "pin-dot": "#f28c28",
}


@dataclass(frozen=True)
class CityMap:
    planned: bool
    parks: list[tuple[float, float, float, float]]  # cx, cy, rx, ry
    river: tuple[float, ...]  # y at the left, two control points' y, y at the right
    ring_road: tuple[float, float, float]  # cx, cy, r
    roads: list[tuple[float, float, float, float]]  # x1, y1, x2, y2
    spaces: list[tuple[float, float]]  # cx, cy


def city_map(city, points) -> CityMap:
    """The shapes of `city`'s map; `points` are its spaces' (latitude, longitude)."""
    rng = random.Random(city.slug)
    cx, cy = WIDTH / 2, HEIGHT / 2
    parks = [
        (rng.uniform(20, 280), rng.uniform(20, 180), rng.uniform(14, 34), rng.uniform(10, 22))
        for _ in range(rng.randint(2, 3))
    ]
    river = tuple(rng.uniform(20, 180) for _ in range(4))
    ring_road = (cx + rng.uniform(-12, 12), cy + rng.uniform(-8, 8), rng.uniform(52, 66))
    roads = []
    for _ in range(rng.randint(4, 6)):
        angle = rng.uniform(0, math.pi)
        ox, oy = cx + rng.uniform(-60, 60), cy + rng.uniform(-40, 40)
        dx, dy = math.cos(angle) * 240, math.sin(angle) * 240
        roads.append((ox - dx, oy - dy, ox + dx, oy + dy))
    spaces = [(cx + x, cy + y) for x, y in _offsets(city, points)]
    return CityMap(city.status == "planned", parks, river, ring_road, roads, spaces)


def _offsets(city, points) -> list[tuple[float, float]]:
    """The points as offsets from the city's centre, the farthest on the outer ring."""
    if city.latitude is None or city.longitude is None:
        return []
    lat0, lon0 = float(city.latitude), float(city.longitude)
    shrink = math.cos(math.radians(lat0))
    kms = [
        ((float(lon) - lon0) * KM_PER_DEGREE * shrink, (lat0 - float(lat)) * KM_PER_DEGREE)
        for lat, lon in points
        if lat is not None and lon is not None
    ]
    extent = max([MIN_EXTENT_KM, *(math.hypot(x, y) for x, y in kms)])
    return [(x / extent * RADIUS, y / extent * RADIUS) for x, y in kms]


def _river_path(river) -> str:
    y1, y2, y3, y4 = river
    return f"M-10 {y1:.0f} C 80 {y2:.0f}, 200 {y3:.0f}, 310 {y4:.0f}"


def as_svg(shapes: CityMap, css_class: str = "") -> str:
    """The map as an inline SVG styled by site.css (.city-map__…); numbers only inside."""
    cx, cy = WIDTH / 2, HEIGHT / 2
    classes = "city-map" + (" city-map--planned" if shapes.planned else "")
    classes += f" {css_class}" if css_class else ""
    parts = [
        f'<svg class="{classes}" viewBox="0 0 {WIDTH} {HEIGHT}" '
        'preserveAspectRatio="xMidYMid slice" aria-hidden="true" focusable="false">',
        f'<rect class="city-map__land" width="{WIDTH}" height="{HEIGHT}"/>',
    ]
    for px, py, rx, ry in shapes.parks:
        parts.append(
            f'<ellipse class="city-map__park" cx="{px:.0f}" cy="{py:.0f}" rx="{rx:.0f}" '
            f'ry="{ry:.0f}"/>'
        )
    parts.append(f'<path class="city-map__river" d="{_river_path(shapes.river)}"/>')
    rx, ry, rr = shapes.ring_road
    parts.append(
        f'<circle class="city-map__road city-map__road--ring" cx="{rx:.0f}" cy="{ry:.0f}" '
        f'r="{rr:.0f}"/>'
    )
    for x1, y1, x2, y2 in shapes.roads:
        parts.append(f'<path class="city-map__road" d="M{x1:.0f} {y1:.0f} L{x2:.0f} {y2:.0f}"/>')
    for radius in (RADIUS / 2, RADIUS):
        parts.append(f'<circle class="city-map__ring" cx="{cx}" cy="{cy}" r="{radius:.0f}"/>')
    for sx, sy in shapes.spaces:
        parts.append(f'<circle class="city-map__space" cx="{sx:.1f}" cy="{sy:.1f}" r="6.5"/>')
    parts.append(
        f'<path class="city-map__pin" d="M{cx} {cy + 2} c-7-9-11-14-11-19a11 11 0 0 1 22 0'
        f'c0 5-4 10-11 19z"/><circle class="city-map__pin-dot" cx="{cx}" cy="{cy - 17}" r="4"/>'
    )
    parts.append("</svg>")
    return "".join(parts)


def draw(image, shapes: CityMap) -> None:
    """The map drawn over all of `image` (cropped to fill it, as the SVG's "slice")."""
    scale = max(image.width / WIDTH, image.height / HEIGHT)
    dx, dy = (image.width - WIDTH * scale) / 2, (image.height - HEIGHT * scale) / 2

    def at(x: float, y: float) -> tuple[float, float]:
        return (dx + x * scale, dy + y * scale)

    canvas = ImageDraw.Draw(image)
    land = COLOURS["land-planned" if shapes.planned else "land"]
    canvas.rectangle((0, 0, image.width, image.height), fill=land)
    for px, py, rx, ry in shapes.parks:
        canvas.ellipse((*at(px - rx, py - ry), *at(px + rx, py + ry)), fill=COLOURS["park"])
    y1, y2, y3, y4 = shapes.river
    curve = [_bezier((-10, y1), (80, y2), (200, y3), (310, y4), t / 48) for t in range(49)]
    canvas.line([at(*p) for p in curve], fill=COLOURS["river"], width=round(9 * scale))
    rx, ry, rr = shapes.ring_road
    canvas.ellipse(
        (*at(rx - rr, ry - rr), *at(rx + rr, ry + rr)),
        outline=COLOURS["road"],
        width=round(5 * scale),
    )
    for x1, y1, x2, y2 in shapes.roads:
        canvas.line([at(x1, y1), at(x2, y2)], fill=COLOURS["road"], width=round(3.5 * scale))
    ring = COLOURS["ring-planned" if shapes.planned else "ring"]
    cx, cy = WIDTH / 2, HEIGHT / 2
    for radius in (RADIUS / 2, RADIUS):
        canvas.ellipse(
            (*at(cx - radius, cy - radius), *at(cx + radius, cy + radius)),
            outline=ring,
            width=max(1, round(scale)),
        )
    for sx, sy in shapes.spaces:
        r = 6.5
        canvas.ellipse(
            (*at(sx - r, sy - r), *at(sx + r, sy + r)),
            fill=COLOURS["space"],
            outline="#ffffff",
            width=round(2.5 * scale),
        )
    pin = COLOURS["pin-planned" if shapes.planned else "pin"]
    head = (cx, cy - 17)
    canvas.polygon([at(cx - 9.5, cy - 12), at(cx + 9.5, cy - 12), at(cx, cy + 2)], fill=pin)
    canvas.ellipse((*at(head[0] - 11, head[1] - 11), *at(head[0] + 11, head[1] + 11)), fill=pin)
    canvas.ellipse(
        (*at(head[0] - 4, head[1] - 4), *at(head[0] + 4, head[1] + 4)), fill=COLOURS["pin-dot"]
    )


def _bezier(p0, p1, p2, p3, t: float) -> tuple[float, float]:
    u = 1 - t
    return tuple(
        u**3 * a + 3 * u * u * t * b + 3 * u * t * t * c + t**3 * d
        for a, b, c, d in zip(p0, p1, p2, p3, strict=True)
    )
