from datetime import UTC, datetime, time
from decimal import Decimal

import pytest

from members.models import ApiKey, Membership
from spaces.models import Space
from tests.api.conftest import auth
from tests.factories import (
    ApiKeyFactory,
    MakerFactory,
    ManagementGrantFactory,
    MembershipFactory,
    MembershipPlanFactory,
    OpeningHoursFactory,
    SpaceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

HOURS = {
    "opening_hours": [
        {"weekday": 0, "opens": "09:00", "closes": "18:00"},
        {"weekday": 5, "opens": "20:00", "closes": "02:00"},
    ]
}
PLANS = {
    "plans": [
        {"name_en": "Day pass", "name_zh": "日票", "period": "day", "price": "120.00"},
        {"name_zh": "固定工位", "price": "2000", "currency": "CNY"},
    ]
}


def put(client, url, body, key=None):
    headers = auth(key) if key else {}
    return client.put(url, body, content_type="application/json", headers=headers)


def test_a_manager_replaces_the_opening_hours_of_their_space(client, space, manager_key):
    OpeningHoursFactory(space=space, weekday=3)
    Space.objects.filter(pk=space.pk).update(updated_at=datetime(2020, 1, 1, tzinfo=UTC))

    response = put(client, "/api/v1/spaces/lab/hours/", HOURS, manager_key)

    assert response.status_code == 200, response.json()
    assert response.json()["opening_hours"][1] == {
        "weekday": 5,
        "opens": "20:00",
        "closes": "02:00",
    }
    assert [(h.weekday, h.opens, h.closes) for h in space.opening_hours.all()] == [
        (0, time(9), time(18)),
        (5, time(20), time(2)),
    ]
    space.refresh_from_db()
    assert space.updated_at.year > 2020  # partners see the change


def test_a_manager_may_clear_the_hours(client, space, manager_key):
    OpeningHoursFactory(space=space)

    response = put(client, "/api/v1/spaces/lab/hours/", {"opening_hours": []}, manager_key)

    assert response.status_code == 200
    assert not space.opening_hours.exists()


def test_a_manager_replaces_the_plans_in_the_given_order(client, space, manager_key):
    MembershipPlanFactory(space=space, name_en="Old plan")

    response = put(client, "/api/v1/spaces/lab/plans/", PLANS, manager_key)

    assert response.status_code == 200, response.json()
    plans = list(space.plans.all())
    assert [(p.name_zh, p.price, p.period, p.position) for p in plans] == [
        ("日票", Decimal("120.00"), "day", 0),
        ("固定工位", Decimal("2000.00"), "month", 1),
    ]
    assert response.json()["plans"][1]["name_zh"] == "固定工位"


def test_a_manager_closes_and_reopens_their_space(client, space, manager_key):
    closed = put(client, "/api/v1/spaces/lab/status/", {"status": "closed"}, manager_key)
    assert closed.status_code == 200
    assert client.get("/api/v1/spaces/lab/").status_code == 404

    reopened = put(client, "/api/v1/spaces/lab/status/", {"status": "published"}, manager_key)

    assert reopened.status_code == 200
    assert reopened.json() == {"status": "published"}
    assert client.get("/api/v1/spaces/lab/").status_code == 200


@pytest.mark.parametrize("status", [Space.Status.DRAFT, Space.Status.PENDING])
def test_a_manager_cannot_publish_a_listing_the_editors_have_not(client, manager_key, status):
    Space.objects.filter(slug="lab").update(status=status)

    response = put(client, "/api/v1/spaces/lab/status/", {"status": "published"}, manager_key)

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "status"
    assert Space.objects.get(slug="lab").status == status


@pytest.mark.parametrize("status", ["draft", "pending", "gone"])
def test_a_manager_may_only_choose_published_or_closed(client, manager_key, status):
    response = put(client, "/api/v1/spaces/lab/status/", {"status": status}, manager_key)

    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "invalid_choice"


@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
        ({}, "opening_hours", "required"),
        (
            {"opening_hours": [{"weekday": 7, "opens": "09:00", "closes": "10:00"}]},
            "opening_hours.0.weekday",
            "invalid_choice",
        ),
        (
            {"opening_hours": [{"weekday": 1, "opens": "9am", "closes": "10:00"}]},
            "opening_hours.0.opens",
            "invalid",
        ),
        (
            {"opening_hours": [{"weekday": 1, "opens": "09:00+08:00", "closes": "10:00"}]},
            "opening_hours.0.opens",
            "invalid",
        ),
        (
            {"opening_hours": [{"weekday": 1, "opens": "09:00", "closes": "10:00"}] * 2},
            "opening_hours",
            "unique",
        ),
        (  # overlapping on one weekday
            {
                "opening_hours": [
                    {"weekday": 1, "opens": "09:00", "closes": "18:00"},
                    {"weekday": 1, "opens": "12:00", "closes": "20:00"},
                ]
            },
            "opening_hours.1.opens",
            "overlap",
        ),
        (  # Sunday night running into Monday morning
            {
                "opening_hours": [
                    {"weekday": 0, "opens": "01:00", "closes": "09:00"},
                    {"weekday": 6, "opens": "22:00", "closes": "02:00"},
                ]
            },
            "opening_hours.1.opens",
            "overlap",
        ),
        (
            {
                "opening_hours": [
                    {"weekday": n % 7, "opens": f"{n // 7:02d}:00", "closes": f"{n // 7:02d}:30"}
                    for n in range(22)
                ]
            },
            "opening_hours",
            "max_length",
        ),
        # Read as strictly as the schema gives them, not as loosely as DRF would.
        (
            {"opening_hours": [{"weekday": "1", "opens": "09:00", "closes": "10:00"}]},
            "opening_hours.0.weekday",
            "invalid_choice",
        ),
        (
            {"opening_hours": [{"weekday": True, "opens": "09:00", "closes": "10:00"}]},
            "opening_hours.0.weekday",
            "invalid_choice",
        ),
        (
            {"opening_hours": [{"weekday": 1, "opens": "9:5", "closes": "10:00"}]},
            "opening_hours.0.opens",
            "invalid",
        ),
    ],
)
def test_bad_hours_are_a_400_naming_the_field(client, space, manager_key, body, field, code):
    response = put(client, "/api/v1/spaces/lab/hours/", body, manager_key)

    assert response.status_code == 400
    assert {"field": field, "code": code} in [
        {"field": e["field"], "code": e["code"]} for e in response.json()["errors"]
    ]


@pytest.mark.parametrize(
    ("plan", "field", "code"),
    [
        ({"price": "10"}, "plans.0.name_en", "required"),
        ({"name_en": "X", "price": "-1"}, "plans.0.price", "min_value"),
        ({"name_en": "X", "price": "10", "currency": "yuan"}, "plans.0.currency", "invalid"),
        ({"name_en": "X", "price": "10", "period": "decade"}, "plans.0.period", "invalid_choice"),
        # Read as strictly as the schema gives them, not as loosely as DRF would.
        ({"name_en": "X", "price": 10}, "plans.0.price", "invalid"),
        ({"name_en": "X", "price": "1e3"}, "plans.0.price", "invalid"),
        ({"name_en": 5, "price": "10"}, "plans.0.name_en", "invalid"),
        ({"name_en": "X", "price": "10", "currency": " CNY"}, "plans.0.currency", "invalid"),
        ({"name_en": "X", "price": "10", "period": ["day"]}, "plans.0.period", "invalid_choice"),
    ],
)
def test_bad_plans_are_a_400_naming_the_field(client, space, manager_key, plan, field, code):
    response = put(client, "/api/v1/spaces/lab/plans/", {"plans": [plan]}, manager_key)

    assert response.status_code == 400, response.json()
    assert {"field": field, "code": code} in [
        {"field": e["field"], "code": e["code"]} for e in response.json()["errors"]
    ]
    assert not space.plans.exists()


def test_a_body_that_is_not_json_is_a_400(client, space, manager_key):
    response = client.put(
        "/api/v1/spaces/lab/hours/", "{", content_type="application/json", headers=auth(manager_key)
    )

    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "parse_error"


@pytest.mark.parametrize(
    "body",
    [
        '{"plans": ' + "[" * 5000 + "]" * 5000 + "}",  # a parser's recursion, once a 500
        '{"plans": [{"name_en": "Desk", "price": NaN}]}',  # not JSON, though Python reads it
        b'{"plans": [{"name_en": "\xff"}]}',  # not UTF-8
    ],
)
def test_a_body_nested_too_deep_or_not_json_is_a_400_and_changes_nothing(
    client, space, manager_key, body
):
    MembershipPlanFactory(space=space, name_en="Kept")

    response = put(client, "/api/v1/spaces/lab/plans/", body, manager_key)

    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "parse_error"
    assert list(space.plans.values_list("name_en", flat=True)) == ["Kept"]


def test_5000_plans_are_refused_at_once_and_nothing_is_replaced(client, space, manager_key):
    MembershipPlanFactory(space=space, name_en="Kept")
    plans = [{"name_en": f"Plan {n}", "price": "10"} for n in range(5000)]

    response = put(client, "/api/v1/spaces/lab/plans/", {"plans": plans}, manager_key)

    assert response.status_code == 400
    assert response.json()["errors"][0] == {
        "field": "plans",
        "code": "max_length",
        "message": "Ensure this field has no more than 20 elements.",
    }
    assert list(space.plans.values_list("name_en", flat=True)) == ["Kept"]


# Who may write


def test_without_a_key_writing_is_a_401(client, space):
    response = put(client, "/api/v1/spaces/lab/hours/", HOURS)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Api-Key"
    assert response.json()["errors"][0]["code"] == "not_authenticated"


def test_a_partner_key_without_the_manage_scope_is_a_403(client, space, partner_key):
    assert put(client, "/api/v1/spaces/lab/hours/", HOURS, partner_key).status_code == 403


def test_a_managers_key_without_the_manage_scope_is_a_403(client, space, manager_key):
    read_only = ApiKeyFactory(user=manager_key.user, scopes=[ApiKey.Scope.CONTACT])

    assert put(client, "/api/v1/spaces/lab/hours/", HOURS, read_only).status_code == 403


def test_the_manager_of_another_space_gets_a_403_or_a_404(client, space, manager_key):
    SpaceFactory(slug="other")
    SpaceFactory(slug="other-draft", status=Space.Status.DRAFT)

    assert put(client, "/api/v1/spaces/other/hours/", HOURS, manager_key).status_code == 403
    assert put(client, "/api/v1/spaces/other-draft/hours/", HOURS, manager_key).status_code == 404
    assert put(client, "/api/v1/spaces/nowhere/hours/", HOURS, manager_key).status_code == 404
    assert not Space.objects.get(slug="other").opening_hours.exists()


def test_a_former_manager_or_a_mere_member_may_not_write(client, space):
    former, member = UserFactory(), UserFactory()
    MembershipFactory(
        maker=MakerFactory(user=former),
        space=space,
        role=Membership.Role.MANAGER,
        ended_on="2020-01-01",
    )
    MembershipFactory(maker=MakerFactory(user=member), space=space, role=Membership.Role.MEMBER)

    for user in (former, member):
        key = ApiKeyFactory(user=user, scopes=[ApiKey.Scope.MANAGE])
        assert put(client, "/api/v1/spaces/lab/hours/", HOURS, key).status_code == 403


def test_an_account_granted_the_space_in_admin_may_write_it(client, space):
    grant = ManagementGrantFactory(space=space)
    key = ApiKeyFactory(user=grant.user, scopes=[ApiKey.Scope.MANAGE])

    assert put(client, "/api/v1/spaces/lab/hours/", HOURS, key).status_code == 200


def test_a_superusers_key_may_write_any_space_other_staff_only_theirs(client, space, superuser):
    superuser_key = ApiKeyFactory(user=superuser, scopes=[ApiKey.Scope.MANAGE])
    staff_key = ApiKeyFactory(user=UserFactory(is_staff=True), scopes=[ApiKey.Scope.MANAGE])

    assert put(client, "/api/v1/spaces/lab/plans/", PLANS, superuser_key).status_code == 200
    assert put(client, "/api/v1/spaces/lab/plans/", PLANS, staff_key).status_code == 403


def test_a_manager_key_writes_nothing_else(client, space, manager_key):
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)(
            "/api/v1/spaces/lab/", {}, content_type="application/json", headers=auth(manager_key)
        )
        assert response.status_code == 405
    response = client.get("/api/v1/spaces/lab/hours/", headers=auth(manager_key))
    assert response.status_code == 405
    assert response.json()["errors"][0]["code"] == "method_not_allowed"
    assert client.options("/api/v1/spaces/lab/hours/").status_code == 200


def test_a_body_over_the_size_limit_is_a_413_in_the_api_s_shape(
    client, space, manager_key, settings
):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000
    MembershipPlanFactory(space=space, name_en="Kept")
    plans = [{"name_en": f"Plan {n}", "price": "10"} for n in range(20)]

    response = put(client, "/api/v1/spaces/lab/plans/", {"plans": plans * 2}, manager_key)  # 1.5 KB

    assert response.status_code == 413
    assert response.json()["errors"] == [
        {
            "field": None,
            "code": "too_large",
            "message": "The request body is larger than the 1000\xa0bytes the API accepts.",
        }
    ]
    assert list(space.plans.values_list("name_en", flat=True)) == ["Kept"]
