"""Makers' accounts: signing up with a confirmed email, editing a profile, deleting it all."""

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import translation
from pytest_django.asserts import assertContains, assertFormError, assertRedirects

from members.models import JoinRequest, Maker, MakerLink, Membership
from spaces.models import TourRequest
from tests.factories import (
    CityFactory,
    JoinRequestFactory,
    MakerFactory,
    MakerLinkFactory,
    MembershipFactory,
    ProjectFactory,
    TourRequestFactory,
    UserFactory,
    jpeg_upload,
)

User = get_user_model()
PASSWORD = "a-long-maker-password"


def confirmation_path(message) -> str:
    url = re.search(r"https?://\S+/confirm-email/\S+/", message.body).group(0)
    return urlparse(url).path


def a_profile_post(**changes) -> dict:
    data = {
        "display_name": "Ada Lovelace",
        "bio_en": "Builds looms.",
        "bio_zh": "",
        "skills": "electronics, CAD",
        "city": "",
        "visibility": "public",
        "links-TOTAL_FORMS": "1",
        "links-INITIAL_FORMS": "0",
        "links-MIN_NUM_FORMS": "0",
        "links-MAX_NUM_FORMS": "10",
        "links-0-kind": "",
        "links-0-url": "",
    }
    return {**data, **changes}


@pytest.fixture(autouse=True)
def _english():
    """Pages in Chinese activate it for the thread: reverse() must not inherit it."""
    with translation.override("en"):
        yield


@pytest.fixture
def maker_user(db):
    return UserFactory(email="ada@example.com", password=PASSWORD)


@pytest.fixture
def maker_client(client, maker_user):
    client.force_login(maker_user)
    return client


# Signing up and in


@pytest.mark.django_db
def test_it_signs_up_confirms_the_email_and_signs_in(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # mail goes after the commit
        response = client.post(
            reverse("account_signup"),
            {"email": "grace@example.com", "password1": PASSWORD, "password2": PASSWORD},
        )

    assertRedirects(response, reverse("account_email_verification_sent"))
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["grace@example.com"]
    # Mandatory verification: no session until the address is confirmed.
    assert "_auth_user_id" not in client.session
    early = client.post(
        reverse("account_login"), {"login": "grace@example.com", "password": PASSWORD}
    )
    assertRedirects(early, reverse("account_email_verification_sent"))
    assert "_auth_user_id" not in client.session

    path = confirmation_path(mail.outbox[0])
    assertContains(client.get(path), "grace@example.com")
    client.post(path)
    response = client.post(
        reverse("account_login"), {"login": "grace@example.com", "password": PASSWORD}
    )

    assertRedirects(response, reverse("members:profile-edit"))
    assert client.session["_auth_user_id"] == str(User.objects.get(email="grace@example.com").pk)


@pytest.mark.django_db
def test_it_writes_the_confirmation_in_chinese_from_the_chinese_pages(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/zh-hans/accounts/signup/",
            {"email": "lin@example.com", "password1": PASSWORD, "password2": PASSWORD},
        )

    assert confirmation_path(mail.outbox[0]).startswith("/zh-hans/accounts/confirm-email/")
    assert re.search(r"[\u4e00-\u9fff]", mail.outbox[0].subject + mail.outbox[0].body)


@pytest.mark.django_db
def test_it_shows_the_sign_in_page_in_the_site_frame(client):
    response = client.get(reverse("account_login"))

    assertContains(response, 'class="site-header')
    assertContains(response, 'name="login"')


# Editing one's profile


def test_the_header_links_a_signed_in_maker_to_their_account(maker_client, client, db):
    profile = reverse("members:profile-edit")

    assertContains(maker_client.get(reverse("spaces:home")), f'href="{profile}"')
    client.logout()
    assert f'href="{profile}"' not in client.get(reverse("spaces:home")).content.decode()


def test_the_profile_page_needs_a_signed_in_user(client, db):
    url = reverse("members:profile-edit")

    response = client.get(url)

    assertRedirects(response, f"{reverse('account_login')}?next={url}")


def test_the_first_save_creates_the_profile_with_a_free_slug(maker_client, maker_user):
    MakerFactory(display_name="Ada Lovelace", slug="ada-lovelace")
    assert maker_client.get(reverse("members:profile-edit")).status_code == 200
    assert not Maker.objects.filter(user=maker_user).exists()  # a visit alone creates nothing

    response = maker_client.post(reverse("members:profile-edit"), a_profile_post())

    assertRedirects(response, reverse("members:profile-edit"))
    maker = Maker.objects.get(user=maker_user)
    assert maker.slug == "ada-lovelace-2"
    assert maker.skills == ["electronics", "CAD"]


def test_a_chinese_name_gets_a_latin_slug(maker_client, maker_user):
    maker_client.post(reverse("members:profile-edit"), a_profile_post(display_name="林小明"))

    maker = Maker.objects.get(user=maker_user)
    assert maker.display_name == "林小明"
    assert maker.slug == "lin-xiaoming"  # surname, then given name, in pinyin


def test_it_edits_bios_skills_city_links_and_visibility(maker_client, maker_user):
    maker = MakerFactory(user=maker_user, slug="ada")
    old_link = MakerLinkFactory(maker=maker)
    city = CityFactory()

    maker_client.post(
        reverse("members:profile-edit"),
        a_profile_post(
            bio_zh="织布机",
            skills="焊接，CAD, cad, 3D printing",
            city=city.pk,
            visibility="members",
            **{
                "links-TOTAL_FORMS": "2",
                "links-INITIAL_FORMS": "1",
                "links-0-id": old_link.pk,
                "links-0-kind": old_link.kind,
                "links-0-url": old_link.url,
                "links-0-DELETE": "on",
                "links-1-kind": "weibo",
                "links-1-url": "https://weibo.com/ada",
            },
        ),
    )

    maker.refresh_from_db()
    assert (maker.slug, maker.bio_zh, maker.city, maker.visibility) == (
        "ada",
        "织布机",
        city,
        "members",
    )
    assert maker.skills == ["焊接", "CAD", "3D printing"]
    assert list(maker.links.values_list("url", flat=True)) == ["https://weibo.com/ada"]


def test_bad_profile_input_is_a_form_error(maker_client, maker_user):
    response = maker_client.post(
        reverse("members:profile-edit"),
        a_profile_post(
            display_name="",
            visibility="everyone",
            **{"links-0-kind": "weibo", "links-0-url": "not a url"},
        ),
    )

    assert response.status_code == 200
    assertFormError(response.context["form"], "display_name", "This field is required.")
    assert "visibility" in response.context["form"].errors
    assert response.context["links"].errors[0]["url"]
    assert not Maker.objects.exists()


@pytest.mark.parametrize(
    ("visibility", "anonymous", "signed_in"),
    [("public", 200, 200), ("members", 404, 200), ("hidden", 404, 404)],
)
def test_visibility_decides_who_sees_the_maker_page(
    client, maker_user, visibility, anonymous, signed_in
):
    client.force_login(maker_user)
    client.post(reverse("members:profile-edit"), a_profile_post(visibility=visibility))
    client.logout()
    url = Maker.objects.get(user=maker_user).get_absolute_url()

    assert client.get(url).status_code == anonymous
    client.force_login(UserFactory())
    assert client.get(url).status_code == signed_in
    listed = "Ada Lovelace" in client.get(reverse("members:maker-list")).content.decode()
    assert listed == (signed_in == 200)


def test_a_new_avatar_replaces_the_old_file(
    maker_client, maker_user, django_capture_on_commit_callbacks
):
    maker_client.post(reverse("members:profile-edit"), a_profile_post(avatar=jpeg_upload("me.jpg")))
    first = Maker.objects.get(user=maker_user).avatar.path
    assert Path(first).exists()

    with django_capture_on_commit_callbacks(execute=True):
        maker_client.post(
            reverse("members:profile-edit"), a_profile_post(avatar=jpeg_upload("new.jpg"))
        )

    assert Path(Maker.objects.get(user=maker_user).avatar.path).exists()
    assert not Path(first).exists()


def test_a_file_that_is_not_an_image_is_refused(maker_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = maker_client.post(
        reverse("members:profile-edit"),
        a_profile_post(avatar=SimpleUploadedFile("me.jpg", b"<?php evil(); ?>", "image/jpeg")),
    )

    assert response.status_code == 200
    assert "avatar" in response.context["form"].errors


@pytest.mark.parametrize("rows", [2, 6])
def test_the_profile_page_costs_fixed_queries(
    maker_client, maker_user, django_assert_num_queries, rows
):
    maker = MakerFactory(user=maker_user)
    MakerLinkFactory.create_batch(rows, maker=maker)
    CityFactory.create_batch(rows)
    for _ in range(rows):
        JoinRequestFactory(maker=maker)

    # session, user, maker, its links, the city choices, its join requests with their spaces
    with django_assert_num_queries(6):
        response = maker_client.get(reverse("members:profile-edit"))

    assert response.status_code == 200


# Deleting one's account


def a_maker_with_everything(user) -> Maker:
    maker = MakerFactory(user=user, avatar=jpeg_upload())
    MakerLinkFactory.create_batch(2, maker=maker)
    MembershipFactory(maker=maker)
    JoinRequestFactory(maker=maker)
    ProjectFactory().team.add(maker, MakerFactory())
    TourRequestFactory(email="ADA@example.com")
    return maker


def test_deleting_the_account_needs_the_password(maker_client, maker_user):
    a_maker_with_everything(maker_user)

    response = maker_client.post(reverse("members:account-delete"), {"password": "wrong"})

    assertFormError(response.context["form"], "password", "That is not your password.")
    assert User.objects.filter(pk=maker_user.pk).exists()
    assert Maker.objects.filter(user=maker_user).exists()


def test_deleting_the_account_removes_the_data_and_files(
    maker_client, maker_user, django_capture_on_commit_callbacks
):
    maker = a_maker_with_everything(maker_user)
    avatar_files = [Path(maker.avatar.path), Path(maker.avatar_small.path)]
    assert all(path.exists() for path in avatar_files)
    other_tour_request = TourRequestFactory(email="someone@example.com")
    project = maker.projects.get()

    with django_capture_on_commit_callbacks(execute=True):
        response = maker_client.post(reverse("members:account-delete"), {"password": PASSWORD})

    assertRedirects(response, reverse("members:account-deleted"))
    assert not User.objects.filter(pk=maker_user.pk).exists()
    assert not Maker.objects.filter(pk=maker.pk).exists()
    assert not Maker.history.filter(id=maker.pk).exists()  # no copies left in the edit history
    assert not MakerLink.objects.filter(maker_id=maker.pk).exists()
    assert not Membership.objects.filter(maker_id=maker.pk).exists()
    assert not JoinRequest.objects.exists()
    assert list(TourRequest.objects.all()) == [other_tour_request]
    assert not any(path.exists() for path in avatar_files)
    assert project.team.count() == 1  # the project stays, with its other maker
    assert "_auth_user_id" not in maker_client.session
    assert not maker_client.login(username=maker_user.username, password=PASSWORD)
    response = maker_client.post(
        reverse("account_login"), {"login": "ada@example.com", "password": PASSWORD}
    )
    assert "_auth_user_id" not in maker_client.session


def test_a_user_without_a_profile_can_delete_the_account(maker_client, maker_user):
    response = maker_client.post(reverse("members:account-delete"), {"password": PASSWORD})

    assertRedirects(response, reverse("members:account-deleted"))
    assert not User.objects.filter(pk=maker_user.pk).exists()


# Pages of the account: each costs the same whatever is around it


def test_allauth_pages_left_as_allauth_wrote_them_still_open_in_the_site_frame(maker_client):
    for name in ["account_email", "account_change_password", "account_logout"]:
        response = maker_client.get(reverse(name))

        assertContains(response, 'class="site-header')


@pytest.mark.parametrize(
    ("url_name", "signed_in", "budget"),
    [
        # session, user
        ("members:account-delete", True, 2),
        # nothing: no session yet
        ("members:account-deleted", False, 0),
        # (allauth's login page reads nothing either)
        ("account_login", False, 0),
    ],
)
def test_account_pages_cost_fixed_queries(
    client, maker_user, django_assert_num_queries, url_name, signed_in, budget
):
    if signed_in:
        client.force_login(maker_user)

    with django_assert_num_queries(budget):
        response = client.get(reverse(url_name))

    assert response.status_code == 200
