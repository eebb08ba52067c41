"""Reads from read replicas (DATABASE_REPLICA_URL), writes to the primary, and every read
after a write from the primary too, so that nobody misses what they have just written.

Replicas serve only the reads of requests that `PrimaryAfterWriteMiddleware` lets them
serve: GET, HEAD and OPTIONS requests, until the request writes (through the ORM, or a
rollup recomputed during a GET: `use_primary()`), while no transaction is open on the
primary, and not in the seconds after the same client's last POST (a cookie), since
replicas lag behind by a moment. Everything else (POST/PUT/PATCH/DELETE, admin saves,
Celery tasks, management commands, the shell) reads and writes the primary.
"""

import logging
import random
import time
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

logger = logging.getLogger(__name__)

# The alias this request reads from: one replica for the whole request (so that its reads
# agree with each other), or the primary ("default", the value outside requests). Set per
# request by the middleware below.
reads_from: ContextVar[str] = ContextVar("reads_from", default=DEFAULT_DB_ALIAS)

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
# After a write the client's next requests read the primary for this long (seconds), more
# than a replica lags behind.
STICKY_COOKIE = "primary"
STICKY_SECONDS = 10
# A replica that could not be reached is passed over by this process for this long, so that
# one that hangs costs one request its connect timeout, not every request.
PASS_OVER_SECONDS = 30
# Replicas this process found unreachable, and until when (time.monotonic()) it skips them.
_passed_over: dict[str, float] = {}


def replicas() -> list[str]:
    """The replicas this process reads from now: all but those it lately could not reach."""
    now = time.monotonic()
    return [
        alias
        for alias in settings.DATABASES
        if alias != DEFAULT_DB_ALIAS and _passed_over.get(alias, 0) <= now
    ]


def use_primary() -> None:
    """Read from the primary for the rest of this request or task: it has written."""
    reads_from.set(DEFAULT_DB_ALIAS)


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        alias = reads_from.get()
        # Inside a transaction, reads belong to it (and see its writes).
        if alias == DEFAULT_DB_ALIAS or connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return _reachable(alias)

    def db_for_write(self, model, **hints):
        use_primary()
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # every alias holds the same data

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS  # replicas follow the primary by replication


def _reachable(alias: str) -> str:
    """`alias` if it answers, else the primary for the rest of the request and, in this
    process, for PASS_OVER_SECONDS: a replica down (or being rebuilt) loads the primary, it
    does not take the pages down. Costs nothing once the replica's connection is open."""
    try:
        connections[alias].ensure_connection()
    except DatabaseError:
        logger.warning(
            "Replica %s cannot be reached; reading from the primary for %d s.",
            alias,
            PASS_OVER_SECONDS,
        )
        _passed_over[alias] = time.monotonic() + PASS_OVER_SECONDS
        use_primary()
        return DEFAULT_DB_ALIAS
    return alias


class PrimaryAfterWriteMiddleware:
    """Lets a safe request read from replicas, and keeps a client that has just written on
    the primary for STICKY_SECONDS (the cookie), so that the page after a POST shows it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        aliases = replicas()
        safe = request.method in SAFE_METHODS and STICKY_COOKIE not in request.COOKIES
        token = reads_from.set(random.choice(aliases) if safe and aliases else DEFAULT_DB_ALIAS)
        try:
            response = self.get_response(request)
        finally:
            reads_from.reset(token)
        if request.method not in SAFE_METHODS and len(settings.DATABASES) > 1:
            response.set_cookie(
                STICKY_COOKIE,
                "1",
                max_age=STICKY_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
