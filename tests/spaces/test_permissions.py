"""Who may do what in admin: anonymous visitors, signed-in makers, the manager of a space, the
manager of another space and a staff editor, over every admin page, action and autocomplete.

Nothing outside a user's reach shows (Django answers 302 to the login or the admin index, or
403), and nothing within it is refused.
"""

import copy

import pytest
from django.db import transaction
from django.urls import reverse

from members.models import FundingRound, Maker, ManagementGrant, Membership, Project
from members.services import grant_space_management
from spaces.models import (
    City,
    Equipment,
    MembershipPlan,
    Network,
    Review,
    Service,
    Space,
    Tombstone,
)
from tests.factories import (
    CityFactory,
    EquipmentFactory,
    FundingRoundFactory,
    MakerFactory,
    ManagementGrantFactory,
    MembershipFactory,
    MembershipPlanFactory,
    NetworkFactory,
    OpeningHoursFactory,
    ProjectFactory,
    ReviewFactory,
    ServiceFactory,
    SpaceFactory,
    SpaceLinkFactory,
    TombstoneFactory,
    UserFactory,
)
from tests.helpers import admin_url

ROLES = ["anonymous", "maker", "manager", "other_manager", "editor"]
ALL = {"changelist", "add", "change", "delete", "history"}
LOOK = {"changelist", "change"}  # a read-only list and page
DENIED = {302, 403, 404}


@pytest.fixture(scope="module")
def _world_rows(django_db_setup, django_db_blocker):
    """The rows of `world`, written once for the module (some four hundred tests) in a
    transaction rolled back after it; each test runs in a savepoint inside it, as the tests
    of a Django TestCase do with setUpTestData."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        rows = build_world()
    yield rows
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


@pytest.fixture
def world(db, _world_rows):
    """Two spaces with their parts and members, each managed by someone, and one of every
    other kind of row, each with a name that must not show where it should not. (Copies, so
    that what one test changes in them stays in that test.)"""
    return copy.deepcopy(_world_rows)


def build_world() -> dict:
    here = SpaceFactory(name_en="Here Makerspace", status=Space.Status.PENDING)
    there = SpaceFactory(name_en="There Makerspace", status=Space.Status.PENDING)
    for space in (here, there):
        OpeningHoursFactory(space=space)
        MembershipPlanFactory(space=space, name_en=f"Desk at {space.name_en}")
        SpaceLinkFactory(space=space)
    public_maker = MakerFactory(display_name="Public Maker")
    hidden_maker = MakerFactory(display_name="Hidden Maker", visibility=Maker.Visibility.HIDDEN)
    manager = UserFactory(username="manager")
    grant_space_management(user=manager, space=here)
    other_manager = UserFactory(username="other-manager")
    # The other manages through a manager membership of their maker profile.
    MembershipFactory(
        maker=MakerFactory(display_name="Other Manager", user=other_manager),
        space=there,
        role=Membership.Role.MANAGER,
    )
    grant_space_management(user=other_manager, space=there)
    ManagementGrant.objects.filter(user=other_manager).delete()  # the membership remains
    project = ProjectFactory(name_en="Secret Project")
    return {
        "here": here,
        "there": there,
        "manager": manager,
        "other_manager": other_manager,
        "space_here": here,
        "space_there": there,
        "city": CityFactory(name_en="Shenzhen"),
        "network": NetworkFactory(name_en="Some Network"),
        "service": ServiceFactory(name_en="Incubation"),
        "equipment": EquipmentFactory(name_en="Laser Cutter"),
        "maker_public": public_maker,
        "maker_hidden": hidden_maker,
        "membership_here": MembershipFactory(maker=public_maker, space=here),
        "membership_there": MembershipFactory(maker=hidden_maker, space=there),
        "project": project,
        "funding_round": FundingRoundFactory(project=project),
        "grant": ManagementGrantFactory(user=UserFactory(username="granted"), space=there),
        "review": ReviewFactory(space=there, decision=Review.Decision.REJECTED, reason="No."),
        "tombstone": TombstoneFactory(slug="gone-space"),
    }


@pytest.fixture
def client_as(client, world):
    def sign_in(role: str):
        if role == "maker":
            client.force_login(UserFactory(username="just-a-maker"))
        elif role == "editor":
            from django.contrib.auth.models import Group

            user = UserFactory(username="editor", is_staff=True)
            user.groups.add(Group.objects.get(name="Editors"))
            client.force_login(user)
        elif role != "anonymous":
            client.force_login(world[role])
        return client

    return sign_in


# (row, its model, the views each role may open; roles not named may open none)
PAGES = [
    (
        "space_here",
        Space,
        {
            "editor": ALL,
            "manager": {"changelist", "change", "history"},
            "other_manager": {"changelist"},
        },
    ),
    (
        "space_there",
        Space,
        {
            "editor": ALL,
            "manager": {"changelist"},
            "other_manager": {"changelist", "change", "history"},
        },
    ),
    ("city", City, {"editor": ALL, "manager": LOOK, "other_manager": LOOK}),
    ("service", Service, {"editor": ALL, "manager": LOOK, "other_manager": LOOK}),
    ("equipment", Equipment, {"editor": ALL, "manager": LOOK, "other_manager": LOOK}),
    ("network", Network, {"editor": ALL}),
    ("maker_public", Maker, {"editor": ALL, "manager": LOOK, "other_manager": LOOK}),
    (
        "maker_hidden",
        Maker,
        {"editor": ALL, "manager": {"changelist"}, "other_manager": {"changelist"}},
    ),
    (
        "membership_here",
        Membership,
        {"editor": ALL, "manager": ALL, "other_manager": {"changelist", "add"}},
    ),
    (
        "membership_there",
        Membership,
        {"editor": ALL, "manager": {"changelist", "add"}, "other_manager": ALL},
    ),
    ("project", Project, {"editor": ALL}),
    ("funding_round", FundingRound, {"editor": ALL}),
    ("grant", ManagementGrant, {"editor": ALL}),  # its change page only shows it
    # Decisions are read, not edited; they go with their space when it is deleted.
    ("review", Review, {"editor": {"changelist", "change", "history", "delete"}}),
    ("tombstone", Tombstone, {"editor": {"changelist", "change", "history"}}),
]

CASES = [
    pytest.param(row, model, view, role, view in access.get(role, set()), id=f"{row}-{view}-{role}")
    for row, model, access in PAGES
    for view in sorted(ALL)
    for role in ROLES
]


def page_url(model, view: str, row) -> str:
    if view in ("changelist", "add"):
        return admin_url(model, view)
    return admin_url(model, view, row.pk)


@pytest.mark.parametrize(("row", "model", "view", "role", "allowed"), CASES)
def test_admin_pages_open_for_those_allowed_and_show_nothing_to_others(
    client_as, world, row, model, view, role, allowed
):
    client = client_as(role)

    response = client.get(page_url(model, view, world[row]))

    if allowed:
        assert response.status_code == 200
    else:
        assert response.status_code in DENIED
        if response.status_code == 302:
            assert response["Location"].startswith(("/admin/login/", reverse("admin:index")))
        if view not in ("changelist", "add"):
            assert str(world[row]) not in response.content.decode()


@pytest.mark.parametrize("role", ["manager", "other_manager"])
def test_managers_lists_show_only_their_spaces_and_the_makers_anyone_may_see(
    client_as, world, role
):
    client = client_as(role)
    mine, theirs = ("here", "there") if role == "manager" else ("there", "here")

    spaces = client.get(admin_url(Space, "changelist")).content.decode()
    memberships = client.get(admin_url(Membership, "changelist"))
    makers = client.get(admin_url(Maker, "changelist")).content.decode()

    assert world[mine].name_en in spaces
    assert world[theirs].name_en not in spaces
    assert {m.space_id for m in memberships.context["cl"].result_list} == {world[mine].pk}
    assert "Public Maker" in makers
    assert "Hidden Maker" not in makers
    assert "manager@example.com" not in makers  # nor whose account is whose


def test_a_manager_sees_only_the_fields_of_their_space_they_may_change(client_as, world):
    response = client_as("manager").get(admin_url(Space, "change", world["here"].pk))

    form = response.context["adminform"].form
    assert {"name_en", "description_en", "services", "city"} <= set(form.fields)
    assert not {"status", "verified", "last_checked_on", "networks"} & set(form.fields)
    assert "Review" not in response.context["adminform"].form.fields  # no moderation
    assert not response.context["can_moderate"]


# Actions


ACTIONS = [
    # (action, space field, value before, value after)
    ("approve", "status", Space.Status.PENDING, Space.Status.PUBLISHED),
    ("mark_verified", "verified", False, True),
    ("remove_verified", "verified", True, False),
    ("delete_selected", None, None, None),
]


@pytest.mark.parametrize(("action", "field", "before", "after"), ACTIONS)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("target", ["here", "there"])
def test_space_actions_work_for_editors_only(
    client_as, world, action, field, before, after, role, target
):
    space = world[target]
    if field:
        Space.objects.filter(pk=space.pk).update(**{field: before})
    client = client_as(role)

    response = client.post(
        admin_url(Space, "changelist"),
        {"action": action, "_selected_action": [space.pk], "post": "yes"},
    )

    assert response.status_code in (200, 302)
    stored = Space.objects.filter(pk=space.pk).first()
    if role == "editor":
        assert stored is None if field is None else getattr(stored, field) == after
    else:
        assert stored is not None and (field is None or getattr(stored, field) == before)


@pytest.mark.parametrize(
    ("role", "target", "deleted"),
    [
        ("manager", "membership_here", True),
        ("manager", "membership_there", False),
        ("other_manager", "membership_here", False),
        ("editor", "membership_there", True),
        ("maker", "membership_here", False),
    ],
)
def test_managers_delete_memberships_of_their_spaces_only(client_as, world, role, target, deleted):
    membership = world[target]

    client_as(role).post(
        admin_url(Membership, "changelist"),
        {"action": "delete_selected", "_selected_action": [membership.pk], "post": "yes"},
    )

    assert Membership.objects.filter(pk=membership.pk).exists() is not deleted


def test_the_moderation_page_is_for_editors_only(client_as, world):
    url = admin_url(Space, "moderate", world["here"].pk)
    for role in ["anonymous", "maker", "manager", "other_manager"]:
        response = client_as(role).post(url, {"decision": "approved"})
        assert response.status_code in DENIED
    world["here"].refresh_from_db()
    assert world["here"].status == Space.Status.PENDING
    assert not Review.objects.filter(space=world["here"]).exists()

    assert client_as("editor").get(url).status_code == 200


# Autocomplete: admin answers with the target model admin's rows, so it must be limited there


def autocomplete(client, app_label: str, model_name: str, field_name: str, term: str = ""):
    return client.get(
        reverse("admin:autocomplete"),
        {"app_label": app_label, "model_name": model_name, "field_name": field_name, "term": term},
    )


AUTOCOMPLETES = [
    # (source app, model, field; rows a manager of "here" gets, rows they never get, or None
    # when refused; rows an editor gets at least)
    ("members", "membership", "space", {"here"}, {"there"}, {"here", "there"}),
    ("members", "project", "spaces", {"here"}, {"there"}, {"here", "there"}),
    ("members", "membership", "maker", {"maker_public"}, {"maker_hidden"}, {"maker_hidden"}),
    ("spaces", "space", "city", {"city"}, set(), {"city"}),
    ("spaces", "space", "services", {"service"}, set(), {"service"}),
    ("spaces", "space", "networks", None, None, {"network"}),
    ("spaces", "network", "parent", None, None, {"network"}),
    ("members", "fundinground", "project", None, None, {"project"}),
    ("members", "maker", "user", None, None, set()),
]


@pytest.mark.parametrize(
    ("app", "model", "field", "manager_gets", "manager_never", "editor_gets"), AUTOCOMPLETES
)
def test_autocomplete_answers_only_with_rows_the_user_may_see(
    client_as, world, app, model, field, manager_gets, manager_never, editor_gets
):
    def result_ids(response) -> set[str]:
        return {result["id"] for result in response.json()["results"]}

    def ids(keys) -> set[str]:
        return {str(world[key].pk) for key in keys}

    for role in ["anonymous", "maker"]:
        assert autocomplete(client_as(role), app, model, field).status_code == 302

    response = autocomplete(client_as("manager"), app, model, field)
    if manager_gets is None:
        assert response.status_code == 403
    else:
        assert response.status_code == 200
        assert ids(manager_gets) <= result_ids(response)
        assert not ids(manager_never) & result_ids(response)

    response = autocomplete(client_as("editor"), app, model, field)
    assert response.status_code == 200
    assert ids(editor_gets) <= result_ids(response)


def test_autocomplete_search_stays_within_the_managers_spaces(client_as, world):
    response = autocomplete(client_as("manager"), "members", "membership", "space", "Makerspace")

    assert [result["text"] for result in response.json()["results"]] == ["Here Makerspace"]


# Forms posted at rows of another space


def test_a_manager_cannot_post_to_another_spaces_page(client_as, world, admin_form_data):
    editor_view = client_as("editor").get(admin_url(Space, "change", world["there"].pk))
    data = {**admin_form_data(editor_view), "name_en": "Taken over", "plans-0-price": "1"}

    response = client_as("manager").post(admin_url(Space, "change", world["there"].pk), data)

    assert response.status_code in DENIED
    world["there"].refresh_from_db()
    assert world["there"].name_en == "There Makerspace"
    assert MembershipPlan.objects.get(space=world["there"]).price != 1


def test_a_manager_cannot_edit_another_spaces_plan_through_their_own_page(
    client_as, world, admin_form_data
):
    client = client_as("manager")
    page = client.get(admin_url(Space, "change", world["here"].pk))
    data = admin_form_data(page)
    their_plan = MembershipPlan.objects.get(space=world["there"])
    data.update({"plans-0-id": str(their_plan.pk), "plans-0-price": "1.00"})

    client.post(admin_url(Space, "change", world["here"].pk), data)

    # Django's inline formset ignores a row outside the space's own.
    their_plan.refresh_from_db()
    assert their_plan.price != 1
    assert their_plan.space == world["there"]
    assert not MembershipPlan.objects.filter(price=1).exists()


def test_a_manager_saves_their_space_but_not_its_status(client_as, world, admin_form_data):
    client = client_as("manager")
    page = client.get(admin_url(Space, "change", world["here"].pk))
    data = {**admin_form_data(page), "desks": "40", "status": Space.Status.PUBLISHED}

    response = client.post(admin_url(Space, "change", world["here"].pk), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    world["here"].refresh_from_db()
    assert world["here"].desks == 40
    assert world["here"].status == Space.Status.PENDING


def test_a_manager_cannot_add_a_membership_to_another_space(client_as, world):
    response = client_as("manager").post(
        admin_url(Membership, "add"),
        {"maker": world["maker_public"].pk, "space": world["there"].pk, "role": "member"},
    )

    assert response.status_code == 200
    assert "space" in response.context["adminform"].form.errors
    assert not Membership.objects.filter(space=world["there"], maker=world["maker_public"]).exists()


def test_a_manager_cannot_make_a_hidden_maker_a_member(client_as, world):
    response = client_as("manager").post(
        admin_url(Membership, "add"),
        {"maker": world["maker_hidden"].pk, "space": world["here"].pk, "role": "member"},
    )

    assert "maker" in response.context["adminform"].form.errors
    assert not Membership.objects.filter(maker=world["maker_hidden"], space=world["here"]).exists()


def test_a_manager_adds_a_membership_to_their_space(client_as, world):
    response = client_as("manager").post(
        admin_url(Membership, "add"),
        {"maker": world["maker_public"].pk, "space": world["here"].pk, "role": "mentor"},
    )

    assert response.status_code == 302
    assert Membership.objects.filter(
        maker=world["maker_public"], space=world["here"], role="mentor"
    ).exists()


def test_a_manager_cannot_revert_another_spaces_history(client_as, world):
    record = world["there"].history.first()
    url = reverse("admin:spaces_space_simple_history", args=[world["there"].pk, record.pk])

    client = client_as("manager")

    assert client.get(url).status_code == 404
    assert client.post(url, {"name_en": "Taken over"}).status_code == 404
    world["there"].refresh_from_db()
    assert world["there"].name_en == "There Makerspace"


@pytest.mark.parametrize("view", ["history", "simple_history"])
def test_another_spaces_history_answers_as_a_space_that_is_not_there(client_as, world, view):
    client = client_as("manager")
    record = world["there"].history.first()

    def status(space_id) -> int:
        args = [space_id] if view == "history" else [space_id, record.pk]
        return client.get(reverse(f"admin:spaces_space_{view}", args=args)).status_code

    assert status(world["there"].pk) == status(999_999) == 404
    assert status(world["here"].pk) == 200 or view == "simple_history"


@pytest.mark.parametrize("lookup", ["user", "user__isnull", "user__id", "user_id"])
def test_a_manager_cannot_filter_makers_by_account(client_as, world, lookup):
    client = client_as("manager")
    url = reverse("admin:members_maker_changelist")

    assert client.get(url).status_code == 200
    assert client.get(url, {lookup: "False" if "isnull" in lookup else "1"}).status_code == 400


def test_an_editor_may_still_filter_makers_by_account(client_as, world):
    client = client_as("editor")
    url = reverse("admin:members_maker_changelist")

    response = client.get(url, {"user__isnull": "False"})

    assert response.status_code == 200
    assert "Other Manager" in response.content.decode()


# What a manager's pages cost


def test_a_managers_space_list_costs_the_same_queries_whatever_its_length(
    client_as, world, django_assert_max_num_queries
):
    client = client_as("manager")
    # session, user, the user's own and their groups' permissions, the spaces the user
    # manages, 4 filter choices (city, networks, services, equipment), 2 counts, rows with
    # their city, their networks, 2 for the date drill-down
    for _ in range(2):
        grant_space_management(user=world["manager"], space=SpaceFactory())
    with django_assert_max_num_queries(15):
        assert client.get(admin_url(Space, "changelist")).status_code == 200

    for _ in range(4):
        grant_space_management(user=world["manager"], space=SpaceFactory())
    with django_assert_max_num_queries(15):
        assert client.get(admin_url(Space, "changelist")).status_code == 200
