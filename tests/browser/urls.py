"""The site's URLs plus uploaded files, which production leaves to the web server."""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from maker2.urls import urlpatterns as site_urlpatterns


def media(request, path):
    # MEDIA_ROOT is read per request: each test points it at its own temporary folder.
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [*site_urlpatterns, re_path(r"^media/(?P<path>.*)$", media)]
