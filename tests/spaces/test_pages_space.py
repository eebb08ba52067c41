import re
from datetime import UTC, date, datetime, time
from decimal import Decimal

import pytest

from members.models import Maker, Membership
from spaces.models import Space
from tests.factories import (
    CityFactory,
    EquipmentFactory,
    FundingRoundFactory,
    MembershipFactory,
    MembershipPlanFactory,
    NetworkFactory,
    OpeningHoursFactory,
    ProjectFactory,
    ServiceFactory,
    SpaceFactory,
    SpaceLinkFactory,
    SpacePhotoFactory,
    UserFactory,
)
from tests.helpers import json_ld

pytestmark = pytest.mark.django_db


def test_space_page_shows_what_a_visitor_needs(client):
    space = SpaceFactory(
        slug="lab",
        name_en="Fab Lab",
        name_zh="微观装配实验室",
        address_en="1 Example Road",
        floor_area=6000,
        desks=240,
        resident_makers=140,
        email="lab@example.com",
        phone="+86 10 1234 5678",
        website="https://lab.example.com/",
    )
    space.services.add(ServiceFactory(name_en="Mentoring"))
    space.equipment.add(EquipmentFactory(name_en="Laser cutter"))
    space.networks.add(NetworkFactory(name_en="Beijing Makerspace"))
    MembershipPlanFactory(space=space, name_en="Hot desk", price=Decimal("1200"))
    SpaceLinkFactory(space=space, url="https://weibo.com/lab")
    SpacePhotoFactory(space=space, caption_en="Main floor")

    response = client.get("/en/spaces/lab/")

    assert response.status_code == 200
    html = response.content.decode()
    for text in [
        "Fab Lab",
        "微观装配实验室",
        "1 Example Road",
        "6,000 m²",
        "240",
        "Mentoring",
        "Laser cutter",
        "Beijing Makerspace",
        "Hot desk",
        "¥1,200",
        "per month",
        "https://weibo.com/lab",
        "mailto:lab@example.com",
        "Main floor",
    ]:
        assert text in html, text
    assert 'width="64" height="48"' in html  # the photo's own size, so nothing jumps


def test_photos_after_the_first_load_lazily(client):
    space = SpaceFactory(slug="lab")
    SpacePhotoFactory(space=space)
    SpacePhotoFactory(space=space)

    html = client.get("/en/spaces/lab/").content.decode()

    assert html.count('fetchpriority="high"') == 1
    assert html.count('loading="lazy"') >= 1


def test_opening_hours_and_open_now_badge(client, frozen_now):
    space = SpaceFactory(slug="lab")
    OpeningHoursFactory(space=space, weekday=0, opens=time(9), closes=time(18))
    OpeningHoursFactory(space=space, weekday=4, opens=time(18), closes=time(2))
    monday_ten = datetime(2026, 11, 2, 2, tzinfo=UTC)  # 10:00 in Shanghai

    frozen_now(monday_ten)
    response = client.get("/en/spaces/lab/")

    html = response.content.decode()
    assert response.context["open_now"] is True
    assert "Open now" in html
    assert "09:00–18:00" in html
    assert "18:00–02:00" in html and "(next day)" in html
    week = response.context["week"]
    assert [day["today"] for day in week] == [True] + [False] * 6
    assert html.count(">Closed<") == 5


def test_space_page_lists_visible_makers_only(client):
    space = SpaceFactory(slug="lab")
    MembershipFactory(space=space, maker__display_name="Public Pat")
    MembershipFactory(
        space=space, maker__display_name="Member Mo", maker__visibility=Maker.Visibility.MEMBERS
    )
    MembershipFactory(
        space=space, maker__display_name="Hidden Hu", maker__visibility=Maker.Visibility.HIDDEN
    )
    MembershipFactory(space=space, maker__display_name="Former Fu", ended_on=date(2020, 1, 1))

    anonymous = client.get("/en/spaces/lab/").content.decode()
    client.force_login(UserFactory())
    signed_in = client.get("/en/spaces/lab/").content.decode()

    assert "Public Pat" in anonymous and "Member Mo" not in anonymous
    assert "Public Pat" in signed_in and "Member Mo" in signed_in
    assert "Hidden Hu" not in anonymous + signed_in
    assert "Former Fu" not in anonymous + signed_in


def test_space_page_groups_makers_by_role(client):
    space = SpaceFactory(slug="lab")
    MembershipFactory(space=space, maker__display_name="Ann", role=Membership.Role.MEMBER)
    MembershipFactory(space=space, maker__display_name="Bo", role=Membership.Role.FOUNDER)

    response = client.get("/en/spaces/lab/")

    assert [str(label) for label, _ in response.context["roles"]] == ["Founder", "Member"]


def test_space_page_lists_incubated_projects_with_their_funding(client):
    space = SpaceFactory(slug="lab")
    project = ProjectFactory(name_en="Orbit Robotics")
    project.spaces.add(space)
    FundingRoundFactory(project=project, amount=Decimal("6000000"))
    FundingRoundFactory(project=project, amount=Decimal("40000000"))

    response = client.get("/en/spaces/lab/")

    html = response.content.decode()
    assert "Orbit Robotics" in html
    assert "¥46.0 million in 2 rounds" in html
    assert response.context["space"].funding_cny == Decimal("46000000")


@pytest.mark.parametrize("status", [Space.Status.DRAFT, Space.Status.PENDING, Space.Status.CLOSED])
def test_unpublished_space_is_not_found(client, status):
    SpaceFactory(slug="lab", status=status)

    assert client.get("/en/spaces/lab/").status_code == 404


def test_unknown_space_is_not_found(client):
    response = client.get("/en/spaces/nowhere/")

    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()


def test_space_json_ld_is_a_local_business_with_geo_and_hours(client):
    space = SpaceFactory(
        slug="lab",
        name_en="Lab",
        latitude=Decimal("39.9"),
        longitude=Decimal("116.4"),
        city=CityFactory(name_en="Beijing"),
    )
    OpeningHoursFactory(space=space, weekday=0, opens=time(9), closes=time(18))
    OpeningHoursFactory(space=space, weekday=6, opens=time(0), closes=time(0))

    [data] = json_ld(client.get("/en/spaces/lab/"))

    assert data["@type"] == "LocalBusiness"
    assert data["name"] == "Lab"
    assert data["url"] == "http://testserver/en/spaces/lab/"
    assert data["geo"] == {"@type": "GeoCoordinates", "latitude": 39.9, "longitude": 116.4}
    assert data["address"]["addressLocality"] == "Beijing"
    assert data["openingHoursSpecification"][0] == {
        "@type": "OpeningHoursSpecification",
        "dayOfWeek": "https://schema.org/Monday",
        "opens": "09:00",
        "closes": "18:00",
    }
    assert data["openingHoursSpecification"][1]["closes"] == "23:59"


def test_json_ld_cannot_be_broken_out_of_by_a_name(client):
    SpaceFactory(slug="lab", name_en="</script><script>alert(1)</script>")

    response = client.get("/en/spaces/lab/")

    html = response.content.decode()
    assert "<script>alert(1)" not in html
    [data] = json_ld(response)
    assert data["name"] == "</script><script>alert(1)</script>"


def test_space_page_has_a_single_pin_map(client):
    SpaceFactory(slug="lab", latitude=Decimal("39.9"), longitude=Decimal("116.4"))

    response = client.get("/en/spaces/lab/")

    html = response.content.decode()
    assert response.context["map_single"].slug == "lab"
    assert 'data-single-point="39.900000,116.400000"' in html
    assert "data-geojson-url" not in html  # one pin, nothing fetched


@pytest.mark.parametrize("rows", [2, 10])
def test_space_page_query_count_does_not_grow_with_rows(
    client, django_assert_max_num_queries, rows
):
    space = SpaceFactory(slug="lab")
    for number in range(rows):
        SpacePhotoFactory(space=space)
        OpeningHoursFactory(space=space, weekday=number % 7, opens=time(number % 12))
        MembershipPlanFactory(space=space)
        SpaceLinkFactory(space=space)
        space.services.add(ServiceFactory())
        space.equipment.add(EquipmentFactory())
        space.networks.add(NetworkFactory())
        MembershipFactory(space=space)
        project = ProjectFactory()
        project.spaces.add(space)
        FundingRoundFactory(project=project)

    # the space with its city and funding; photos, opening hours, plans, links, services,
    # equipment, networks, memberships with makers, projects with their money
    with django_assert_max_num_queries(10):
        response = client.get("/en/spaces/lab/")

    assert response.status_code == 200


# The summary a phone shows first, and the gallery


def summary(html: str) -> str:
    return re.search(r'<aside class="space-summary".*?</aside>', html, re.S)[0]


def test_the_summary_starts_from_the_cheapest_plan_with_its_period(client):
    space = SpaceFactory(slug="lab", address_en="1 Example Road", phone="+86 10 1234 5678")
    MembershipPlanFactory(space=space, price=Decimal("1200"), period="month", position=0)
    MembershipPlanFactory(space=space, price=Decimal("80"), period="day", position=1)

    html = summary(client.get("/en/spaces/lab/").content.decode())

    assert re.search(r"<dt>Price from</dt>\s*<dd><strong>¥80</strong> per day</dd>", html)
    assert '<a href="#location">1 Example Road</a>' in html
    assert 'href="tel:+861012345678"' in html
    assert 'href="#visit">Book a tour</a>' in html
    assert "mailto:" not in html.replace("mailto:?subject", "")  # no e-mail was given


def test_the_summary_leaves_out_what_is_not_known(client):
    SpaceFactory(slug="lab")

    html = summary(client.get("/en/spaces/lab/").content.decode())

    assert "Price from" not in html and "Address" not in html and "tel:" not in html
    assert "Book a tour" in html  # the tour form is always there


def test_the_cheapest_plan_is_none_without_plans():
    space = SpaceFactory()
    MembershipPlanFactory(space=space, price=Decimal("5"), period="hour")
    MembershipPlanFactory(space=space, price=Decimal("500"), period="week")

    assert space.cheapest_plan().price == Decimal("5")
    assert SpaceFactory().cheapest_plan() is None


def test_a_caption_is_the_photos_text_and_not_repeated_in_its_alt(client):
    space = SpaceFactory(slug="lab", name_en="Fab Lab")
    SpacePhotoFactory(space=space, caption_en="Main floor", position=0)
    SpacePhotoFactory(space=space, position=1)

    html = client.get("/en/spaces/lab/").content.decode()

    assert 'alt="Main floor"' not in html
    assert '<figcaption id="photo-1-caption">Main floor</figcaption>' in html
    assert 'aria-describedby="photo-1-caption"' in html
    assert 'alt="Fab Lab, photo 2"' in html
    assert 'aria-label="Enlarge photo 2 of 2"' in html
    assert "js/gallery.js" in html


def test_the_gallery_script_is_only_sent_with_photos(client):
    SpaceFactory(slug="lab")

    html = client.get("/en/spaces/lab/").content.decode()

    assert "js/gallery.js" not in html and "<dialog" not in html
