import json
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from drf_orjson_renderer.renderers import ORJSONRenderer
from rest_framework.request import Request

from spaces.models import City, Network, Space
from spaces.serializers import SpaceSerializer
from tests.api.builders import full_space
from tests.api.conftest import auth
from tests.factories import (
    CityFactory,
    EquipmentFactory,
    MembershipPlanFactory,
    NetworkFactory,
    OpeningHoursFactory,
    ServiceFactory,
    SpaceFactory,
    SpacePhotoFactory,
)

pytestmark = pytest.mark.django_db
URL = "/api/v1/spaces/"


def slugs(client, **params) -> list[str]:
    response = client.get(URL, params)
    assert response.status_code == 200, response.json()
    return [space["slug"] for space in response.json()["results"]]


def test_it_lists_only_published_spaces(client):
    SpaceFactory(slug="open")
    for status in (Space.Status.DRAFT, Space.Status.PENDING, Space.Status.CLOSED):
        SpaceFactory(slug=status, status=status)

    response = client.get(URL)

    assert response.json()["count"] == 1
    assert slugs(client) == ["open"]


def test_a_space_shows_both_languages_and_summaries_of_what_it_links_to(client):
    space = full_space(name_en="Lab", name_zh="实验室", slug="lab")
    city, network = space.city, space.networks.get()

    data = client.get(f"{URL}lab/").json()

    assert (data["name_en"], data["name_zh"]) == ("Lab", "实验室")
    assert data["url"] == "http://testserver/api/v1/spaces/lab/"
    assert data["city"] == {
        "id": city.pk,
        "slug": city.slug,
        "name_en": city.name_en,
        "name_zh": "",
        "url": f"http://testserver/api/v1/cities/{city.slug}/",
    }
    assert data["networks"][0]["url"] == f"http://testserver/api/v1/networks/{network.slug}/"
    assert data["services"][0]["slug"] == space.services.get().slug
    assert data["equipment"][0]["slug"] == space.equipment.get().slug
    assert data["plans"] == [
        {
            "name_en": "Hot desk",
            "name_zh": "",
            "period": "month",
            "price": "1200.00",
            "currency": "CNY",
            "includes_en": "",
            "includes_zh": "",
        }
    ]
    assert data["opening_hours"] == [{"weekday": 0, "opens": "09:00", "closes": "18:00"}]
    assert data["timezone"] == "Asia/Shanghai"
    assert (data["latitude"], data["longitude"]) == (39.9, 116.4)
    assert data["links"][0]["kind"] == "weibo"
    assert data["distance_km"] is None


def test_photos_come_as_absolute_urls_with_their_thumbnail(client):
    photo = full_space(slug="lab").photos.get()
    assert photo.thumbnail, "the photo should have a thumbnail rendition"

    [shown] = client.get(f"{URL}lab/").json()["photos"]

    assert shown["url"] == f"http://testserver{photo.image.url}"
    assert shown["thumbnail_url"] == f"http://testserver{photo.thumbnail.url}"
    assert shown["thumbnail_url"] != shown["url"]
    assert (shown["width"], shown["height"]) == (64, 48)


def test_a_photo_without_thumbnail_offers_the_original(client):
    photo = full_space(slug="lab").photos.get()
    type(photo).objects.filter(pk=photo.pk).update(thumbnail="")

    [shown] = client.get(f"{URL}lab/").json()["photos"]

    assert shown["thumbnail_url"] == shown["url"]


def test_open_now_follows_the_opening_hours_in_the_city_time_zone(client, frozen_now):
    # Monday 10:00 in Shanghai is 02:00 UTC.
    SpaceFactory(slug="open")
    OpeningHoursFactory(space=Space.objects.get(slug="open"), weekday=0)
    SpaceFactory(slug="shut")
    OpeningHoursFactory(space=Space.objects.get(slug="shut"), weekday=1)
    monday_ten = datetime(2024, 1, 1, 2, tzinfo=UTC)

    frozen_now(monday_ten)
    data = {s["slug"]: s["open_now"] for s in client.get(URL).json()["results"]}
    only_open = slugs(client, open_now="true")

    assert data == {"open": True, "shut": False}
    assert only_open == ["open"]


def test_contact_details_need_a_key_with_the_contact_scope(client, partner_key, contact_key):
    SpaceFactory(slug="lab", email="hi@lab.example", phone="+86 10 1234 5678")

    anonymous = client.get(f"{URL}lab/").json()
    partner = client.get(f"{URL}lab/", headers=auth(partner_key)).json()
    trusted = client.get(f"{URL}lab/", headers=auth(contact_key)).json()

    assert anonymous["contact"] is None
    assert partner["contact"] is None
    assert trusted["contact"] == {"email": "hi@lab.example", "phone": "+86 10 1234 5678"}
    assert "hi@lab.example" not in str(client.get(URL).content)


def test_an_unpublished_space_is_a_json_404(client):
    SpaceFactory(slug="draft", status=Space.Status.DRAFT)

    response = client.get(f"{URL}draft/")

    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "not_found"


# Filters


def test_it_filters_by_city_kind_network_services_and_equipment(client):
    beijing, network = CityFactory(slug="beijing"), NetworkFactory(slug="bjm")
    member_network = NetworkFactory(slug="member", parent=network)
    laser, funding = EquipmentFactory(slug="laser"), ServiceFactory(slug="funding")
    lab = SpaceFactory(slug="lab", city=beijing, kind="fablab")
    lab.networks.add(member_network)
    lab.equipment.add(laser)
    lab.services.add(funding)
    SpaceFactory(slug="desk", kind="coworking")

    assert slugs(client, city="beijing") == ["lab"]
    assert slugs(client, kind="fablab") == ["lab"]
    assert slugs(client, network="bjm") == ["lab"]
    assert slugs(client, equipment="laser") == ["lab"]
    assert slugs(client, services="funding") == ["lab"]
    assert sorted(slugs(client, kind=["fablab", "coworking"])) == ["desk", "lab"]


def test_it_filters_by_price_range_and_period(client):
    MembershipPlanFactory(space=SpaceFactory(slug="cheap"), price=Decimal(800))
    MembershipPlanFactory(space=SpaceFactory(slug="dear"), price=Decimal(5000))
    MembershipPlanFactory(space=SpaceFactory(slug="daily"), price=Decimal(900), period="day")

    assert sorted(slugs(client, price_max=1000)) == ["cheap", "daily"]
    assert slugs(client, price_max=1000, period="month") == ["cheap"]
    assert slugs(client, price_min=1000) == ["dear"]


def test_it_filters_by_bounding_box_even_across_the_antimeridian(client):
    SpaceFactory(slug="beijing", latitude=39.9, longitude=116.4)
    SpaceFactory(slug="shanghai", latitude=31.2, longitude=121.5)
    SpaceFactory(slug="fiji", latitude=-17.7, longitude=178.0)
    SpaceFactory(slug="nowhere")

    assert slugs(client, bbox="116,39,117,40") == ["beijing"]
    assert slugs(client, bbox="177,-20,-179,-10") == ["fiji"]


def test_near_with_a_radius_gives_distances_nearest_first(client):
    SpaceFactory(slug="tiananmen", latitude=39.9087, longitude=116.3975)
    SpaceFactory(slug="wangjing", latitude=39.9964, longitude=116.47)
    SpaceFactory(slug="shanghai", latitude=31.2304, longitude=121.4737)

    results = client.get(URL, {"near": "39.9075,116.3972", "radius_km": 50}).json()["results"]

    assert [s["slug"] for s in results] == ["tiananmen", "wangjing"]
    assert results[0]["distance_km"] == pytest.approx(0.14, abs=0.02)
    assert results[1]["distance_km"] == pytest.approx(11.6, abs=0.5)


def test_the_smallest_radius_the_schema_allows_is_accepted(client):
    SpaceFactory(slug="tiananmen", latitude=39.9087, longitude=116.3975)
    SpaceFactory(slug="qianmen", latitude=39.9, longitude=116.3975)

    response = client.get(URL, {"near": "39.9087,116.3975", "radius_km": "0.1"})

    assert response.status_code == 200, response.content
    assert [s["slug"] for s in response.json()["results"]] == ["tiananmen"]
    assert client.get(URL, {"near": "39.9,116.4", "radius_km": "0.09"}).status_code == 400


def test_ordering_by_distance_leaves_out_spaces_without_coordinates(client):
    SpaceFactory(slug="far", latitude=31.2, longitude=121.5)
    SpaceFactory(slug="near", latitude=39.9, longitude=116.4)
    SpaceFactory(slug="unplaced")

    assert slugs(client, near="39.9,116.4") == ["near", "far"]
    assert len(slugs(client, near="39.9,116.4", ordering="updated_at")) == 3


def test_search_finds_chinese_and_english_best_match_first(client):
    SpaceFactory(slug="bjm", name_en="Beijing Makerspace", name_zh="北京创客空间")
    SpaceFactory(slug="desk", name_en="Desk Club", description_en="Not a makerspace at all")
    SpaceFactory(slug="other", name_en="Other")

    assert slugs(client, q="创客") == ["bjm"]
    assert slugs(client, q="makerspace") == ["bjm", "desk"]
    assert slugs(client, q="makersapce") == ["bjm"]  # a typo, as on the site


@pytest.mark.parametrize("ordering", [None, "relevance"])
def test_a_search_with_no_word_in_it_finds_nothing(client, ordering):
    SpaceFactory(name_en="Lab")
    params = {"ordering": ordering} if ordering else {}

    assert slugs(client, q="!!", **params) == []
    assert slugs(client, q="\x81", **params) == []  # not a space to strip, not a word


def test_updated_since_lists_spaces_changed_at_or_after_the_time(client):
    old, new = SpaceFactory(slug="old"), SpaceFactory(slug="new")
    City.objects.update(updated_at=datetime(2019, 1, 1, tzinfo=UTC))
    Space.objects.filter(pk=old.pk).update(updated_at=datetime(2020, 1, 1, tzinfo=UTC))
    Space.objects.filter(pk=new.pk).update(updated_at=datetime(2024, 1, 1, tzinfo=UTC))

    assert slugs(client, updated_since="2023-01-01T00:00:00Z") == ["new"]
    assert slugs(client, updated_since="2020-01-01T08:00:00+08:00") == ["old", "new"]


def test_updated_since_takes_any_utc_offset_iso_8601_allows(client):
    # PostgreSQL itself refuses offsets past ±15:59.
    SpaceFactory(slug="lab")

    assert slugs(client, updated_since="2000-01-01T06:52:33-23:05") == ["lab"]


def test_a_change_to_an_embedded_city_or_network_counts_as_a_change(client):
    space = SpaceFactory(slug="lab")
    space.networks.add(network := NetworkFactory())
    for model in (City, Network, Space):
        model.objects.update(updated_at=datetime(2020, 1, 1, tzinfo=UTC))
    since = (timezone.now() - timedelta(minutes=1)).isoformat()
    assert slugs(client, updated_since=since) == []

    network.name_zh = "新名字"
    network.save()

    data = client.get(URL, {"updated_since": since}).json()["results"]
    assert [s["slug"] for s in data] == ["lab"]
    assert data[0]["updated_at"] == network.updated_at.astimezone().isoformat()


def test_the_default_order_is_oldest_change_first_then_id(client):
    first, second, third = (SpaceFactory(slug=s) for s in ("a", "b", "c"))
    first.save()  # now the most recent change

    assert slugs(client) == ["b", "c", "a"]
    assert slugs(client, ordering="-updated_at") == ["a", "c", "b"]
    assert slugs(client, ordering="name") == ["a", "b", "c"]


def test_verified_filters_by_the_editors_check(client):
    SpaceFactory(slug="checked", verified=True)
    SpaceFactory(slug="unchecked")

    assert slugs(client, verified="true") == ["checked"]
    assert slugs(client, verified="false") == ["unchecked"]


@pytest.mark.parametrize(
    ("params", "field", "code"),
    [
        ({"city": "atlantis"}, "city", "invalid_choice"),
        ({"kind": "castle"}, "kind", "invalid_choice"),
        ({"near": "north"}, "near", "invalid"),
        ({"near": "95,0"}, "near", "out_of_range"),
        # Numbers float() and Decimal() read, but not the plain decimals the schema gives.
        ({"near": "1e1,116"}, "near", "invalid"),
        ({"near": "٣٩,116"}, "near", "invalid"),
        ({"bbox": "116, 39,117,40"}, "bbox", "invalid"),
        ({"price_min": "1e3"}, "price_min", "invalid"),
        ({"near": "39.9,116.4", "radius_km": " 5"}, "radius_km", "invalid"),
        ({"radius_km": "5"}, "radius_km", "invalid"),
        ({"bbox": "1,2,3"}, "bbox", "invalid"),
        ({"bbox": "0,10,1,5"}, "bbox", "out_of_range"),
        ({"bbox": "nan,0,1,1"}, "bbox", "out_of_range"),
        ({"price_min": "-1"}, "price_min", "min_value"),
        ({"price_min": "9", "price_max": "1"}, "price_max", "invalid"),
        ({"updated_since": "yesterday"}, "updated_since", "invalid"),
        ({"updated_since": "0001-01-01T00:00:00+05:00"}, "updated_since", "overflow"),
        ({"ordering": "relevance"}, "ordering", "invalid"),
        ({"ordering": "distance"}, "ordering", "invalid"),
        ({"ordering": "price"}, "ordering", "invalid_choice"),
        ({"open_now": "maybe"}, "open_now", "invalid"),
        ({"q": "a\x00b"}, "q", "null_characters_not_allowed"),
    ],
)
def test_a_bad_filter_is_a_400_naming_the_field(client, params, field, code):
    response = client.get(URL, params)

    assert response.status_code == 400
    assert {"field": field, "code": code} in [
        {"field": e["field"], "code": e["code"]} for e in response.json()["errors"]
    ]


def test_the_site_sort_parameter_is_not_part_of_the_api(client):
    SpaceFactory(slug="b", name_en="B")
    SpaceFactory(slug="a", name_en="A")

    assert slugs(client, sort="name") == ["b", "a"]  # ignored: still by change time


def test_the_list_answers_in_the_same_queries_for_2_and_for_many_spaces(client, count_queries):
    # 1. the page of spaces, each with its city and, as JSON, its networks, services,
    #    equipment, plans, opening hours, photos and links (spaces.serializers.SpaceRows)
    # 2. count of the filtered list and the newest change to the table (ETag, Last-Modified)
    for _ in range(2):
        full_space()
    with_two = count_queries(URL)
    for _ in range(12):
        full_space()
    with_many = count_queries(URL)

    assert with_two == with_many == 2


def test_the_detail_answers_in_a_fixed_number_of_queries(client, count_queries):
    # 1. the space with its city and, as JSON, its networks, services, equipment, plans,
    # hours, photos and links (spaces.serializers.SpaceRows, as on the list)
    space = full_space()

    assert count_queries(f"{URL}{space.slug}/") == 1


def test_opening_hours_may_run_past_midnight(client, frozen_now):
    space = SpaceFactory(slug="night")
    OpeningHoursFactory(space=space, weekday=4, opens=time(20), closes=time(2))
    saturday_one_am = datetime(2024, 1, 5, 17, tzinfo=UTC)  # Sat 01:00 in Shanghai

    frozen_now(saturday_one_am)
    assert client.get(f"{URL}night/").json()["open_now"] is True


def test_the_list_and_the_detail_show_each_space_exactly_as_its_serializer_does(
    client, contact_key, rf
):
    rich = full_space(slug="rich", name_zh="北京创客空间", founded="2013-05-04", desks=40)
    rich.networks.add(NetworkFactory(name_en="Another"))
    MembershipPlanFactory(space=rich, price=Decimal("99999999.99"), period="year")
    OpeningHoursFactory(space=rich, weekday=4, opens=time(20), closes=time(2))
    SpacePhotoFactory(space=rich, caption_zh="工作台")
    SpaceFactory(slug="bare", latitude=None, longitude=None, floor_area=None)

    for headers in ({}, auth(contact_key)):
        listed = client.get(URL, headers=headers).json()["results"]
        details = [client.get(f"{URL}{item['slug']}/", headers=headers).json() for item in listed]
        request = Request(rf.get(URL, headers=headers))
        request.auth = contact_key if headers else None
        spaces = [Space.objects.get(pk=item["id"]) for item in listed]
        serialized = SpaceSerializer(spaces, many=True, context={"request": request}).data
        assert listed == details == json.loads(ORJSONRenderer().render(serialized))
    assert {item["slug"] for item in listed} == {"rich", "bare"}
    assert listed[0]["contact"] is not None or listed[1]["contact"] is not None


def test_the_list_near_a_point_gives_each_distance(client):
    full_space(slug="here")

    [item] = client.get(URL, {"near": "39.9,116.41"}).json()["results"]

    assert item["distance_km"] == pytest.approx(0.853, abs=0.01)
