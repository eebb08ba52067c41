from django.urls import path

from . import views

app_name = "spaces"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("spaces/", views.SpaceListView.as_view(), name="space-list"),
    path("spaces/<slug:slug>/", views.SpaceDetailView.as_view(), name="space-detail"),
    path("cities/", views.CityListView.as_view(), name="city-list"),
    path("cities/<slug:slug>/", views.CityDetailView.as_view(), name="city-detail"),
    path("networks/", views.NetworkListView.as_view(), name="network-list"),
    path("networks/<slug:slug>/", views.NetworkDetailView.as_view(), name="network-detail"),
    path("stats/", views.StatsView.as_view(), name="stats"),
    path("search/", views.SearchView.as_view(), name="search"),
]

# Social cards (OpenGraph images)
urlpatterns += [
    path("spaces/og.png", views.directory_og_image, name="directory-og-image"),
    path("spaces/<slug:slug>/og.png", views.space_og_image, name="space-og-image"),
    path("cities/<slug:slug>/og.png", views.city_og_image, name="city-og-image"),
    path("networks/<slug:slug>/og.png", views.network_og_image, name="network-og-image"),
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

# Adding a space: before the rest, or "spaces/<slug>/" would take "spaces/add/".
urlpatterns = [
    path("spaces/add/", views.space_submit, name="space-submit"),
    path(
        "spaces/submitted/<str:token>/",
        views.space_submission_status,
        name="space-submission-status",
    ),
    *urlpatterns,
]
