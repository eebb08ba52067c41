"""Photos and avatars in modern formats: the worker writes WebP and AVIF copies beside the
original's, and pages offer them through one <picture> (spaces/templatetags/images.py)."""

import importlib
import io
import re

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from spaces.models import SpacePhoto
from tests.factories import MakerFactory, MembershipPlanFactory, SpaceFactory, SpacePhotoFactory

pytestmark = pytest.mark.django_db


def upload(name: str, fmt: str, size: tuple[int, int]) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 80, 40)).save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def decoded(file) -> tuple[str, tuple[int, int]]:
    with file.open("rb"), Image.open(file) as image:
        image.load()  # decoded in full, not only the header
        return image.format, image.size


def test_a_photo_gets_webp_and_avif_copies_of_both_sizes(db):
    photo = SpacePhotoFactory(image=upload("wide.jpg", "JPEG", (1600, 1000)))

    assert decoded(photo.thumbnail_webp) == ("WEBP", (400, 250))
    assert decoded(photo.large_webp) == ("WEBP", (1200, 750))
    assert decoded(photo.thumbnail_avif) == ("AVIF", (400, 250))
    assert decoded(photo.large_avif) == ("AVIF", (1200, 750))
    assert photo.large_avif.name == photo.image.name.replace(".jpg", "_1200w.avif")


def test_a_png_with_transparency_keeps_it_in_the_modern_copies(db):
    buffer = io.BytesIO()
    Image.new("RGBA", (500, 400), (0, 0, 0, 0)).save(buffer, "PNG")
    photo = SpacePhotoFactory(image=SimpleUploadedFile("logo.png", buffer.getvalue()))

    with photo.thumbnail_webp.open("rb"), Image.open(photo.thumbnail_webp) as image:
        assert image.mode == "RGBA"
        assert image.getpixel((10, 10))[3] == 0


def test_an_avatar_gets_webp_and_avif_squares(db):
    maker = MakerFactory(avatar=upload("me.png", "PNG", (500, 300)))

    assert decoded(maker.avatar_small_webp) == ("WEBP", (96, 96))
    assert decoded(maker.avatar_large_webp) == ("WEBP", (256, 256))
    assert decoded(maker.avatar_small_avif) == ("AVIF", (96, 96))
    assert decoded(maker.avatar_large_avif) == ("AVIF", (256, 256))


def pictures(html: str) -> list[str]:
    return re.findall(r"<picture.*?</picture>", html, re.S)


def test_a_card_offers_avif_then_webp_then_the_original(client):
    space = SpaceFactory()
    photo = SpacePhotoFactory(space=space, image=upload("wide.jpg", "JPEG", (1600, 1000)))

    (picture,) = pictures(client.get("/en/spaces/").content.decode())

    avif = f'<source type="image/avif" srcset="{photo.thumbnail_avif.url} 400w, '
    webp = f'<source type="image/webp" srcset="{photo.thumbnail_webp.url} 400w, '
    assert avif in picture and webp in picture
    assert picture.index(avif) < picture.index(webp) < picture.index("<img")
    assert f'src="{photo.thumbnail.url}"' in picture
    assert f'srcset="{photo.thumbnail.url} 400w, {photo.large.url} 1200w"' in picture
    assert 'width="1600" height="1000"' in picture
    assert 'alt=""' in picture  # the card's title says what it is


def test_until_the_copies_exist_the_page_shows_the_original_alone(client):
    space = SpaceFactory(slug="lab")
    photo = SpacePhotoFactory(space=space, renditions=False)

    html = client.get("/en/spaces/lab/").content.decode()

    assert f'src="{photo.image.url}"' in html
    assert "<source" not in html and "srcset" not in html


def test_only_the_first_card_of_a_list_is_fetched_eagerly(client):
    for name in ("A space", "B space", "C space"):
        SpacePhotoFactory(space=SpaceFactory(name_en=name))

    found = pictures(client.get("/en/spaces/?sort=name").content.decode())

    assert len(found) == 3
    assert 'fetchpriority="high"' in found[0] and 'loading="lazy"' not in found[0]
    for picture in found[1:]:
        assert 'loading="lazy"' in picture and "fetchpriority" not in picture


def test_the_gallery_alt_text_does_not_repeat_the_caption(client):
    space = SpaceFactory(slug="lab", name_en="Fab Lab")
    SpacePhotoFactory(space=space, caption_en="Main floor", position=0)
    SpacePhotoFactory(space=space, position=1)

    html = client.get("/en/spaces/lab/").content.decode()

    # The caption is the first photo's text (its <img> is then alt=""); the second has none.
    assert '<figcaption id="photo-1-caption">Main floor</figcaption>' in html
    assert 'alt="Main floor"' not in html
    assert 'alt="Fab Lab, photo 1"' not in html
    assert 'alt="Fab Lab, photo 2"' in html


# Spaces without photos


def test_a_card_without_a_photo_shows_the_kind_emblem_city_and_price(client):
    space = SpaceFactory(kind="fablab", city__name_en="Shenzhen")
    MembershipPlanFactory(space=space, price=1500)

    html = client.get("/en/spaces/").content.decode()

    visual = re.search(r'<div class="space-visual space-visual--fablab.*?</div>', html, re.S)
    assert visual, "the designed panel"
    assert '/static/img/kinds/fablab.svg"' in visual.group() or "kinds/fablab." in visual.group()
    assert "Shenzhen" in visual.group()
    assert "from ¥1,500" in visual.group()
    assert "card__image--empty" not in html


def test_the_panel_is_translated(client):
    space = SpaceFactory(kind="coworking", desks=40, city__name_en="Shanghai", city__name_zh="上海")

    html = client.get(space.get_absolute_url().replace("/en/", "/zh-hans/")).content.decode()

    visual = re.search(r'<div class="space-visual .*?</div>', html, re.S).group()
    assert "上海" in visual
    assert "40 个工位" in visual


@pytest.mark.parametrize(
    "kind", ["makerspace", "coworking", "fablab", "hackerspace", "incubator", "accelerator"]
)
def test_every_kind_has_an_emblem(client, kind):
    from django.contrib.staticfiles import finders

    path = finders.find(f"img/kinds/{kind}.svg")

    assert path
    svg = open(path, encoding="utf-8").read()
    assert svg.startswith("<svg") and "<text" not in svg and "<script" not in svg


def test_the_migration_gives_photos_stored_before_the_modern_formats_their_copies(db):
    migration = importlib.import_module("spaces.migrations.0017_add_modern_format_renditions")
    photo = SpacePhotoFactory(image=upload("old.jpg", "JPEG", (1600, 1000)))
    modern = ("thumbnail_webp", "large_webp", "thumbnail_avif", "large_avif")
    SpacePhoto.objects.filter(pk=photo.pk).update(**dict.fromkeys(modern, ""))

    migration.write_modern_renditions(apps, None)

    photo.refresh_from_db()
    assert decoded(photo.thumbnail_avif) == ("AVIF", (400, 250))
    assert decoded(photo.large_webp) == ("WEBP", (1200, 750))
    assert photo.thumbnail.name.endswith("_400w.jpg")  # the old copies stay as they were
