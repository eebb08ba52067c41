import pytest
from hypothesis import HealthCheck, settings

from members.models import ApiKey, Membership
from tests.factories import (
    ApiKeyFactory,
    MakerFactory,
    MembershipFactory,
    SpaceFactory,
    UserFactory,
)

# Schemathesis's fuzzing (test_fuzz.py): the bounded search CI runs, the same examples every
# time so that it cannot fail by chance, and a wider one for a local search,
# `pytest tests/api/test_fuzz.py --hypothesis-profile=fuzz-wide` (registered here, in a
# conftest pytest loads before it reads the option).
settings.register_profile(
    "fuzz",
    max_examples=25,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
settings.register_profile(
    "fuzz-wide", settings.get_profile("fuzz"), max_examples=500, derandomize=False
)


@pytest.fixture
def generous_rates(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anonymous": "100000/min", "partner": "100000/min"},
    }


def auth(key: ApiKey) -> dict:
    return {"Authorization": f"Api-Key {key.plaintext}"}


@pytest.fixture
def partner_key(db) -> ApiKey:
    return ApiKeyFactory()


@pytest.fixture
def contact_key(db) -> ApiKey:
    return ApiKeyFactory(scopes=[ApiKey.Scope.CONTACT])


@pytest.fixture
def space(db):
    return SpaceFactory(slug="lab", name_en="Lab")


@pytest.fixture
def manager_key(space) -> ApiKey:
    """The key of a user who manages `space` through their maker profile."""
    user = UserFactory(username="manager")
    MembershipFactory(maker=MakerFactory(user=user), space=space, role=Membership.Role.MANAGER)
    return ApiKeyFactory(user=user, scopes=[ApiKey.Scope.MANAGE])


@pytest.fixture
def count_queries(client):
    """How many queries a GET answers in (it must answer 200)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(url: str, **kwargs) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, **kwargs)
            body = response.getvalue()  # a streamed answer queries while it is read
        assert response.status_code == 200, body
        return len(queries)

    return count
