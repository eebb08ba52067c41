"""Totals over thousands of rows, kept in a table and brought up to date when they are read.

Summing 20,000 spaces and 100,000 funding rounds per city, network and year on every home
page took seconds, yet those sums change only when a listing does. A rollup model keeps
them in rows, each stamped with the `version` of its sources it was computed from: the
latest `updated_at` of every source model and their latest deletion, each read off an index.
`fresh()` compares the stamp with the sources in one query and recomputes the table first
when they differ, so an edit shows on the next request while a read costs one indexed query
whatever the size of the directory.

Every change the site makes moves an `updated_at` (spaces/signals.py bumps a space when its
networks change, a project when its spaces do) or leaves a tombstone, so the version sees it.
"""

import threading
import zlib

from django.core.signals import request_finished, request_started
from django.db import connection, models, transaction
from django.dispatch import receiver

from maker2.models import tombstone_model
from maker2.routers import use_primary

# The rollup tables already checked during the request this thread is answering (None
# outside a request): a page that reads one three times checks it once.
checked = threading.local()


@receiver(request_started)
def start_checking(**kwargs) -> None:
    checked.tables = set()


@receiver(request_finished)
def stop_checking(**kwargs) -> None:
    checked.tables = None


class RollupQuerySet(models.QuerySet):
    def fresh(self):
        """This queryset, the table recomputed first if a source changed since it was."""
        model = self.model
        seen = getattr(checked, "tables", None)
        if seen is not None:
            if model in seen:
                return self.all()
            seen.add(model)
        table = connection.ops.quote_name(model._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT (SELECT version FROM {table} WHERE scope = %s LIMIT 1), "
                f"{model.version_sql()}",
                [Rollup.Scope.EVERYWHERE],
            )
            stored, current = cursor.fetchone()
        if stored != current:
            model.recompute()
        return self.all()

    def everywhere(self):
        """The one row of totals over the whole directory."""
        return self.fresh().get(scope=Rollup.Scope.EVERYWHERE)


class Rollup(models.Model):
    """Base of the rollup tables: rows of sums per scope (everywhere, a city, a network, a year).

    Subclasses set `rollup_sources` (the models whose changes change the sums) and
    `recompute_sql`: an INSERT … SELECT of every row, `{version}` in its select list, so the
    stamp and the sums come from the same snapshot of the data.
    """

    class Scope(models.TextChoices):
        EVERYWHERE = "all", "everywhere"
        CITY = "city", "city"
        NETWORK = "network", "network"
        YEAR = "year", "year"

    scope = models.CharField(max_length=10, choices=Scope.choices)
    year = models.PositiveSmallIntegerField(null=True)
    version = models.TextField()

    objects = RollupQuerySet.as_manager()

    rollup_sources: tuple[str, ...] = ()  # "app_label.Model"
    recompute_sql = ""

    class Meta:
        abstract = True

    @classmethod
    def version_sql(cls) -> str:
        """An SQL expression for the latest change among the sources, as text."""
        from django.apps import apps

        quote = connection.ops.quote_name
        tombstones = quote(tombstone_model()._meta.db_table)
        latest = []
        for label in cls.rollup_sources:
            model = apps.get_model(label)
            latest.append(f"(SELECT max(updated_at) FROM {quote(model._meta.db_table)})")
            latest.append(
                f"(SELECT max(deleted_at) FROM {tombstones} "
                f"WHERE model = '{model._meta.label_lower}')"
            )
        return f"coalesce(greatest({', '.join(latest)})::text, 'never')"

    @classmethod
    def recompute(cls) -> None:
        """Replace every row in one transaction: readers see the old rows until it commits.
        When two requests find the table stale at once, the second does not wait: it reads
        the old rows, and the first request after the commit reads the new ones."""
        use_primary()  # a replica would still have the old rows when this commits
        lock = zlib.crc32(cls._meta.db_table.encode())
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [lock])
            if not cursor.fetchone()[0]:
                return
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(cls._meta.db_table)}")
            cursor.execute(cls.recompute_sql.format(version=cls.version_sql()))
