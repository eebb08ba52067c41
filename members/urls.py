from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("makers/", views.MakerListView.as_view(), name="maker-list"),
    path("makers/<slug:slug>/", views.MakerDetailView.as_view(), name="maker-detail"),
    path("projects/", views.ProjectListView.as_view(), name="project-list"),
    path("projects/<slug:slug>/", views.ProjectDetailView.as_view(), name="project-detail"),
    path("projects/<slug:slug>/og.png", views.project_og_image, name="project-og-image"),
]

# Accounts: a maker's own profile, join requests, deleting the account
urlpatterns += [
    path("accounts/profile/", views.profile_edit, name="profile-edit"),
    path("accounts/delete/", views.account_delete, name="account-delete"),
    path("accounts/deleted/", views.account_deleted, name="account-deleted"),
    path("accounts/join-requests/", views.join_request_list, name="join-request-list"),
    path(
        "accounts/join-requests/<int:pk>/decide/",
        views.join_request_decide,
        name="join-request-decide",
    ),
    path("spaces/<slug:slug>/join/", views.join_request_create, name="join-request-create"),
]
