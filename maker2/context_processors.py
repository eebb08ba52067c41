"""Values every page template may need, taken from settings and the request."""

from urllib.parse import urlencode

from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info


def map_tiles(request) -> dict:
    """The tile server the map draws on; deployments in mainland China switch it."""
    return {
        "MAP_TILE_URL": settings.MAP_TILE_URL,
        "MAP_TILE_ATTRIBUTION": settings.MAP_TILE_ATTRIBUTION,
        "MAP_TILE_COORDINATES": settings.MAP_TILE_COORDINATES,
    }


def icp_licence(request) -> dict:
    """The ICP filing number mainland Chinese law asks every page to show (empty elsewhere)."""
    return {"ICP_LICENCE": settings.ICP_LICENCE}


def page_languages(request) -> dict:
    """The current page in every language: for hreflang links, the switcher and the canonical.

    `canonical_url` is the page without its filters (only `page` is kept), so the many
    filtered views of the directory point search engines at one address. `other_language`
    is what the switcher posts: the same page, query string included, in the other language.
    """
    page = request.GET.get("page")
    path = request.path + (f"?{urlencode({'page': page})}" if page and page != "1" else "")
    current = get_language()
    alternates = [
        {"code": code, "url": request.build_absolute_uri(translate_url(path, code))}
        for code, _name in settings.LANGUAGES
    ]
    other = next(code for code, _name in settings.LANGUAGES if code != current)
    return {
        "canonical_url": request.build_absolute_uri(path),
        "alternate_urls": alternates,
        "x_default_url": alternates[0]["url"],
        "html_lang": "zh-Hans" if current == "zh-hans" else current,
        "other_language": {
            "code": other,
            "name": get_language_info(other)["name_local"],
            "html_lang": "zh-Hans" if other == "zh-hans" else other,
            "next": translate_url(request.get_full_path(), other),
        },
    }
