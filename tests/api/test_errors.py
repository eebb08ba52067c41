import json

import pytest
from django.test import Client

from maker2.api_errors import csrf_failure
from tests.factories import SpaceFactory

pytestmark = pytest.mark.django_db


def test_an_unknown_address_under_api_is_a_json_404(client):
    response = client.get("/api/v1/castles/")

    assert response.status_code == 404
    assert response.json() == {
        "errors": [
            {
                "field": None,
                "code": "not_found",
                "message": "There is no such endpoint; the list is at /api/docs/.",
            }
        ]
    }


def test_a_strange_address_under_api_is_a_json_404_too(client):
    response = client.get("/api/v1/projects/%C3%8Bi-n%0A/")

    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "not_found"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_a_write_to_an_unknown_address_is_a_json_404_not_a_csrf_page(method, superuser):
    browser = Client(enforce_csrf_checks=True)  # a signed-in browser session, no CSRF token
    browser.force_login(superuser)

    response = getattr(browser, method)("/api/v1/nonexistent/", "{}", "application/json")

    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "not_found"


def test_a_csrf_refusal_under_api_has_the_api_s_shape_and_elsewhere_django_s_page(rf):
    api = csrf_failure(rf.post("/api/v1/spaces/"), reason="CSRF cookie not set.")
    page = csrf_failure(rf.post("/en/spaces/add/"), reason="CSRF cookie not set.")

    assert api.status_code == page.status_code == 403
    assert json.loads(api.content)["errors"][0]["code"] == "csrf_failed"
    assert page["Content-Type"].startswith("text/html")


def test_an_address_without_its_slash_is_redirected(client):
    response = client.get("/api/v1/spaces", {"kind": "fablab"})

    assert response.status_code == 301
    assert response["Location"] == "/api/v1/spaces/?kind=fablab"


def test_every_error_names_its_field_code_and_message(client):
    response = client.get("/api/v1/spaces/", {"city": "atlantis", "near": "x"})

    assert response.status_code == 400
    for error in response.json()["errors"]:
        assert set(error) == {"field", "code", "message"}
        assert error["field"] in ("city", "near")
        assert error["code"] and error["message"]


def test_messages_follow_the_language_codes_do_not(client):
    english = client.get("/api/v1/spaces/nowhere/").json()["errors"][0]
    chinese = client.get("/api/v1/spaces/nowhere/", headers={"Accept-Language": "zh-hans"}).json()[
        "errors"
    ][0]

    assert english["code"] == chinese["code"] == "not_found"


def test_a_write_to_a_read_only_resource_is_a_json_error(client):
    SpaceFactory(slug="lab")

    response = client.delete("/api/v1/spaces/lab/")

    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "not_authenticated"


def test_the_api_root_lists_the_resources(client):
    data = client.get("/api/v1/").json()

    assert set(data) == {"cities", "networks", "spaces", "makers", "projects", "funding-rounds"}
