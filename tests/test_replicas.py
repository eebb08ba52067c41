"""Reads from a replica, writes to the primary, and the primary again for whoever has just
written (maker2/routers.py).

The replica is a second alias on the test database, a test mirror of the primary as
DATABASE_REPLICA_URL configures it (tests/conftest.py adds it when the variable is not set),
so each alias's own queries show which one served what.
Tests here commit (transactional_db): the replica's connection sees only committed rows.
"""

import time
from datetime import timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connections, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from maker2 import routers
from maker2.settings import databases
from spaces.models import Space
from tests.factories import SpaceFactory

# The replica is configured in tests/conftest.py unless DATABASE_REPLICA_URL set one.
pytestmark = pytest.mark.django_db(transaction=True, databases="__all__")
WRITES = ("INSERT", "UPDATE", "DELETE")


class Served:
    """The SQL each alias ran inside the block."""

    def __enter__(self):
        self.contexts = {alias: CaptureQueriesContext(connections[alias]) for alias in connections}
        for context in self.contexts.values():
            context.__enter__()
        return self

    def __exit__(self, *exc):
        for context in self.contexts.values():
            context.__exit__(*exc)

    def by(self, alias: str) -> list[str]:
        return [query["sql"] for query in self.contexts[alias].captured_queries]

    def writes_by(self, alias: str) -> list[str]:
        return [sql for sql in self.by(alias) if sql.lstrip().upper().startswith(WRITES)]


def test_a_page_is_read_from_the_replica(fresh_totals):
    space = SpaceFactory(name_en="Replica Lab")
    fresh_totals()

    with Served() as served:
        response = Client().get(f"/en/spaces/{space.slug}/")

    assert response.status_code == 200
    assert "Replica Lab" in response.content.decode()
    assert any('FROM "spaces_space"' in sql for sql in served.by("replica"))
    assert served.writes_by("replica") == []
    assert not any('FROM "spaces_space"' in sql for sql in served.by("default"))
    assert "primary" not in response.cookies


@pytest.fixture
def replica_down():
    """The replica on a port where nothing listens, as while it restarts."""
    replica = connections["replica"]
    saved = dict(replica.settings_dict)
    replica.close()
    replica.settings_dict.update(HOST="127.0.0.1", PORT="1")
    yield
    replica.close()
    replica.settings_dict.clear()
    replica.settings_dict.update(saved)
    routers._passed_over.clear()


def test_while_the_replica_is_down_pages_are_read_from_the_primary(replica_down, caplog):
    SpaceFactory(slug="lab", name_en="Still Here")

    with CaptureQueriesContext(connections["default"]) as primary:
        response = Client().get("/en/spaces/lab/")

    assert response.status_code == 200
    assert "Still Here" in response.content.decode()
    assert any('FROM "spaces_space"' in query["sql"] for query in primary.captured_queries)
    assert "Replica replica cannot be reached" in caplog.text


def test_a_replica_found_down_is_not_tried_again_for_a_while(replica_down, monkeypatch):
    SpaceFactory(slug="lab")
    Client().get("/en/spaces/lab/")  # finds it down: one connect timeout
    tries = []
    monkeypatch.setattr(
        connections["replica"], "ensure_connection", lambda: tries.append("replica")
    )

    assert Client().get("/en/spaces/lab/").status_code == 200
    assert tries == []

    later = time.monotonic() + routers.PASS_OVER_SECONDS + 1
    monkeypatch.setattr(routers.time, "monotonic", lambda: later)
    Client(raise_request_exception=False).get("/en/spaces/lab/")
    assert tries  # tried again once the pause is over


def test_an_api_list_is_read_from_the_replica():
    SpaceFactory.create_batch(2)

    with Served() as served:
        response = Client().get("/api/v1/spaces/")

    assert len(response.json()["results"]) == 2
    assert any('FROM "spaces_space"' in sql for sql in served.by("replica"))


def test_a_post_reads_and_writes_the_primary_and_the_next_page_too():
    space = SpaceFactory()
    client = Client()
    visit = {
        "kind": "day_pass",
        "date": (timezone.localdate() + timedelta(days=1)).isoformat(),
        "name": "Lin",
        "email": "lin@example.com",
        "message": "Two of us.",
        "website": "",
    }

    with Served() as served:
        response = client.post(f"/en/spaces/{space.slug}/tour/", visit)

    assert response.status_code == 302
    assert served.by("replica") == []
    assert any(sql.startswith('INSERT INTO "spaces_tourrequest"') for sql in served.by("default"))
    assert response.cookies["primary"]["max-age"] == routers.STICKY_SECONDS

    # The page after the POST must show what it wrote, which a replica may not have yet.
    with Served() as served:
        assert client.get(response["Location"]).status_code == 200
    assert served.by("replica") == []


def test_a_get_that_recomputes_the_totals_reads_them_from_the_primary(fresh_totals):
    SpaceFactory()
    fresh_totals()
    Space.objects.update(updated_at=timezone.now())  # an edit: the totals are stale

    with Served() as served:
        assert Client().get("/en/").status_code == 200

    totals = [sql for sql in served.by("default") if 'FROM "spaces_placetotals"' in sql]
    assert totals, "the totals were recomputed on the primary and read back from it"
    assert not any('FROM "spaces_placetotals"' in sql for sql in served.by("replica"))
    assert served.writes_by("replica") == []
    assert "primary" not in Client().get("/en/").cookies  # no write of the visitor's own


def test_outside_a_request_everything_is_the_primary():
    """Celery tasks, management commands and the shell read their own writes."""
    SpaceFactory()

    with Served() as served:
        Space.objects.count()

    assert served.by("replica") == []


def test_inside_a_transaction_reads_belong_to_it():
    with transaction.atomic():
        space = SpaceFactory()
        token = routers.reads_from.set("replica")
        try:
            assert routers.PrimaryReplicaRouter().db_for_read(Space) == "default"
            assert Space.objects.get(pk=space.pk) == space
        finally:
            routers.reads_from.reset(token)


def test_only_the_primary_is_migrated():
    router = routers.PrimaryReplicaRouter()

    assert router.allow_migrate("default", "spaces") is True
    assert router.allow_migrate("replica", "spaces") is False
    assert router.db_for_write(Space) == "default"


def test_several_replica_urls_are_several_aliases_each_a_test_mirror():
    configured = databases("postgres:///a", ["postgres://one/a", "postgres://two/a"])

    assert list(configured) == ["default", "replica", "replica_2"]
    assert configured["replica_2"]["HOST"] == "two"
    assert configured["replica"]["TEST"] == {"MIRROR": "default"}


def test_a_replica_url_that_is_not_postgresql_is_refused():
    with pytest.raises(ImproperlyConfigured, match="DATABASE_REPLICA_URL must point at Postgre"):
        databases("postgres:///a", ["mysql://one/a"])
