"""While PostgreSQL cannot be reached, pages and the API say so with a 503 and Retry-After,
in the API's JSON shape under /api/, instead of a 500 (maker2.api_errors.server_error).

The outage is real: the connection is closed and pointed at a port nothing listens on, so
the next query fails to connect exactly as it does while the server restarts.
"""

from contextlib import closing

import psycopg2
import pytest
from django.db import close_old_connections, connection, connections
from django.test import Client


@pytest.fixture
def database_down(django_db_blocker):
    """The primary and its read replicas (maker2/routers.py) all out of reach."""
    with django_db_blocker.unblock():
        saved = {alias: dict(connections[alias].settings_dict) for alias in connections}
        for alias in connections:
            connections[alias].close()
            connections[alias].settings_dict.update(HOST="127.0.0.1", PORT="1")
        try:
            yield
        finally:
            for alias, settings_dict in saved.items():
                connections[alias].close()
                connections[alias].settings_dict.clear()
                connections[alias].settings_dict.update(settings_dict)


@pytest.mark.parametrize("path", ["/en/", "/zh-hans/spaces/", "/en/search/?q=lab"])
def test_a_page_is_a_503_saying_to_try_again(database_down, path):
    response = Client(raise_request_exception=False).get(path)

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "briefly unavailable" in response.content.decode()


@pytest.mark.parametrize("path", ["/api/v1/spaces/", "/api/v1/spaces/lab/", "/api/v1/makers/"])
def test_the_api_is_a_503_in_its_error_shape(database_down, path):
    response = Client(raise_request_exception=False).get(path)

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.json()["errors"][0]["code"] == "unavailable"


def test_any_other_failure_is_still_a_500(client, db, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("maker2.site.views.HomeView.get_context_data", broken)

    response = Client(raise_request_exception=False).get("/en/")

    assert response.status_code == 500
    assert "Retry-After" not in response


@pytest.mark.django_db(transaction=True, databases="__all__")
def test_a_connection_the_database_dropped_is_replaced_instead_of_failing_a_request(monkeypatch):
    """A restart ends every session; a worker that was idle meanwhile still holds one
    (DATABASE_CONN_MAX_AGE), and its next request must not be the one that finds out."""
    for alias in connections:  # the primary, and the replica that serves the reads
        monkeypatch.setitem(connections[alias].settings_dict, "CONN_MAX_AGE", 60)
    client = Client(raise_request_exception=False)
    connections.close_all()
    assert client.get("/api/v1/spaces/").status_code == 200
    dropped = {
        alias: connections[alias].connection.info.backend_pid
        for alias in connections
        if connections[alias].connection is not None
    }
    assert dropped
    with closing(psycopg2.connect(**connection.get_connection_params())) as other:
        other.autocommit = True
        for pid in dropped.values():
            other.cursor().execute("SELECT pg_terminate_backend(%s)", [pid])
    close_old_connections()  # as Django's handler does when a request starts (not the client)

    response = client.get("/api/v1/spaces/")

    assert response.status_code == 200
    for alias, pid in dropped.items():  # each is a new session, or was not needed again
        replaced = connections[alias].connection
        assert replaced is None or replaced.info.backend_pid != pid
