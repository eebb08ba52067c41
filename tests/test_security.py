"""Secure by default: https, HSTS, cookies, Content-Security-Policy, Permissions-Policy.

The suite runs over plain http with the redirect to https off (tests/conftest.py), so what
production gets by default is checked in a fresh process that loads the settings from the
environment as production does.
"""

import json
import os
import re
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import Client

from maker2.settings import tile_sources
from tests.helpers import BASE_DIR, run_python

# Requests made by Django's test client in a process of its own; prints what came back.
REQUESTS = """
import json
import django
from django.conf import settings
from django.test import Client

django.setup()
client = Client()
plain, secure = client.get("/robots.txt"), client.get("/robots.txt", secure=True)
print(json.dumps({
    "plain": [plain.status_code, plain.get("Location")],
    "secure": [secure.status_code, dict(secure.headers)],
    "cookies_secure": [settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE],
}))
"""


def production_environment(**changes) -> dict:
    """Only what the machine needs and the settings the README documents, nothing inherited
    from the test run (which turns the redirect off)."""
    environment = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "maker2.settings",
        "LOG_LEVEL": "ERROR",
        **readme_production_settings(),
    }
    return {**environment, **changes}


def readme_production_settings() -> dict:
    """The KEY=value lines of the README's production settings (### Security settings), a
    long random value standing in for each <placeholder>."""
    readme = (BASE_DIR / "README.md").read_text()
    section = readme.split("### Security settings", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL).group(1)
    values = dict(line.split("=", 1) for line in block.splitlines() if "=" in line)
    return {
        name: secrets.token_urlsafe(50) if value.startswith("<") else value
        for name, value in values.items()
    }


def production_requests(**changes) -> dict:
    environment = production_environment(ALLOWED_HOSTS="testserver", **changes)
    result = run_python(REQUESTS, environment)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_check_deploy_finds_nothing_with_the_readme_production_settings():
    assert "SECRET_KEY" in readme_production_settings()

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=production_environment(),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_by_default_http_is_redirected_to_https_and_https_sends_hsts():
    answers = production_requests()

    assert answers["plain"] == [301, "https://testserver/robots.txt"]
    status, headers = answers["secure"]
    assert status == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert answers["cookies_secure"] == [True, True]


def test_without_the_preload_setting_hsts_is_not_preloaded():
    environment = production_environment(ALLOWED_HOSTS="testserver")
    del environment["SECURE_HSTS_PRELOAD"]
    result = run_python(REQUESTS, environment)

    headers = json.loads(result.stdout.strip().splitlines()[-1])["secure"][1]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_behind_a_proxy_that_redirects_the_operator_turns_the_redirect_and_hsts_off():
    answers = production_requests(SECURE_SSL_REDIRECT="0", SECURE_HSTS_SECONDS="0")

    assert answers["plain"] == [200, None]
    assert "Strict-Transport-Security" not in answers["secure"][1]


def test_https_through_the_proxy_is_not_redirected():
    code = REQUESTS.replace(
        'client.get("/robots.txt")', 'client.get("/robots.txt", HTTP_X_FORWARDED_PROTO="https")'
    )
    result = run_python(code, production_environment(ALLOWED_HOSTS="testserver"))

    assert json.loads(result.stdout.strip().splitlines()[-1])["plain"] == [200, None]


@pytest.mark.parametrize(
    ("name", "value"),
    [("SECURE_SSL_REDIRECT", "sometimes"), ("SECURE_HSTS_SECONDS", "a year")],
)
def test_a_malformed_setting_stops_start_up_naming_it(name, value):
    result = run_python(REQUESTS, production_environment(**{name: value}))

    assert result.returncode != 0
    assert f"ImproperlyConfigured: {name} must be" in result.stderr


def test_the_map_tiles_host_is_allowed_for_images():
    tiles = "https://webrd0{s}.is.autonavi.com/appmaptile?x={x}&y={y}&z={z}"
    answers = production_requests(MAP_TILE_URL=tiles)

    policy = answers["secure"][1]["Content-Security-Policy"]
    directives = dict(directive.strip().split(" ", 1) for directive in policy.split(";"))
    assert directives["img-src"] == "'self' data: https://*.is.autonavi.com"


@pytest.mark.parametrize(
    ("url", "sources"),
    [
        (
            "https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png",
            ["https://*.tile.openstreetmap.org"],
        ),
        ("https://tiles.example.com:8443/{z}/{x}/{y}.png", ["https://tiles.example.com:8443"]),
        ("https://webrd0{s}.is.autonavi.com/t?x={x}&y={y}&z={z}", ["https://*.is.autonavi.com"]),
        ("/static/tiles/{z}/{x}/{y}.png", []),  # this site: 'self' covers it
    ],
)
def test_tile_sources_are_the_tile_servers_host(url, sources):
    assert tile_sources(url) == sources


@pytest.mark.django_db
def test_pages_have_a_policy_without_inline_code_or_styles(client):
    response = client.get("/en/")

    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "<style" not in response.content.decode()


@pytest.mark.django_db
def test_the_server_error_page_styles_apply_through_the_pages_nonce(monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("maker2.site.views.CityListView.get_queryset", explode)
    client = Client(raise_request_exception=False)

    response = client.get("/en/cities/")

    assert response.status_code == 500
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    assert f'<style nonce="{nonce}">' in response.content.decode()


@pytest.mark.django_db
def test_geolocation_stays_for_the_site_and_other_features_are_refused(client):
    response = client.get("/en/spaces/")

    features = dict(item.split("=") for item in response["Permissions-Policy"].split(", "))
    assert features["geolocation"] == "(self)"
    assert features["camera"] == features["microphone"] == features["payment"] == "()"


@pytest.mark.django_db
def test_other_sites_learn_the_origin_only(client):
    response = client.get("/en/")

    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_test_run_itself_speaks_plain_http():
    assert settings.SECURE_SSL_REDIRECT is False
