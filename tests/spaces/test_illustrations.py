"""The rooms drawn for a kind of space (spaces/illustrations.py): the same for the same
space, and different across kinds and positions."""

import io

from PIL import Image, ImageChops

from spaces.illustrations import SIZE, draw_demo_photo


def test_the_same_space_and_position_draw_the_same_picture():
    assert draw_demo_photo("fablab", "lab", 0) == draw_demo_photo("fablab", "lab", 0)


def test_kinds_and_positions_draw_different_rooms():
    drawn = {
        (kind, position): Image.open(io.BytesIO(draw_demo_photo(kind, "space", position)))
        for kind in ("makerspace", "coworking", "hackerspace")
        for position in (0, 1)
    }

    assert all(image.size == SIZE and image.format == "JPEG" for image in drawn.values())
    pictures = list(drawn.values())
    for i, first in enumerate(pictures):
        for second in pictures[i + 1 :]:
            assert ImageChops.difference(first, second).getbbox(), "two rooms are the same"


def test_a_picture_is_an_illustration_in_many_colours_not_a_gradient():
    image = Image.open(io.BytesIO(draw_demo_photo("coworking", "hub", 0))).convert("RGB")

    colours = image.quantize(64).getcolors()
    assert len(colours) > 20  # furniture, walls, floor and shadows, not two tones
