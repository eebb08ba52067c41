import json

import pytest
from django.core.management import call_command


def test_the_schema_generates_without_a_warning_and_validates(tmp_path):
    """Pinned: every view, filter and field is typed and described (drf-spectacular)."""
    path = tmp_path / "schema.json"

    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--format=openapi-json", f"--file={path}"
    )

    schema = json.loads(path.read_text())
    paths = schema["paths"]
    assert set(paths) == {
        "/api/v1/cities/",
        "/api/v1/cities/{slug}/",
        "/api/v1/networks/",
        "/api/v1/networks/{slug}/",
        "/api/v1/spaces/",
        "/api/v1/spaces/{slug}/",
        "/api/v1/spaces/{slug}/hours/",
        "/api/v1/spaces/{slug}/plans/",
        "/api/v1/spaces/{slug}/status/",
        "/api/v1/spaces/{slug}/spaceapi/",
        "/api/v1/spaces.csv",
        "/api/v1/spaces/geojson/",
        "/api/v1/spaceapi/",
        "/api/v1/makers/",
        "/api/v1/makers/{slug}/",
        "/api/v1/projects/",
        "/api/v1/projects/{slug}/",
        "/api/v1/funding-rounds/",
        "/api/v1/funding-rounds/{id}/",
        "/api/v1/deletions/",
    }
    parameters = {p["name"]: p for p in paths["/api/v1/spaces/"]["get"]["parameters"]}
    for name in ("q", "city", "near", "radius_km", "bbox", "updated_since", "ordering", "cursor"):
        assert parameters[name]["description"], name
    assert parameters["page_size"]["schema"]["maximum"] == 200
    assert "sort" not in parameters
    # What the API accepts, as exactly as a schema can say it (schemathesis holds the API to
    # it: tests/api/test_fuzz.py); what it cannot say, the descriptions do.
    assert parameters["price_min"]["schema"]["type"] == "string"  # money is a decimal string
    assert parameters["price_min"]["schema"]["pattern"]
    assert parameters["near"]["schema"]["pattern"]
    assert parameters["q"]["schema"]["maxLength"] == 100
    assert parameters["city"]["schema"]["items"]["pattern"] == "^[-a-zA-Z0-9_]*$"
    assert "400" in parameters["city"]["description"]
    assert "400" in parameters["cursor"]["description"]
    assert "needs q" in parameters["ordering"]["description"]
    assert "needs" in parameters["radius_km"]["description"]
    for export in ("/api/v1/spaces.csv", "/api/v1/spaces/geojson/"):  # the list's filters
        assert {"city", "near", "price_min"} <= {
            p["name"] for p in paths[export]["get"]["parameters"]
        }
    components = schema["components"]["schemas"]
    assert components["OpeningHoursWriteRequest"]["properties"]["opening_hours"]["maxItems"] == 21
    assert components["MembershipPlansWriteRequest"]["properties"]["plans"]["maxItems"] == 20
    plan = components["MembershipPlanRequest"]
    assert plan["properties"]["price"]["type"] == "string"
    assert [option["required"] for option in plan["anyOf"]] == [["name_en"], ["name_zh"]]
    space = schema["components"]["schemas"]["Space"]["properties"]
    assert space["distance_km"]["type"] == "number"
    assert space["open_now"]["type"] == "boolean"
    assert space["contact"]["nullable"] is True
    assert schema["components"]["schemas"]["Error"]["required"] == ["errors"]


@pytest.mark.django_db
def test_the_schema_is_served_as_openapi_3(client):
    response = client.get("/api/schema/", headers={"Accept": "application/json"})

    assert response.status_code == 200
    assert response.json()["openapi"].startswith("3.")


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "asset"), [("/api/docs/", "swagger-ui"), ("/api/redoc/", "redoc")])
def test_the_docs_are_served_from_local_static_files(client, url, asset):
    page = client.get(url).content.decode()

    assert f"/static/drf_spectacular_sidecar/{asset}" in page
    assert "cdn" not in page.lower()
