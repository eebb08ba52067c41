"""The README's sync recipe, followed by a simulated partner over real HTTP.

The partner copies everything, the data changes in every way it can (created, edited,
deleted, unpublished, hidden, an embedded city renamed, a vocabulary term deleted, hours
written through the API), the partner syncs again with `updated_since` and the deletions
feed only, and its copy equals a fresh full copy and the database.
"""

import json
import urllib.request
from datetime import timedelta
from email.utils import parsedate_to_datetime
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.utils import timezone

from maker2.models import TimeStampedModel
from members.models import ApiKey, Maker, Project
from spaces.models import City, Space
from tests.factories import (
    ApiKeyFactory,
    CityFactory,
    FundingRoundFactory,
    MakerFactory,
    MembershipFactory,
    MembershipPlanFactory,
    NetworkFactory,
    ProjectFactory,
    ServiceFactory,
    SpaceFactory,
    UserFactory,
)

pytestmark = pytest.mark.usefixtures("generous_rates")

RESOURCES = ["cities", "networks", "spaces", "makers", "projects", "funding-rounds"]
TYPES = {
    "city": "cities",
    "network": "networks",
    "space": "spaces",
    "maker": "makers",
    "project": "projects",
    "funding_round": "funding-rounds",
}
MARGIN = timedelta(minutes=5)  # for clocks and transactions still open at the last run


class Partner:
    """What a partner's sync job does, exactly as the README tells it."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.copy: dict[str, dict[int, dict]] = {resource: {} for resource in RESOURCES}
        self.since = None
        self.requests = 0
        self.received: dict[str, int] = {}

    def get(self, url: str) -> tuple[dict, dict]:
        self.requests += 1
        with urllib.request.urlopen(url) as response:
            return json.load(response), dict(response.headers)

    def pages(self, path: str, **params):
        url = f"{self.base_url}{path}?{urlencode(params)}"
        while url:
            data, headers = self.get(url)
            yield data["results"], headers
            url = data["next"]

    def sync(self) -> None:
        started = None
        changed = {"page_size": 200}
        if self.since:
            changed["updated_since"] = self.since.isoformat()
        for resource in RESOURCES:
            for results, headers in self.pages(f"/api/v1/{resource}/", **changed):
                started = started or parsedate_to_datetime(headers["Date"])
                self.received[resource] = self.received.get(resource, 0) + len(results)
                for row in results:
                    self.copy[resource][row["id"]] = row
        if self.since:
            for entries, _ in self.pages("/api/v1/deletions/", since=self.since.isoformat()):
                for entry in entries:
                    self.copy[TYPES[entry["type"]]].pop(entry["id"], None)
        self.since = started - MARGIN


def put_json(url: str, body: dict, key: ApiKey) -> int:
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        method="PUT",
        headers={"Content-Type": "application/json", "Authorization": f"Api-Key {key.plaintext}"},
    )
    with urllib.request.urlopen(request) as response:
        return response.status


def age_everything() -> None:
    """Set every change an hour back, so that the next run's margin does not cover it."""
    an_hour_ago = timezone.now() - timedelta(hours=1)
    for model in apps.get_models():
        if issubclass(model, TimeStampedModel):
            model._base_manager.update(updated_at=an_hour_ago)


def ids(resource: str, partner: Partner) -> set[int]:
    return set(partner.copy[resource])


@pytest.mark.django_db(transaction=True)
def test_a_partner_following_the_recipe_keeps_an_exact_copy(live_server):
    # Each change below is the only one to the rows it affects, so none hides another.
    beijing, xian = CityFactory(slug="beijing"), CityFactory(slug="xian", name_en="Xi'an")
    spaces = [SpaceFactory(slug=f"space-{n}", city=beijing) for n in range(5)]
    quiet_space = SpaceFactory(slug="quiet", city=xian)
    network, service = NetworkFactory(slug="bjm"), ServiceFactory(slug="funding")
    for space in spaces:
        space.networks.add(network)
        MembershipPlanFactory(space=space)
    spaces[3].services.add(service)
    makers = [MakerFactory(slug=f"maker-{n}") for n in range(4)]
    MembershipFactory(maker=makers[2], space=spaces[2])
    MembershipFactory(maker=MakerFactory(slug="quiet", city=xian), space=quiet_space)
    projects = [ProjectFactory(slug=f"project-{n}") for n in range(5)]
    for project, space in zip(projects, spaces, strict=True):
        project.spaces.add(space)
        FundingRoundFactory(project=project)
    projects[3].team.add(makers[1])
    projects[4].team.add(makers[0])
    manager = UserFactory(username="manager")
    MembershipFactory(
        maker=MakerFactory(slug="boss", user=manager), space=spaces[4], role="manager"
    )
    manager_key = ApiKeyFactory(user=manager, scopes=[ApiKey.Scope.MANAGE])

    age_everything()
    partner = Partner(live_server.url)
    partner.sync()
    assert len(partner.copy["spaces"]) == 6 and len(partner.copy["makers"]) == 6

    # Everything that can happen between two runs.
    MembershipPlanFactory(space=SpaceFactory(slug="new", city=beijing))
    spaces[0].name_zh = "新名字"
    spaces[0].save()
    spaces[1].delete()  # project-1 loses it
    spaces[2].status = Space.Status.CLOSED
    spaces[2].save()  # maker-2 loses the membership
    xian.name_zh = "西安"
    xian.save()  # shown inside the quiet space and the quiet maker
    service.delete()  # listed in space-3
    makers[1].visibility = Maker.Visibility.HIDDEN
    makers[1].save()  # in project-3's team
    makers[0].delete()  # in project-4's team
    FundingRoundFactory(project=projects[0])
    projects[2].delete()  # and its rounds with it
    CityFactory(slug="shanghai")
    always = [{"weekday": day, "opens": "00:00", "closes": "00:00"} for day in range(7)]
    hours = {"opening_hours": always}
    assert put_json(f"{live_server.url}/api/v1/spaces/space-4/hours/", hours, manager_key) == 200

    requests_before, partner.received = partner.requests, {}
    partner.sync()
    requests = partner.requests - requests_before

    fresh = Partner(live_server.url)
    fresh.sync()
    for resource in RESOURCES:
        assert partner.copy[resource] == fresh.copy[resource], resource
    assert ids("spaces", partner) == set(Space.objects.published().values_list("id", flat=True))
    assert ids("makers", partner) == set(Maker.objects.public().values_list("id", flat=True))
    assert ids("projects", partner) == set(Project.objects.values_list("id", flat=True))
    assert ids("cities", partner) == set(City.objects.values_list("id", flat=True))
    assert partner.copy["spaces"][quiet_space.pk]["city"]["name_zh"] == "西安"
    assert partner.copy["spaces"][spaces[3].pk]["services"] == []
    assert partner.copy["projects"][projects[1].pk]["spaces"] == []
    assert partner.copy["projects"][projects[3].pk]["team"] == []
    assert partner.copy["makers"][makers[2].pk]["memberships"] == []
    assert len(partner.copy["spaces"][spaces[4].pk]["opening_hours"]) == 7
    # One page per resource and one of deletions, with only what changed.
    assert requests == len(RESOURCES) + 1
    assert partner.received["networks"] == 0
    assert partner.received["cities"] == 2  # Xi'an renamed, Shanghai new
