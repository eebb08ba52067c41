"""Admin shows every time with its zone (editors sit in more than one), and a space's local
time where it matters; a history entry saved without a reason shows no "None"."""

import re
from datetime import UTC, datetime

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType

from members.models import ApiKey
from spaces.models import Service, Space, TourRequest
from spaces.templatetags.admin_times import with_zone
from tests.factories import (
    ApiKeyFactory,
    CityFactory,
    ServiceFactory,
    SpaceFactory,
    TourRequestFactory,
)
from tests.helpers import admin_url

pytestmark = pytest.mark.django_db
# 1 December 2026, 10:15 UTC: 18:15 in Shanghai (the site's zone), 10:15 in London.
MOMENT = datetime(2026, 12, 1, 10, 15, tzinfo=UTC)


# The format


@pytest.mark.parametrize(
    ("zone", "shown"),
    [
        (None, "Dec. 1, 2026, 6:15 p.m. CST (UTC+8)"),  # the current zone, Asia/Shanghai
        ("Europe/London", "Dec. 1, 2026, 10:15 a.m. GMT (UTC)"),
        ("Asia/Kolkata", "Dec. 1, 2026, 3:45 p.m. IST (UTC+5:30)"),
        ("Asia/Dubai", "Dec. 1, 2026, 2:15 p.m. UTC+4"),  # no letters for itself: "+04"
        ("America/Sao_Paulo", "Dec. 1, 2026, 7:15 a.m. UTC−3"),
    ],
)
def test_a_time_is_shown_with_its_zone(zone, shown):
    assert with_zone(MOMENT, zone) == shown


def test_summer_time_says_so():
    assert with_zone(datetime(2026, 7, 1, 10, tzinfo=UTC), "Europe/London").endswith("BST (UTC+1)")


def test_no_time_is_shown_as_nothing():
    assert with_zone(None) == ""


# List columns and read-only fields


def test_the_space_list_shows_when_each_changed_with_the_zone(admin_client):
    space = SpaceFactory(name_en="Lab")
    Space.objects.filter(pk=space.pk).update(updated_at=MOMENT)

    response = admin_client.get(admin_url(Space, "changelist"))

    assert "Dec. 1, 2026, 6:15 p.m. CST (UTC+8)" in response.content.decode()


def test_the_time_columns_still_sort(admin_client):
    old, new = SpaceFactory(name_en="Old"), SpaceFactory(name_en="New")
    Space.objects.filter(pk=old.pk).update(updated_at=datetime(2020, 1, 1, tzinfo=UTC))
    Space.objects.filter(pk=new.pk).update(updated_at=MOMENT)
    columns = admin_client.get(admin_url(Space, "changelist")).context["cl"].list_display
    index = columns.index("updated")

    response = admin_client.get(admin_url(Space, "changelist"), {"o": f"-{index}"})

    assert [space.name_en for space in response.context["cl"].result_list] == ["New", "Old"]


def test_a_tour_request_says_when_it_was_sent_here_and_at_the_space(admin_client):
    city = CityFactory(name_en="Leeds", country="GB", timezone="Europe/London")
    request = TourRequestFactory(space=SpaceFactory(city=city))
    TourRequest.objects.filter(pk=request.pk).update(created_at=MOMENT)

    listed = admin_client.get(admin_url(TourRequest, "changelist")).content.decode()
    shown = admin_client.get(admin_url(TourRequest, "change", request.pk)).content.decode()

    assert "Dec. 1, 2026, 6:15 p.m. CST (UTC+8)" in listed
    assert "Dec. 1, 2026, 6:15 p.m. CST (UTC+8)" in shown
    assert "Dec. 1, 2026, 10:15 a.m. GMT (UTC), Europe/London" in shown


def test_opening_hours_say_which_zone_they_are_in(admin_client):
    city = CityFactory(name_en="Leeds", country="GB", timezone="Europe/London")
    space = SpaceFactory(city=city)

    html = admin_client.get(admin_url(Space, "change", space.pk)).content.decode()

    assert "local time in Leeds, Europe/London" in html
    # The browser's time input, not admin's clock whose "Now" is the editor's time.
    assert 'type="time" name="opening_hours-__prefix__-opens"' in html


def test_api_keys_show_their_times_with_the_zone(admin_client):
    key = ApiKeyFactory(name="Partner")
    ApiKey.objects.filter(pk=key.pk).update(created_at=MOMENT)

    listed = admin_client.get(admin_url(ApiKey, "changelist")).content.decode()
    shown = admin_client.get(admin_url(ApiKey, "change", key.pk)).content.decode()

    assert "Dec. 1, 2026, 6:15 p.m. CST (UTC+8)" in listed
    assert "Dec. 1, 2026, 6:15 p.m. CST (UTC+8)" in shown


# History pages


def change_reason_cells(html: str) -> list[str]:
    """The text of the "Change reason" column of django-simple-history's table."""
    table = html[html.index('id="change-history"') :]
    headers = re.findall(r"<th scope=\"col\">(.*?)</th>", table[: table.index("</thead>")])
    column = headers.index("Change reason")
    rows = re.findall(r"<tr>(.*?)</tr>", table[table.index("<tbody>") :], re.S)
    return [re.findall(r"<td>(.*?)</td>", row, re.S)[column].strip() for row in rows]


def test_a_change_without_a_reason_leaves_the_reason_empty(admin_client, superuser):
    space = SpaceFactory(name_en="Lab")
    space._change_reason = "Checked by phone"
    space.name_en = "Lab 2"
    space.save()
    space.history.update(history_user=superuser, history_date=MOMENT)

    html = admin_client.get(admin_url(Space, "history", space.pk)).content.decode()

    assert sorted(change_reason_cells(html)) == ["", "Checked by phone"]
    assert "None" not in html[html.index('id="change-history"') :]
    assert "Dec. 1, 2026, 6:15 p.m. CST (UTC+8)" in html


def test_djangos_own_history_page_shows_times_with_the_zone(admin_client, superuser):
    service = ServiceFactory()
    LogEntry.objects.create(
        user=superuser,
        content_type=ContentType.objects.get_for_model(Service),
        object_id=str(service.pk),
        object_repr=str(service),
        action_flag=CHANGE,
        change_message="Changed name.",
        action_time=MOMENT,
    )

    html = admin_client.get(admin_url(Service, "history", service.pk)).content.decode()

    assert "Dec. 1, 2026, 6:15 p.m. CST (UTC+8)" in html
