"""Fill a database with the benchmark data set of members/bench_seed.py, fast (COPY).

Seeded rows are known by their slugs, which all start with "bench-"; the parameters of the
set go to a one-row table, `seed_bench`, outside Django's models. The command refuses any
database that holds a space, city, maker or project it did not write, so it never mixes
benchmark rows into real data and never deletes real data.
"""

import json
import sys
import time
from contextlib import contextmanager

from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import connection, transaction
from tqdm import tqdm

from members.bench_seed import SLUG_PREFIX, VERSION, Seeder
from members.models import FundingRound, Maker, MakerLink, Membership, Project
from spaces.models import (
    NETWORK_MAX_DEPTH,
    City,
    Equipment,
    MembershipPlan,
    Network,
    OpeningHours,
    Service,
    Space,
    SpaceLink,
    SpacePhoto,
)

PARAMETERS_TABLE = "seed_bench"
# What the command writes, parents first; the auto-created tables are the many-to-many links.
MODELS = [
    City,
    Network,
    Service,
    Equipment,
    Space,
    Space.networks.through,
    Space.services.through,
    Space.equipment.through,
    MembershipPlan,
    OpeningHours,
    SpacePhoto,
    SpaceLink,
    Maker,
    MakerLink,
    Membership,
    Project,
    Project.team.through,
    Project.spaces.through,
    FundingRound,
]
# Rows of these are seeded when their slug has the prefix; a database where any is not
# belongs to someone else.
OWNED = [Space, City, Maker, Project]
SLUGGED = [*OWNED, Network, Service, Equipment]


class Command(BaseCommand):
    help = (
        "Fill an empty database with a deterministic benchmark data set at national scale "
        "(--spaces 20000: 20,008 published spaces in 307 cities, 200,000 makers, 300,000 "
        "memberships, 50,000 projects, 100,000 funding rounds). Run again with the same "
        "--spaces and --seed, it sees the set is there and changes nothing; to load another "
        "set over a seeded one, add --flush. It refuses a database holding any space, city, "
        "maker or project it did not write."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--spaces",
            type=int,
            default=20_000,
            help="Size of the set: the other counts scale with it (default 20000).",
        )
        parser.add_argument("--seed", type=int, default=1, help="Same seed, same rows (default 1).")
        parser.add_argument(
            "--flush",
            action="store_true",
            help="Delete the seeded set first, and seed again even if it is the same one.",
        )

    def handle(self, *args, spaces: int, seed: int, flush: bool, verbosity: int, **options):
        if spaces < 1:
            raise CommandError("--spaces must be at least 1.")
        started, progress = time.monotonic(), verbosity > 0
        wanted = {"spaces": spaces, "seed": seed, "version": VERSION}
        with transaction.atomic(), connection.cursor() as cursor:
            refuse_foreign_rows()
            stored = stored_parameters(cursor)
            if not flush and (stored or any_seeded_rows()):
                if stored and stored["parameters"] == wanted and stored["counts"] == counts():
                    self.stdout.write(
                        f"The database already holds the benchmark set of --spaces {spaces} "
                        f"--seed {seed}; nothing to do (--flush seeds it again)."
                    )
                    return
                raise CommandError(already_seeded(stored))
            if flush:
                flush_seeded(cursor)
            first_ids = {model._meta.db_table: next_id(cursor, model) for model in MODELS}
            seeder = Seeder(
                cursor.cursor, spaces=spaces, seed=seed, first_ids=first_ids, progress=progress
            )
            tables = [model._meta.db_table for model in MODELS]
            with constraints_dropped(cursor, tables, progress=progress):
                seeder.load()
                sync_updated_at(cursor, progress=progress)  # cheaper while indexes are away
                cursor.execute(PROJECTS_RAISED)
            reset_sequences(cursor)
            store_parameters(cursor, wanted)
        self.finish(spaces=spaces, seed=seed, started=started)

    def finish(self, *, spaces: int, seed: int, started: float) -> None:
        """Fresh planner statistics for the new rows, and what was written.

        VACUUM as well where it can run (not inside a transaction, as under a test): it sets
        the visibility map that index-only scans need, and it keeps autovacuum from waking up
        to do the same in the middle of a benchmark.
        """
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")
        seconds = time.monotonic() - started
        self.stdout.write(f"Seeded --spaces {spaces} --seed {seed} in {seconds:.0f} s:")
        published = Space.objects.published().count()
        self.stdout.write(f"  {'published spaces':<28}{published:>10,}")
        for table, count in counts().items():
            self.stdout.write(f"  {table:<28}{count:>10,}")


def refuse_foreign_rows() -> None:
    foreign = {
        model._meta.verbose_name_plural: model._base_manager.exclude(
            slug__startswith=SLUG_PREFIX
        ).count()
        for model in OWNED
    }
    listed = ", ".join(f"{name}: {count}" for name, count in foreign.items() if count)
    if listed:
        raise CommandError(
            f"This database holds data that seed_bench did not write ({listed}), so it will "
            "not seed it. Use a database of its own, e.g. createdb -T template0 "
            "--lc-ctype=C.UTF-8 maker2_bench, then DATABASE_URL=postgres:///maker2_bench "
            "manage.py migrate and seed_bench."
        )


def any_seeded_rows() -> bool:
    return any(
        model._base_manager.filter(slug__startswith=SLUG_PREFIX).exists() for model in SLUGGED
    )


def already_seeded(stored: dict | None) -> str:
    if stored is None:
        held = "a benchmark set whose parameters were not recorded"
    else:
        parameters = stored["parameters"]
        held = (
            f"the benchmark set of --spaces {parameters['spaces']} --seed {parameters['seed']} "
            f"(generator version {parameters['version']})"
        )
        if stored["counts"] != counts():
            held += ", changed since it was seeded"
    return f"The database holds {held}; run seed_bench with --flush to replace it."


def counts() -> dict[str, int]:
    return {model._meta.db_table: model._base_manager.count() for model in MODELS}


def stored_parameters(cursor) -> dict | None:
    """What was seeded, and how many rows it made; the table is created on first use."""
    cursor.execute(
        f"CREATE TABLE IF NOT EXISTS {PARAMETERS_TABLE} "
        "(parameters jsonb NOT NULL, counts jsonb NOT NULL, seeded_at timestamptz NOT NULL)"
    )
    cursor.execute(f"SELECT parameters::text, counts::text FROM {PARAMETERS_TABLE}")
    row = cursor.fetchone()
    return None if row is None else {"parameters": json.loads(row[0]), "counts": json.loads(row[1])}


def store_parameters(cursor, parameters: dict) -> None:
    """Remember what was seeded, and how many rows, so that the same call can skip it."""
    cursor.execute(f"DELETE FROM {PARAMETERS_TABLE}")
    cursor.execute(
        f"INSERT INTO {PARAMETERS_TABLE} VALUES (%s, %s, now())",
        [json.dumps(parameters), json.dumps(counts())],
    )


def flush_seeded(cursor) -> None:
    """Delete the seeded set. Every space, city, maker and project is seeded (see
    refuse_foreign_rows), so those tables are emptied whole, with the rows that point at
    them; networks and vocabularies may hold rows of others and lose only the seeded ones."""
    tables = ", ".join(model._meta.db_table for model in OWNED)
    cursor.execute(f"TRUNCATE {tables} CASCADE")
    for model in (Network, Service, Equipment):
        # SQL, not QuerySet.delete(): its signals would leave a sync tombstone for each row.
        cursor.execute(
            f"DELETE FROM {model._meta.db_table} WHERE slug LIKE %s", [SLUG_PREFIX + "%"]
        )
    cursor.execute(f"DELETE FROM {PARAMETERS_TABLE}")


def reset_sequences(cursor) -> None:
    """Rows were given ids by COPY: new ones must come after them."""
    for statement in connection.ops.sequence_reset_sql(no_style(), MODELS):
        cursor.execute(statement)


def next_id(cursor, model) -> int:
    cursor.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {model._meta.db_table}")
    return cursor.fetchone()[0]


@contextmanager
def constraints_dropped(cursor, tables: list[str], *, progress: bool):
    """Drop the foreign keys of `tables` and their indexes that back no constraint; add
    them back after.

    Building an index once over all rows is faster than growing it row by row (the trigram
    indexes over long texts gain most), and one query checks a foreign key over a whole table
    faster than a check per row. Indexes and keys others add to these tables come along,
    each restored from its own definition; a unique index checks its rows as it is built.
    """
    cursor.execute(
        """
        SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)
        FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY(%s::regclass[])
        """,
        [tables],
    )
    foreign_keys = cursor.fetchall()
    cursor.execute(
        """
        SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid)
        FROM pg_index
        WHERE indrelid = ANY(%s::regclass[])
          AND indexrelid NOT IN (SELECT conindid FROM pg_constraint WHERE conrelid = indrelid)
        """,
        [tables],
    )
    indexes = cursor.fetchall()
    # PostgreSQL alters no table with deferred checks pending (of rows just deleted).
    connection.check_constraints()
    for table, name, _ in foreign_keys:
        cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
    for name, _ in indexes:
        cursor.execute(f"DROP INDEX {name}")
    yield
    statements = [definition for _, definition in indexes] + [
        f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}"
        for table, name, definition in foreign_keys
    ]
    for statement in tqdm(
        statements, desc="indexes and foreign keys", file=sys.stderr, disable=not progress
    ):
        cursor.execute(statement)


def newer_than(table: str, *shown: str) -> str:
    """SQL raising each row's updated_at of `table` to the latest of the (id, updated_at)
    pairs the queries in `shown` give: the rows its representation shows."""
    union = " UNION ALL ".join(shown)
    return f"""
        UPDATE {table} AS target SET updated_at = latest.updated_at
        FROM (
            SELECT id, max(updated_at) AS updated_at
            FROM ({union}) AS shown (id, updated_at) GROUP BY id
        ) AS latest
        WHERE target.id = latest.id AND target.updated_at < latest.updated_at
    """


NETWORKS_AFTER_PARENTS = """
    UPDATE spaces_network AS network SET updated_at = parent.updated_at
    FROM spaces_network AS parent
    WHERE network.parent_id = parent.id AND network.updated_at < parent.updated_at
"""
SPACES_AFTER_PARTS = newer_than(
    "spaces_space",
    "SELECT space.id, city.updated_at FROM spaces_space AS space"
    " JOIN spaces_city AS city ON city.id = space.city_id",
    *(
        f"SELECT link.space_id, term.updated_at FROM spaces_space_{name} AS link"
        f" JOIN spaces_{table} AS term ON term.id = link.{table}_id"
        for name, table in (
            ("networks", "network"),
            ("services", "service"),
            ("equipment", "equipment"),
        )
    ),
    *(
        f"SELECT space_id, updated_at FROM {table}"
        for table in (
            "spaces_membershipplan",
            "spaces_openinghours",
            "spaces_spacephoto",
            "spaces_spacelink",
            "members_membership",  # a membership marks its space changed too
        )
    ),
)
MAKERS_AFTER_PARTS = newer_than(
    "members_maker",
    "SELECT maker.id, city.updated_at FROM members_maker AS maker"
    " JOIN spaces_city AS city ON city.id = maker.city_id",
    "SELECT maker_id, updated_at FROM members_makerlink",
    "SELECT maker_id, updated_at FROM members_membership",
    "SELECT membership.maker_id, space.updated_at FROM members_membership AS membership"
    " JOIN spaces_space AS space ON space.id = membership.space_id",
)
PROJECTS_AFTER_PARTS = newer_than(
    "members_project",
    "SELECT team.project_id, maker.updated_at FROM members_project_team AS team"
    " JOIN members_maker AS maker ON maker.id = team.maker_id",
    "SELECT link.project_id, space.updated_at FROM members_project_spaces AS link"
    " JOIN spaces_space AS space ON space.id = link.space_id",
    "SELECT project_id, updated_at FROM members_fundinground",
)
ROUNDS_AFTER_PROJECTS = newer_than(
    "members_fundinground",
    "SELECT funding.id, project.updated_at FROM members_fundinground AS funding"
    " JOIN members_project AS project ON project.id = funding.project_id",
)


# What Project.objects.recount_raised() stores (COPY bypasses the rounds' signals), in one
# pass over the rounds instead of three correlated sums per project.
PROJECTS_RAISED = """
    UPDATE members_project AS project
    SET round_count = raised.rounds, raised_cny = raised.cny, raised_usd = raised.usd
    FROM (
        SELECT project_id, count(*) AS rounds, sum(amount_cny) AS cny, sum(amount_usd) AS usd
        FROM members_fundinground GROUP BY project_id
    ) AS raised
    WHERE raised.project_id = project.id
"""


def sync_updated_at(cursor, *, progress: bool = False) -> None:
    """Make every row at least as new as what its API representation shows, as saves through
    Django would have (spaces/signals.py): partners who sync on updated_at rely on it.

    In dependency order: networks after their parents (one level a pass), spaces after all
    they show, makers after their spaces, projects after their makers, spaces and rounds,
    rounds after their project.
    """
    statements = [NETWORKS_AFTER_PARENTS] * (NETWORK_MAX_DEPTH - 1) + [
        SPACES_AFTER_PARTS,
        MAKERS_AFTER_PARTS,
        PROJECTS_AFTER_PARTS,
        ROUNDS_AFTER_PROJECTS,
    ]
    for statement in tqdm(statements, desc="updated_at", file=sys.stderr, disable=not progress):
        cursor.execute(statement)
