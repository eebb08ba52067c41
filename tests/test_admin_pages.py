"""Every admin list, add page and change page opens, for the models of both apps (each app's
tests/<app>/test_admin.py lists its models with a row builder and a query budget)."""

import pytest

from tests.helpers import admin_url
from tests.members.test_admin import CHANGELISTS as PEOPLE
from tests.spaces.test_admin import CHANGELISTS as PLACES

CHANGELISTS = [*PLACES, *PEOPLE]
# Tombstones are written by the site when a row is deleted, never added by hand.
ADDABLE = [param for param in CHANGELISTS if param.id != "tombstone"]


@pytest.mark.parametrize(("model", "make_row", "budget"), CHANGELISTS)
def test_changelist_opens(admin_client, model, make_row, budget):
    make_row()

    response = admin_client.get(admin_url(model, "changelist"))

    assert response.status_code == 200


@pytest.mark.parametrize(("model", "make_row", "budget"), ADDABLE)
def test_add_page_opens(admin_client, model, make_row, budget):
    response = admin_client.get(admin_url(model, "add"))

    assert response.status_code == 200


@pytest.mark.parametrize(("model", "make_row", "budget"), CHANGELISTS)
def test_change_page_opens(admin_client, model, make_row, budget):
    row = make_row()

    response = admin_client.get(admin_url(model, "change", row.pk))

    assert response.status_code == 200
