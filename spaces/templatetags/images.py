"""Images as pages show them: responsive <picture> elements for photos and avatars, and the
designed stand-ins (kind emblems, initials) for rows that have none.

Renditions are written by a worker after the upload commits (spaces/images.py); until they
exist these tags offer the original alone, so a new photo shows at once.
"""

import hashlib
import unicodedata

from django import template
from django.templatetags.static import static
from django.utils.safestring import mark_safe

from spaces import city_maps
from spaces.images import MODERN_FORMATS

register = template.Library()

# How many avatar colours site.css defines (.initials--0 … .initials--7).
INITIALS_COLOURS = 8
# The kinds that have an emblem under static/img/kinds/ (Space.Kind's values).
KIND_EMBLEMS = ("makerspace", "coworking", "fablab", "hackerspace", "incubator", "accelerator")


def _srcset(row, names: tuple[str, ...], suffix: str, widths: tuple[int, ...]) -> str:
    """`a.jpg 400w, b.jpg 1200w` over the renditions `names` + `suffix`, or "" when one of
    them is not written yet (a partial set would make the browser pick a missing size)."""
    files = [getattr(row, name + suffix, None) for name in names]
    if not all(files):
        return ""
    return ", ".join(f"{file.url} {width}w" for file, width in zip(files, widths, strict=True))


def _picture(
    row, original, names, widths, src_name, *, sizes, alt, eager, css_class, width, height
) -> dict:
    """What includes/_picture.html needs: the renditions `names` of `row` in each format, or
    the `original` alone until they are written."""
    srcset = _srcset(row, names, "", widths)
    src = getattr(row, src_name) if srcset else None
    sources = []
    if srcset:
        for suffix, mime in MODERN_FORMATS:
            modern = _srcset(row, names, suffix, widths)
            if modern:
                sources.append({"type": mime, "srcset": modern})
    return {
        "src": (src or original).url,
        "srcset": srcset,
        "sources": sources,
        "sizes": sizes,
        "alt": alt,
        "eager": eager,
        "css_class": css_class,
        "width": width,
        "height": height,
    }


@register.inclusion_tag("includes/_picture.html")
def photo(
    photo,
    *,
    sizes: str = "100vw",
    alt: str = "",
    eager: bool = False,
    src: str = "large",
    css_class: str = "",
) -> dict:
    """A space photo as <picture>: AVIF and WebP sources, then the JPEG or PNG, 400 and
    1200 px wide; `src` names the rendition old browsers load. Lazy unless `eager` (the
    page's largest image: fetched first, with fetchpriority="high")."""
    width, height = photo.width or 960, photo.height or 640
    widths = (min(400, width), min(1200, width))
    return _picture(
        photo,
        photo.image,
        ("thumbnail", "large"),
        widths,
        src,
        sizes=sizes,
        alt=alt,
        eager=eager,
        css_class=css_class,
        width=width,
        height=height,
    )


@register.inclusion_tag("includes/_avatar.html")
def avatar(maker, *, size: int = 96, css_class: str = "") -> dict:
    """A maker's avatar as a round <picture> (96 and 256 px squares), or their initials in a
    circle coloured by their name when they have none."""
    if not maker.avatar:
        return {
            "initials": initials(maker.name),
            "colour": name_colour(maker.slug),
            "size": size,
            "css_class": css_class,
        }
    return _picture(
        maker,
        maker.avatar,
        ("avatar_small", "avatar_large"),
        (96, 256),
        "avatar_small",
        sizes=f"{size}px",
        alt="",
        eager=False,
        css_class=css_class or "avatar",
        width=size,
        height=size,
    )


@register.simple_tag
def kind_emblem(kind: str) -> str:
    """The static URL of a kind's line icon (static/img/kinds/<kind>.svg)."""
    return static(f"img/kinds/{kind if kind in KIND_EMBLEMS else 'makerspace'}.svg")


@register.filter
def initials(name: str) -> str:
    """What an avatar circle shows: a Chinese name's first character, else the first letters
    of the first and last words (`Li Wei` → `LW`)."""
    name = (name or "").strip()
    if not name:
        return "?"
    if _is_cjk(name[0]):
        return name[0]
    # Latin words only: "Maker2 创客平台" is "M", not "M创".
    words = [word for word in name.split() if word[0].isalnum() and not _is_cjk(word[0])]
    if not words:
        return name[0].upper()
    letters = words[0][0] + (words[-1][0] if len(words) > 1 else "")
    return letters.upper()


@register.filter
def name_colour(name: str) -> int:
    """A colour index (0–7) derived from a name; pages pass the slug, so that a maker or a
    network has the same colour in both languages."""
    digest = hashlib.blake2s((name or "").encode(), digest_size=2).digest()
    return int.from_bytes(digest, "big") % INITIALS_COLOURS


def _is_cjk(character: str) -> bool:
    return unicodedata.name(character, "").startswith(("CJK", "HANGUL", "HIRAGANA", "KATAKANA"))


# A city's map thumbnail (spaces/city_maps.py).


@register.simple_tag
def city_map(city, css_class: str = "") -> str:
    """The city's small map as an inline SVG: streets of its own, rings around its centre and
    a dot per space with coordinates (`city.space_points`, its published spaces with
    latitude and longitude, prefetched by the view). Decorative: the card says the same in
    text."""
    points = [(space.latitude, space.longitude) for space in getattr(city, "space_points", ())]
    # Numbers and fixed class names only: nothing a visitor wrote.
    return mark_safe(city_maps.as_svg(city_maps.city_map(city, points), css_class))


# A project's cover (templates/members/includes/_project_cover.html).

# The road a project travels; "closed" is off it (its cover shows no step reached).
PROJECT_STAGES = ("idea", "prototype", "product", "growth", "acquired")


@register.simple_tag
def stage_emblem(stage: str) -> str:
    """The static URL of a project stage's line icon (static/img/stages/<stage>.svg)."""
    return static(f"img/stages/{stage if stage in (*PROJECT_STAGES, 'closed') else 'idea'}.svg")


@register.filter
def stage_track(stage: str) -> list[tuple[str, bool]]:
    """Each step of the road with whether the project has reached it."""
    reached = PROJECT_STAGES.index(stage) if stage in PROJECT_STAGES else -1
    return [(step, index <= reached) for index, step in enumerate(PROJECT_STAGES)]
