"""/healthz says the process answers; /readyz that the database, the cache, the broker and the
migrations are all there, or which of them is not (maker2/health.py).

Every outage here is real: a port nothing listens on for the database, the cache and the
broker; a migration recorded as not applied for the migrations.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client

from maker2 import health
from maker2.celery import app

CLOSED_PORT = "127.0.0.1:1"
EVERY_CHECK_OK = {"database": "ok", "cache": "ok", "broker": "ok", "migrations": "ok"}


@pytest.fixture(autouse=True)
def _migrations_checked_afresh(monkeypatch):
    monkeypatch.setattr(health, "_all_migrated", False)


@pytest.fixture
def shared_cache(settings):
    settings.CACHES = {
        "default": {
            **settings.CACHES["default"],
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.5},
        }
    }
    yield
    cache.delete(health.CACHE_KEY)


def probe(path: str, **headers):
    # A load balancer asks by the server's address, which is in no ALLOWED_HOSTS.
    return Client(raise_request_exception=False, headers=headers).get(path, HTTP_HOST="10.1.2.3")


def test_healthz_answers_without_the_database(django_db_blocker):
    # No database access is allowed in this test: a query would fail it.
    response = probe("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"


def test_readyz_is_200_naming_each_check(db, shared_cache):
    response = probe("/readyz")

    assert response.status_code == 200
    assert response.json() == {"ready": True, "checks": EVERY_CHECK_OK}


def test_readyz_with_the_local_memory_cache_is_ready(db):
    assert probe("/readyz").json()["checks"]["cache"] == "ok"


def test_readyz_is_a_503_when_the_broker_cannot_be_reached(db, monkeypatch):
    monkeypatch.setattr(app.conf, "broker_url", f"redis://{CLOSED_PORT}/0")

    response = probe("/readyz")

    assert response.status_code == 503
    assert response.json() == {"ready": False, "checks": {**EVERY_CHECK_OK, "broker": "failing"}}


def test_readyz_is_a_503_when_the_cache_cannot_be_reached(db, settings, shared_cache):
    settings.CACHES["default"]["LOCATION"] = f"redis://{CLOSED_PORT}/0"

    response = probe("/readyz")

    assert response.status_code == 503
    assert response.json()["checks"] == {**EVERY_CHECK_OK, "cache": "failing"}


def test_readyz_is_a_503_when_a_migration_is_not_applied(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM django_migrations WHERE id = "
            "(SELECT max(id) FROM django_migrations WHERE app = 'spaces')"
        )

    response = probe("/readyz")

    assert response.status_code == 503
    assert response.json()["checks"] == {**EVERY_CHECK_OK, "migrations": "failing"}


def test_readyz_is_a_503_when_the_database_cannot_be_reached(django_db_blocker):
    with django_db_blocker.unblock():
        saved = dict(connection.settings_dict)
        connection.close()
        connection.settings_dict.update(HOST="127.0.0.1", PORT="1")
        try:
            response = probe("/readyz")
        finally:
            connection.close()
            connection.settings_dict.clear()
            connection.settings_dict.update(saved)

    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["database"] == "failing"
    assert checks["migrations"] == "failing"  # read from the database too


def test_the_reason_goes_to_the_log_not_to_the_prober(db, monkeypatch, caplog):
    monkeypatch.setattr(app.conf, "broker_url", f"redis://{CLOSED_PORT}/0")

    response = probe("/readyz")

    assert "111" not in response.content.decode()  # errno of the refused connection
    assert "the broker check failed" in caplog.text
    assert "Connection refused" in caplog.text


def test_the_probes_are_outside_the_language_prefix_and_the_rate_limits(db, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anonymous": "1/min", "partner": "1/min"},
    }

    statuses = {probe("/readyz").status_code for _ in range(5)}

    assert statuses == {200}
    assert Client().get("/en/healthz").status_code == 404
