"""URLs of the pages about places alone. maker2/site/urls.py includes these with the pages
that show people and funding too, all under the namespace `spaces` ("spaces:space-list")."""

from django.urls import path

from . import views

urlpatterns = [
    # Adding a space: before maker2/site/urls.py's "spaces/<slug>/", which would take it.
    path("spaces/add/", views.space_submit, name="space-submit"),
    path(
        "spaces/submitted/<str:token>/",
        views.space_submission_status,
        name="space-submission-status",
    ),
    path("spaces/", views.SpaceListView.as_view(), name="space-list"),
]

# Social cards (OpenGraph images)
urlpatterns += [
    path("spaces/og.png", views.directory_og_image, name="directory-og-image"),
    path("spaces/<slug:slug>/og.png", views.space_og_image, name="space-og-image"),
    path("cities/<slug:slug>/og.png", views.city_og_image, name="city-og-image"),
    path("networks/<slug:slug>/og.png", views.network_og_image, name="network-og-image"),
]
