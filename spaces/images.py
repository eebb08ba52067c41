"""Uploaded images: what is accepted, how it is cleaned, and the smaller copies pages show.

Every photo and avatar goes through `clean_uploaded_image`: only JPEG, PNG and WebP, told
apart by their content (never by name), at most MAX_BYTES and MAX_PIXELS, decoded in full
(a truncated file fails), turned upright from its EXIF orientation, converted to sRGB and
saved afresh. The new file carries pixels only: no EXIF (GPS), no ICC profile, no comments,
and nothing appended after the image data, so a polyglot loses its payload.

Use it through the fields, which apply it everywhere:

- `SafeImageField` (model field): what `SpacePhoto.image` and `Maker.avatar` are. Any
  ModelForm on them (admin, the site's forms) gets `SafeImageFormField`; a file assigned in
  code is cleaned when the row is saved. Once the row is committed, a worker writes its
  renditions (the sizes in PHOTO_RENDITIONS and AVATAR_RENDITIONS) into sibling ImageFields
  (`make_renditions`); until then they are empty and pages show the original.
- `SafeImageFormField` (form field): for a plain Form; its cleaned value is a `CleanImage`
  to assign to the model field as it is.
- `clean_uploaded_image(file) -> CleanImage`: for anything else (an API serializer's
  `validate_<field>`); raises django.core.exceptions.ValidationError with a message for the
  uploader.

Old files are deleted when a row's file is replaced or the row deleted (django-cleanup).
"""

import warnings
from dataclasses import dataclass, replace
from io import BytesIO

from celery import shared_task
from django import forms
from django.apps import apps
from django.core import checks
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.db.models.signals import post_save
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from maker2.tasks import LoggedTask, enqueue_on_commit

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
FORMATS = ("JPEG", "PNG", "WEBP")
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "AVIF": "avif"}
ACCEPT = "image/jpeg,image/png,image/webp"
SAVE_OPTIONS = {
    "JPEG": {"quality": 85, "optimize": True},
    "PNG": {},
    # The encoders' faster settings: WebP's method 2 and AVIF's speed 9 take a quarter of the
    # time of the defaults (4 and 6; a 1200 px photo in about 0.1 s each) for files a few
    # per cent larger, and renditions are made for every upload.
    "WEBP": {"quality": 82, "method": 2},
    "AVIF": {"quality": 60, "speed": 9},
}
# Modes each format stores as they are; anything else is converted to RGB(A) first.
SAVABLE_MODES = {
    "JPEG": {"L", "RGB"},
    "PNG": {"1", "L", "LA", "I;16", "P", "RGB", "RGBA"},
    "WEBP": {"RGB", "RGBA"},
    "AVIF": {"RGB", "RGBA"},
}

# Pillow refuses images over twice this many pixels before decoding them, and warns above it;
# clean_uploaded_image turns the warning into a refusal too. Process-wide on purpose: no image
# this large should be decoded anywhere in Maker2.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS

SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


@dataclass(frozen=True)
class Rendition:
    """A smaller copy: `width` wide keeping the proportions (never enlarged), or, with a
    `height`, cropped to exactly width × height around the centre; in `format` (WEBP or
    AVIF, which browsers that can read them fetch instead), else in the original's."""

    width: int
    height: int | None = None
    format: str | None = None

    @property
    def suffix(self) -> str:
        return f"{self.width}x{self.height}" if self.height else f"{self.width}w"


def in_formats(renditions: dict[str, Rendition]) -> dict[str, Rendition]:
    """The renditions in the original's format, and each again as `<name>_webp` and
    `<name>_avif` (what a <picture> offers first: a third to a half of the JPEG's bytes)."""
    return {
        f"{name}{suffix}": replace(rendition, format=image_format)
        for suffix, image_format in (("", None), ("_webp", "WEBP"), ("_avif", "AVIF"))
        for name, rendition in renditions.items()
    }


# The sizes pages use, by the name of the ImageField that holds each (see the models).
PHOTO_RENDITIONS = in_formats({"thumbnail": Rendition(400), "large": Rendition(1200)})
AVATAR_RENDITIONS = in_formats(
    {"avatar_small": Rendition(96, 96), "avatar_large": Rendition(256, 256)}
)
# The modern formats, in the order a <picture> offers them, with their MIME types.
MODERN_FORMATS = (("_avif", "image/avif"), ("_webp", "image/webp"))


class CleanImage(ContentFile):
    """Bytes that `clean_uploaded_image` produced: stored as they are, not cleaned again."""


def clean_uploaded_image(file) -> CleanImage:
    """The uploaded file as a fresh JPEG, PNG or WebP, or a ValidationError saying why not."""
    size = file.size
    if not size:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > MAX_BYTES:
        raise ValidationError(
            _("The file is larger than %(limit)s; upload a smaller image."),
            code="too_large",
            params={"limit": filesizeformat(MAX_BYTES)},
        )
    file.seek(0)
    image = _decode(file.read())
    image_format = image.format
    image = _in_srgb(image)
    image = _savable(image, image_format)
    return CleanImage(_encode(image, image_format), name=f"image.{EXTENSIONS[image_format]}")


def make_rendition(content: bytes | ContentFile, rendition: Rendition) -> CleanImage:
    """A smaller copy of a cleaned image, in the rendition's format or else the same one."""
    data = content if isinstance(content, bytes) else _read(content)
    with Image.open(BytesIO(data), formats=FORMATS) as source:
        image_format = source.format
        image = source.convert("RGBA" if _has_alpha(source) else "RGB")
    if rendition.height:
        size = (rendition.width, rendition.height)
        image = ImageOps.fit(image, size, Image.Resampling.LANCZOS)
    else:
        image.thumbnail((rendition.width, MAX_PIXELS), Image.Resampling.LANCZOS)
    image_format = rendition.format or image_format
    image = _savable(image, image_format)
    return CleanImage(_encode(image, image_format), name=f"image.{EXTENSIONS[image_format]}")


def _read(content: ContentFile) -> bytes:
    content.seek(0)
    return content.read()


def _too_many_pixels() -> ValidationError:
    return ValidationError(
        _("The image is larger than %(limit)d megapixels; upload a smaller one."),
        code="too_many_pixels",
        params={"limit": MAX_PIXELS // 1_000_000},
    )


def _decode(data: bytes) -> Image.Image:
    """The bytes decoded in full as an allowed format and turned upright, or a refusal."""
    not_allowed = ValidationError(
        _("Upload a JPEG, PNG or WebP image; this file is not one."), code="invalid_image"
    )
    damaged = ValidationError(
        _("The image is damaged or incomplete; upload it again."), code="damaged_image"
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            # `formats` keeps Pillow's other decoders (EPS, PDF, …) away from the file.
            with Image.open(BytesIO(data), formats=FORMATS) as probe:
                if probe.width * probe.height > MAX_PIXELS:
                    raise _too_many_pixels()
                probe.verify()
            # verify() leaves the image unusable, and checks less than decoding: decode it
            # all, so that a truncated file fails here (LOAD_TRUNCATED_IMAGES stays off).
            opened = Image.open(BytesIO(data), formats=FORMATS)
            opened.load()
            image = ImageOps.exif_transpose(opened)  # reads EXIF, which may be broken too
            image.format = opened.format
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _too_many_pixels() from None
        except UnidentifiedImageError:
            raise not_allowed from None
        except ValidationError:
            raise
        except Exception:  # Pillow raises many kinds on malformed data; all mean the same.
            raise damaged from None
    if image.format not in FORMATS:  # Image.open(formats=…) promises it; say it again
        raise not_allowed
    return image


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info


def _in_srgb(image: Image.Image) -> Image.Image:
    """Colours converted from an embedded ICC profile, which the new file will not carry."""
    profile = image.info.get("icc_profile")
    if not profile or image.mode not in ("RGB", "RGBA", "CMYK"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(BytesIO(profile))
        mode = "RGBA" if image.mode == "RGBA" else "RGB"
        return ImageCms.profileToProfile(image, source, SRGB, outputMode=mode)
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return image  # a broken profile: keep the pixels as they are


def _savable(image: Image.Image, image_format: str) -> Image.Image:
    if image.mode not in SAVABLE_MODES[image_format]:
        alpha = _has_alpha(image) and image_format != "JPEG"
        image = image.convert("RGBA" if alpha else "RGB")
    return image


def _encode(image: Image.Image, image_format: str) -> bytes:
    # Pillow writes some metadata from `info` even when not asked to (PNG's ICC profile,
    # JPEG comments): keep only what the pixels need.
    image.info = {key: image.info[key] for key in ("transparency",) if key in image.info}
    buffer = BytesIO()
    image.save(buffer, image_format, **SAVE_OPTIONS[image_format])
    return buffer.getvalue()


# Fields


class SafeImageFormField(forms.ImageField):
    """An image upload that cleans to a `CleanImage` (see `clean_uploaded_image`)."""

    def to_python(self, data):
        file = forms.FileField.to_python(self, data)  # empty, missing and over-long names
        if file is None:
            return None
        return clean_uploaded_image(file)

    def widget_attrs(self, widget):
        attrs = forms.FileField.widget_attrs(self, widget)
        if isinstance(widget, forms.FileInput) and "accept" not in widget.attrs:
            attrs["accept"] = ACCEPT
        return attrs


class SafeImageField(models.ImageField):
    """An ImageField that stores only cleaned images and writes their renditions beside them.

    `renditions` maps the names of sibling ImageFields (declared with `rendition_field`) to
    the Rendition each holds. They are emptied when a new file is saved (or the file cleared)
    and written by a worker once the row is committed.
    It is left out of migrations: it decides what is written to storage, not the schema.
    """

    def __init__(self, *args, renditions: dict[str, Rendition] | None = None, **kwargs):
        self.renditions = renditions or {}
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": SafeImageFormField, **kwargs})

    def check(self, **kwargs):
        errors = super().check(**kwargs)
        for name in self.renditions:
            try:
                field = self.model._meta.get_field(name)
            except FieldDoesNotExist:
                field = None
            if not isinstance(field, models.ImageField):
                errors.append(
                    checks.Error(
                        f"Rendition {name!r} of {self.name!r} is not an ImageField of the model.",
                        obj=self,
                        id="spaces.E101",
                    )
                )
        return errors

    def contribute_to_class(self, cls, name, **kwargs):
        super().contribute_to_class(cls, name, **kwargs)
        if self.renditions and not cls._meta.abstract:
            post_save.connect(self._enqueue_renditions, sender=cls, weak=False)

    def pre_save(self, instance, add):
        file = getattr(instance, self.attname)
        if file and not file._committed:
            clean = file.file
            if not isinstance(clean, CleanImage):
                clean = clean_uploaded_image(clean)
            file.save(clean.name, clean, save=False)  # under upload_to's random name
            # The copies are made by a worker once the row is committed (make_renditions);
            # until then pages show the original.
            for name in self.renditions:
                setattr(instance, name, "")
            instance.__dict__.setdefault("_renditions_due", set()).add(self.attname)
        elif not file:
            for name in self.renditions:
                setattr(instance, name, "")
        return super().pre_save(instance, add)

    def _enqueue_renditions(self, sender, instance, raw=False, **kwargs) -> None:
        due = instance.__dict__.get("_renditions_due", set())
        if raw or self.attname not in due:
            return
        due.discard(self.attname)
        enqueue_on_commit(
            make_renditions,
            instance._meta.label,
            instance.pk,
            self.attname,
            getattr(instance, self.attname).name,
        )


@shared_task(base=LoggedTask, autoretry_for=(OSError,), retry_backoff=5, max_retries=3)
def make_renditions(model: str, pk: int, field_name: str, image_name: str) -> None:
    """Write the renditions of a row's stored image and point its rendition fields at them
    (a queryset update: nothing else of the row is touched, nor its `updated_at`).

    Does nothing when the row is gone or holds another image by now, or when the copies
    exist already (a task delivered twice)."""
    model_class = apps.get_model(model)
    field = model_class._meta.get_field(field_name)
    this_image = model_class._base_manager.filter(pk=pk, **{field_name: image_name})
    row = this_image.first()
    if row is None or all(getattr(row, name) for name in field.renditions):
        return
    with getattr(row, field_name).open("rb") as file:
        content = file.read()
    stored = store_renditions(model_class, image_name, field.renditions, content)
    if not this_image.update(**stored):  # replaced or deleted while the copies were made
        for name, path in stored.items():
            model_class._meta.get_field(name).storage.delete(path)


def write_renditions(
    instance: models.Model, field_name: str, renditions: dict[str, Rendition], content
) -> None:
    """Store the renditions of the image in `field_name` (its cleaned bytes: `content`) and
    point the row's fields at them, without saving it (what migrations of old rows call)."""
    image_name = getattr(instance, field_name).name
    for name, path in store_renditions(type(instance), image_name, renditions, content).items():
        setattr(instance, name, path)


def store_renditions(
    model: type[models.Model], image_name: str, renditions: dict[str, Rendition], content
) -> dict[str, str]:
    """Store the renditions of the cleaned image `content`, stored as `image_name`, next to
    it as `<name>_400w.jpg` (`<name>_400w.webp`, …); the stored name of each, by the name of
    its field."""
    stem, extension = image_name.rsplit(".", 1)
    stored = {}
    for name, rendition in renditions.items():
        copy = make_rendition(content, rendition)
        suffix = EXTENSIONS[rendition.format] if rendition.format else extension
        storage = model._meta.get_field(name).storage
        stored[name] = storage.save(f"{stem}_{rendition.suffix}.{suffix}", copy)
    return stored


def rendition_field(verbose_name: str) -> models.ImageField:
    """The ImageField that holds one rendition of a SafeImageField; written only by it."""
    return models.ImageField(verbose_name, blank=True, editable=False)
