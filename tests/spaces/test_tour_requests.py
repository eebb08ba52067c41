"""Visitors ask a space for a tour or a day pass: stored, emailed to the space's managers,
acknowledged to the visitor; bots and floods are kept out."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from pytest_django.asserts import assertContains, assertFormError, assertNotContains

from members.models import ManagementGrant, Membership
from spaces.models import TourRequest
from tests.factories import (
    MakerFactory,
    MembershipFactory,
    SpaceFactory,
    TourRequestFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def _english():
    """Pages in Chinese activate it for the thread: reverse() must not inherit it."""
    with translation.override("en"):
        yield


@pytest.fixture
def space(db):
    return SpaceFactory(name_en="Fab Lab Beijing", email="hello@fablab.example")


def manager_of(space, email: str, **user_fields):
    user = UserFactory(email=email, **user_fields)
    MembershipFactory(maker=MakerFactory(user=user), space=space, role=Membership.Role.MANAGER)
    return user


def a_request(**changes) -> dict:
    tomorrow = timezone.localdate() + timedelta(days=1)
    data = {
        "kind": "day_pass",
        "date": tomorrow.isoformat(),
        "name": "Lin",
        "email": "lin@example.com",
        "message": "Two of us, with a laptop each.",
        "website": "",
    }
    return {**data, **changes}


def tour_url(space) -> str:
    return reverse("spaces:tour-request", args=[space.slug])


def test_a_request_is_stored_emailed_to_the_managers_and_acknowledged(
    client, space, django_capture_on_commit_callbacks
):
    manager_of(space, "boss@example.com")
    manager_of(space, "deputy@example.com")
    manager_of(SpaceFactory(), "elsewhere@example.com")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(tour_url(space), a_request())

    assert response.status_code == 302
    assert response["Location"] == reverse("spaces:tour-request-thanks", args=[space.slug])
    tour_request = TourRequest.objects.get()
    assert (tour_request.space, tour_request.kind, tour_request.email, tour_request.language) == (
        space,
        "day_pass",
        "lin@example.com",
        "en",
    )
    to_managers, to_visitor = mail.outbox
    assert sorted(to_managers.to) == ["boss@example.com", "deputy@example.com"]
    assert to_managers.reply_to == ["lin@example.com"]
    assert "Two of us" in to_managers.body
    assert to_visitor.to == ["lin@example.com"]
    assert "Fab Lab Beijing" in to_visitor.subject
    assertContains(client.get(response["Location"]), "Thank you")


def test_without_managers_the_space_address_gets_the_request(
    client, space, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(tour_url(space), a_request())

    assert [message.to for message in mail.outbox] == [
        ["hello@fablab.example"],
        ["lin@example.com"],
    ]


def test_the_visitor_is_thanked_in_the_language_of_the_page(
    client, space, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/zh-hans/spaces/{space.slug}/tour/", a_request())

    assert TourRequest.objects.get().language == "zh-hans"
    assert "/zh-hans/spaces/" in mail.outbox[-1].body


def test_a_filled_honeypot_is_thanked_but_neither_stored_nor_sent(
    client, space, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(tour_url(space), a_request(website="http://spam.example"))

    assert response["Location"] == reverse("spaces:tour-request-thanks", args=[space.slug])
    assert not TourRequest.objects.exists()
    assert mail.outbox == []


def test_a_date_in_the_past_is_a_form_error(client, space):
    yesterday = timezone.localdate(timezone=space.city.zoneinfo) - timedelta(days=1)

    response = client.post(tour_url(space), a_request(date=yesterday.isoformat()))

    assert response.status_code == 200
    assertFormError(response.context["tour_request_form"], "date", "Choose today or a later date.")
    assert not TourRequest.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [("kind", "sleepover"), ("date", "next tuesday"), ("email", "lin@"), ("name", "")],
)
def test_bad_input_is_a_form_error_naming_the_field(client, space, field, value):
    response = client.post(tour_url(space), a_request(**{field: value}))

    assert response.status_code == 200
    assert list(response.context["tour_request_form"].errors) == [field]
    assertContains(response, 'class="errorlist')
    assert not TourRequest.objects.exists()


def test_after_the_hourly_limit_a_visitor_gets_a_clear_error(client, space, settings):
    settings.TOUR_REQUESTS_PER_HOUR = 3
    for _ in range(3):
        assert client.post(tour_url(space), a_request()).status_code == 302

    response = client.post(tour_url(space), a_request())

    assert response.status_code == 429
    assertContains(response, "many requests in the last hour", status_code=429)
    assert TourRequest.objects.count() == 3
    other_visitor = client.post(tour_url(space), a_request(), REMOTE_ADDR="10.0.0.9")
    assert other_visitor.status_code == 302


def test_the_limit_counts_the_address_the_trusted_proxy_saw(client, space, settings):
    settings.TOUR_REQUESTS_PER_HOUR = 1
    settings.TRUSTED_PROXY_COUNT = 1
    proxied = {"REMOTE_ADDR": "10.0.0.1"}

    client.post(tour_url(space), a_request(), HTTP_X_FORWARDED_FOR="203.0.113.7", **proxied)
    limited = client.post(
        tour_url(space), a_request(), HTTP_X_FORWARDED_FOR="203.0.113.7", **proxied
    )
    other = client.post(tour_url(space), a_request(), HTTP_X_FORWARDED_FOR="203.0.113.8", **proxied)

    assert (limited.status_code, other.status_code) == (429, 302)


def test_only_published_spaces_take_requests(client, db):
    draft = SpaceFactory(status="draft")

    assert client.post(tour_url(draft), a_request()).status_code == 404


def test_the_space_page_carries_the_form(client, space):
    response = client.get(reverse("spaces:space-detail", args=[space.slug]))

    assertContains(response, f'action="{tour_url(space)}#visit"')
    assertContains(response, 'name="website"')


@pytest.mark.parametrize("url_name", ["spaces:tour-request", "spaces:tour-request-thanks"])
def test_the_request_pages_cost_fixed_queries(client, space, django_assert_num_queries, url_name):
    # the space (with its city)
    with django_assert_num_queries(1):
        response = client.get(reverse(url_name, args=[space.slug]))

    assertContains(response, "Fab Lab Beijing")


# Admin: managers see the requests to their own spaces only


@pytest.mark.parametrize("rows", [2, 6])
def test_managers_see_only_their_spaces_requests_in_admin(
    client, space, django_assert_num_queries, rows
):
    TourRequestFactory.create_batch(rows, space=space, name="Mine")
    TourRequestFactory(space=SpaceFactory(), name="Not mine")
    manager = manager_of(space, "boss@example.com", is_staff=True)
    manager.user_permissions.add(Permission.objects.get(codename="view_tourrequest"))
    client.force_login(manager)

    # session, user, permissions (user, groups), the managed spaces, 2 counts, rows with
    # their spaces, 2 for the date drill-down
    with django_assert_num_queries(10):
        response = client.get(reverse("admin:spaces_tourrequest_changelist"))

    assert response.context["cl"].result_count == rows
    assertNotContains(response, "Not mine")


def test_an_account_granted_the_space_is_emailed_too(
    client, space, django_capture_on_commit_callbacks
):
    ManagementGrant.objects.create(user=UserFactory(email="staff@example.com"), space=space)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(tour_url(space), a_request())

    assert mail.outbox[0].to == ["staff@example.com"]
