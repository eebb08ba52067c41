"""The hot queries of pages and API lists are served by an index, not a scan of the table.

On a seeded set (manage.py seed_bench) each request's main query is explained with
sequential scans priced out of reach (`enable_seqscan = off`): a plan that still scans the
table has no index to use, which at 20,000 spaces is what made a page cost seconds. (On a
few dozen rows the planner rightly prefers a scan, so the test takes that choice away.)
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from members.models import Maker, Project
from spaces.models import Space
from tests.factories import FundingRoundFactory, MakerFactory, SpaceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(db):
    for number in range(3):
        space = SpaceFactory(name_zh=f"雄安空间 {number}", latitude=39 + number, longitude=116)
        MakerFactory()
        FundingRoundFactory().project.spaces.add(space)


ORDERED = ("seqscan", "sort", "incremental_sort", "bitmapscan")


def plan_of(
    client, url: str, table: str, params: dict | None = None, avoid: tuple = ORDERED
) -> str:
    """The plan of the request's first query that reads `table`, what `avoid` names priced
    out of reach."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
        response.getvalue()
    assert response.status_code == 200
    sql = next(q["sql"] for q in queries if f'SELECT "{table}".' in q["sql"][:200])
    if sql.startswith("DECLARE"):
        sql = sql[sql.index(" FOR ") + len(" FOR ") :]
    return explain(sql, avoid=avoid)


def explain(sql: str, params=None, *, avoid: tuple) -> str:
    """The plan of `sql` with the planner's methods `avoid` names priced out of reach."""
    with connection.cursor() as cursor:
        for method in avoid:
            cursor.execute(f"SET LOCAL enable_{method} = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        for method in avoid:
            cursor.execute(f"SET LOCAL enable_{method} = on")
    return plan


def assert_uses(plan: str, index: str, table: str) -> None:
    assert index in plan, plan
    assert f"Seq Scan on {table}" not in plan, plan


SPACES = Space._meta.db_table


def test_the_api_pages_spaces_in_change_order_off_an_index(seeded, client):
    first = client.get("/api/v1/spaces/", {"page_size": 1}).json()

    assert_uses(plan_of(client, "/api/v1/spaces/", SPACES), "space_sync_order", SPACES)
    assert_uses(plan_of(client, first["next"], SPACES), "space_sync_order", SPACES)


def test_the_directory_sorts_off_indexes(seeded, client):
    for sort, index in [("name", "space_by_name"), ("newest", "space_by_age")]:
        plan = plan_of(client, "/en/spaces/", SPACES, {"sort": sort, "page": 2})
        assert_uses(plan, index, SPACES)


def test_the_map_reads_its_points_from_their_covering_index(seeded, client):
    plan = plan_of(client, "/api/v1/spaces/geojson/", SPACES)

    assert_uses(plan, "Index Only Scan using space_map_points", SPACES)


def plans_of_best(queryset, text: str, avoid: tuple) -> list[str]:
    """The plan of each tier's query that `queryset.best(text, 10)` makes."""
    with CaptureQueriesContext(connection) as queries:
        queryset.best(text, 10)
    return [explain(query["sql"], avoid=avoid) for query in queries]


# Left only bitmap scans, which need an index that takes the condition itself.
BITMAPS_ONLY = ("seqscan", "indexscan")


def test_a_two_character_search_finds_names_through_the_index_of_pieces(seeded):
    names = plans_of_best(Space.objects, "雄安", avoid=BITMAPS_ONLY)[0]

    assert_uses(names, "space_search_bigrams", SPACES)
    assert len(Space.objects.best("雄安", 10)) == 3


def test_each_form_of_a_query_is_looked_up_in_an_index(seeded):
    """The names are asked for "Ur Work" and "urwork", what a space offers and its prose for
    "laser-cutter" and "lasercutter": each through its trigram index."""
    names = plans_of_best(Space.objects, "Ur Work", avoid=BITMAPS_ONLY)[0]
    texts, similar = plans_of_best(Space.objects, "Laser-Cutter", avoid=BITMAPS_ONLY)[1:]

    assert_uses(names, "space_search", SPACES)
    assert names.count("Bitmap Index Scan on space_search ") == 2, names
    assert texts.count("Bitmap Index Scan on space_search_terms") == 2, texts
    assert texts.count("Bitmap Index Scan on space_search_text") == 2, texts
    assert f"Seq Scan on {SPACES}" not in texts
    assert_uses(similar, "space_search", SPACES)


def test_a_two_character_form_of_a_longer_query_uses_the_index_of_pieces(seeded):
    names = plans_of_best(Space.objects, "雄 安", avoid=BITMAPS_ONLY)[0]  # also as 雄安

    assert_uses(names, "space_search_bigrams", SPACES)
    assert len(Space.objects.best("雄 安", 10)) == 3


def test_people_and_projects_lists_read_their_order_off_an_index(seeded, client):
    makers, projects = Maker._meta.db_table, Project._meta.db_table

    assert_uses(plan_of(client, "/en/makers/", makers), "maker_by_name", makers)
    assert_uses(plan_of(client, "/en/projects/", projects), "project_best_funded", projects)
    assert_uses(plan_of(client, "/api/v1/makers/", makers), "maker_sync_order", makers)


def test_search_as_one_queryset_finds_each_column_through_its_index(seeded):
    """The API's and the directory's search: the ids of each column's matches, each off its
    trigram index, never the table scanned measuring similarity on every row."""
    sql, params = Space.objects.search("laser-cutter").query.sql_with_params()

    plan = explain(sql, params, avoid=("seqscan",))

    for index in ("space_search ", "space_search_terms", "space_search_text"):
        assert f"Bitmap Index Scan on {index}" in plan, plan
    assert "Seq Scan on spaces_space" not in plan, plan
