"""Social cards (spaces/og_images.py): real 1200 × 630 PNGs drawn by the site, named in each
page's OpenGraph tags with their size, and kept in the cache once drawn."""

import io

import pytest
from PIL import Image

from spaces.models import Space
from tests.factories import (
    CityFactory,
    NetworkFactory,
    ProjectFactory,
    SpaceFactory,
    SpacePhotoFactory,
)

pytestmark = pytest.mark.django_db


def card(response) -> Image.Image:
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "max-age=" in response["Cache-Control"]
    image = Image.open(io.BytesIO(response.content))
    image.load()
    assert (image.format, image.size) == ("PNG", (1200, 630))
    return image.convert("RGB")


def test_a_space_with_a_photo_shares_its_photo(client):
    space = SpaceFactory(slug="lab")
    SpacePhotoFactory(space=space)  # a plain image in (200, 80, 40)

    image = card(client.get("/en/spaces/lab/og.png"))

    assert all(
        abs(a - b) < 8 for a, b in zip(image.getpixel((600, 300)), (200, 80, 40), strict=True)
    )


def test_a_space_without_a_photo_shares_the_room_of_its_kind(client):
    SpaceFactory(slug="lab", kind=Space.Kind.FABLAB)

    image = card(client.get("/en/spaces/lab/og.png"))

    assert len(image.quantize(64).getcolors()) > 20  # an illustration, not a flat tile


def test_a_card_is_drawn_once_and_then_served_from_the_cache(client, django_assert_num_queries):
    space = SpaceFactory(slug="lab")
    SpacePhotoFactory(space=space)
    first = client.get("/en/spaces/lab/og.png")

    # the space; its photo is not asked for again
    with django_assert_num_queries(1):
        second = client.get("/zh-hans/spaces/lab/og.png")

    assert second.content == first.content


def test_an_unpublished_space_has_no_card(client):
    SpaceFactory(slug="draft", status=Space.Status.DRAFT)

    assert client.get("/en/spaces/draft/og.png").status_code == 404


def test_cities_networks_projects_and_the_directory_have_cards(client):
    city = CityFactory(slug="beijing", latitude="39.9042", longitude="116.4074")
    SpaceFactory(city=city, latitude="39.95", longitude="116.30")
    NetworkFactory(slug="maker2")
    ProjectFactory(slug="drone", stage="growth")

    for url in (
        "/en/cities/beijing/og.png",
        "/en/networks/maker2/og.png",
        "/en/projects/drone/og.png",
        "/en/spaces/og.png",
    ):
        card(client.get(url))


@pytest.mark.parametrize(
    ("page", "image"),
    [
        ("/en/spaces/lab/", "/en/spaces/lab/og.png"),
        ("/zh-hans/spaces/lab/", "/zh-hans/spaces/lab/og.png"),
        ("/en/cities/beijing/", "/en/cities/beijing/og.png"),
        ("/en/networks/maker2/", "/en/networks/maker2/og.png"),
        ("/en/projects/drone/", "/en/projects/drone/og.png"),
        ("/en/spaces/", "/en/spaces/og.png"),
    ],
)
def test_pages_name_their_card_with_its_size(client, page, image):
    SpaceFactory(slug="lab", city=CityFactory(slug="beijing"))
    NetworkFactory(slug="maker2")
    ProjectFactory(slug="drone")

    html = client.get(page).content.decode()

    assert f'<meta property="og:image" content="http://testserver{image}">' in html
    assert '<meta property="og:image:width" content="1200">' in html
    assert '<meta property="og:image:height" content="630">' in html
