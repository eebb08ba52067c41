"""Makers ask to join a space; only that space's managers approve or decline, on the site or
in admin, and an approval makes the maker a member."""

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from members.models import JoinRequest, Membership
from members.services import approve_join_request
from tests.factories import (
    JoinRequestFactory,
    MakerFactory,
    MembershipFactory,
    SpaceFactory,
    UserFactory,
)


def a_manager_of(space, **user_fields):
    """A user whose maker profile holds a current manager membership of `space`."""
    user = UserFactory(**user_fields)
    MembershipFactory(maker=MakerFactory(user=user), space=space, role=Membership.Role.MANAGER)
    return user


def a_staff_manager_of(space):
    """A manager who may use admin, with the permissions a space manager's group gives."""
    user = a_manager_of(space, is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["view_joinrequest", "change_joinrequest", "view_tourrequest"]
        )
    )
    return user


@pytest.fixture
def space(db):
    return SpaceFactory(name_en="Fab Lab Beijing")


@pytest.fixture
def maker(db):
    return MakerFactory(user=UserFactory(email="ada@example.com"), display_name="Ada")


# Asking


def test_a_maker_asks_to_join_and_the_managers_hear_of_it(
    client, space, maker, django_capture_on_commit_callbacks
):
    a_manager_of(space, email="boss@example.com")
    a_manager_of(SpaceFactory(), email="elsewhere@example.com")
    client.force_login(maker.user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("members:join-request-create", args=[space.slug]), {"message": "I weld."}
        )

    assertRedirects(response, reverse("members:profile-edit"))
    join_request = JoinRequest.objects.get()
    assert (join_request.maker, join_request.space, join_request.status) == (
        maker,
        space,
        JoinRequest.Status.PENDING,
    )
    assert [message.to for message in mail.outbox] == [["boss@example.com"]]
    assert "Ada" in mail.outbox[0].subject
    assert reverse("members:join-request-list") in mail.outbox[0].body


def test_asking_without_a_profile_leads_to_the_profile_form(client, space):
    client.force_login(UserFactory())

    response = client.post(reverse("members:join-request-create", args=[space.slug]), {})

    assertRedirects(response, reverse("members:profile-edit"))
    assert not JoinRequest.objects.exists()


def test_asking_twice_or_as_a_member_is_a_form_error(client, space, maker):
    client.force_login(maker.user)
    url = reverse("members:join-request-create", args=[space.slug])
    client.post(url, {})

    response = client.post(url, {})

    assertContains(response, "You have already asked to join this space.")
    MembershipFactory(maker=maker, space=space)
    JoinRequest.objects.all().delete()
    assertContains(client.post(url, {}), "You are already a member of this space.")
    assert not JoinRequest.objects.exists()


def test_asking_needs_a_signed_in_user_and_a_published_space(client, maker):
    draft = SpaceFactory(status="draft")
    url = reverse("members:join-request-create", args=[draft.slug])

    assert client.get(url).status_code == 302
    client.force_login(maker.user)
    assert client.get(url).status_code == 404


# Deciding on the site


def test_the_manager_approves_on_the_site_and_the_maker_becomes_a_member(
    client, space, maker, django_capture_on_commit_callbacks
):
    join_request = JoinRequestFactory(maker=maker, space=space)
    manager = a_manager_of(space)
    client.force_login(manager)
    assertContains(client.get(reverse("members:join-request-list")), "Ada")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("members:join-request-decide", args=[join_request.pk]), {"decision": "approve"}
        )

    assertRedirects(response, reverse("members:join-request-list"))
    join_request.refresh_from_db()
    assert (join_request.status, join_request.decided_by) == ("approved", manager)
    assert (
        Membership.objects.current()
        .filter(maker=maker, space=space, role=Membership.Role.MEMBER)
        .exists()
    )
    assert [message.to for message in mail.outbox] == [["ada@example.com"]]
    assert "Welcome to Fab Lab Beijing" in mail.outbox[0].subject


def test_the_manager_declines_and_no_membership_follows(client, space, maker):
    join_request = JoinRequestFactory(maker=maker, space=space)
    client.force_login(a_manager_of(space))

    client.post(
        reverse("members:join-request-decide", args=[join_request.pk]), {"decision": "decline"}
    )

    join_request.refresh_from_db()
    assert join_request.status == "declined"
    assert not Membership.objects.filter(maker=maker).exists()


def test_a_decided_request_is_not_decided_again(client, space, maker):
    join_request = JoinRequestFactory(maker=maker, space=space)
    client.force_login(a_manager_of(space))
    url = reverse("members:join-request-decide", args=[join_request.pk])
    client.post(url, {"decision": "decline"})

    response = client.post(url, {"decision": "approve"}, follow=True)

    assertContains(response, "This request has already been decided.")
    assert not Membership.objects.filter(maker=maker).exists()


def test_a_manager_of_another_space_cannot_decide_on_the_site(client, space, maker):
    join_request = JoinRequestFactory(maker=maker, space=space)
    client.force_login(a_manager_of(SpaceFactory()))

    assertNotContains(client.get(reverse("members:join-request-list")), "Ada")
    response = client.post(
        reverse("members:join-request-decide", args=[join_request.pk]), {"decision": "approve"}
    )

    assert response.status_code == 404
    join_request.refresh_from_db()
    assert join_request.status == "pending"
    assert not Membership.objects.filter(maker=maker).exists()


def test_a_former_manager_cannot_decide(client, space, maker):
    join_request = JoinRequestFactory(maker=maker, space=space)
    former = a_manager_of(space)
    Membership.objects.filter(maker__user=former).update(ended_on="2020-01-01")
    client.force_login(former)

    response = client.post(
        reverse("members:join-request-decide", args=[join_request.pk]), {"decision": "approve"}
    )

    assert response.status_code == 404


def test_a_bad_decision_is_a_400(client, space, maker):
    join_request = JoinRequestFactory(maker=maker, space=space)
    client.force_login(a_manager_of(space))

    response = client.post(
        reverse("members:join-request-decide", args=[join_request.pk]), {"decision": "maybe"}
    )

    assert response.status_code == 400


def test_the_service_refuses_anyone_but_the_spaces_managers(space, maker):
    join_request = JoinRequestFactory(maker=maker, space=space)

    with pytest.raises(PermissionDenied):
        approve_join_request(join_request=join_request, by=a_manager_of(SpaceFactory()))

    join_request.refresh_from_db()
    assert join_request.status == "pending"


@pytest.mark.parametrize("rows", [2, 6])
def test_the_list_to_decide_costs_fixed_queries(client, space, django_assert_num_queries, rows):
    for _ in range(rows):
        JoinRequestFactory(space=space, maker=MakerFactory(city=space.city))
    client.force_login(a_manager_of(space))

    # session, user, pending requests of the managed spaces with their makers, cities, spaces
    with django_assert_num_queries(3):
        response = client.get(reverse("members:join-request-list"))

    assert len(response.context["join_requests"]) == rows


# Deciding in admin


def changelist() -> str:
    return reverse("admin:members_joinrequest_changelist")


def test_a_manager_approves_in_admin(client, space, maker):
    join_request = JoinRequestFactory(maker=maker, space=space)
    client.force_login(a_staff_manager_of(space))

    response = client.post(
        changelist(), {"action": "approve", "_selected_action": [join_request.pk]}
    )

    assert response.status_code == 302
    join_request.refresh_from_db()
    assert join_request.status == "approved"
    assert Membership.objects.filter(maker=maker, space=space, role="member").exists()


def test_a_manager_of_another_space_cannot_see_or_approve_in_admin(client, space, maker):
    join_request = JoinRequestFactory(maker=maker, space=space)
    own = JoinRequestFactory(space=SpaceFactory(name_en="Other Lab"))
    client.force_login(a_staff_manager_of(own.space))

    listing = client.get(changelist())
    assertContains(listing, "Other Lab")
    assertNotContains(listing, "Fab Lab Beijing")
    change = client.get(reverse("admin:members_joinrequest_change", args=[join_request.pk]))
    assert change.status_code == 302  # admin's "does not exist" redirect
    client.post(changelist(), {"action": "approve", "_selected_action": [join_request.pk]})

    join_request.refresh_from_db()
    assert join_request.status == "pending"
    assert not Membership.objects.filter(maker=maker).exists()


@pytest.mark.parametrize("rows", [2, 6])
def test_the_admin_list_costs_fixed_queries(client, space, django_assert_max_num_queries, rows):
    JoinRequestFactory.create_batch(rows, space=space)
    client.force_login(a_staff_manager_of(space))

    # session, user, permissions (user, groups), 2 counts, rows with maker, space and decider,
    # 2 for the date drill-down, and the action permission check
    with django_assert_max_num_queries(10):
        response = client.get(changelist())

    assert response.status_code == 200
    assert response.context["cl"].result_count == rows


def test_the_form_to_ask_costs_fixed_queries(client, space, maker, django_assert_num_queries):
    client.force_login(maker.user)

    # session, user, the space with its city, the maker
    with django_assert_num_queries(4):
        response = client.get(reverse("members:join-request-create", args=[space.slug]))

    assertContains(response, "Join Fab Lab Beijing")
