"""How far a space is, on its card when the directory measures from a point."""

from decimal import Decimal

import pytest
from django.utils import translation

from spaces.templatetags.maps import distance
from tests.factories import CityFactory, SpaceFactory

pytestmark = pytest.mark.django_db

BEIJING = "39.9042,116.4074"


@pytest.mark.parametrize(
    ("kilometres", "english", "chinese"),
    [
        (0.0, "10 m away", "距离 10 米"),
        (0.347, "350 m away", "距离 350 米"),
        (2.44, "2.4 km away", "距离 2.4 公里"),
        (Decimal("12.6"), "13 km away", "距离 13 公里"),
        (1067.2, "1,067 km away", "距离 1,067 公里"),
    ],
)
def test_it_reads_in_each_language(kilometres, english, chinese):
    with translation.override("en"):
        assert distance(kilometres) == english
    with translation.override("zh-hans"):
        assert distance(kilometres) == chinese


def test_no_distance_is_nothing():
    assert distance(None) == ""
    assert distance("") == ""  # not annotated: the template hands the filter ""


@pytest.fixture
def two_spaces(db):
    city = CityFactory(slug="beijing")
    SpaceFactory(name_en="Near Lab", city=city, latitude="39.930000", longitude="116.400000")
    SpaceFactory(name_en="Far Lab", city=city, latitude="31.240000", longitude="121.490000")


@pytest.mark.parametrize(
    ("language", "near", "far"),
    [("en", "2.9 km away", "1,067 km away"), ("zh-hans", "距离 2.9 公里", "距离 1,067 公里")],
)
def test_cards_say_how_far_when_the_directory_sorts_by_distance(
    client, two_spaces, language, near, far
):
    html = client.get(f"/{language}/spaces/", {"near": BEIJING, "sort": "distance"}).content
    html = html.decode()

    assert f'<p class="card__distance">{near}</p>' in html
    assert f'<p class="card__distance">{far}</p>' in html
    assert html.index(near) < html.index(far)


def test_cards_say_no_distance_without_a_point(client, two_spaces):
    html = client.get("/en/spaces/", {"sort": "name"}).content.decode()

    assert "card__distance" not in html
    assert 'data-space-slug="' in html  # the cards still link to their pins
