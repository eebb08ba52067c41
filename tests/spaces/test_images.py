"""Uploaded photos and avatars: hostile files are refused, good ones re-encoded clean, with
thumbnails made by a worker after the upload and old files deleted (spaces/images.py)."""

import io
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.forms import modelform_factory
from django.urls import reverse
from PIL import ExifTags, Image, ImageCms

from members.models import Maker
from spaces.images import (
    MAX_BYTES,
    PHOTO_RENDITIONS,
    SafeImageFormField,
    clean_uploaded_image,
    make_renditions,
)
from spaces.models import Space, SpacePhoto
from tests.factories import MakerFactory, SpaceFactory, SpacePhotoFactory
from tests.helpers import admin_url

# The original, and its two sizes in its own format, WebP and AVIF.
FILES_PER_IMAGE = 1 + len(PHOTO_RENDITIONS)

# Files


def image_bytes(fmt: str = "JPEG", size=(64, 48), mode: str = "RGB", **options) -> bytes:
    colour = (200, 80, 40, 128)[: len(mode)] if mode in ("RGB", "RGBA") else 128
    buffer = io.BytesIO()
    Image.new(mode, size, colour).save(buffer, fmt, **options)
    return buffer.getvalue()


def png_declaring(width: int, height: int) -> bytes:
    """A 1×1 PNG whose header claims another size: tiny on disk, huge once decoded."""
    data = bytearray(image_bytes("PNG", (1, 1)))
    # Signature (8), IHDR length (4), "IHDR" (4), width and height, …; CRC over type + 13 bytes.
    struct.pack_into(">II", data, 16, width, height)
    struct.pack_into(">I", data, 29, zlib.crc32(bytes(data[12:29])))
    return bytes(data)


def truncated_jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.effect_noise((256, 256), 64).convert("RGB").save(buffer, "JPEG")
    data = buffer.getvalue()
    return data[: len(data) // 2]


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("shell.php", "<?php system($_GET['c']); ?>")
    return buffer.getvalue()


HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
    b"<script>alert(2)</script></svg>"
)
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 200
PAYLOADS = (b"<script", b"PK\x03\x04", b"<?php")

# (name, content, the ValidationError code)
HOSTILE = [
    pytest.param("bomb.png", lambda: png_declaring(20_000, 20_000), "too_many_pixels", id="bomb"),
    pytest.param(
        "huge.png", lambda: image_bytes("PNG", (7000, 6000), "1"), "too_many_pixels", id="42mp"
    ),
    pytest.param("drawing.svg", lambda: SVG, "invalid_image", id="svg-with-script"),
    pytest.param("photo.jpg", lambda: HTML, "invalid_image", id="html-as-jpg"),
    pytest.param("photo.png", lambda: ELF, "invalid_image", id="elf-as-png"),
    pytest.param("cut.jpg", truncated_jpeg, "damaged_image", id="truncated-jpeg"),
    pytest.param("anim.gif", lambda: image_bytes("GIF"), "invalid_image", id="gif"),
    pytest.param("big.jpg", lambda: image_bytes() + b"\0" * MAX_BYTES, "too_large", id="over-10mb"),
    pytest.param("empty.jpg", lambda: b"", "empty", id="empty"),
]

# Good images with something hidden: must come out as images without it.
POLYGLOTS = [
    pytest.param("photo.jpg", lambda: image_bytes() + HTML + zip_bytes(), id="jpeg+html+zip"),
    pytest.param(
        "photo.jpg",
        lambda: image_bytes(comment=b"<?php system($_GET['c']); ?><script>x</script>"),
        id="jpeg-comment",
    ),
    pytest.param("photo.png", lambda: image_bytes("PNG") + zip_bytes() + HTML, id="png+zip+html"),
]


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/jpeg")


def stored_files(settings) -> list[Path]:
    return sorted(path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file())


def gps_jpeg(size=(640, 480)) -> bytes:
    """A JPEG with GPS coordinates (Beijing) and an ICC profile, as phones write them."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Maker2 test camera"
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (39.0, 54.0, 15.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (116.0, 24.0, 26.0),
    }
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    data = image_bytes("JPEG", size, exif=exif, icc_profile=icc)
    with Image.open(io.BytesIO(data)) as image:  # the test means something only if it is there
        assert image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    return data


def assert_no_metadata(data: bytes) -> None:
    with Image.open(io.BytesIO(data)) as image:
        assert not image.getexif()
        assert "exif" not in image.info
        assert "icc_profile" not in image.info
        assert "comment" not in image.info
    assert b"Exif" not in data
    assert b"Maker2 test camera" not in data


# The validator


@pytest.mark.parametrize(("name", "content", "code"), HOSTILE)
def test_the_validator_refuses_hostile_files(name, content, code):
    with pytest.raises(ValidationError) as refusal:
        clean_uploaded_image(upload(name, content()))

    assert refusal.value.code == code


def test_a_bomb_is_refused_with_a_message_naming_the_limit():
    with pytest.raises(ValidationError) as refusal:
        clean_uploaded_image(upload("bomb.png", png_declaring(20_000, 20_000)))

    assert "40 megapixels" in refusal.value.messages[0]


@pytest.mark.parametrize(("name", "content"), POLYGLOTS)
def test_a_polyglot_comes_out_without_its_payload(name, content):
    original = content()
    assert any(payload in original for payload in PAYLOADS)

    clean = clean_uploaded_image(upload(name, original)).read()

    assert not any(payload in clean for payload in PAYLOADS)
    with Image.open(io.BytesIO(clean)) as image:
        image.load()


@pytest.mark.parametrize(
    ("fmt", "mode", "extension"),
    [("JPEG", "RGB", "jpg"), ("PNG", "RGBA", "png"), ("WEBP", "RGBA", "webp")],
)
def test_jpeg_png_and_webp_are_kept_in_their_format(fmt, mode, extension):
    clean = clean_uploaded_image(upload("upload.bin", image_bytes(fmt, (30, 20), mode)))

    assert clean.name == f"image.{extension}"
    with Image.open(clean) as image:
        assert (image.format, image.size) == (fmt, (30, 20))
        if mode == "RGBA":  # transparency survives
            assert image.convert("RGBA").getpixel((0, 0))[3] == 128


def test_exif_with_gps_and_the_icc_profile_are_dropped():
    clean = clean_uploaded_image(upload("phone.jpg", gps_jpeg()))

    assert_no_metadata(clean.read())


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_exif_is_dropped_from_png_and_webp_too(fmt):
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Maker2 test camera"
    original = image_bytes(fmt, exif=exif)
    assert b"Maker2 test camera" in original

    assert_no_metadata(clean_uploaded_image(upload("upload", original)).read())


def test_the_exif_orientation_is_applied():
    # Stored 60 wide × 40 high with its top band red; orientation 6 says "turn 90° clockwise".
    image = Image.new("RGB", (60, 40), "blue")
    image.paste("red", (0, 0, 60, 10))
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, quality=95)

    clean = clean_uploaded_image(upload("sideways.jpg", buffer.getvalue()))

    with Image.open(clean) as upright:
        assert upright.size == (40, 60)
        red, green, blue = upright.getpixel((37, 30))  # the red band is now on the right
        assert red > 200 and blue < 60
        assert upright.getpixel((5, 30))[2] > 200
        assert not upright.getexif()


def test_a_cmyk_jpeg_becomes_rgb():
    clean = clean_uploaded_image(upload("print.jpg", image_bytes("JPEG", mode="CMYK")))

    with Image.open(clean) as image:
        assert (image.format, image.mode) == ("JPEG", "RGB")


# The admin: a photo added inline on the space's change page


def change_page_data(client, space: Space) -> dict:
    """What the space's change page posts back untouched: its form and every inline."""
    response = client.get(admin_url(Space, "change", space.pk))
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False or hasattr(value, "url"):
                continue
            if value is True:
                value = "on"
            elif isinstance(value, (list, tuple)):
                value = [str(item) for item in value]
            else:
                value = str(value)
            data[form.add_prefix(name)] = value
    return data


def post_photo(client, space: Space, file: SimpleUploadedFile):
    data = change_page_data(client, space)
    index = int(data["photos-TOTAL_FORMS"])
    data["photos-TOTAL_FORMS"] = str(index + 1)
    data.update(
        {
            f"photos-{index}-image": file,
            f"photos-{index}-position": "0",
            f"photos-{index}-space": str(space.pk),
        }
    )
    return client.post(admin_url(Space, "change", space.pk), data)


def photo_errors(response) -> list[str]:
    for inline in response.context["inline_admin_formsets"]:
        if inline.formset.prefix == "photos":
            return [message for errors in inline.formset.errors for message in errors["image"]]
    raise AssertionError("no photo inline on the page")


@pytest.mark.parametrize(("name", "content", "code"), HOSTILE)
def test_the_admin_refuses_hostile_files_with_a_form_error(
    admin_client, settings, name, content, code
):
    space = SpaceFactory()

    response = post_photo(admin_client, space, upload(name, content()))

    assert response.status_code == 200
    assert len(photo_errors(response)) == 1
    assert not SpacePhoto.objects.exists()
    assert stored_files(settings) == []


def test_the_admin_stores_a_good_photo_clean_with_its_thumbnails(
    admin_client, settings, django_capture_on_commit_callbacks
):
    space = SpaceFactory()

    with django_capture_on_commit_callbacks(execute=True):  # the renditions come after it
        response = post_photo(admin_client, space, upload("IMG_0001.JPG", gps_jpeg((1600, 1000))))

    assert response.status_code == 302
    photo = SpacePhoto.objects.get(space=space)
    assert photo.image.name.startswith("spaces/photos/")
    assert "IMG_0001" not in photo.image.name
    assert (photo.width, photo.height) == (1600, 1000)
    with photo.image.open("rb") as file:
        assert_no_metadata(file.read())
    assert [Image.open(photo.thumbnail).size, Image.open(photo.large).size] == [
        (400, 250),
        (1200, 750),
    ]
    assert len(stored_files(settings)) == FILES_PER_IMAGE


@pytest.mark.parametrize(("name", "content"), POLYGLOTS)
def test_the_admin_keeps_a_polyglots_image_but_not_its_payload(
    admin_client, settings, name, content
):
    response = post_photo(admin_client, SpaceFactory(), upload(name, content()))

    assert response.status_code == 302
    for path in stored_files(settings):
        assert not any(payload in path.read_bytes() for payload in PAYLOADS)


def test_the_change_page_shows_the_thumbnail(admin_client):
    photo = SpacePhotoFactory()

    response = admin_client.get(admin_url(Space, "change", photo.space.pk))

    assert f'src="{photo.thumbnail.url}"' in response.content.decode()


# Thumbnails and old files


def test_photo_thumbnails_are_400_and_1200_pixels_wide(db):
    photo = SpacePhotoFactory(image=upload("wide.jpg", image_bytes(size=(1600, 1000))))

    assert Image.open(photo.thumbnail).size == (400, 250)
    assert Image.open(photo.large).size == (1200, 750)
    assert photo.thumbnail.name == photo.image.name.replace(".jpg", "_400w.jpg")


def test_a_small_photo_is_not_enlarged(db):
    photo = SpacePhotoFactory(image=upload("small.png", image_bytes("PNG", (300, 200))))

    assert Image.open(photo.thumbnail).size == (300, 200)
    assert Image.open(photo.large).format == "PNG"


def test_avatar_renditions_are_96_and_256_pixel_squares(db):
    maker = MakerFactory(avatar=upload("me.webp", image_bytes("WEBP", (500, 300))))

    assert Image.open(maker.avatar_small).size == (96, 96)
    assert Image.open(maker.avatar_large).size == (256, 256)
    assert Image.open(maker.avatar_large).format == "WEBP"


def test_an_image_assigned_in_code_is_cleaned_too(db):
    photo = SpacePhotoFactory(image=ContentFile(gps_jpeg(), name="from-a-script.jpg"))

    with photo.image.open("rb") as file:
        assert_no_metadata(file.read())
    assert photo.thumbnail


def test_replacing_a_photo_deletes_the_old_files(db, settings, django_capture_on_commit_callbacks):
    photo = SpacePhotoFactory()
    old = stored_files(settings)
    assert len(old) == FILES_PER_IMAGE

    with django_capture_on_commit_callbacks(execute=True):
        photo.image = upload("new.png", image_bytes("PNG"))
        photo.save()

    new = stored_files(settings)
    assert len(new) == FILES_PER_IMAGE
    assert not set(old) & set(new)
    assert {path.suffix for path in new} == {".png", ".webp", ".avif"}


def test_deleting_a_photo_deletes_it_and_its_thumbnails(
    db, settings, django_capture_on_commit_callbacks
):
    photo = SpacePhotoFactory()
    assert len(stored_files(settings)) == FILES_PER_IMAGE

    with django_capture_on_commit_callbacks(execute=True):
        photo.delete()

    assert stored_files(settings) == []


def test_clearing_an_avatar_empties_its_renditions_and_deletes_the_files(
    db, settings, django_capture_on_commit_callbacks
):
    maker = MakerFactory(avatar=upload("me.jpg", image_bytes()))
    assert len(stored_files(settings)) == FILES_PER_IMAGE

    with django_capture_on_commit_callbacks(execute=True):
        maker.avatar = None
        maker.save()

    maker.refresh_from_db()
    assert not maker.avatar and not maker.avatar_small and not maker.avatar_large
    assert stored_files(settings) == []


def test_the_upload_stores_the_original_and_the_copies_follow_after_the_commit(
    admin_client, client, settings, django_capture_on_commit_callbacks
):
    space = SpaceFactory(status=Space.Status.PUBLISHED)

    with django_capture_on_commit_callbacks() as callbacks:
        post_photo(admin_client, space, upload("big.jpg", image_bytes(size=(1600, 1000))))

    photo = SpacePhoto.objects.get()
    assert (photo.thumbnail.name, photo.large.name) == ("", "")
    assert len(stored_files(settings)) == 1
    page = client.get(space.get_absolute_url()).content.decode()
    assert f'src="{photo.image.url}"' in page and "srcset" not in page
    shown = client.get(reverse("api:space-detail", args=[space.slug])).json()["photos"][0]
    assert shown["thumbnail_url"] == shown["url"]

    for callback in callbacks:
        callback()

    photo.refresh_from_db()
    assert Image.open(photo.thumbnail).size == (400, 250)
    page = client.get(space.get_absolute_url()).content.decode()
    assert f'srcset="{photo.thumbnail.url} 400w, {photo.large.url} 1200w"' in page


def test_the_renditions_task_leaves_a_photo_replaced_meanwhile_alone(db, settings):
    photo = SpacePhotoFactory(renditions=False)
    first = photo.image.name
    photo.image = upload("second.png", image_bytes("PNG"))
    photo.save()

    make_renditions("spaces.SpacePhoto", photo.pk, "image", first)

    photo.refresh_from_db()
    assert photo.thumbnail.name == ""
    assert len(stored_files(settings)) == 2  # both originals; no copy of either


def test_the_renditions_task_does_nothing_for_a_deleted_photo(db, settings):
    photo = SpacePhotoFactory(renditions=False)
    pk, name = photo.pk, photo.image.name
    SpacePhoto.objects.filter(pk=pk).delete()

    make_renditions("spaces.SpacePhoto", pk, "image", name)

    assert [path.name for path in stored_files(settings)] == [Path(name).name]


def test_the_renditions_task_run_twice_makes_the_copies_once(db, settings):
    photo = SpacePhotoFactory()

    make_renditions("spaces.SpacePhoto", photo.pk, "image", photo.image.name)

    assert len(stored_files(settings)) == FILES_PER_IMAGE


def test_an_avatar_is_offered_whole_until_its_small_copy_is_made(client, db):
    maker = MakerFactory(avatar=upload("me.jpg", image_bytes()), renditions=False)

    shown = client.get(reverse("api:maker-detail", args=[maker.slug])).json()

    assert shown["avatar_small_url"] == shown["avatar_url"]


# Other forms on the same fields


def test_any_model_form_on_the_avatar_uses_the_safe_field():
    form_class = modelform_factory(Maker, fields=["display_name", "avatar"])
    assert isinstance(form_class.base_fields["avatar"], SafeImageFormField)
    assert form_class.base_fields["avatar"].widget.attrs["accept"] == (
        "image/jpeg,image/png,image/webp"
    )

    form = form_class(data={"display_name": "Li Wei"}, files={"avatar": upload("me.jpg", SVG)})

    assert not form.is_valid()
    assert form.errors["avatar"] == ["Upload a JPEG, PNG or WebP image; this file is not one."]


def test_demo_photos_get_thumbnails(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=io.StringIO())

    photos = list(SpacePhoto.objects.all())
    assert photos
    for photo in photos:
        assert Image.open(photo.thumbnail).size == (400, 267)
        assert Image.open(photo.large).size == (960, 640)
