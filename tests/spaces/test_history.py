"""Every change to a listing is recorded with who and what, shown in admin with a diff,
revertible; two editors saving the same listing never overwrite each other unseen."""

from decimal import Decimal

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains

from members.models import Maker
from members.services import grant_space_management
from spaces.models import MembershipPlan, Space
from tests.factories import (
    MakerFactory,
    MembershipPlanFactory,
    NetworkFactory,
    SpaceFactory,
    UserFactory,
)
from tests.helpers import admin_url


def save_change_form(client, admin_form_data, obj, **changes):
    """Open an object's admin page, change some fields and save it as a browser would."""
    page = client.get(admin_url(type(obj), "change", obj.pk))
    return client.post(admin_url(type(obj), "change", obj.pk), {**admin_form_data(page), **changes})


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


# History


def test_a_change_in_admin_is_recorded_with_its_user_and_what_changed(
    editor_client, editor, admin_form_data
):
    space = SpaceFactory(name_en="Chaihuo", desks=10)

    response = save_change_form(
        editor_client, admin_form_data, space, name_en="Chaihuo x.factory", desks="25"
    )

    assert response.status_code == 302
    latest, before = space.history.all()[:2]
    assert latest.history_user == editor
    changes = {
        change.field: (change.old, change.new) for change in latest.diff_against(before).changes
    }
    assert changes == {"name_en": ("Chaihuo", "Chaihuo x.factory"), "desks": (10, 25)}


def test_the_history_page_shows_the_diff_and_the_editor(editor_client, editor, admin_form_data):
    space = SpaceFactory(name_en="Chaihuo")
    save_change_form(editor_client, admin_form_data, space, name_en="Chaihuo x.factory")

    response = editor_client.get(admin_url(Space, "history", space.pk))

    assertContains(response, "Chaihuo x.factory")
    assertContains(response, "editor")
    assert [change["new"] for change in response.context["page_obj"][0].history_delta_changes] == [
        "Chaihuo x.factory"
    ]


def test_changes_to_a_spaces_plans_show_on_its_history_page(editor_client, editor, admin_form_data):
    space = SpaceFactory()
    MembershipPlanFactory(space=space, name_en="Hot desk", price=Decimal("1200.00"))

    save_change_form(editor_client, admin_form_data, space, **{"plans-0-price": "1500.00"})
    response = editor_client.get(admin_url(Space, "history", space.pk))

    change = next(
        change
        for change in response.context["part_changes"]()
        if change["record"].history_type == "~"
    )
    assert change["record"].history_user == editor
    assert [(c["old"], c["new"]) for c in change["changes"]] == [
        (Decimal("1200.00"), Decimal("1500.00"))
    ]
    assertContains(response, "1500.00")


def test_revert_restores_an_earlier_version(editor_client, editor, admin_form_data):
    space = SpaceFactory(name_en="Chaihuo", desks=10)
    first = space.history.first()
    save_change_form(editor_client, admin_form_data, space, name_en="Wrong name", desks="99")
    revert_url = reverse("admin:spaces_space_simple_history", args=[space.pk, first.pk])

    page = editor_client.get(revert_url)
    response = editor_client.post(revert_url, admin_form_data(page))

    assert response.status_code == 302
    space.refresh_from_db()
    assert (space.name_en, space.desks) == ("Chaihuo", 10)
    assert space.history.first().history_user == editor


def test_a_manager_reverting_cannot_bring_back_a_status(db, client, admin_form_data):
    space = SpaceFactory(name_en="Chaihuo", status=Space.Status.PUBLISHED)
    published = space.history.first()
    space.name_en, space.status = "Chaihuo (closed)", Space.Status.CLOSED
    space.save()
    manager = UserFactory()
    grant_space_management(user=manager, space=space)
    client.force_login(manager)
    revert_url = reverse("admin:spaces_space_simple_history", args=[space.pk, published.pk])

    page = client.get(revert_url)
    response = client.post(revert_url, admin_form_data(page))

    assert response.status_code == 302
    space.refresh_from_db()
    assert space.name_en == "Chaihuo"
    assert space.status == Space.Status.CLOSED


def test_other_listings_keep_history_too(editor_client, editor, admin_form_data):
    maker = MakerFactory(display_name="Li Lei")
    network = NetworkFactory(name_en="Maker Alliance")

    save_change_form(editor_client, admin_form_data, maker, display_name="Li Lei (雷)")
    save_change_form(editor_client, admin_form_data, network, name_en="Makers' Alliance")

    assert maker.history.first().history_user == editor
    assert maker.history.first().display_name == "Li Lei (雷)"
    assert network.history.first().name_en == "Makers' Alliance"
    assert editor_client.get(admin_url(Maker, "history", maker.pk)).status_code == 200


def test_marking_spaces_verified_is_recorded(editor_client, editor):
    spaces = SpaceFactory.create_batch(2)

    editor_client.post(
        admin_url(Space, "changelist"),
        {"action": "mark_verified", "_selected_action": [space.pk for space in spaces]},
    )

    for space in spaces:
        latest = space.history.first()
        assert (latest.verified, latest.history_user) == (True, editor)
        assert latest.last_checked_on is not None


def test_the_history_page_costs_the_same_queries_whatever_the_number_of_changes(
    editor_client, django_assert_max_num_queries
):
    space = SpaceFactory()
    plan = MembershipPlanFactory(space=space)

    def change(times: int) -> None:
        for number in range(times):
            space.desks = number
            space.save()
            plan.price = number
            plan.save()

    # session, user, the user's own and groups' permissions, the records with their city and
    # user, the space, the user content type (cached after the first page), the records of
    # each of the 4 kinds of parts
    change(2)
    with django_assert_max_num_queries(12):
        assert editor_client.get(admin_url(Space, "history", space.pk)).status_code == 200

    change(6)
    with django_assert_max_num_queries(12):
        assert editor_client.get(admin_url(Space, "history", space.pk)).status_code == 200


# Two editors at once


@pytest.fixture
def other_editor_client(client_factory, editor):
    from django.contrib.auth.models import Group

    other = UserFactory(username="other-editor", is_staff=True)
    other.groups.add(Group.objects.get(name="Editors"))
    other_client = client_factory()
    other_client.force_login(other)
    return other_client


@pytest.fixture
def client_factory():
    from django.test import Client

    return Client


def test_the_second_of_two_editors_is_told_what_changed_and_nothing_is_overwritten(
    editor_client, other_editor_client, admin_form_data
):
    space = SpaceFactory(name_en="Chaihuo", desks=10, floor_area=300)
    url = admin_url(Space, "change", space.pk)
    mine, theirs = editor_client.get(url), other_editor_client.get(url)

    first = other_editor_client.post(
        url, {**admin_form_data(theirs), "name_en": "Chaihuo x.factory", "desks": "12"}
    )
    second = editor_client.post(url, {**admin_form_data(mine), "desks": "30", "floor_area": "450"})

    assert first.status_code == 302
    assert second.status_code == 200
    form = second.context["adminform"].form
    assert set(form.errors) == {"__all__", "name_en", "desks"}
    assert "other-editor" in form.non_field_errors()[0]
    assert "“Chaihuo” to “Chaihuo x.factory”" in form.errors["name_en"][0]
    space.refresh_from_db()
    assert (space.name_en, space.desks, space.floor_area) == ("Chaihuo x.factory", 12, 300)


def test_saving_again_after_a_conflict_keeps_both_editors_changes(
    editor_client, other_editor_client, admin_form_data
):
    space = SpaceFactory(name_en="Chaihuo", desks=10, floor_area=300)
    url = admin_url(Space, "change", space.pk)
    mine, theirs = editor_client.get(url), other_editor_client.get(url)
    other_editor_client.post(url, {**admin_form_data(theirs), "name_en": "Chaihuo x.factory"})
    conflict = editor_client.post(url, {**admin_form_data(mine), "floor_area": "450"})

    response = editor_client.post(url, admin_form_data(conflict))

    assert response.status_code == 302
    space.refresh_from_db()
    # Their name (this editor left it alone), this editor's floor area.
    assert (space.name_en, space.floor_area) == ("Chaihuo x.factory", 450)


def test_a_conflict_on_many_to_many_choices_is_caught(
    editor_client, other_editor_client, admin_form_data
):
    space = SpaceFactory()
    network = NetworkFactory(name_en="Maker Alliance")
    url = admin_url(Space, "change", space.pk)
    mine, theirs = editor_client.get(url), other_editor_client.get(url)

    other_editor_client.post(url, {**admin_form_data(theirs), "networks": [str(network.pk)]})
    response = editor_client.post(url, {**admin_form_data(mine), "desks": "5"})

    assert "networks" in response.context["adminform"].form.errors
    assert "Maker Alliance" in response.context["adminform"].form.errors["networks"][0]
    assert list(space.networks.all()) == [network]


def test_the_same_conflict_guard_covers_makers(editor_client, other_editor_client, admin_form_data):
    maker = MakerFactory(display_name="Li Lei", bio_en="Welder.")
    url = admin_url(Maker, "change", maker.pk)
    mine, theirs = editor_client.get(url), other_editor_client.get(url)

    other_editor_client.post(url, {**admin_form_data(theirs), "bio_en": "Welder and coder."})
    response = editor_client.post(url, {**admin_form_data(mine), "bio_en": "Coder."})

    assert response.status_code == 200
    assert "bio_en" in response.context["adminform"].form.errors
    maker.refresh_from_db()
    assert maker.bio_en == "Welder and coder."


def test_saving_a_page_nobody_else_touched_just_works(editor_client, admin_form_data):
    space = SpaceFactory(desks=10)
    MembershipPlanFactory(space=space)

    response = save_change_form(editor_client, admin_form_data, space, desks="11")

    assert response.status_code == 302
    space.refresh_from_db()
    assert space.desks == 11
    assert MembershipPlan.objects.get(space=space).price == Decimal("1200.00")
