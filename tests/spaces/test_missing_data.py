"""What is not known is not shown as something false: a space listed with nothing but a name
and a city (as imports bring them) has no map error, no "Closed" week, no 0 figures."""

from datetime import UTC, datetime, time
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from spaces.models import Space
from tests.factories import CityFactory, OpeningHoursFactory, SpaceFactory

pytestmark = pytest.mark.django_db

MONDAY_TEN_IN_SHANGHAI = datetime(2026, 11, 2, 2, tzinfo=UTC)


@pytest.fixture
def bare_space():
    """A space as an import brings it: a name and a city, which has no point either."""
    city = CityFactory(slug="leeds", name_en="Leeds", country="GB", timezone="Europe/London")
    return SpaceFactory(slug="bare", name_en="Bare Lab", city=city)


def page(client, slug: str, language: str = "en") -> str:
    response = client.get(f"/{language}/spaces/{slug}/")
    assert response.status_code == 200
    return response.content.decode()


# The model


def test_a_space_without_opening_hours_is_neither_open_nor_closed():
    space = SpaceFactory()

    assert space.is_open_at(MONDAY_TEN_IN_SHANGHAI) is None
    assert space.is_open_now() is None


def test_a_space_with_hours_is_open_or_closed_by_them():
    space = SpaceFactory()
    OpeningHoursFactory(space=space, weekday=0, opens=time(9), closes=time(18))

    assert space.is_open_at(MONDAY_TEN_IN_SHANGHAI) is True
    assert space.is_open_at(datetime(2026, 11, 2, 12, tzinfo=UTC)) is False  # 20:00


def test_open_and_closed_sets_leave_out_spaces_without_hours():
    OpeningHoursFactory(space__slug="open", weekday=0, opens=time(9), closes=time(18))
    OpeningHoursFactory(space__slug="shut", weekday=1, opens=time(9), closes=time(18))
    SpaceFactory(slug="unknown")
    slugs = lambda spaces: sorted(spaces.values_list("slug", flat=True))  # noqa: E731

    assert slugs(Space.objects.open_at(MONDAY_TEN_IN_SHANGHAI)) == ["open"]
    assert slugs(Space.objects.closed_at(MONDAY_TEN_IN_SHANGHAI)) == ["shut"]


def test_closed_follows_each_city_time_zone():
    london = CityFactory(country="GB", timezone="Europe/London")
    # 10:00 in Shanghai is 02:00 in London: open in one city, closed in the other.
    OpeningHoursFactory(space__slug="shanghai", weekday=0, opens=time(9), closes=time(18))
    OpeningHoursFactory(space__slug="london", space__city=london, opens=time(9), closes=time(18))

    closed = Space.objects.closed_at(MONDAY_TEN_IN_SHANGHAI)

    assert list(closed.values_list("slug", flat=True)) == ["london"]


# The space's page


def test_unknown_hours_read_not_listed_with_no_badge_and_no_closed_week(client, bare_space):
    html = page(client, "bare")

    assert "Opening hours not listed" in html
    assert "Closed now" not in html and "Open now" not in html
    assert ">Closed<" not in html
    assert 'class="table hours"' not in html


def test_unknown_hours_read_not_listed_in_chinese(client, bare_space):
    html = page(client, "bare", "zh-hans")

    assert "未列出开放时间" in html
    assert "休息中" not in html and "营业中" not in html


def test_known_hours_keep_their_week_and_badge(client, frozen_now):
    space = SpaceFactory(slug="lab")
    OpeningHoursFactory(space=space, weekday=0, opens=time(9), closes=time(18))

    frozen_now(datetime(2026, 11, 2, 12, tzinfo=UTC))
    html = page(client, "lab")

    assert "Closed now" in html
    assert html.count(">Closed<") == 6
    assert "Opening hours not listed" not in html


def test_unknown_figures_are_left_out_not_zero(client, bare_space):
    html = page(client, "bare")

    for label in ("Resident makers", "Desks / seats", "Floor area", "Founded"):
        assert label not in html
    assert "<dd>0</dd>" not in html


def test_known_figures_show_zero_included(client):
    SpaceFactory(slug="lab", resident_makers=0, desks=12)

    html = page(client, "lab")

    assert "<dt>Resident makers</dt><dd>0</dd>" in html
    assert "<dt>Desks / seats</dt><dd>12</dd>" in html


def test_no_point_anywhere_means_no_map_and_no_address_panel(client, bare_space):
    html = page(client, "bare")

    assert "data-map" not in html
    assert "The map could not load" not in html
    assert "undefined" not in html and "None,None" not in html
    assert "Address not listed" not in html  # no panel with nothing in it


def test_an_address_without_a_point_shows_the_address_and_no_map(client, bare_space):
    Space.objects.filter(pk=bare_space.pk).update(address_en="1 Mill Street")

    html = page(client, "bare")

    assert "<address>1 Mill Street</address>" in html
    assert "data-map" not in html


def test_a_space_without_a_point_shows_its_city_marked_approximate(client):
    city = CityFactory(name_en="Leeds", latitude=Decimal("53.8"), longitude=Decimal("-1.55"))
    SpaceFactory(slug="lab", city=city)

    html = page(client, "lab")

    assert 'data-single-point="53.800000,-1.550000"' in html
    assert "data-approximate" in html
    assert "Approximate: the exact location is not listed, so the map shows Leeds" in html
    assert "Address not listed." in html
    assert "data-geojson-url" not in html  # the page fetches nothing for its map


def test_a_space_with_a_point_gets_its_pin_not_the_approximate_area(client):
    city = CityFactory(latitude=Decimal("39.9"), longitude=Decimal("116.4"))
    SpaceFactory(slug="lab", city=city, latitude=Decimal("39.91"), longitude=Decimal("116.41"))

    html = page(client, "lab")

    assert 'data-single-point="39.910000,116.410000"' in html
    assert "data-approximate" not in html and "Approximate:" not in html


def test_the_map_include_never_hands_the_script_a_missing_point(db):
    space = SpaceFactory()  # no point, nor has its city
    request = RequestFactory().get("/")

    html = render_to_string(
        "spaces/includes/_map.html",
        {"map_single": space, "map_geojson_url": "/api/v1/spaces/geojson/"},
        request=request,
    )

    assert html.strip() == ""


# Cards, cities and networks


def test_a_card_without_hours_has_no_open_or_closed_badge(client, bare_space, frozen_now):
    OpeningHoursFactory(space__name_en="Listed Lab", weekday=0, opens=time(9), closes=time(18))

    frozen_now(MONDAY_TEN_IN_SHANGHAI)
    html = client.get("/en/spaces/").content.decode()

    assert "Bare Lab" in html and "Listed Lab" in html
    assert html.count("badge--open") == 1  # the listed lab's; none for the bare one
    assert "badge--closed" not in html


def test_a_city_whose_spaces_have_no_figures_shows_no_zero_totals(client, bare_space):
    SpaceFactory(city=bare_space.city)

    html = client.get("/en/cities/leeds/").content.decode()

    assert "<dd>2</dd>" in html  # two spaces: that is known
    for label in ("Resident makers", "Floor area", "Desks", "Raised by projects"):
        assert f"<dt>{label}</dt>" not in html
    assert "0 m²" not in html and "¥0" not in html


def test_a_city_sums_the_figures_that_are_known(client, bare_space):
    SpaceFactory(city=bare_space.city, resident_makers=30)

    html = client.get("/en/cities/leeds/").content.decode()

    assert "<dt>Resident makers</dt><dd>30</dd>" in html


def test_a_city_whose_spaces_have_no_points_has_no_map(client, bare_space):
    response = client.get("/en/cities/leeds/")

    assert response.context["map_geojson_url"] == ""
    assert "data-map" not in response.content.decode()


def test_a_city_with_a_pinned_space_has_its_map(client, bare_space):
    SpaceFactory(city=bare_space.city, latitude=Decimal("53.8"), longitude=Decimal("-1.55"))

    html = client.get("/en/cities/leeds/").content.decode()

    assert 'data-geojson-url="/api/v1/spaces/geojson/?city=leeds"' in html


def test_a_planned_city_without_spaces_has_no_map_and_no_figures(client):
    CityFactory(slug="york", name_en="York", status="planned")

    html = client.get("/en/cities/york/").content.decode()

    assert "data-map" not in html
    assert "Maker2 plans to open spaces in York" in html


def test_a_city_card_leaves_unknown_figures_out(client, bare_space):
    html = client.get("/en/cities/").content.decode()

    assert "Leeds" in html
    assert "Resident makers" not in html and "0 m²" not in html


def test_the_space_page_costs_no_more_queries_without_data(
    client, bare_space, django_assert_max_num_queries
):
    # The budget tests/spaces/test_pages_space.py sets for a full space: missing data adds none.
    with django_assert_max_num_queries(10):
        page(client, "bare")


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_bare_pages_render_in_both_languages(client, bare_space, language):
    with translation.override(language):
        for url in (f"/{language}/spaces/bare/", f"/{language}/cities/leeds/"):
            assert client.get(url).status_code == 200


def test_the_figures_page_says_a_citys_floor_area_is_not_listed(client, bare_space):
    html = client.get("/en/stats/").content.decode()

    assert "Leeds" in html
    assert "0 m²" not in html
    assert '<span class="muted">not listed</span>' in html
