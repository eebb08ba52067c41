"""Editors manage places in Django admin: lists and change pages cost fixed queries (that
every page opens is tests/test_admin_pages.py, over CHANGELISTS)."""

import itertools
from datetime import time

import pytest
from django.urls import reverse

from spaces.models import City, Equipment, Network, OpeningHours, Service, Space, Tombstone
from tests.factories import (
    CityFactory,
    EquipmentFactory,
    MembershipFactory,
    MembershipPlanFactory,
    NetworkFactory,
    OpeningHoursFactory,
    ServiceFactory,
    SpaceFactory,
    SpaceLinkFactory,
    SpacePhotoFactory,
    TombstoneFactory,
)
from tests.helpers import admin_url


def a_city() -> City:
    city = CityFactory()
    SpaceFactory(city=city, floor_area=300, resident_makers=12)
    return city


def a_network() -> Network:
    network = NetworkFactory(parent=NetworkFactory())
    SpaceFactory().networks.add(network)
    return network


def a_service() -> Service:
    service = ServiceFactory()
    SpaceFactory().services.add(service)
    return service


def an_equipment() -> Equipment:
    equipment = EquipmentFactory()
    SpaceFactory().equipment.add(equipment)
    return equipment


def a_space() -> Space:
    space = SpaceFactory(floor_area=500)
    space.networks.add(NetworkFactory(), NetworkFactory())
    space.services.add(ServiceFactory())
    space.equipment.add(EquipmentFactory())
    OpeningHoursFactory(space=space)
    MembershipPlanFactory(space=space)
    return space


def a_tombstone() -> Tombstone:
    return TombstoneFactory()


# (model, row builder, changelist query budget)
CHANGELISTS = [
    # session, user, country filter choices, 2 counts, rows with their totals
    pytest.param(City, a_city, 7, id="city"),  # with totals: one query checks they are current
    # session, user, 2 counts, rows with their parent and totals
    pytest.param(Network, a_network, 6, id="network"),  # likewise
    # session, user, 2 counts, rows with their space counts
    pytest.param(Service, a_service, 5, id="service"),
    pytest.param(Equipment, an_equipment, 5, id="equipment"),
    # session, user, 4 filter choices (city, networks, services, equipment), 2 counts,
    # rows with their city, their networks, 2 for the date drill-down
    pytest.param(Space, a_space, 12, id="space"),
    # session, user, model filter choices, 2 counts, rows, 2 for the date drill-down
    pytest.param(Tombstone, a_tombstone, 8, id="tombstone"),
]


@pytest.mark.parametrize(("model", "make_row", "budget"), CHANGELISTS)
def test_changelist_queries_do_not_grow_with_rows(
    admin_client, django_assert_max_num_queries, model, make_row, budget, fresh_totals
):
    for _ in range(2):
        make_row()
    fresh_totals()
    with django_assert_max_num_queries(budget):
        assert admin_client.get(admin_url(model, "changelist")).status_code == 200

    for _ in range(4):
        make_row()
    fresh_totals()
    with django_assert_max_num_queries(budget):
        assert admin_client.get(admin_url(model, "changelist")).status_code == 200


def test_space_change_page_queries_do_not_grow_with_inline_rows(
    admin_client, django_assert_max_num_queries
):
    space = a_space()
    hours = itertools.count(1)

    def add_inline_rows(count: int) -> None:
        for _ in range(count):
            OpeningHoursFactory(space=space, weekday=1, opens=time(next(hours)))
            MembershipPlanFactory(space=space)
            SpacePhotoFactory(space=space)
            SpaceLinkFactory(space=space)
            MembershipFactory(space=space)

    # session, user, the space with its networks, its services and equipment for the form,
    # 5 inlines (hours, plans, photos, links, memberships with their makers), content type
    # (cached after the first page), the chosen city, networks, services and equipment
    admin_client.get(admin_url(Space, "change", space.pk))  # the first page, whatever ran before
    add_inline_rows(2)
    with django_assert_max_num_queries(16):
        assert admin_client.get(admin_url(Space, "change", space.pk)).status_code == 200

    add_inline_rows(4)
    with django_assert_max_num_queries(16):
        assert admin_client.get(admin_url(Space, "change", space.pk)).status_code == 200


def test_space_search_finds_chinese_names(admin_client):
    SpaceFactory(name_en="Beijing Makerspace", name_zh="北京创客空间")
    SpaceFactory(name_en="Shanghai Co-working", name_zh="上海联合办公")

    response = admin_client.get(admin_url(Space, "changelist"), {"q": "创客"})

    assert [space.name_zh for space in response.context["cl"].result_list] == ["北京创客空间"]


def test_saving_the_add_form_creates_a_space_with_opening_hours(admin_client):
    city = CityFactory()
    # Every inline on the page needs its management form, even when it stays empty.
    empty_inlines = {
        f"{prefix}-{key}": value
        for prefix in ["plans", "photos", "links", "memberships"]
        for key, value in [("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0")]
    }

    response = admin_client.post(
        admin_url(Space, "add"),
        {
            "name_en": "Beijing Makerspace",
            "name_zh": "北京创客空间",
            "slug": "beijing-makerspace",
            "kind": Space.Kind.MAKERSPACE,
            "status": Space.Status.DRAFT,
            "city": city.pk,
            "resident_makers": "0",
            "opening_hours-TOTAL_FORMS": "1",
            "opening_hours-INITIAL_FORMS": "0",
            "opening_hours-0-weekday": "0",
            "opening_hours-0-opens": "09:00",
            "opening_hours-0-closes": "18:00",
            **empty_inlines,
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    space = Space.objects.get(slug="beijing-makerspace")
    assert space.city == city
    hours = OpeningHours.objects.get(space=space)
    assert (hours.weekday, hours.opens, hours.closes) == (0, time(9), time(18))


def test_nobody_adds_tombstones_by_hand(admin_client):
    TombstoneFactory()

    assert admin_client.get(admin_url(Tombstone, "add")).status_code == 403
    assert admin_client.get(admin_url(Tombstone, "changelist")).status_code == 200


def test_admin_site_is_named_maker2(admin_client):
    response = admin_client.get(reverse("admin:index"))

    assert "Maker2 administration" in response.content.decode()


@pytest.mark.parametrize(
    ("new_day", "new_opens", "new_closes"),
    [("0", "17:00", "20:00"), ("6", "23:00", "10:00")],  # the same day; Sunday into Monday
)
def test_admin_refuses_hours_that_overlap_a_saved_period(
    admin_client, admin_form_data, new_day, new_opens, new_closes
):
    space = SpaceFactory()
    OpeningHoursFactory(space=space, weekday=0, opens="09:00", closes="18:00")
    url = reverse("admin:spaces_space_change", args=[space.pk])
    data = admin_form_data(admin_client.get(url))
    total = int(data["opening_hours-TOTAL_FORMS"])
    data["opening_hours-TOTAL_FORMS"] = str(total + 1)
    data |= {
        f"opening_hours-{total}-weekday": new_day,
        f"opening_hours-{total}-opens": new_opens,
        f"opening_hours-{total}-closes": new_closes,
    }

    response = admin_client.post(url, data)

    assert response.status_code == 200  # the form again, with the error
    assert "Overlaps another period: Monday 09:00–18:00." in response.content.decode()
    assert space.opening_hours.count() == 1
