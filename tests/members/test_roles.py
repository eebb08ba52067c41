"""The roles of editing: the groups a fresh install has, who manages which space, and how an
account is let into admin to manage one."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from members.models import ManagementGrant, Membership, spaces_managed_by
from members.services import grant_space_management, revoke_space_management
from spaces.models import Space
from tests.factories import MakerFactory, MembershipFactory, SpaceFactory, UserFactory


def permissions(group_name: str) -> set[str]:
    group = Group.objects.get(name=group_name)
    return {
        f"{app}.{codename}"
        for app, codename in group.permissions.values_list("content_type__app_label", "codename")
    }


def test_a_fresh_install_has_the_editors_group(db):
    editors = permissions("Editors")

    assert {
        "spaces.moderate_space",
        "spaces.add_space",
        "spaces.delete_space",
        "spaces.change_network",
        "spaces.change_service",
        "members.change_maker",
        "members.change_fundinground",
        "members.add_managementgrant",
    } <= editors
    assert "auth.change_user" not in editors


def test_a_fresh_install_has_the_space_managers_group(db):
    managers = permissions("Space managers")

    assert {
        "spaces.change_space",
        "spaces.add_membershipplan",
        "spaces.delete_spacephoto",
        "spaces.change_openinghours",
        "members.add_membership",
        "members.view_maker",
    } <= managers
    assert (
        not {
            "spaces.moderate_space",
            "spaces.add_space",
            "spaces.delete_space",
            "spaces.change_network",
            "spaces.change_service",
            "spaces.change_city",
            "members.change_maker",
            "members.add_managementgrant",
        }
        & managers
    )


# Who manages which space


def test_a_user_manages_spaces_granted_to_them_and_those_their_maker_manages(db):
    user = UserFactory()
    granted, through_membership, where_a_member, ended = SpaceFactory.create_batch(4)
    maker = MakerFactory(user=user)
    ManagementGrant.objects.create(user=user, space=granted)
    MembershipFactory(maker=maker, space=through_membership, role=Membership.Role.MANAGER)
    MembershipFactory(maker=maker, space=where_a_member, role=Membership.Role.MEMBER)
    MembershipFactory(maker=maker, space=ended, role=Membership.Role.MANAGER, ended_on="2020-01-01")
    SpaceFactory()  # someone else's

    assert set(spaces_managed_by(user)) == {granted, through_membership}


def test_anonymous_and_inactive_users_manage_nothing(db):
    from django.contrib.auth.models import AnonymousUser

    space = SpaceFactory()
    inactive = UserFactory(is_active=False)
    ManagementGrant.objects.create(user=inactive, space=space)

    assert not spaces_managed_by(AnonymousUser()).exists()
    assert not spaces_managed_by(inactive).exists()


# Letting an account in


def test_granting_management_lets_the_account_into_admin_as_a_manager(db):
    user, space, editor = UserFactory(), SpaceFactory(), UserFactory()

    grant = grant_space_management(user=user, space=space, granted_by=editor)

    user.refresh_from_db()
    assert user.is_staff
    assert list(user.groups.values_list("name", flat=True)) == ["Space managers"]
    assert (grant.user, grant.space, grant.granted_by) == (user, space, editor)
    assert user.has_perm("spaces.change_space")
    assert not user.has_perm("spaces.moderate_space")


def test_granting_twice_keeps_one_grant(db):
    user, space = UserFactory(), SpaceFactory()

    first = grant_space_management(user=user, space=space)
    second = grant_space_management(user=user, space=space)

    assert first == second
    assert ManagementGrant.objects.count() == 1


def test_revoking_the_last_space_takes_admin_access_back(db):
    user, first, second = UserFactory(), SpaceFactory(), SpaceFactory()
    grant_space_management(user=user, space=first)
    grant_space_management(user=user, space=second)

    revoke_space_management(user=user, space=first)
    user.refresh_from_db()
    assert user.is_staff and user.groups.filter(name="Space managers").exists()

    revoke_space_management(user=user, space=second)
    user.refresh_from_db()
    assert not user.is_staff
    assert not user.groups.exists()


def test_revoking_a_grant_keeps_a_manager_membership_working(db):
    user, space = UserFactory(), SpaceFactory()
    MembershipFactory(maker=MakerFactory(user=user), space=space, role=Membership.Role.MANAGER)
    grant_space_management(user=user, space=space)

    revoke_space_management(user=user, space=space)

    user.refresh_from_db()
    assert user.is_staff
    assert list(spaces_managed_by(user)) == [space]


def test_revoking_keeps_staff_who_have_another_role(db, editor):
    space = SpaceFactory()
    grant_space_management(user=editor, space=space)

    revoke_space_management(user=editor, space=space)

    editor.refresh_from_db()
    assert editor.is_staff
    assert list(editor.groups.values_list("name", flat=True)) == ["Editors"]


# In admin


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def test_an_editor_grants_management_by_username_or_email(editor_client, editor):
    user = UserFactory(username="pan", email="Pan@Example.com")
    space = SpaceFactory()

    response = editor_client.post(
        reverse("admin:members_managementgrant_add"),
        {"account": "pan@example.com", "space": space.pk},
    )

    assert response.status_code == 302
    grant = ManagementGrant.objects.get()
    assert (grant.user, grant.space, grant.granted_by) == (user, space, editor)
    user.refresh_from_db()
    assert user.is_staff


def test_granting_to_an_unknown_account_is_a_form_error(editor_client):
    response = editor_client.post(
        reverse("admin:members_managementgrant_add"),
        {"account": "nobody", "space": SpaceFactory().pk},
    )

    assert "account" in response.context["adminform"].form.errors
    assert not ManagementGrant.objects.exists()


def test_deleting_a_grant_in_admin_revokes_it(editor_client):
    user, space = UserFactory(), SpaceFactory()
    grant = grant_space_management(user=user, space=space)

    editor_client.post(
        reverse("admin:members_managementgrant_delete", args=[grant.pk]), {"post": "yes"}
    )

    user.refresh_from_db()
    assert not ManagementGrant.objects.exists()
    assert not user.is_staff


def test_a_maker_who_manages_through_a_membership_edits_that_space_in_admin(db, client):
    user = UserFactory()
    space = SpaceFactory(name_en="Chaihuo")
    other = SpaceFactory(name_en="Xinchejian")
    MembershipFactory(maker=MakerFactory(user=user), space=space, role=Membership.Role.MANAGER)
    grant_space_management(user=user, space=space)
    ManagementGrant.objects.all().delete()  # the membership alone now
    client.force_login(user)

    mine = client.get(reverse("admin:spaces_space_change", args=[space.pk]))
    theirs = client.get(reverse("admin:spaces_space_change", args=[other.pk]))

    assert mine.status_code == 200
    assert theirs.status_code == 302
    assert Space.objects.get(pk=other.pk).name_en == "Xinchejian"
