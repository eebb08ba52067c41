"""Mainland China: every page shows the site's ICP filing number, linked to the registry."""

import os

import pytest

from tests.factories import SpaceFactory
from tests.helpers import run_python

REGISTRY_LINK = '<a href="https://beian.miit.gov.cn/" rel="noopener" target="_blank">'


@pytest.mark.parametrize("path", ["/en/", "/zh-hans/spaces/", "/en/spaces/lab/", "/en/search/"])
def test_every_page_shows_the_filing_number_linked_to_the_registry(client, settings, db, path):
    settings.ICP_LICENCE = "京ICP备12345678号-1"
    SpaceFactory(slug="lab")

    html = client.get(path).content.decode()

    assert f"{REGISTRY_LINK}京ICP备12345678号-1</a>" in html


def test_without_a_filing_number_no_registry_link_is_shown(client, settings, db):
    settings.ICP_LICENCE = ""

    assert "beian.miit.gov.cn" not in client.get("/en/").content.decode()


@pytest.mark.parametrize("value", ["12345678", "ICP 12345678", "京ICP备号"])
def test_a_malformed_filing_number_stops_start_up_naming_it(value):
    environment = {
        "PATH": os.environ["PATH"],
        "DEBUG": "1",
        "ICP_LICENCE": value,
        "DJANGO_SETTINGS_MODULE": "maker2.settings",
    }
    result = run_python("import django; django.setup()", environment)

    assert result.returncode != 0
    assert "ImproperlyConfigured: ICP_LICENCE must be an ICP filing number" in result.stderr
