"""What browsers may keep and how small it travels: hashed static files for a year,
compressed (WhiteNoise), and pages compressed (GZipMiddleware) in production settings."""

import gzip
import re

import brotli
from django.core.management import call_command
from django.test import Client


def test_hashed_static_files_are_cached_for_a_year_and_sent_compressed(manifest_static_files):
    static_root = manifest_static_files
    hashed = next(
        p.name
        for p in (static_root / "css").iterdir()
        if re.fullmatch(r"site\.[0-9a-f]{12}\.css", p.name)
    )
    client = Client()  # a new handler: WhiteNoise reads STATIC_ROOT when it starts

    response = client.get(f"/static/css/{hashed}", headers={"Accept-Encoding": "gzip"})

    assert response.status_code == 200
    assert "immutable" in response["Cache-Control"]
    max_age = int(re.search(r"max-age=(\d+)", response["Cache-Control"]).group(1))
    assert max_age >= 365 * 24 * 3600
    assert response["Content-Encoding"] == "gzip"
    body = b"".join(response.streaming_content)
    assert gzip.decompress(body) == (static_root / "css" / hashed).read_bytes()
    # Browsers that take Brotli (all of today's, over https) get the smaller copy.
    brotli_response = client.get(f"/static/css/{hashed}", headers={"Accept-Encoding": "gzip, br"})
    assert brotli_response["Content-Encoding"] == "br"
    body = b"".join(brotli_response.streaming_content)
    assert brotli.decompress(body) == (static_root / "css" / hashed).read_bytes()
    assert len(body) < len(gzip.compress((static_root / "css" / hashed).read_bytes()))


def test_unhashed_static_names_are_not_kept_long(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    call_command("collectstatic", interactive=False, verbosity=0)
    client = Client()

    response = client.get("/static/css/site.css")

    assert response.status_code == 200
    assert "immutable" not in response["Cache-Control"]


def test_pages_are_compressed_for_browsers_that_take_gzip(client, db):
    response = client.get("/en/spaces/", headers={"Accept-Encoding": "gzip, deflate, br"})

    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    assert b"<!doctype html>" in gzip.decompress(response.content)
