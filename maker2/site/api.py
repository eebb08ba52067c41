"""The partner API's router and URLs, under /api/: version 1, its schema and its docs.

Resources are read-only viewsets on the router; exports, SpaceAPI, the deletions feed and
the managers' writes are explicit views. Any other /api/…/ address answers a JSON 404.
"""

from csp.constants import SELF
from csp.decorators import csp_update
from django.urls import include, path, re_path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.routers import DefaultRouter

from maker2.api_errors import not_found
from members.api import FundingRoundViewSet, MakerViewSet, ProjectViewSet
from spaces.api import (
    CityViewSet,
    NetworkViewSet,
    SpaceAPIDirectoryView,
    SpaceAPIView,
    SpaceCSVView,
    SpaceGeoJSONView,
    SpaceHoursView,
    SpacePlansView,
    SpaceStatusView,
    SpaceViewSet,
)

from .api_deletions import DeletionsView

app_name = "api"


class Router(DefaultRouter):
    include_format_suffixes = False


router = Router()
router.register("cities", CityViewSet)
router.register("networks", NetworkViewSet)
router.register("spaces", SpaceViewSet)
router.register("makers", MakerViewSet)
router.register("projects", ProjectViewSet)
router.register("funding-rounds", FundingRoundViewSet)

SPACE = "v1/spaces/<slug:slug>/"

# Redoc's bundle adds two style elements as it loads, before it is given the page's nonce:
# their hashes, for the pinned drf-spectacular-sidecar (tests/browser/ checks them). Its
# search runs in a worker made from a blob. (The Redocly logo it fetches from a CDN stays
# refused.)
REDOC_POLICY = {
    "style-src": [
        "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='",
        "'sha256-QMIg+bpjm3JdElJ388KYke01izlUW0UoNOeKjpMxdgc='",
    ],
    "worker-src": [SELF, "blob:"],
}

urlpatterns = [
    # Before the router, whose space detail would take "geojson" for a slug.
    path("v1/spaces/geojson/", SpaceGeoJSONView.as_view(), name="space-geojson"),
    path("v1/spaces.csv", SpaceCSVView.as_view(), name="space-csv"),
    path(f"{SPACE}spaceapi/", SpaceAPIView.as_view(), name="space-spaceapi"),
    path(f"{SPACE}hours/", SpaceHoursView.as_view(), name="space-hours"),
    path(f"{SPACE}plans/", SpacePlansView.as_view(), name="space-plans"),
    path(f"{SPACE}status/", SpaceStatusView.as_view(), name="space-status"),
    path("v1/spaceapi/", SpaceAPIDirectoryView.as_view(), name="spaceapi-directory"),
    path("v1/deletions/", DeletionsView.as_view(), name="deletions"),
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file, as the Content-Security-Policy asks.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path(
        "redoc/",
        csp_update(REDOC_POLICY)(SpectacularRedocView.as_view(url_name="api:schema")),
        name="redoc",
    ),
    # Addresses without a trailing slash fall through, for APPEND_SLASH to redirect them.
    re_path(r"^[\s\S]*/$", not_found),  # [\s\S], not ".": a newline is no way around it
]
