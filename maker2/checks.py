"""System checks for what the database must be able to do."""

from django.core.checks import Error, Tags, register
from django.db import DatabaseError, connections

HINT = "Create the database with TEMPLATE template0 LC_CTYPE 'C.UTF-8' (make run does)."


def _drops_chinese(cursor) -> bool:
    cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
    if cursor.fetchone():
        cursor.execute("SELECT show_trgm(%s)", ["创客"])
        return not cursor.fetchone()[0]
    # Before the first migration adds pg_trgm, judge by the character type it will use.
    cursor.execute("SELECT datctype FROM pg_database WHERE datname = current_database()")
    return cursor.fetchone()[0] in ("C", "POSIX")


@register(Tags.database)
def trigram_handles_chinese(app_configs=None, databases=None, **kwargs):
    """Search relies on pg_trgm; under the C character type it silently drops Chinese."""
    errors = []
    for alias in databases or []:
        try:
            with connections[alias].cursor() as cursor:
                drops_chinese = _drops_chinese(cursor)
        except DatabaseError as error:
            errors.append(Error(f"Cannot inspect database {alias!r}: {error}", id="maker2.E001"))
            continue
        if drops_chinese:
            errors.append(
                Error(
                    f"Database {alias!r} has a character type under which pg_trgm drops Chinese.",
                    hint=HINT,
                    id="maker2.E002",
                )
            )
    return errors
