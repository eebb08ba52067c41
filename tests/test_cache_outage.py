"""While the shared Redis is down, pages, the API, sign-ins and the rate-limited forms keep
answering: the cache reads as empty and drops writes, each failure logged (the CACHES that
maker2.settings.cache_from_url makes), and sessions come from the database (cached_db).

The outage is real: the cache points at a port nothing listens on."""

import uuid
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from maker2.settings import cache_from_url
from spaces.models import TourRequest
from tests.factories import SpaceFactory, UserFactory


@pytest.fixture
def redis_down(settings):
    settings.CACHES = {"default": cache_from_url("redis://127.0.0.1:1/0")}
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"


@pytest.fixture
def redis_up(settings):
    """The machine's Redis, under a key prefix of this test's own."""
    settings.CACHES = {
        "default": {**cache_from_url("redis://127.0.0.1:6379/1"), "KEY_PREFIX": uuid.uuid4().hex}
    }
    yield
    cache.delete_many(list(cache.iter_keys("*")))


@pytest.mark.parametrize("path", ["/en/", "/zh-hans/spaces/", "/en/spaces/lab/"])
def test_pages_answer(db, redis_down, path):
    SpaceFactory(slug="lab")

    assert Client().get(path).status_code == 200


def test_the_api_answers_and_the_failure_is_logged(db, redis_down, caplog):
    SpaceFactory(slug="lab")

    response = Client().get("/api/v1/spaces/")

    assert response.status_code == 200
    assert response.json()["results"][0]["slug"] == "lab"
    assert "Error 111 connecting to 127.0.0.1:1" in caplog.text  # the throttle's, not raised


def test_the_api_throttle_lets_requests_through(db, redis_down, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anonymous": "2/min", "partner": "2/min"},
    }

    statuses = [Client().get("/api/v1/cities/").status_code for _ in range(4)]

    assert statuses == [200] * 4  # fails open: nothing to count with


def test_a_rate_limited_form_is_taken(db, redis_down):
    space = SpaceFactory(slug="lab")
    visit = {
        "kind": "tour",
        "date": (timezone.localdate() + timedelta(days=1)).isoformat(),
        "name": "Lin",
        "email": "lin@example.com",
        "message": "Hello",
        "website": "",
    }

    response = Client().post("/en/spaces/lab/tour/", visit)

    assert response.status_code == 302
    assert TourRequest.objects.get().space == space


def test_a_signed_in_visitor_stays_signed_in(db, redis_down):
    user = UserFactory(is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(user)

    assert client.get("/admin/").status_code == 200


def test_with_redis_up_the_limits_count_there(db, redis_up, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anonymous": "2/min", "partner": "2/min"},
    }

    statuses = [Client().get("/api/v1/cities/").status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
    assert list(cache.iter_keys("*"))


def test_sessions_live_in_the_database_too_when_the_cache_is_redis(monkeypatch):
    import importlib

    from maker2 import settings as site_settings

    try:
        monkeypatch.setenv("CACHE_URL", "redis://127.0.0.1:6379/1")
        assert importlib.reload(site_settings).SESSION_ENGINE.endswith(".cached_db")
        monkeypatch.setenv("CACHE_URL", "")
        assert importlib.reload(site_settings).SESSION_ENGINE.endswith(".db")
    finally:
        monkeypatch.undo()
        importlib.reload(site_settings)
