"""The Share control: on which pages, with which address and title."""

import re

import pytest

from tests.factories import CityFactory, NetworkFactory, ProjectFactory, SpaceFactory

pytestmark = pytest.mark.django_db


def share(html: str) -> dict:
    block = re.search(r'<div class="share"(.*?)>', html, re.S)[1]
    return dict(re.findall(r'(data-[\w-]+)(?:="([^"]*)")?', block))


@pytest.mark.parametrize(
    "url, title",
    [
        ("/en/spaces/lab/", "Fab Lab"),
        ("/en/cities/leeds/", "Leeds"),
        ("/en/networks/net/", "Maker Net"),
        ("/en/projects/air/", "ClearAir"),
        ("/zh-hans/spaces/lab/", "微观装配实验室"),
    ],
)
def test_places_and_projects_share_their_canonical_address(client, url, title):
    city = CityFactory(slug="leeds", name_en="Leeds")
    space = SpaceFactory(slug="lab", name_en="Fab Lab", name_zh="微观装配实验室", city=city)
    NetworkFactory(slug="net", name_en="Maker Net").spaces.add(space)
    ProjectFactory(slug="air", name_en="ClearAir").spaces.add(space)

    html = client.get(f"{url}?utm_source=feed").content.decode()

    control = share(html)
    assert control["data-share-url"] == f"http://testserver{url}"
    assert control["data-share-title"] == title
    assert "data-share-live" not in control
    assert 'role="status" data-share-status' in html
    assert "js/share.js" in html


def test_the_directory_shares_its_filters(client):
    SpaceFactory(slug="lab")

    html = client.get("/en/spaces/?kind=makerspace&city=leeds").content.decode()

    control = share(html)
    assert (
        control["data-share-url"] == "http://testserver/en/spaces/?kind=makerspace&amp;city=leeds"
    )
    assert "data-share-live" in control  # the script reads the address as filters change it
    assert "body=http%3A//testserver/en/spaces/%3Fkind%3Dmakerspace%26city%3Dleeds" in html
