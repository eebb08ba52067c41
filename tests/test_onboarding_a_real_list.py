"""An editor brings in a real list from another country, with nothing added beforehand, and
every page, the map, search and the API then show what the list knew and nothing made up.

The list is the UK file Excel on a Mac saves (tests/spaces/data, see make_files.py there):
97 makerspaces in 62 towns, postcodes but no coordinates, no opening hours, free-text figures.
"""

import csv
import io
import json
import re
from pathlib import Path

import jsonschema
import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from spaces.models import City, Space
from tests.factories import SpaceFactory

DATA = Path(__file__).parent / "spaces" / "data"
SPACEAPI_SCHEMA = Path(__file__).parent / "api" / "data" / "spaceapi-15.json"


def rows() -> list[dict]:
    text = (DATA / "uk_makerspaces.csv").read_text("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture(autouse=True)
def _generous_rates(settings):
    """A partner reads all 97 in a row; the throttles are not what these tests are about."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anonymous": "100000/min", "partner": "100000/min"},
    }
    cache.clear()


@pytest.fixture
def onboarded(admin_client, db):
    """The Mac Roman file imported through the admin's preview and confirm, then published
    with the admin's action, as an editor does it."""
    upload = SimpleUploadedFile(
        "makerspaces.csv", (DATA / "uk_makerspaces.mac-roman.csv").read_bytes()
    )
    preview = admin_client.post(
        reverse("admin:spaces_space_import"),
        {"resource": "0", "format": "0", "import_file": upload},
    )
    assert "confirm_form" in preview.context, preview.content.decode()[:2000]
    confirmed = admin_client.post(
        reverse("admin:spaces_space_process_import"), preview.context["confirm_form"].initial
    )
    assert confirmed.status_code == 302
    published = admin_client.post(
        reverse("admin:spaces_space_changelist"),
        {"action": "approve", "_selected_action": list(Space.objects.values_list("pk", flat=True))},
    )
    assert published.status_code == 302
    return {space.name_en: space for space in Space.objects.select_related("city")}


def test_every_row_with_a_name_and_a_city_lands_published_in_its_own_time_zone(onboarded):
    assert len(onboarded) == len(rows()) == 97
    assert {space.status for space in onboarded.values()} == {Space.Status.PUBLISHED}
    assert City.objects.filter(country="GB").count() == 62
    assert set(City.objects.values_list("timezone", flat=True)) == {"Europe/London"}


def test_their_pages_say_what_is_not_known_instead_of_showing_it_wrong(client, onboarded):
    for row in rows():
        space = onboarded[row["Space name"]]
        for language in ("en", "zh-hans"):
            with translation.override(language):
                response = client.get(space.get_absolute_url())
            assert response.status_code == 200, space.slug
            page = response.content.decode()
            assert space.name_en in page
            assert not re.search(r"Closed now|现在关门|已打烊", page), space.slug
        with translation.override("en"):
            english = client.get(space.get_absolute_url()).content.decode()
        assert "Opening hours not listed" in english
        # No point of its own: at most its town's, drawn as an approximate area.
        assert "data-geojson-url" not in english
        if space.city.latitude is None:
            assert "data-single-point" not in english
        if space.resident_makers is None:
            assert "Resident makers" not in english, space.slug


def test_the_api_and_spaceapi_documents_hold_what_the_list_gave_and_null_for_the_rest(
    client, onboarded
):
    schema = json.loads(SPACEAPI_SCHEMA.read_text())
    for row in rows():
        space = onboarded[row["Space name"]]
        data = client.get(f"/api/v1/spaces/{space.slug}/").json()
        assert data["name_en"] == row["Space name"]
        assert data["open_now"] is None
        assert data["latitude"] is None and data["longitude"] is None
        assert data["opening_hours"] == []
        if not row["Members"].strip():
            assert data["resident_makers"] is None
        document = client.get(f"/api/v1/spaces/{space.slug}/spaceapi/").json()
        jsonschema.validate(document, schema)
        assert "state" not in document
        assert document["location"]["timezone"] == "Europe/London"
        assert document["location"]["country_code"] == "GB"


def test_the_map_leaves_out_what_it_cannot_place_and_the_directory_still_lists_it(
    client, onboarded
):
    SpaceFactory(slug="placed", status=Space.Status.PUBLISHED, latitude=51.5, longitude=-0.1)

    features = client.get("/api/v1/spaces/geojson/").json()["features"]

    assert [feature["properties"]["slug"] for feature in features] == ["placed"]
    listed = client.get("/api/v1/spaces/", {"page_size": 200}).json()
    assert listed["count"] == 98


def test_search_finds_each_imported_space_by_its_name_as_typed_and_without_accents(onboarded):
    for row in rows():
        space = onboarded[row["Space name"]]
        assert space in Space.objects.published().search(row["Space name"]), row["Space name"]
    assert onboarded["Nöel’s Lab"] in Space.objects.published().search("noel")
