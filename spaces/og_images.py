"""Social cards (OpenGraph images, 1200 × 630 PNG) drawn by the site, with no text in them:
the page's title and description travel beside the image, in the page's language, so one
picture serves both languages and needs no font.

- a space: its first photo, else the illustrated room of its kind (illustrations.py);
- a city: its map (city_maps.py), its spaces as dots;
- a network: a constellation in its colour; a project: its stage's colour and the road of
  stages it has travelled; the directory: rooms of three kinds side by side.

Drawing takes a tenth of a second or so; the views keep each card in the cache under a key
holding the row's `updated_at`, so a change draws a new one and nothing needs deleting.
"""

import random
from collections.abc import Callable
from io import BytesIO

from django.core.cache import cache
from django.http import HttpResponse
from PIL import Image, ImageDraw, ImageOps

from . import city_maps
from .illustrations import NAVY, ORANGE, PALETTES, draw_room, mix, shade

SIZE = (1200, 630)
CACHE_SECONDS = 30 * 24 * 3600
BROWSER_CACHE_SECONDS = 24 * 3600
# The colours of names and stages, as in site.css (.initials--N, .project-cover--STAGE).
NAME_COLOURS = [
    (179, 64, 10),
    (11, 91, 120),
    (20, 33, 61),
    (15, 107, 79),
    (122, 59, 105),
    (51, 65, 92),
    (143, 51, 8),
    (31, 95, 139),
]
STAGES = ("idea", "prototype", "product", "growth", "acquired")
STAGE_COLOURS = {
    "idea": (31, 95, 139),
    "prototype": (11, 91, 120),
    "product": (15, 107, 79),
    "growth": (179, 64, 10),
    "acquired": (122, 59, 105),
    "closed": (77, 85, 101),
}
GOLD = (249, 199, 132)


def png_response(key: str, draw: Callable[[], Image.Image]) -> HttpResponse:
    """The card cached under `key` (drawn by `draw` when missing) as a PNG response."""
    key = f"og-image:{key}"
    data = cache.get(key)
    if data is None:
        data = encode(draw())
        cache.set(key, data, CACHE_SECONDS)
    response = HttpResponse(data, content_type="image/png")
    response["Cache-Control"] = f"public, max-age={BROWSER_CACHE_SECONDS}"
    return response


def encode(image: Image.Image) -> bytes:
    buffer = BytesIO()
    image.convert("RGB").save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def _branded(image: Image.Image) -> Image.Image:
    """The site's strip along the bottom: navy with an orange lead."""
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, SIZE[1] - 14, SIZE[0], SIZE[1]), fill=NAVY)
    draw.rectangle((0, SIZE[1] - 14, 220, SIZE[1]), fill=ORANGE)
    return image


def space_card(kind: str, slug: str, photo_file=None) -> Image.Image:
    """The photo cropped to the card, or the illustrated room of the space's kind."""
    if photo_file:
        try:
            with photo_file.open("rb"), Image.open(photo_file) as photo:
                image = ImageOps.fit(photo.convert("RGB"), SIZE, Image.Resampling.LANCZOS)
            return _branded(image)
        except OSError:  # the file is missing from storage: the illustration instead
            pass
    return _branded(draw_room(kind, slug, 0, SIZE))


def city_card(city, points) -> Image.Image:
    image = Image.new("RGB", SIZE)
    city_maps.draw(image, city_maps.city_map(city, points))
    return _branded(image)


def network_card(slug: str, colour_index: int) -> Image.Image:
    """A constellation of linked nodes on the network's colour."""
    rng = random.Random(slug)
    colour = NAME_COLOURS[colour_index % len(NAME_COLOURS)]
    image = Image.new("RGB", SIZE, colour)
    draw = ImageDraw.Draw(image)
    for radius, share in ((520, 0.12), (360, 0.2)):
        draw.ellipse(
            (1000 - radius, -radius / 2, 1000 + radius, radius * 1.5),
            fill=mix(colour, (255, 255, 255), share),
        )
    nodes = [(rng.uniform(80, 1120), rng.uniform(60, 560)) for _ in range(16)]
    hub = (600, 315)
    line = mix(colour, (255, 255, 255), 0.45)
    for node in nodes:
        nearest = sorted(
            nodes, key=lambda other: (other[0] - node[0]) ** 2 + (other[1] - node[1]) ** 2
        )
        for other in nearest[1:3]:
            draw.line([node, other], fill=line, width=3)
    for node in nodes[:5]:
        draw.line([hub, node], fill=line, width=4)
    for index, (x, y) in enumerate(nodes):
        r = 12 if index < 5 else 8
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(255, 255, 255))
    draw.ellipse(
        (hub[0] - 46, hub[1] - 46, hub[0] + 46, hub[1] + 46),
        fill=ORANGE,
        outline=(255, 255, 255),
        width=8,
    )
    return _branded(image)


def stage_card(stage: str, slug: str) -> Image.Image:
    """The stage's colour with the road of stages, those reached lit."""
    rng = random.Random(slug)
    colour = STAGE_COLOURS.get(stage, STAGE_COLOURS["idea"])
    image = Image.new("RGB", SIZE, colour)
    draw = ImageDraw.Draw(image)
    draw.ellipse((820, -260, 1500, 420), fill=mix(colour, (255, 255, 255), 0.14))
    draw.ellipse((-240, 380, 260, 880), fill=mix(colour, ORANGE, 0.3))
    for _ in range(6):  # scattered sparks
        x, y, r = rng.uniform(100, 1100), rng.uniform(60, 250), rng.uniform(4, 9)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=mix(colour, (255, 255, 255), 0.4))
    reached = STAGES.index(stage) if stage in STAGES else -1
    xs = [200 + i * 200 for i in range(len(STAGES))]
    y = 360
    draw.line([(xs[0], y), (xs[-1], y)], fill=mix(colour, (255, 255, 255), 0.4), width=10)
    if reached > 0:
        draw.line([(xs[0], y), (xs[reached], y)], fill=GOLD, width=10)
    for index, x in enumerate(xs):
        r = 34 if index == reached else 24
        if index <= reached:
            draw.ellipse((x - r, y - r, x + r, y + r), fill=GOLD, outline=(255, 255, 255), width=6)
        else:
            draw.ellipse(
                (x - r, y - r, x + r, y + r),
                fill=colour,
                outline=mix(colour, (255, 255, 255), 0.6),
                width=6,
            )
    return _branded(image)


def directory_card() -> Image.Image:
    """Rooms of three kinds side by side."""
    image = Image.new("RGB", SIZE)
    for index, kind in enumerate(("makerspace", "coworking", "fablab")):
        panel = draw_room(kind, "directory", index % 2, (400, SIZE[1]))
        image.paste(panel, (index * 400, 0))
    draw = ImageDraw.Draw(image)
    for x in (400, 800):
        draw.line([(x, 0), (x, SIZE[1])], fill=shade(PALETTES["fablab"]["wall"], 0.5), width=4)
    return _branded(image)
