"""The visuals that hold without photos (spaces/templatetags/images.py): makers' initials or
avatars, cities' maps, networks' emblems, projects' covers, and the same beside each search
result. (That they cost no query per row is in each list's query-count test.)"""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from spaces.templatetags.images import initials, name_colour
from tests.factories import (
    CityFactory,
    MakerFactory,
    NetworkFactory,
    ProjectFactory,
    SpaceFactory,
    SpacePhotoFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("Li Wei", "LW"),
        ("Anna Maria Schmidt", "AS"),
        ("madonna", "M"),
        ("王小明", "王"),
        ("Maker2 创客平台", "M"),
        ("", "?"),
    ],
)
def test_initials_are_the_first_and_last_words_or_a_chinese_names_first_character(name, shown):
    assert initials(name) == shown


def test_a_name_always_gets_the_same_colour_of_eight():
    assert name_colour("Li Wei") == name_colour("Li Wei")
    assert {name_colour(f"Maker {n}") for n in range(40)} == set(range(8))


def test_makers_without_an_avatar_show_initials_and_with_one_their_picture(client):
    MakerFactory(display_name="王小明")
    buffer = io.BytesIO()
    Image.new("RGB", (300, 300), (10, 120, 90)).save(buffer, "JPEG")
    with_avatar = MakerFactory(
        display_name="Li Wei", avatar=SimpleUploadedFile("me.jpg", buffer.getvalue())
    )

    html = client.get("/en/makers/").content.decode()

    assert re.search(
        r'<span class="initials initials--\d initials--small[^"]*"[^>]*>王</span>', html
    )
    assert f'<source type="image/avif" srcset="{with_avatar.avatar_small_avif.url} 96w' in html
    assert f'src="{with_avatar.avatar_small.url}"' in html


def test_a_makers_page_shows_the_initials_in_a_large_circle(client):
    maker = MakerFactory(display_name="Chen Jing")

    html = client.get(maker.get_absolute_url()).content.decode()

    assert re.search(r'<span class="initials initials--\d"[^>]*>CJ</span>', html)


def test_a_city_card_maps_each_of_its_spaces_with_coordinates(client):
    city = CityFactory(slug="beijing", latitude="39.9042", longitude="116.4074")
    SpaceFactory(city=city, latitude="39.95", longitude="116.30")
    SpaceFactory(city=city, latitude="39.99", longitude="116.48")
    SpaceFactory(city=city)  # no coordinates: no dot

    html = client.get("/en/cities/").content.decode()

    (svg,) = re.findall(r'<svg class="city-map.*?</svg>', html, re.S)
    assert svg.count('class="city-map__space"') == 2
    assert "<text" not in svg


def test_city_maps_differ_from_city_to_city(client):
    CityFactory(slug="a")
    CityFactory(slug="b")

    html = client.get("/en/cities/").content.decode()

    first, second = re.findall(r'<svg class="city-map.*?</svg>', html, re.S)
    assert first != second


def test_networks_show_an_emblem_and_projects_a_cover_from_their_stage(client):
    NetworkFactory(name_en="Beijing Makerspace")
    ProjectFactory(stage="product")

    networks = client.get("/en/networks/").content.decode()
    projects = client.get("/en/projects/").content.decode()

    assert '<span class="network-visual__mark">BM</span>' in networks
    cover = re.search(r'<div class="project-cover project-cover--product.*?</div>', projects, re.S)
    assert "img/stages/product" in cover.group()
    assert cover.group().count("is-reached") == 3  # idea, prototype, product


def test_search_results_show_a_picture_beside_each(client):
    with_photo = SpaceFactory(name_en="Lab one")
    SpacePhotoFactory(space=with_photo)
    SpaceFactory(name_en="Lab two", kind="hackerspace")
    CityFactory(name_en="Lab city")
    MakerFactory(display_name="Lab Maker")
    ProjectFactory(name_en="Lab project")

    html = client.get("/en/search/", {"q": "lab"}).content.decode()

    assert html.count('class="result__image"') == 1  # the photo's <img>
    assert "space-visual--hackerspace" in html
    assert 'class="city-map result__image"' in html
    assert ">LM</span>" in html
    assert "project-cover project-cover--idea result__image" in html
