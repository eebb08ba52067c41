"""The real URLs plus /bench/naive/spaces/, the naive reference the benchmark compares with."""

from django.urls import path

from maker2.urls import urlpatterns as site_urlpatterns

from .naive import NaiveSpaceList

urlpatterns = [
    path("bench/naive/spaces/", NaiveSpaceList.as_view(), name="bench-naive-spaces"),
    *site_urlpatterns,
]
