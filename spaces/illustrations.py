"""Isometric illustrations of the room a kind of space is, drawn with Pillow: the demo's
photos (members' load_demo) and the social card of a space without a photo (og_images.py).

A visitor should take them for illustrations of the kind of place a space is (a workshop of
benches and a pegboard, a fab lab's printers and laser cutter, a co-working floor of desks),
never for fake photos: flat shapes in the brand's palette, no text anywhere in the image (the
captions live in SpacePhoto.caption_en / caption_zh). Each space and position gets its own
arrangement and colours from a generator seeded by the space's slug, so two spaces of one kind
differ and a second `load_demo` draws the same picture.
"""

import functools
import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from io import BytesIO

from PIL import Image, ImageDraw, ImageFilter

SIZE = (960, 640)
SCALE = 2  # drawn at twice the size and reduced: Pillow's polygons have no anti-aliasing

NAVY = (20, 33, 61)
ORANGE = (242, 140, 40)
CREAM = (253, 246, 236)
WHITE = (255, 255, 255)
GLASS = (196, 226, 240)

# The kind's colour (as in static/img/kinds/) and the room's wall and floor.
PALETTES = {
    "makerspace": {"accent": (179, 64, 10), "wall": (244, 226, 212), "floor": (214, 196, 176)},
    "coworking": {"accent": (11, 91, 120), "wall": (222, 236, 240), "floor": (226, 208, 186)},
    "fablab": {"accent": (20, 33, 61), "wall": (226, 230, 240), "floor": (204, 208, 216)},
    "hackerspace": {"accent": (51, 65, 92), "wall": (60, 70, 94), "floor": (92, 100, 120)},
    "incubator": {"accent": (15, 107, 79), "wall": (226, 240, 232), "floor": (222, 210, 190)},
    "accelerator": {"accent": (122, 59, 105), "wall": (240, 228, 236), "floor": (214, 204, 200)},
}

Colour = tuple[int, int, int]


def shade(colour: Colour, amount: float) -> Colour:
    """Lighter towards white (amount > 0) or darker towards black (amount < 0)."""
    target = 255 if amount > 0 else 0
    return tuple(round(c + (target - c) * abs(amount)) for c in colour)


def mix(a: Colour, b: Colour, share: float) -> Colour:
    return tuple(round(x + (y - x) * share) for x, y in zip(a, b, strict=True))


@dataclass
class Scene:
    """An isometric room W × D units with walls H high, its objects drawn back to front."""

    palette: dict
    rng: random.Random
    width: float = 10
    depth: float = 10
    height: float = 3.6
    size: tuple[int, int] = SIZE
    unit: float = 43 * SCALE
    origin: tuple[float, float] = (SIZE[0] * SCALE / 2, 168 * SCALE)
    items: list[tuple[float, Callable]] = field(default_factory=list)

    def point(self, x: float, y: float, z: float) -> tuple[float, float]:
        ox, oy = self.origin
        cos30 = math.cos(math.pi / 6)
        return (ox + (x - y) * cos30 * self.unit, oy + (x + y) * 0.5 * self.unit - z * self.unit)

    def polygon(self, draw, corners, colour: Colour) -> None:
        draw.polygon([self.point(*corner) for corner in corners], fill=colour)

    def box(self, draw, x, y, z, w, d, h, colour: Colour) -> None:
        """A block with its three visible faces lit from the upper left."""
        top = [(x, y, z + h), (x + w, y, z + h), (x + w, y + d, z + h), (x, y + d, z + h)]
        right = [(x + w, y, z), (x + w, y + d, z), (x + w, y + d, z + h), (x + w, y, z + h)]
        left = [(x, y + d, z), (x + w, y + d, z), (x + w, y + d, z + h), (x, y + d, z + h)]
        self.polygon(draw, left, shade(colour, -0.22))
        self.polygon(draw, right, shade(colour, -0.08))
        self.polygon(draw, top, shade(colour, 0.12))

    def on_back_wall(self, draw, x, z, w, h, colour: Colour, inset: float = 0.02) -> None:
        """A flat rectangle on the wall along x (y = 0)."""
        corners = [(x, inset, z), (x + w, inset, z), (x + w, inset, z + h), (x, inset, z + h)]
        self.polygon(draw, corners, colour)

    def on_side_wall(self, draw, y, z, d, h, colour: Colour, inset: float = 0.02) -> None:
        """A flat rectangle on the wall along y (x = 0)."""
        corners = [(inset, y, z), (inset, y + d, z), (inset, y + d, z + h), (inset, y, z + h)]
        self.polygon(draw, corners, colour)

    def on_floor(self, draw, x, y, w, d, colour: Colour, z: float = 0.01) -> None:
        self.polygon(draw, [(x, y, z), (x + w, y, z), (x + w, y + d, z), (x, y + d, z)], colour)

    def add(self, x: float, y: float, drawing: Callable) -> None:
        """An object standing at (x, y): drawn after everything behind it."""
        self.items.append((x + y, drawing))

    def render(self, extras: Callable | None = None) -> Image.Image:
        size = (self.size[0] * SCALE, self.size[1] * SCALE)
        image = Image.new("RGB", size)
        self._background(image)
        draw = ImageDraw.Draw(image)
        self._room(draw)
        if extras:
            extras(draw)
        self._shadows(image)
        draw = ImageDraw.Draw(image)
        for _, drawing in sorted(self.items, key=lambda item: item[0]):
            drawing(draw)
        return image.reduce(SCALE)  # a box filter: as smooth as Lanczos at 2 : 1, ten times faster

    def _background(self, image: Image.Image) -> None:
        wall = self.palette["wall"]
        top, bottom = shade(self.palette["accent"], 0.86), shade(self.palette["accent"], 0.7)
        gradient = Image.linear_gradient("L").resize(image.size, Image.Resampling.BILINEAR)
        image.paste(
            Image.composite(
                Image.new("RGB", image.size, bottom), Image.new("RGB", image.size, top), gradient
            )
        )
        draw = ImageDraw.Draw(image)
        for _ in range(5):  # soft discs behind the room
            radius = self.rng.uniform(60, 180) * SCALE
            cx = self.rng.uniform(0, image.width)
            cy = self.rng.uniform(0, image.height)
            colour = mix(top, WHITE if self.rng.random() < 0.6 else wall, 0.35)
            draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=colour)

    def _room(self, draw) -> None:
        w, d, h = self.width, self.depth, self.height
        wall, floor = self.palette["wall"], self.palette["floor"]
        slab = 0.45
        # The floor slab's two front edges, then the floor, then the two walls.
        self.polygon(
            draw, [(0, d, 0), (w, d, 0), (w, d, -slab), (0, d, -slab)], shade(floor, -0.35)
        )
        self.polygon(draw, [(w, 0, 0), (w, d, 0), (w, d, -slab), (w, 0, -slab)], shade(floor, -0.2))
        self.polygon(draw, [(0, 0, 0), (w, 0, 0), (w, d, 0), (0, d, 0)], floor)
        for i in range(1, int(w)):  # floorboards or tiles
            self.polygon(
                draw,
                [(i, 0, 0.005), (i + 0.03, 0, 0.005), (i + 0.03, d, 0.005), (i, d, 0.005)],
                shade(floor, -0.06),
            )
        self.polygon(draw, [(0, 0, 0), (0, d, 0), (0, d, h), (0, 0, h)], shade(wall, -0.1))
        self.polygon(draw, [(0, 0, 0), (w, 0, 0), (w, 0, h), (0, 0, h)], wall)
        # Wall tops, as a cut-away model shows them.
        t = 0.18
        self.polygon(
            draw,
            [(-t, -t, h), (w, -t, h), (w, 0, h), (0, 0, h), (0, d, h), (-t, d, h)],
            shade(wall, 0.35),
        )
        self.polygon(
            draw, [(0, 0, 0.01), (w, 0, 0.01), (w, 0, 0.16), (0, 0, 0.16)], shade(wall, -0.25)
        )  # skirting

    def _shadows(self, image: Image.Image) -> None:
        """A blurred pool under each object (the items record their footprints)."""
        mask = Image.new("L", image.size, 0)
        draw = ImageDraw.Draw(mask)
        for x, y, w, d in getattr(self, "footprints", []):
            corners = [
                (x + 0.15, y + 0.25, 0),
                (x + w + 0.35, y + 0.25, 0),
                (x + w + 0.35, y + d + 0.35, 0),
                (x + 0.15, y + d + 0.35, 0),
            ]
            draw.polygon([self.point(*c) for c in corners], fill=70)
        # Blurred at a quarter of the size, where it costs a sixteenth: a shadow has no detail.
        small = mask.reduce(4).filter(ImageFilter.GaussianBlur(9 * SCALE / 4))
        mask = small.resize(image.size, Image.Resampling.BILINEAR)
        image.paste(Image.new("RGB", image.size, shade(self.palette["floor"], -0.5)), mask=mask)

    def footprint(self, x, y, w, d) -> None:
        self.__dict__.setdefault("footprints", []).append((x, y, w, d))


# Furniture and machines: each adds itself at (x, y) and records its footprint.


def desk(scene: Scene, x, y, w=2.2, d=1.1, top: Colour = WHITE, screen=True, laptop=False):
    leg = shade(NAVY, 0.2)

    def drawing(draw):
        for lx, ly in (
            (x + 0.05, y + d - 0.15),
            (x + w - 0.15, y + d - 0.15),
            (x + w - 0.15, y + 0.05),
        ):
            scene.box(draw, lx, ly, 0, 0.1, 0.1, 0.75, leg)
        scene.box(draw, x, y, 0.75, w, d, 0.08, top)
        if screen:
            scene.box(draw, x + w / 2 - 0.1, y + 0.2, 0.83, 0.2, 0.15, 0.3, NAVY)
            scene.box(draw, x + w / 2 - 0.55, y + 0.15, 1.05, 1.1, 0.08, 0.62, NAVY)
            scene.box(
                draw,
                x + w / 2 - 0.5,
                y + 0.155,
                1.1,
                1.0,
                0.08,
                0.52,
                mix(GLASS, scene.palette["accent"], 0.35),
            )
        if laptop:
            scene.box(draw, x + 0.3, y + d - 0.75, 0.83, 0.7, 0.5, 0.04, shade(NAVY, 0.55))
            scene.box(draw, x + 0.3, y + d - 0.8, 0.87, 0.7, 0.05, 0.45, shade(NAVY, 0.4))
        scene.box(draw, x + w - 0.5, y + d - 0.5, 0.83, 0.18, 0.18, 0.2, ORANGE)  # a cup

    scene.footprint(x, y, w, d)
    scene.add(x + w / 2, y + d / 2, drawing)


def chair(scene: Scene, x, y, colour: Colour):
    def drawing(draw):
        scene.box(draw, x + 0.25, y + 0.25, 0, 0.1, 0.1, 0.45, shade(NAVY, 0.2))
        scene.box(draw, x, y, 0.45, 0.6, 0.6, 0.1, colour)
        scene.box(draw, x, y + 0.55, 0.55, 0.6, 0.1, 0.6, colour)

    scene.footprint(x, y, 0.6, 0.6)
    scene.add(x + 0.3, y + 0.6, drawing)


def plant(scene: Scene, x, y, size=0.6, leaf: Colour = (64, 140, 90)):
    def drawing(draw):
        scene.box(draw, x, y, 0, 0.5, 0.5, 0.55, CREAM)
        cx, cy = scene.point(x + 0.25, y + 0.25, 0.55 + size)
        r = size * scene.unit * 0.75
        draw.ellipse((cx - r, cy - r * 1.25, cx + r, cy + r * 0.9), fill=shade(leaf, -0.15))
        draw.ellipse((cx - r * 0.65, cy - r * 1.1, cx + r * 0.45, cy + r * 0.2), fill=leaf)

    scene.footprint(x, y, 0.5, 0.5)
    scene.add(x + 0.25, y + 0.5, drawing)


def workbench(scene: Scene, x, y, w=2.6, d=1.2, vise=True):
    wood = (190, 140, 90)

    def drawing(draw):
        for lx, ly in (
            (x + 0.1, y + d - 0.25),
            (x + w - 0.25, y + d - 0.25),
            (x + w - 0.25, y + 0.1),
        ):
            scene.box(draw, lx, ly, 0, 0.15, 0.15, 0.8, shade(NAVY, 0.15))
        scene.box(draw, x + 0.1, y + 0.1, 0.25, w - 0.2, d - 0.2, 0.06, shade(wood, -0.2))
        scene.box(draw, x, y, 0.8, w, d, 0.16, wood)
        if vise:
            scene.box(
                draw, x + w - 0.7, y + d - 0.45, 0.96, 0.45, 0.3, 0.2, scene.palette["accent"]
            )
        scene.box(draw, x + 0.4, y + 0.3, 0.96, 0.9, 0.5, 0.12, shade(ORANGE, 0.1))  # a part

    scene.footprint(x, y, w, d)
    scene.add(x + w / 2, y + d / 2, drawing)


def drill_press(scene: Scene, x, y):
    body = scene.palette["accent"]

    def drawing(draw):
        scene.box(draw, x, y, 0, 0.8, 0.8, 0.15, NAVY)
        scene.box(draw, x + 0.3, y + 0.1, 0.15, 0.15, 0.15, 1.9, shade(NAVY, 0.35))
        scene.box(draw, x + 0.2, y + 0.3, 0.9, 0.45, 0.45, 0.08, shade(NAVY, 0.5))
        scene.box(draw, x + 0.15, y + 0.05, 1.65, 0.6, 0.75, 0.45, body)
        scene.box(draw, x + 0.38, y + 0.5, 1.35, 0.06, 0.06, 0.3, shade(NAVY, 0.6))

    scene.footprint(x, y, 0.8, 0.8)
    scene.add(x + 0.4, y + 0.8, drawing)


def printer(scene: Scene, x, y, part: Colour):
    frame = NAVY

    def drawing(draw):
        scene.box(draw, x, y, 0.8, 1.0, 1.0, 0.12, frame)
        for px, py in ((x, y), (x + 0.9, y), (x + 0.9, y + 0.9), (x, y + 0.9)):
            scene.box(draw, px, py, 0.92, 0.1, 0.1, 0.95, frame)
        scene.box(draw, x + 0.15, y + 0.15, 0.92, 0.7, 0.7, 0.05, shade(frame, 0.6))
        scene.box(draw, x + 0.35, y + 0.35, 0.97, 0.3, 0.3, 0.3, part)
        scene.box(draw, x, y, 1.87, 1.0, 1.0, 0.08, frame)
        scene.box(draw, x + 0.4, y + 0.4, 1.5, 0.2, 0.2, 0.3, ORANGE)

    scene.add(x + 0.5, y + 0.5, drawing)


def cabinet(scene: Scene, x, y, w=2.6, d=1.1, colour: Colour = CREAM):
    """A low cabinet (what printers stand on)."""

    def drawing(draw):
        scene.box(draw, x, y, 0, w, d, 0.8, colour)
        for i in range(1, 3):
            corners = [
                (x + w * i / 3 - 0.02, y + d + 0.001, 0.1),
                (x + w * i / 3 + 0.02, y + d + 0.001, 0.1),
                (x + w * i / 3 + 0.02, y + d + 0.001, 0.7),
                (x + w * i / 3 - 0.02, y + d + 0.001, 0.7),
            ]
            scene.polygon(draw, corners, shade(colour, -0.4))

    scene.footprint(x, y, w, d)
    scene.add(x + w / 2, y + d / 2, drawing)


def laser_cutter(scene: Scene, x, y):
    def drawing(draw):
        scene.box(draw, x, y, 0, 2.4, 1.4, 0.95, WHITE)
        scene.box(draw, x + 0.05, y + 0.05, 0.95, 2.3, 1.3, 0.18, scene.palette["accent"])
        scene.box(draw, x + 0.3, y + 0.25, 1.13, 1.8, 0.9, 0.02, shade(ORANGE, 0.45))
        scene.box(draw, x + 2.0, y + 1.1, 0.95, 0.3, 0.25, 0.05, ORANGE)

    scene.footprint(x, y, 2.4, 1.4)
    scene.add(x + 1.2, y + 0.7, drawing)


def rack(scene: Scene, x, y, rng: random.Random):
    def drawing(draw):
        scene.box(draw, x, y, 0, 0.9, 0.9, 2.4, NAVY)
        for level in range(8):
            z = 0.25 + level * 0.26
            colour = (80, 220, 140) if rng.random() < 0.6 else ORANGE
            lx = x + 0.12
            corners = [
                (lx, y + 0.901, z),
                (lx + 0.12, y + 0.901, z),
                (lx + 0.12, y + 0.901, z + 0.06),
                (lx, y + 0.901, z + 0.06),
            ]
            scene.polygon(draw, corners, colour)
            corners = [
                (lx + 0.25, y + 0.901, z),
                (x + 0.8, y + 0.901, z),
                (x + 0.8, y + 0.901, z + 0.03),
                (lx + 0.25, y + 0.901, z + 0.03),
            ]
            scene.polygon(draw, corners, shade(NAVY, 0.3))

    scene.footprint(x, y, 0.9, 0.9)
    scene.add(x + 0.45, y + 0.9, drawing)


def sofa(scene: Scene, x, y, colour: Colour):
    def drawing(draw):
        scene.box(draw, x, y, 0, 2.4, 1.0, 0.45, shade(colour, -0.1))
        scene.box(draw, x, y, 0.45, 2.4, 0.3, 0.55, colour)
        scene.box(draw, x, y, 0.45, 0.25, 1.0, 0.25, colour)
        scene.box(draw, x + 2.15, y, 0.45, 0.25, 1.0, 0.25, colour)
        scene.box(draw, x + 0.3, y + 0.3, 0.45, 1.8, 0.65, 0.12, shade(colour, 0.15))

    scene.footprint(x, y, 2.4, 1.0)
    scene.add(x + 1.2, y + 0.5, drawing)


def long_table(scene: Scene, x, y, w=4.0, d=1.4, top: Colour = WHITE):
    def drawing(draw):
        scene.box(draw, x + 0.4, y + 0.4, 0, 0.2, 0.2, 0.75, shade(NAVY, 0.2))
        scene.box(draw, x + w - 0.6, y + d - 0.6, 0, 0.2, 0.2, 0.75, shade(NAVY, 0.2))
        scene.box(draw, x, y, 0.75, w, d, 0.08, top)
        for i in range(3):
            scene.box(draw, x + 0.5 + i * 1.2, y + 0.35, 0.83, 0.6, 0.4, 0.03, CREAM)

    scene.footprint(x, y, w, d)
    scene.add(x + w / 2, y + d / 2, drawing)


def stage(scene: Scene, x, y, w, d):
    def drawing(draw):
        scene.box(draw, x, y, 0, w, d, 0.3, shade(NAVY, 0.25))
        scene.box(draw, x + w * 0.45, y + d * 0.45, 0.3, 0.5, 0.35, 1.05, WHITE)  # a lectern

    scene.footprint(x, y, w, d)
    scene.add(x + w / 2, y + d / 2 - 1, drawing)


# Things on the walls


def window(scene: Scene, draw, x, z=1.0, w=2.0, h=1.8, side=False):
    place = scene.on_side_wall if side else scene.on_back_wall
    place(draw, x - 0.08, z - 0.08, w + 0.16, h + 0.16, WHITE)
    place(draw, x, z, w, h, GLASS, inset=0.03)
    place(draw, x + w / 2 - 0.04, z, 0.08, h, WHITE, inset=0.04)
    place(draw, x, z + h * 0.55, w, 0.08, WHITE, inset=0.04)


def pegboard(scene: Scene, draw, x, rng: random.Random, side=False):
    place = scene.on_side_wall if side else scene.on_back_wall
    place(draw, x, 1.2, 2.6, 1.5, (214, 176, 130))
    for i in range(7):  # tools: handles and heads as bars
        tx = x + 0.2 + i * 0.34
        length = rng.uniform(0.5, 1.0)
        colour = rng.choice([NAVY, scene.palette["accent"], ORANGE, shade(NAVY, 0.4)])
        place(draw, tx, 2.5 - length, 0.09, length, colour, inset=0.04)
        if rng.random() < 0.6:
            place(draw, tx - 0.08, 2.4, 0.25, 0.12, shade(NAVY, 0.3), inset=0.05)


def shelf(scene: Scene, draw, x, rng: random.Random, side=False, levels=3, w=2.2):
    place = scene.on_side_wall if side else scene.on_back_wall
    for level in range(levels):
        z = 1.1 + level * 0.6
        place(draw, x, z, w, 0.06, shade(NAVY, 0.2), inset=0.04)
        bx = x + 0.1
        while bx < x + w - 0.3:
            width = rng.uniform(0.12, 0.35)
            height = rng.uniform(0.25, 0.45)
            colour = rng.choice([scene.palette["accent"], ORANGE, CREAM, NAVY, GLASS])
            place(draw, bx, z + 0.06, width, height, colour, inset=0.05)
            bx += width + rng.uniform(0.03, 0.15)


def board(scene: Scene, draw, x, rng: random.Random, side=False):
    """A whiteboard with sticky notes (colours, no writing)."""
    place = scene.on_side_wall if side else scene.on_back_wall
    place(draw, x - 0.06, 1.04, 3.12, 1.62, shade(NAVY, 0.5))
    place(draw, x, 1.1, 3.0, 1.5, WHITE, inset=0.03)
    for col in range(5):
        for row in range(3):
            if rng.random() < 0.7:
                colour = rng.choice([ORANGE, shade(ORANGE, 0.5), GLASS, (160, 220, 180)])
                place(draw, x + 0.25 + col * 0.55, 1.3 + row * 0.42, 0.32, 0.3, colour, inset=0.04)


def screen_wall(scene: Scene, draw, x):
    scene.on_back_wall(draw, x - 0.1, 1.0, 4.2, 2.2, NAVY)
    scene.on_back_wall(draw, x, 1.1, 4.0, 2.0, mix(scene.palette["accent"], WHITE, 0.25), 0.03)
    for i, height in enumerate((0.5, 0.9, 0.7, 1.3, 1.6)):  # a chart of bars
        scene.on_back_wall(draw, x + 0.5 + i * 0.65, 1.35, 0.4, height, ORANGE, inset=0.04)


def lamp(scene: Scene, draw, x, y, h):
    top = scene.point(x, y, h)
    bottom = scene.point(x, y, h - 0.9)
    draw.line([top, bottom], fill=shade(NAVY, 0.3), width=2 * SCALE)
    r = 0.32 * scene.unit
    draw.pieslice(
        (bottom[0] - r, bottom[1] - r * 0.6, bottom[0] + r, bottom[1] + r * 0.6),
        180,
        360,
        fill=ORANGE,
    )


# The rooms


def _main_floor(scene: Scene, kind: str, rng: random.Random) -> Callable:
    accent = scene.palette["accent"]
    seat = rng.choice([ORANGE, accent, shade(accent, 0.3)])
    if kind in ("coworking", "incubator", "accelerator", "hackerspace"):
        rows = rng.choice([(2.0, 5.2), (2.3, 5.6)])
        for row_y in rows:
            for col in range(3):
                x = 1.0 + col * 2.7
                desk(scene, x, row_y, screen=rng.random() < 0.7, laptop=rng.random() < 0.5)
                chair(scene, x + 0.8, row_y + 1.3, seat)
        plant(scene, 9.1, 0.4, leaf=(60, 140, 90))
        if kind == "hackerspace":
            rack(scene, 0.3, 0.3, rng)
            rack(scene, 1.3, 0.3, rng)
        else:
            sofa(scene, rng.uniform(3.5, 5.0), 0.4, shade(accent, 0.25))
    else:  # makerspaces and fab labs: benches on the floor
        workbench(scene, 1.2, 2.2)
        workbench(scene, 5.0, 2.2, vise=rng.random() < 0.5)
        workbench(scene, 1.2, 5.6, vise=False)
        long_table(scene, 5.0, 5.4, w=3.8, top=CREAM)
        for x in (1.6, 2.8, 5.6, 7.2):
            chair(scene, x, 7.1 if x > 4 else 7.1, seat)
        plant(scene, 9.0, 0.4)

    def walls(draw):
        window(scene, draw, rng.uniform(0.6, 1.4))
        window(scene, draw, rng.uniform(4.4, 5.2))
        shelf(scene, draw, 2.5, rng, side=True, levels=2)
        for x in (2.0, 5.0, 8.0):
            lamp(scene, draw, x, 4.0, scene.height + 0.2)

    return walls


def _workshop(scene: Scene, kind: str, rng: random.Random) -> Callable:
    part = rng.choice([ORANGE, scene.palette["accent"], (80, 180, 140)])
    if kind in ("fablab", "makerspace", "hackerspace"):
        cabinet(scene, 0.2, 0.2)
        printer(scene, 0.4, 0.25, part)
        printer(scene, 1.6, 0.25, shade(part, 0.3))
        laser_cutter(scene, 5.8, 0.3)
        drill_press(scene, 0.4, 4.0)
        workbench(scene, 3.2, 3.8, w=3.0)
        workbench(scene, 3.2, 6.6, w=3.0, vise=False)
        chair(scene, 7.3, 5.0, ORANGE)
        if kind == "hackerspace":
            rack(scene, 8.6, 0.3, rng)
        else:
            plant(scene, 8.9, 0.4)
    else:  # offices: a meeting room and a project wall
        long_table(scene, 2.6, 4.0, w=4.6, d=1.6)
        for x in (3.0, 4.4, 5.8):
            chair(scene, x, 3.0, ORANGE)
            chair(scene, x, 6.0, scene.palette["accent"])
        if kind == "accelerator":
            stage(scene, 6.0, 0.4, 3.6, 2.0)
        plant(scene, 0.4, 8.6)
        plant(scene, 9.0, 0.4, size=0.8)

    def walls(draw):
        if kind in ("fablab", "makerspace", "hackerspace"):
            pegboard(scene, draw, 3.0, rng)
            pegboard(scene, draw, 1.0, rng, side=True)
            window(scene, draw, 5.0, side=True, w=2.2)
        elif kind == "accelerator":
            screen_wall(scene, draw, 1.2)
            window(scene, draw, 3.0, side=True)
        else:
            board(scene, draw, 1.0, rng)
            window(scene, draw, 5.6, w=2.4)
            shelf(scene, draw, 2.0, rng, side=True)
        for x in (3.0, 6.5):
            lamp(scene, draw, x, 4.8, scene.height + 0.2)

    return walls


def draw_room(kind: str, seed: str, position: int = 0, size: tuple[int, int] = SIZE):
    """An illustration of a room of this kind of space, `size` pixels (wide rather than
    tall); the same for the same seed and position (the main floor, then the workshop)."""
    rng = random.Random(f"{seed}/{position}")
    palette = dict(PALETTES.get(kind, PALETTES["makerspace"]))
    palette["wall"] = mix(palette["wall"], WHITE, rng.uniform(0, 0.3))
    # The room is 3.6 (walls) + 10 (floor) + 0.45 (its edge) units tall on screen: it fills
    # the height but for a margin.
    # It is 2 × 10 × cos 30° = 17.32 units wide.
    unit = min(size[1] / 14.05, size[0] / 17.32) * 0.93 * SCALE
    origin = (size[0] * SCALE / 2, (size[1] * SCALE - 14.05 * unit) / 2 + 3.6 * unit)
    scene = Scene(palette=palette, rng=rng, size=size, unit=unit, origin=origin)
    room = _main_floor if position % 2 == 0 else _workshop
    walls = room(scene, kind, rng)
    image = scene.render(walls)
    if rng.random() < 0.5:  # seen from the other corner
        image = image.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    return image


@functools.lru_cache(maxsize=64)
def draw_demo_photo(kind: str, seed: str, position: int) -> bytes:
    """A JPEG illustration of a room of this kind of space; the same for the same seed (kept,
    so loading the demo again in one process, as tests do, does not draw it again)."""
    image = draw_room(kind, seed, position)
    buffer = BytesIO()
    image.save(buffer, "JPEG", quality=88, optimize=True)
    return buffer.getvalue()
