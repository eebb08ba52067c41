"""Schema-driven fuzzing: schemathesis sends what the OpenAPI schema allows (and some of what
it does not) to every operation and checks that no answer is a server error, has a status,
content type, headers or body the schema does not give. Bounded: a few examples per
operation, a minute or so in all.

Left out are its checks that the API is exactly as strict as the schema in what it accepts
(positive_data_acceptance, negative_data_rejection): the API is deliberately lenient with
empty parameters (ignored, as forms send them) and with numbers where decimals are strings.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from maker2.wsgi import application
from members.models import ApiKey
from spaces.models import Space
from tests.api.builders import full_maker, full_project, full_space
from tests.factories import ApiKeyFactory, SpaceFactory, UserFactory

EXAMPLES = 25
# Schemathesis's WSGI client asks for gzip but reads the body as it comes; gzip has its own test.
PLAIN_BODY = {"Accept-Encoding": "identity"}
STRICTNESS = [positive_data_acceptance, negative_data_rejection]
# The same examples on every run, so that CI cannot fail by chance; raise EXAMPLES (and drop
# derandomize) locally to search wider.
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


# Loaded once, at collection (schemathesis's lazy fixture loader does not run on pytest 9).
with override_settings(ALLOWED_HOSTS=["localhost"]):
    schema = schemathesis.openapi.from_wsgi("/api/schema/", application)


@pytest.fixture(autouse=True)
def _data_and_wsgi(db, generous_rates, settings):
    settings.ALLOWED_HOSTS = ["localhost"]  # schemathesis's WSGI client
    # A little of everything, so that lists have rows to check against the schema.
    for space in (full_space(slug="lab"), full_space(email="hi@example.com")):
        full_maker().memberships.update(space=space)
        full_project().spaces.add(space)
    SpaceFactory(slug="closed", status=Space.Status.CLOSED)
    # Called through WSGI, Django would close the test's connection after each request;
    # its own test client keeps it open the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def staff_key(db) -> ApiKey:
    staff = UserFactory(username="fuzz", is_staff=True, is_superuser=True)
    return ApiKeyFactory(user=staff, scopes=[ApiKey.Scope.MANAGE, ApiKey.Scope.CONTACT])


@schema.include(method="GET").parametrize()
@FUZZ
def test_every_read_answers_within_its_schema(case):
    case.call_and_validate(headers=PLAIN_BODY, excluded_checks=STRICTNESS)


@schema.include(method="PUT").parametrize()
@FUZZ
def test_every_write_answers_within_its_schema(case, staff_key):
    # A real space, so that the body is what gets checked rather than the slug.
    case.path_parameters["slug"] = Space.objects.order_by("pk").first().slug
    case.call_and_validate(
        headers={**PLAIN_BODY, "Authorization": f"Api-Key {staff_key.plaintext}"},
        excluded_checks=STRICTNESS,
    )
