"""What every page carries for search engines and link previews, and the language switch."""

import re

import pytest
from django.template.loader import render_to_string

from members.models import Maker
from spaces.models import Space
from tests.factories import (
    CityFactory,
    MakerFactory,
    NetworkFactory,
    ProjectFactory,
    SpaceFactory,
)

pytestmark = pytest.mark.django_db


def test_pages_have_title_description_canonical_and_alternates(client):
    SpaceFactory(slug="lab", name_en="Fab Lab", description_en="Lasers & looms.")

    html = client.get("/en/spaces/lab/?utm_source=x").content.decode()

    assert "<title>Fab Lab · Maker2</title>" in html
    assert '<meta name="description" content="Lasers &amp; looms.">' in html
    assert '<link rel="canonical" href="http://testserver/en/spaces/lab/">' in html
    assert '<link rel="alternate" hreflang="en" href="http://testserver/en/spaces/lab/">' in html
    assert (
        '<link rel="alternate" hreflang="zh-Hans" href="http://testserver/zh-hans/spaces/lab/">'
        in html
    )
    assert (
        '<link rel="alternate" hreflang="x-default" href="http://testserver/en/spaces/lab/">'
        in html
    )
    assert '<meta property="og:title" content="Fab Lab">' in html
    assert '<meta property="og:image" content="http://testserver/en/spaces/lab/og.png">' in html
    assert '<html lang="en">' in html


def test_canonical_keeps_the_page_number_only(client):
    html = client.get("/en/spaces/", {"kind": "fablab", "page": "2"}).content.decode()

    assert '<link rel="canonical" href="http://testserver/en/spaces/?page=2">' in html


def test_chinese_pages_declare_their_language(client):
    html = client.get("/zh-hans/").content.decode()

    assert '<html lang="zh-Hans">' in html
    assert '<meta property="og:locale" content="zh_CN">' in html


def test_landmarks_and_skip_link_are_on_every_page(client):
    html = client.get("/en/cities/").content.decode()

    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html
    assert re.search(r'<header class="site-header"', html)
    assert re.search(r'<nav class="site-nav" aria-label="Main"', html)
    assert "<footer" in html
    assert '<a href="/en/cities/" aria-current="page">' in html


def test_language_switcher_posts_the_same_page_in_the_other_language(client):
    html = client.get("/en/spaces/", {"city": "beijing", "sort": "area"}).content.decode()

    assert 'action="/i18n/setlang/"' in html
    assert 'name="next" value="/zh-hans/spaces/?city=beijing&amp;sort=area"' in html
    assert 'name="language" value="zh-hans"' in html


def test_switching_language_keeps_the_page_and_its_query(client):
    SpaceFactory(slug="lab", name_en="Fab Lab", name_zh="微观装配实验室")

    response = client.post(
        "/i18n/setlang/", {"language": "zh-hans", "next": "/en/spaces/lab/?tab=hours"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/zh-hans/spaces/lab/?tab=hours"
    assert "微观装配实验室" in client.get(response["Location"]).content.decode()


def test_switching_back_to_english_from_a_chinese_page(client):
    html = client.get("/zh-hans/cities/").content.decode()
    [next_url] = re.findall(r'name="next" value="([^"]*)"', html)

    response = client.post("/i18n/setlang/", {"language": "en", "next": next_url})

    assert response["Location"] == "/en/cities/"
    assert response.cookies["django_language"].value == "en"


def test_sitemap_lists_public_pages_in_both_languages(client):
    SpaceFactory(slug="lab")
    SpaceFactory(slug="draft-lab", status=Space.Status.DRAFT)
    CityFactory(slug="wuhan")
    NetworkFactory(slug="maker2")
    MakerFactory(slug="pat")
    MakerFactory(slug="mo", visibility=Maker.Visibility.MEMBERS)
    MakerFactory(slug="hu", visibility=Maker.Visibility.HIDDEN)
    ProjectFactory(slug="orbit")

    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    xml = response.content.decode()
    for path in [
        "/en/",
        "/zh-hans/",
        "/en/spaces/lab/",
        "/zh-hans/spaces/lab/",
        "/en/cities/wuhan/",
        "/en/networks/maker2/",
        "/en/makers/pat/",
        "/en/projects/orbit/",
        "/en/stats/",
    ]:
        assert f"<loc>http://testserver{path}</loc>" in xml, path
    assert 'hreflang="zh-hans" href="http://testserver/zh-hans/spaces/lab/"' in xml
    assert 'hreflang="x-default"' in xml
    assert "draft-lab" not in xml
    assert "/makers/mo/" not in xml and "/makers/hu/" not in xml


def test_robots_txt_points_at_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /en/search/" in text
    assert "Disallow: /zh-hans/search/" in text


def test_not_found_page_is_in_the_site_style_and_language(client):
    response = client.get("/zh-hans/nothing-here/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "site-header" in html
    assert 'content="noindex"' in html
    assert "hreflang" not in html


def test_server_error_page_renders_without_context_or_queries(django_assert_num_queries):
    with django_assert_num_queries(0):
        html = render_to_string("500.html")

    assert "Something went wrong" in html and "服务器出错了" in html


def test_a_server_error_shows_the_500_page(client, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("maker2.site.views.CityListView.get_queryset", explode)
    client.raise_request_exception = False

    response = client.get("/en/cities/")

    assert response.status_code == 500
    assert "服务器出错了" in response.content.decode()
