from datetime import date
from decimal import Decimal

import pytest

from tests.factories import (
    CityFactory,
    FundingRoundFactory,
    NetworkFactory,
    ProjectFactory,
    SpaceFactory,
)

pytestmark = pytest.mark.django_db


def test_stats_break_down_area_spaces_and_funding_by_city_network_and_year(client):
    beijing = CityFactory(name_en="Beijing")
    network = NetworkFactory(name_en="Beijing Makerspace")
    lab = SpaceFactory(city=beijing, floor_area=6000, founded=date(2013, 5, 4))
    lab.networks.add(network)
    SpaceFactory(floor_area=2000, founded=date(2014, 1, 1))
    project = ProjectFactory()
    project.spaces.add(lab)
    FundingRoundFactory(project=project, amount=Decimal("6000000"), announced_on=date(2013, 9, 1))

    response = client.get("/en/stats/")

    assert response.status_code == 200
    cities = {city.name: city for city in response.context["cities"]}
    assert cities["Beijing"].floor_area == 6000
    assert cities["Beijing"].funding_cny == Decimal("6000000")
    years = {row.year: row for row in response.context["years"]}
    assert (years[2013].space_count, years[2013].floor_area) == (1, 6000)
    assert years[2013].funding_cny == Decimal("6000000")
    assert (years[2014].space_count, years[2014].funding_cny) == (1, 0)
    [area, spaces, funding] = response.context["city_charts"]
    assert [bar["percent"] for bar in area[2]] == [100.0, 33.33]
    html = response.content.decode()
    assert html.count("<caption>") == 3
    assert html.count('<svg class="chart__svg"') == 9
    assert 'width="33.33%"' in html


def test_stats_charts_survive_an_empty_database(client):
    response = client.get("/en/stats/")

    assert response.status_code == 200
    assert "No figures yet." in response.content.decode()


def test_chinese_stats_write_chinese_numbers(client):
    SpaceFactory(floor_area=130000, city=CityFactory(name_zh="上海"))

    html = client.get("/zh-hans/stats/").content.decode()

    assert "13万平方米" in html
    assert "上海" in html


@pytest.mark.parametrize("rows", [2, 12])
def test_stats_query_count_does_not_grow_with_rows(
    client, django_assert_max_num_queries, rows, fresh_totals
):
    for year in range(rows):
        space = SpaceFactory(founded=date(2000 + year, 1, 1))
        space.networks.add(NetworkFactory())
        FundingRoundFactory(announced_on=date(2000 + year, 6, 1)).project.spaces.add(space)

    fresh_totals()
    # are the totals and the funding current; cities, networks (each with totals and
    # funding), spaces per year, rounds per year, space totals, funding totals
    with django_assert_max_num_queries(8):
        assert client.get("/en/stats/").status_code == 200


def test_charts_show_the_15_largest_cities_and_the_table_all_of_them(client):
    for number in range(17):
        SpaceFactory(floor_area=1000 + number, founded=date(2000 + number, 1, 1))

    response = client.get("/en/stats/")

    [(_, _, area_bars), *_] = response.context["city_charts"]
    assert [bar["value"] for bar in area_bars] == list(range(1016, 1001, -1))
    assert len(response.context["cities"]) == 17
    assert len(response.context["year_charts"][0][2]) == 17
    html = response.content.decode()
    assert (
        html.count("The charts show the 15 with the most floor area; the table lists all 17.") == 1
    )
    chinese = client.get("/zh-hans/stats/").content.decode()
    assert "图表显示建筑面积最大的 15 个；表格列出全部 17 个。" in chinese
