"""The pages under the namespace `spaces`: those about places alone (spaces/urls.py) and
those that show places with their people and funding (views.py here)."""

from django.urls import path

from spaces import urls as spaces_urls

from . import views

app_name = "spaces"

urlpatterns = [
    *spaces_urls.urlpatterns,  # first: "spaces/add/" before "spaces/<slug>/"
    path("", views.HomeView.as_view(), name="home"),
    path("spaces/<slug:slug>/", views.SpaceDetailView.as_view(), name="space-detail"),
    path("cities/", views.CityListView.as_view(), name="city-list"),
    path("cities/<slug:slug>/", views.CityDetailView.as_view(), name="city-detail"),
    path("networks/", views.NetworkListView.as_view(), name="network-list"),
    path("networks/<slug:slug>/", views.NetworkDetailView.as_view(), name="network-detail"),
    path("stats/", views.StatsView.as_view(), name="stats"),
    path("search/", views.SearchView.as_view(), name="search"),
]

# Tour and day-pass requests
urlpatterns += [
    path("spaces/<slug:slug>/tour/", views.tour_request_create, name="tour-request"),
    path(
        "spaces/<slug:slug>/tour/thanks/",
        views.tour_request_thanks,
        name="tour-request-thanks",
    ),
]
