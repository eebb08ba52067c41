"""Schema-driven fuzzing: schemathesis sends what the OpenAPI schema allows and what it does
not to every operation, reads and writes, with a manager's key (and the reads without one),
and runs every check it has: no server error; status, content type, headers and body as
the schema gives them; what the schema allows is accepted (positive_data_acceptance) and
what it does not is refused (negative_data_rejection); a method the schema does not list is
a 405; a write without a key, or with a bad one, is a 401; every answer within 5 s. Then its
state machine chains calls along the links it infers (a list's slugs to the detail, the
SpaceAPI document and the writes).

What the schema cannot say, its descriptions and the README do, and the API answers 400 for
it: a slug that names nothing, a cursor not from a next link, `ordering=relevance` without
`q`, `radius_km` without `near`, `price_min` above `price_max`, a box whose south is above
its north, overlapping opening hours, a time outside years 1 to 9999 in UTC, a NUL in text.
schemathesis is told of them the ways its docs advise: the hook `valid_as_documented` turns
a request it means as valid but that breaks one of them into one that keeps them, and it
draws no NUL. Besides, a valid request's path names the fixture's rows. Nothing else
changes what it sends, and no check is left out.

Bounded for CI by the "fuzz" profile (tests/api/conftest.py): the same examples each run.
Search wider locally with `--hypothesis-profile=fuzz-wide`.
"""

from datetime import UTC, datetime, time
from decimal import Decimal

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from django.test import override_settings
from hypothesis import settings

from maker2.wsgi import application
from members.models import ApiKey, Membership
from spaces.models import OpeningHours, Space
from tests.api.builders import full_maker, full_project, full_space
from tests.factories import (
    ApiKeyFactory,
    CityFactory,
    EquipmentFactory,
    MembershipFactory,
    NetworkFactory,
    ServiceFactory,
    SpaceFactory,
    UserFactory,
)

FUZZ = (
    settings()
    if settings.get_current_profile_name() == "fuzz-wide"
    else settings.get_profile("fuzz")
)
# Schemathesis's WSGI client asks for gzip but reads the body as it comes; gzip has its own test.
PLAIN_BODY = {"Accept-Encoding": "identity"}

# Rows the fixture makes, by the parameters that name them.
SLUGS = {
    "city": "beijing",
    "network": "alliance",
    "parent": "alliance",
    "space": "hub",  # not "lab", which a chain of calls may close
    "services": "laser",
    "equipment": "printer",
    "maker": "ada",
    "project": "robot",
}
DETAILS = {  # the first part of a path with {slug}, and the row it names
    "cities": "beijing",
    "networks": "alliance",
    "spaces": "lab",
    "makers": "ada",
    "projects": "robot",
}
POINT = "39.9,116.4"


# Loaded once, at collection (schemathesis's lazy fixture loader does not run on pytest 9).
with override_settings(ALLOWED_HOSTS=["localhost"]):
    schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
# Text never holds a NUL: PostgreSQL cannot store one, so the API answers 400 for it
# (null_characters_not_allowed; README, tests/api/test_spaces.py). No schema keyword says
# "no NUL" short of a pattern on every string, so schemathesis draws none, as its docs advise.
schema.config.generation.update(allow_x00=False)
# The one check that is off until given a limit: every answer within 5 s (they take
# milliseconds here; the hot paths have their benchmarks).
schema.config.checks.update(max_response_time=5.0)


def keeps_the_hours_apart(body: dict) -> dict:
    """The periods that neither start when an earlier one does nor overlap one."""
    kept, periods = [], []
    for period in body["opening_hours"]:
        day = period["weekday"], time.fromisoformat(period["opens"])
        span = (*day, time.fromisoformat(period["closes"]))
        if (
            day not in {p[:2] for p in periods}
            and OpeningHours.first_overlap([*periods, span]) is None
        ):
            kept.append(period)
            periods.append(span)
    return {**body, "opening_hours": kept}


def in_utc_range(moment: str) -> str:
    """A time that stays within years 1 to 9999 when turned into UTC."""
    try:
        datetime.fromisoformat(moment).astimezone(UTC)
    except (OverflowError, ValueError):
        return "2000-01-01T00:00:00Z"
    return moment


@schema.hook("map_case")
def valid_as_documented(context, case):
    """A positive case made to keep the rules the schema states only in words (above)."""
    if case.meta is None or case.meta.generation.mode is not schemathesis.GenerationMode.POSITIVE:
        return case
    query = case.query
    if query:
        for name, value in list(query.items()):
            if name in SLUGS and value not in ("", []):
                query[name] = [SLUGS[name]] if isinstance(value, list) else SLUGS[name]
            elif name in ("updated_since", "since") and isinstance(value, str) and value:
                query[name] = in_utc_range(value)
        if query.get("cursor"):
            del query["cursor"]  # only a next link gives one: tests/api/test_pagination.py
        if query.get("ordering") == "relevance" and not str(query.get("q", "")).strip():
            query["q"] = "lab"
        needs_point = query.get("ordering") == "distance" or query.get("sort") == "distance"
        if (needs_point or query.get("radius_km") not in (None, "")) and not query.get("near"):
            query["near"] = POINT
        low, high = query.get("price_min"), query.get("price_max")
        if low and high and Decimal(low) > Decimal(high):
            query["price_min"], query["price_max"] = high, low
        if query.get("bbox"):
            west, south, east, north = query["bbox"].split(",")
            if float(south) > float(north):
                query["bbox"] = ",".join([west, north, east, south])
    if isinstance(case.body, dict) and isinstance(case.body.get("opening_hours"), list):
        case.body = keeps_the_hours_apart(case.body)
    return case


@schema.auth(refresh_interval=None)
class ManagersKey:
    """Schemathesis's own way to send a key, so that its checks know the key for the
    caller's and try the writes without it and with a bad one. None: no key is sent."""

    plaintext: str | None = None

    def get(self, case, context):
        return ManagersKey.plaintext

    def set(self, case, plaintext, context):
        case.headers = {**(case.headers or {}), "Authorization": f"Api-Key {plaintext}"}


@pytest.fixture
def as_manager(rows):
    ManagersKey.plaintext = rows["key"].plaintext
    yield
    ManagersKey.plaintext = None


@pytest.fixture(autouse=True)
def _data_and_wsgi(db, generous_rates, settings):
    settings.ALLOWED_HOSTS = ["localhost"]  # schemathesis's WSGI client
    # Called through WSGI, Django would close the test's connection after each request;
    # its own test client keeps it open the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def rows(db) -> dict:
    """A little of everything, so that filters match and lists and details have rows to
    check against the schema; the key of the user who manages the space "lab"."""
    city = CityFactory(slug="beijing")
    alliance = NetworkFactory(slug="alliance")
    NetworkFactory(parent=alliance)
    lab = full_space(slug="lab", city=city)
    lab.networks.add(alliance)
    lab.services.add(ServiceFactory(slug="laser"))
    lab.equipment.add(EquipmentFactory(slug="printer"))
    hub = full_space(slug="hub", email="hi@example.com")
    manager = UserFactory(username="fuzz")
    ada = full_maker(slug="ada", user=manager, city=city)
    MembershipFactory(maker=ada, space=lab, role=Membership.Role.MANAGER)
    for space, slug in ((lab, "robot"), (hub, None)):
        project = full_project(**({"slug": slug} if slug else {}))
        project.spaces.add(space)
        project.team.add(ada)
    SpaceFactory(slug="closed", status=Space.Status.CLOSED)
    key = ApiKeyFactory(user=manager, scopes=[ApiKey.Scope.MANAGE, ApiKey.Scope.CONTACT])
    return {"key": key, "round": project.rounds.first().pk}


def name_the_rows(case, rows: dict) -> None:
    """A case meant to be valid addresses the fixture's rows: a drawn slug names nothing.
    (Paths are the test's own, not the schema's rules, so this is not a hook.)"""
    if case.meta.generation.mode is not schemathesis.GenerationMode.POSITIVE:
        return
    if "slug" in case.path_parameters:
        case.path_parameters["slug"] = DETAILS[case.path.split("/")[3]]
    if "id" in case.path_parameters:
        case.path_parameters["id"] = rows["round"]


@schema.parametrize()
@FUZZ
def test_every_operation_answers_a_managers_key_as_its_schema_says(case, rows, as_manager):
    name_the_rows(case, rows)
    # Each example starts from the same rows: one that closed the space would change what
    # the next is answered, and schemathesis draws from what it was answered.
    with transaction.atomic():
        case.call_and_validate(headers=PLAIN_BODY)
        transaction.set_rollback(True)


@schema.include(method="GET").parametrize()
@FUZZ
def test_every_read_answers_without_a_key_as_its_schema_says(case, rows):
    name_the_rows(case, rows)
    case.call_and_validate(headers=PLAIN_BODY)


class ManagerWorkflow(schema.as_state_machine()):
    """Schemathesis's state machine over the links it infers, with the manager's key; each
    chain of calls starts from the same rows (see above)."""

    def setup(self):
        self.savepoint = transaction.savepoint()

    def teardown(self):
        transaction.savepoint_rollback(self.savepoint)

    def before_call(self, case):
        valid_as_documented(None, case)  # its steps are not drawn through map_case

    def get_call_kwargs(self, case):
        return {"headers": PLAIN_BODY}


def test_chains_of_calls_along_the_links_answer_as_the_schema_says(as_manager):
    ManagerWorkflow.run(settings=settings(FUZZ, stateful_step_count=6))
