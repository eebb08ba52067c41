"""The partner API's router and URLs, under /api/."""

from django.urls import path

from spaces.api import SpaceGeoJSONView

app_name = "api"

urlpatterns = [
    path("v1/spaces/geojson/", SpaceGeoJSONView.as_view(), name="space-geojson"),
]
