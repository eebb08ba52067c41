"""Load the Maker2 demo content (members/demo.py: the announcement plus sample data).

Idempotent: rows are found by slug or natural key and saved only when a value differs, and
many-to-many links are changed only when they differ, so a second run writes nothing at all.
That matters because partners sync on `updated_at`, which spaces/signals.py also bumps on
every child save and link change. Rows the demo does not list are left alone.
"""

from collections import Counter
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import models, transaction

from members import demo
from members.models import FundingRound, Maker, MakerLink, Membership, Project
from spaces.illustrations import draw_demo_photo
from spaces.models import (
    City,
    Equipment,
    MembershipPlan,
    Network,
    OpeningHours,
    Service,
    Space,
    SpaceLink,
    SpacePhoto,
)

# The parts of a space in demo.SPACES that are rows or links of their own.
SPACE_PARTS = ("slug", "networks", "services", "equipment", "hours", "plans", "links")


class Command(BaseCommand):
    help = "Load the Maker2 demo content (sample data); running it again changes nothing."

    def handle(self, *args, **options) -> None:
        loader = DemoLoader()
        with transaction.atomic():
            loader.load()
        counts = loader.counts
        self.stdout.write(
            f"Demo data: {counts['created']} rows created, {counts['updated']} updated, "
            f"{counts['unchanged']} unchanged; {counts['links']} link sets changed; "
            f"{counts['photos']} photos drawn."
        )


def differs(row: models.Model, name: str, value) -> bool:
    field = row._meta.get_field(name)
    if field.many_to_one:
        # Compare keys, so checking a foreign key costs no query.
        return getattr(row, field.attname) != (value.pk if value is not None else None)
    return getattr(row, name) != value


class DemoLoader:
    """Writes demo.py's content, counting what it created, updated or left unchanged."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.cities: dict[str, City] = {}
        self.networks: dict[str, Network] = {}
        self.services: dict[str, Service] = {}
        self.equipment: dict[str, Equipment] = {}
        self.spaces: dict[str, Space] = {}
        self.makers: dict[str, Maker] = {}

    def upsert(self, model: type[models.Model], lookup: dict, **fields) -> models.Model:
        """The row matching `lookup`, created with `fields` or updated where they differ."""
        row = model._default_manager.filter(**lookup).first()
        if row is None:
            row = model(**lookup, **fields)
            row.full_clean()
            row.save()
            self.counts["created"] += 1
            return row
        changed = [name for name, value in fields.items() if differs(row, name, value)]
        if not changed:
            self.counts["unchanged"] += 1
            return row
        for name in changed:
            setattr(row, name, fields[name])
        row.full_clean()
        row.save(update_fields=[*changed, "updated_at"])
        self.counts["updated"] += 1
        return row

    def set_links(self, manager, rows: list[models.Model]) -> None:
        """Set a many-to-many relation, touching nothing when it already holds `rows`."""
        if set(manager.values_list("pk", flat=True)) != {row.pk for row in rows}:
            manager.set(rows)
            self.counts["links"] += 1

    def load(self) -> None:
        self.load_networks()
        self.load_cities()
        self.load_vocabularies()
        for spec in demo.SPACES:
            self.load_space(spec)
        for spec in demo.MAKERS:
            self.load_maker(spec)
        for spec in demo.PROJECTS:
            self.load_project(spec)

    def load_networks(self) -> None:
        # Parents come first in demo.NETWORKS.
        for spec in demo.NETWORKS:
            fields = {**spec, "parent": self.networks.get(spec["parent"])}
            slug = fields.pop("slug")
            self.networks[slug] = self.upsert(Network, {"slug": slug}, **fields)

    def load_cities(self) -> None:
        for spec in demo.CITIES:
            fields = dict(spec)
            slug = fields.pop("slug")
            self.cities[slug] = self.upsert(City, {"slug": slug}, **fields)

    def load_vocabularies(self) -> None:
        for model, terms, by_slug in [
            (Service, demo.SERVICES, self.services),
            (Equipment, demo.EQUIPMENT, self.equipment),
        ]:
            for position, (slug, name_en, name_zh) in enumerate(terms):
                by_slug[slug] = self.upsert(
                    model, {"slug": slug}, name_en=name_en, name_zh=name_zh, position=position
                )

    def load_space(self, spec: dict) -> None:
        fields = {name: value for name, value in spec.items() if name not in SPACE_PARTS}
        fields["city"] = self.cities[spec["city"]]
        space = self.upsert(Space, {"slug": spec["slug"]}, **fields)
        self.spaces[space.slug] = space
        self.set_links(space.networks, [self.networks[slug] for slug in spec["networks"]])
        self.set_links(space.services, [self.services[slug] for slug in spec["services"]])
        self.set_links(space.equipment, [self.equipment[slug] for slug in spec["equipment"]])
        for weekdays, opens, closes in spec["hours"]:
            for weekday in weekdays:
                lookup = {"space": space, "weekday": weekday, "opens": opens}
                self.upsert(OpeningHours, lookup, closes=closes)
        for position, plan in enumerate(spec["plans"]):
            plan_fields = dict(plan)
            lookup = {"space": space, "name_en": plan_fields.pop("name_en")}
            self.upsert(MembershipPlan, lookup, position=position, **plan_fields)
        for kind, url in spec["links"]:
            self.upsert(SpaceLink, {"space": space, "url": url}, kind=kind)
        self.load_photos(space)

    def load_photos(self, space: Space) -> None:
        """Draw a photo only where the space has none at that position: drawing is slow and
        a new file would be a change."""
        for position, (caption_en, caption_zh) in enumerate(demo.PHOTOS):
            lookup = {"space": space, "position": position}
            captions = {"caption_en": caption_en, "caption_zh": caption_zh}
            if SpacePhoto.objects.filter(**lookup).exists():
                self.upsert(SpacePhoto, lookup, **captions)
                continue
            image = ContentFile(
                draw_demo_photo(space.kind, space.slug, position),
                name=f"{space.slug}-{position}.jpg",
            )
            self.upsert(SpacePhoto, lookup, image=image, **captions)
            self.counts["photos"] += 1

    def load_maker(self, spec: dict) -> None:
        fields = {
            name: value
            for name, value in spec.items()
            if name not in ("slug", "links", "memberships")
        }
        fields["city"] = self.cities[spec["city"]]
        maker = self.upsert(Maker, {"slug": spec["slug"]}, **fields)
        self.makers[maker.slug] = maker
        for kind, url in spec["links"]:
            self.upsert(MakerLink, {"maker": maker, "url": url}, kind=kind)
        for space_slug, role, started_on in spec["memberships"]:
            lookup = {"maker": maker, "space": self.spaces[space_slug], "role": role}
            self.upsert(Membership, lookup, started_on=started_on)

    def load_project(self, spec: dict) -> None:
        fields = {
            name: value
            for name, value in spec.items()
            if name not in ("slug", "team", "spaces", "rounds")
        }
        project = self.upsert(Project, {"slug": spec["slug"]}, **fields)
        self.set_links(project.team, [self.makers[slug] for slug in spec["team"]])
        self.set_links(project.spaces, [self.spaces[slug] for slug in spec["spaces"]])
        for round_spec in spec["rounds"]:
            round_fields = dict(round_spec)
            lookup = {"project": project, "stage": round_fields.pop("stage")}
            self.upsert(
                FundingRound,
                lookup,
                currency="CNY",
                cny_rate=Decimal(1),
                usd_rate=demo.USD_PER_CNY,
                **round_fields,
            )
