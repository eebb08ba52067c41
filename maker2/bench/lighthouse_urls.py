"""The real URLs plus what production leaves to other servers, for `make lighthouse`.

Uploaded files are served by the web server in front in production (README, Deploying) or
from the bucket; map tiles by a tile server. Lighthouse must load both without leaving the
machine, so this process stands in for them, with the caching headers they are told to send.
"""

import io
from functools import cache

from django.conf import settings
from django.http import HttpResponse
from django.urls import path, re_path
from django.views.static import serve
from PIL import Image

from maker2.urls import urlpatterns as site_urlpatterns

# What the README's web server configuration and the bucket send for uploads (their names
# are random, so a file never changes under its URL); tile servers cache tiles long too.
LONG_CACHE = settings.MEDIA_CACHE_CONTROL


def media(request, path):
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Cache-Control"] = LONG_CACHE
    return response


@cache
def _tile_png() -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (256, 256), (232, 237, 241)).save(output, "PNG")
    return output.getvalue()


def tile(request, z, x, y):
    """One grey 256-pixel tile for every address: a map's look, not its content, is measured."""
    response = HttpResponse(_tile_png(), content_type="image/png")
    response["Cache-Control"] = LONG_CACHE
    return response


urlpatterns = [
    *site_urlpatterns,
    re_path(r"^media/(?P<path>.*)$", media),
    path("lighthouse/tiles/<int:z>/<int:x>/<int:y>.png", tile),
]
