import logging

import pytest
from django.contrib.messages import get_messages

from members.models import ApiKey
from tests.api.conftest import auth
from tests.factories import ApiKeyFactory, SpaceFactory, UserFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/spaces/"


# Keys


def test_a_key_is_stored_only_as_a_hash_of_its_secret():
    key = ApiKeyFactory()
    marker, prefix, secret = key.plaintext.split("_")

    assert (marker, prefix) == ("m2", key.prefix)
    assert len(secret) == 48
    assert secret not in key.secret_hash
    assert key.matches(secret)
    assert not key.matches(secret[:-1] + "0" if secret[-1] != "0" else secret[:-1] + "1")


def test_staff_create_a_key_in_admin_and_see_it_once(admin_client):
    user = UserFactory()

    response = admin_client.post(
        "/admin/members/apikey/add/",
        {"name": "City portal", "user": user.pk, "scopes": ["contact"]},
    )

    assert response.status_code == 302
    key = ApiKey.objects.get()
    [message] = [str(m) for m in get_messages(response.wsgi_request) if "copy it now" in str(m)]
    plaintext = next(word for word in message.split() if word.startswith("m2_"))
    assert plaintext.startswith(f"m2_{key.prefix}_")
    assert key.matches(plaintext.split("_")[2])
    assert key.scopes == ["contact"]
    change_page = f"/admin/members/apikey/{key.pk}/change/"
    assert plaintext in admin_client.get(change_page).content.decode()  # the message, once
    assert plaintext not in admin_client.get(change_page).content.decode()


def test_a_key_with_the_manage_scope_needs_an_account(admin_client):
    response = admin_client.post(
        "/admin/members/apikey/add/", {"name": "Nobody", "scopes": ["manage"]}
    )

    assert response.status_code == 200
    assert "needs an account" in response.content.decode()
    assert not ApiKey.objects.exists()


def test_staff_revoke_keys_in_admin(admin_client, client, partner_key):
    response = admin_client.post(
        "/admin/members/apikey/",
        {"action": "revoke", "_selected_action": [partner_key.pk]},
    )

    assert response.status_code == 302
    partner_key.refresh_from_db()
    assert partner_key.revoked_at is not None
    refused = client.get(URL, headers=auth(partner_key))
    assert refused.status_code == 401
    assert refused.json()["errors"][0]["message"] == "This API key has been revoked."


@pytest.mark.parametrize(
    "header",
    [
        "Api-Key m2_nothere_0123",
        "Api-Key garbage",
        "Api-Key",
        "Api-Key a b",
        "api-key m2_x_y_z",
    ],
)
def test_a_wrong_key_is_a_401_not_anonymous_access(client, header):
    response = client.get(URL, headers={"Authorization": header})

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Api-Key"
    assert response.json()["errors"][0]["code"] == "authentication_failed"


def test_a_key_with_the_right_prefix_and_a_wrong_secret_is_a_401(client, partner_key):
    wrong = f"Api-Key m2_{partner_key.prefix}_{'0' * 48}"

    assert client.get(URL, headers={"Authorization": wrong}).status_code == 401


def test_the_key_of_a_disabled_account_is_a_401(client):
    key = ApiKeyFactory(user=UserFactory(is_active=False))

    assert client.get(URL, headers=auth(key)).status_code == 401


def test_other_authorization_schemes_are_read_as_anonymous(client):
    SpaceFactory(email="hi@lab.example")

    response = client.get(URL, headers={"Authorization": "Bearer something"})

    assert response.status_code == 200
    assert response.json()["results"][0]["contact"] is None


def test_keys_never_reach_the_logs(client, caplog, partner_key, manager_key, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anonymous": "100/min", "partner": "2/min"},
    }
    revoked = ApiKeyFactory()
    revoked.revoke()
    secrets = [key.plaintext for key in (partner_key, manager_key, revoked)]
    caplog.set_level(logging.DEBUG)

    for key in (partner_key, manager_key, revoked):
        for url in (URL, f"{URL}nowhere/", "/api/v1/deletions/"):  # 200, 404, 400
            client.get(url, headers=auth(key))
        client.put(f"{URL}lab/hours/", {}, content_type="application/json", headers=auth(key))
    client.get(URL, headers={"Authorization": f"Api-Key {secrets[0]}x"})  # 401
    statuses = {r.status_code for r in caplog.records if hasattr(r, "status_code")}

    assert {401, 404, 429} <= statuses  # the logger did log these requests
    for secret in secrets:
        assert secret.split("_")[2] not in caplog.text


# Throttles


def test_anonymous_clients_are_throttled_with_retry_after(client, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anonymous": "2/min", "partner": "10/min"},
    }

    statuses = [client.get(URL).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
    throttled = client.get(URL)
    assert 0 < int(throttled["Retry-After"]) <= 60
    assert throttled.json()["errors"][0]["code"] == "throttled"


def test_a_key_has_its_own_higher_rate(client, settings, partner_key):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anonymous": "1/min", "partner": "3/min"},
    }
    other_key = ApiKeyFactory()
    client.get(URL)

    assert client.get(URL).status_code == 429
    assert [client.get(URL, headers=auth(partner_key)).status_code for _ in range(4)] == [
        200,
        200,
        200,
        429,
    ]
    assert client.get(URL, headers=auth(other_key)).status_code == 200


def test_the_default_rates_come_from_settings_and_favour_partners(settings):
    from rest_framework.throttling import SimpleRateThrottle

    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    anonymous = SimpleRateThrottle.parse_rate(None, rates["anonymous"])
    partner = SimpleRateThrottle.parse_rate(None, rates["partner"])

    assert anonymous[0] / anonymous[1] < partner[0] / partner[1]


# CORS


def test_any_site_may_read_the_api_from_a_browser(client):
    response = client.get(URL, headers={"Origin": "https://map.example.org"})

    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]


def test_browsers_on_other_sites_may_not_write(client, space, manager_key):
    preflight = client.options(
        f"{URL}lab/hours/",
        headers={
            "Origin": "https://evil.example.org",
            "Access-Control-Request-Method": "PUT",
        },
    )

    assert "PUT" not in preflight.get("Access-Control-Allow-Methods", "")


def test_the_site_pages_get_no_cors_headers(client):
    response = client.get("/en/", headers={"Origin": "https://map.example.org"})

    assert "Access-Control-Allow-Origin" not in response
