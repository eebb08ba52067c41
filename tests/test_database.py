"""The database must be one under which search works, and the schema must match the models."""

import psycopg2
import pytest
from django.core.management import call_command
from django.db import connection

from maker2.checks import _drops_chinese, trigram_handles_chinese


@pytest.mark.django_db
def test_test_database_keeps_chinese_trigrams():
    assert trigram_handles_chinese(databases=["default"]) == []


@pytest.fixture
def c_ctype_database():
    """A scratch database with the C character type, as a careless setup would make it."""
    params = connection.get_connection_params()
    admin = psycopg2.connect(**{**params, "dbname": "postgres"})
    admin.autocommit = True
    name = f"{params['dbname']}_c_ctype"
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f"CREATE DATABASE \"{name}\" TEMPLATE template0 LC_CTYPE 'C' LC_COLLATE 'C'")
    scratch = psycopg2.connect(**{**params, "dbname": name})
    yield scratch
    scratch.close()
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE "{name}"')
    admin.close()


@pytest.mark.django_db
def test_check_catches_a_c_ctype_database_before_and_after_pg_trgm(c_ctype_database):
    with c_ctype_database.cursor() as cursor:
        assert _drops_chinese(cursor)
        cursor.execute("CREATE EXTENSION pg_trgm")
        cursor.execute("SELECT show_trgm('创客')")
        assert cursor.fetchone()[0] == []  # the failure the check exists for
        assert _drops_chinese(cursor)


@pytest.mark.django_db
def test_migrations_match_the_models():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
