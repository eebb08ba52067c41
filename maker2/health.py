"""`/healthz` and `/readyz`, for load balancers, orchestrators and deploy scripts.

- `/healthz`: the process answers. Touches nothing else, so a database outage does not get
  every app server restarted.
- `/readyz`: this server can do its work: the database answers, the cache and the broker
  (Redis) answer, and every migration is applied. 200 with each check named, or 503 naming
  the ones that failed (the reasons go to the log, not to whoever asks).

Answered by a middleware at the top of the stack: before the host check (load balancers
probe by IP, which is in no ALLOWED_HOSTS), the session, the language prefix, the rate
limits and the access log. Each check gives up within a couple of seconds.
"""

import logging
import time
import uuid
from collections.abc import Callable

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse

from maker2.celery import app as celery_app

logger = logging.getLogger(__name__)

BROKER_TIMEOUT = 2  # seconds; the database's is DATABASE_CONNECT_TIMEOUT, the cache's 0.5
# A key of this process's own, so that servers probed at once never read each other's value.
CACHE_KEY = f"maker2:readyz:{uuid.uuid4().hex}"

_all_migrated = False  # once true it stays so: new migrations come with a new process


def check_database() -> None:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")


def check_cache() -> None:
    # A shared cache ignores a Redis that is down (maker2/settings.py): a value that does
    # not come back is how that shows.
    value = time.time_ns()
    cache.set(CACHE_KEY, value, 30)
    if cache.get(CACHE_KEY) != value:
        raise ConnectionError("the cache did not keep a value")


def check_broker() -> None:
    options = {"socket_connect_timeout": BROKER_TIMEOUT, "socket_timeout": BROKER_TIMEOUT}
    with celery_app.connection_for_write(transport_options=options) as connection:
        connection.ensure_connection(max_retries=0, timeout=BROKER_TIMEOUT)


def check_migrations() -> None:
    global _all_migrated
    if _all_migrated:
        return
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    unapplied = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if unapplied:
        names = ", ".join(f"{migration.app_label}.{migration.name}" for migration, _ in unapplied)
        raise LookupError(f"not applied: {names}")
    _all_migrated = True


CHECKS: dict[str, Callable[[], None]] = {
    "database": check_database,
    "cache": check_cache,
    "broker": check_broker,
    "migrations": check_migrations,
}


def readiness() -> dict[str, str]:
    """Each check's name and "ok" or "failing"."""
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception:
            logger.exception("Not ready: the %s check failed.", name)
            results[name] = "failing"
        else:
            results[name] = "ok"
    return results


def _answer(status: int, body: dict) -> JsonResponse:
    response = JsonResponse(body, status=status)
    response["Cache-Control"] = "no-store"
    return response


class HealthCheckMiddleware:
    PATHS = ("/healthz", "/readyz")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path not in self.PATHS or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        if request.path == "/healthz":
            return _answer(200, {"status": "ok"})
        checks = readiness()
        ready = all(result == "ok" for result in checks.values())
        return _answer(200 if ready else 503, {"ready": ready, "checks": checks})
