import csv
import io

import pytest

from spaces.models import Space
from tests.api.builders import full_space
from tests.api.conftest import auth
from tests.factories import NetworkFactory, SpaceFactory

pytestmark = pytest.mark.django_db
CSV_URL = "/api/v1/spaces.csv"


def rows(response) -> list[dict]:
    text = response.getvalue().decode("utf-8")
    assert text.startswith("\ufeff"), "Excel needs the byte order mark to read UTF-8"
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_the_csv_lists_every_matching_published_space_in_utf8(client):
    space = full_space(slug="bjm", name_zh="北京创客空间")
    SpaceFactory(slug="draft", status=Space.Status.DRAFT)

    response = client.get(CSV_URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    [row] = rows(response)
    assert row["name_zh"] == "北京创客空间"
    assert row["city"] == space.city.slug
    assert row["networks"] == space.networks.get().slug
    assert row["url"] == "http://testserver/api/v1/spaces/bjm/"
    assert "email" not in row


def test_the_csv_takes_the_list_filters(client):
    network = NetworkFactory(slug="ps")
    SpaceFactory(slug="a").networks.add(network)
    SpaceFactory(slug="b", name_en="Makerspace B")

    assert [r["slug"] for r in rows(client.get(CSV_URL, {"network": "ps"}))] == ["a"]
    assert [r["slug"] for r in rows(client.get(CSV_URL, {"q": "makerspace"}))] == ["b"]


def test_the_csv_has_contact_columns_for_a_key_with_the_contact_scope(client, contact_key):
    SpaceFactory(email="hi@lab.example", phone="+86 10 1")

    [row] = rows(client.get(CSV_URL, headers=auth(contact_key)))

    assert (row["email"], row["phone"]) == ("hi@lab.example", "'+86 10 1")


def test_the_csv_defuses_text_a_spreadsheet_would_run(client):
    SpaceFactory(name_en='=HYPERLINK("http://evil")', name_zh="@SUM(1)")

    [row] = rows(client.get(CSV_URL))

    assert row["name_en"].startswith("'=")
    assert row["name_zh"] == "'@SUM(1)"


def test_a_bad_csv_filter_is_a_json_400_whatever_the_accept_header(client):
    response = client.get(CSV_URL, {"near": "x"}, headers={"Accept": "text/csv"})

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "near"


def test_the_csv_answers_in_the_same_queries_for_2_and_for_many(count_queries):
    # 1. spaces with their city's, networks', services' and equipment's slugs, streamed
    for _ in range(2):
        full_space()
    with_two = count_queries(CSV_URL)
    for _ in range(10):
        full_space()

    assert with_two == count_queries(CSV_URL) == 1
