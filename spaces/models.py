"""Places: cities, the networks that run spaces, the spaces and what they offer."""

import math
import uuid
import zoneinfo
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.contrib.postgres.aggregates import BoolOr
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import (
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    Min,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import ACos, Cast, Coalesce, Cos, Greatest, Least, Radians, Sin
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from maker2.models import (
    CURRENCY_CODE,
    LinkKind,
    Localized,
    SearchableNames,
    SearchableQuerySet,
    TimeStampedModel,
    either_language_required,
    search_index,
    search_indexes,
    search_terms_field,
    searchable_text,
    stored_search_text,
    sync_index,
    term_variants,
)
from maker2.rollups import Rollup

from . import gazetteer
from .images import PHOTO_RENDITIONS, SafeImageField, rendition_field

LATITUDE = Q(latitude__gte=-90, latitude__lte=90)
LONGITUDE = Q(longitude__gte=-180, longitude__lte=180)
BOTH_OR_NEITHER_COORDINATE = Q(latitude__isnull=True, longitude__isnull=True) | Q(
    latitude__isnull=False, longitude__isnull=False
)
NETWORK_MAX_DEPTH = 3
DUPLICATE_RADIUS_KM = 0.2  # two listings this close are probably one place


class ListingHistory(HistoricalRecords):
    """Who changed a listing, when and what: admin's history view, its diffs and revert.

    Leaves out the search columns, what PostgreSQL computes (amounts in yuan and dollars) and
    `updated_at`, which every save changes, so that a diff shows only what an editor changed.
    """

    def fields_included(self, model):
        return [
            field
            for field in super().fields_included(model)
            if not field.generated
            and field.name != "updated_at"
            and not field.name.startswith("search_")
        ]


def coordinate_constraints(model: str) -> list[models.CheckConstraint]:
    return [
        models.CheckConstraint(condition=LATITUDE, name=f"{model}_latitude_in_range"),
        models.CheckConstraint(condition=LONGITUDE, name=f"{model}_longitude_in_range"),
        models.CheckConstraint(condition=BOTH_OR_NEITHER_COORDINATE, name=f"{model}_full_point"),
    ]


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("%(value)s is not a time zone name such as Asia/Shanghai."), params={"value": value}
        )


def coordinate_field(verbose_name: str) -> models.DecimalField:
    return models.DecimalField(verbose_name, max_digits=9, decimal_places=6, null=True, blank=True)


def rollup_fields(relation: str, *names: str) -> dict:
    """Annotations that read the counts `names` from the rollup row joined through
    `relation`, 0 for a place that has none (a city without published spaces)."""
    return {
        name: Coalesce(F(f"{relation}__{name}"), Value(0), output_field=models.BigIntegerField())
        for name in names
    }


def network_rollup(network, path: str) -> Q:
    """Rows whose network at `path` is `network` or one of the networks that belong to it.

    `network` may be an instance, a pk or an OuterRef; `path` is the lookup of a network
    relation from the filtered model ("network", "space__networks"). Networks nest at most
    NETWORK_MAX_DEPTH deep, so the chain of parents is short and fixed.
    """
    query = Q()
    for depth in range(NETWORK_MAX_DEPTH):
        query |= Q(**{path + "__parent" * depth: network})
    return query


# Cities


class CityQuerySet(SearchableQuerySet):
    def active(self):
        return self.filter(status=City.Status.ACTIVE)

    def listed(self):
        """The cities the public site and the API show: all but those a visitor proposed
        with a space still under review."""
        return self.exclude(status=City.Status.PENDING)

    def named(self, name: str):
        """Cities called `name` in English or Chinese, ignoring case and the 市 ending."""
        name = name.strip()
        names = {name, name.removesuffix("市")} - {""}
        query = Q(pk__in=[])
        for each in names:
            query |= Q(name_en__iexact=each) | Q(name_zh__iexact=each)
        return self.filter(query)

    def nearest_with_spaces(self, latitude: float, longitude: float):
        """Cities with published spaces, nearest to the point first, `distance_km` annotated:
        where to look while a planned city has none yet."""
        return (
            self.with_totals()
            .filter(space_count__gt=0, latitude__isnull=False)
            .annotate(distance_km=distance_km(latitude, longitude))
            .order_by("distance_km", "pk")
        )

    def with_totals(self):
        """Published spaces, floor area, desks and resident makers per city (PlaceTotals)."""
        PlaceTotals.objects.fresh()
        return self.annotate(
            **rollup_fields("totals", "space_count", "floor_area", "desks", "resident_makers")
        )


class City(TimeStampedModel):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        PLANNED = "planned", _("Planned")
        # Proposed with a submitted space; published when a moderator approves that space.
        PENDING = "pending", _("Pending review")

    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=100, blank=True)
    slug = models.SlugField(max_length=100, unique=True)
    province_en = models.CharField(_("province (English)"), max_length=100, blank=True)
    province_zh = models.CharField(_("province (Chinese)"), max_length=100, blank=True)
    country = models.CharField(
        _("country"),
        max_length=2,
        validators=[RegexValidator(r"^[A-Z]{2}$", _("Use an ISO 3166 alpha-2 code, e.g. CN."))],
    )
    timezone = models.CharField(
        _("time zone"),
        max_length=64,
        blank=True,
        validators=[validate_timezone],
        help_text=_("Left empty, it is found from the coordinates, or else from the country."),
    )
    latitude = coordinate_field(_("latitude"))
    longitude = coordinate_field(_("longitude"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE, db_index=True
    )
    needs_review = models.BooleanField(
        _("needs review"),
        default=False,
        db_default=False,
        help_text=_(
            "Set when an import or a visitor created the city from the gazetteer: "
            "an editor should check its names, place and time zone."
        ),
    )

    # A city's columns in the one order the API (spaces/serializers.py CitySerializer) and the
    # admin's import and export (spaces/resources.py CityResource) give them; each leaves out
    # the columns that are not its own.
    COLUMNS = (
        "id",
        "slug",
        "url",
        "name_en",
        "name_zh",
        "province_en",
        "province_zh",
        "country",
        "timezone",
        "latitude",
        "longitude",
        "status",
        "needs_review",
        "created_at",
        "updated_at",
    )

    search_document = searchable_text("name_en", "name_zh", "slug", "province_en", "province_zh")

    objects = CityQuerySet.as_manager()
    history = ListingHistory()

    name = Localized()
    province = Localized()

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("city")
        verbose_name_plural = _("cities")
        indexes = [*search_indexes("city"), sync_index("city")]
        constraints = [
            either_language_required("name", "city"),
            models.CheckConstraint(
                condition=Q(country__regex=r"^[A-Z]{2}$"), name="city_country_code"
            ),
            *coordinate_constraints("city"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        self.fill_timezone()
        if not self.timezone:
            raise ValidationError(
                {"timezone": _("Give the time zone: neither the place nor the country tells it.")}
            )

    def save(self, *args, **kwargs) -> None:
        self.fill_timezone()
        super().save(*args, **kwargs)

    @classmethod
    def propose(cls, name: str, country: str, place: "gazetteer.Place | None") -> "City":
        """An unsaved city a visitor names with their space: pending until an editor approves
        the space, flagged for review, placed from the gazetteer when it knows the name."""
        name = " ".join(name.split())
        chinese = gazetteer.is_chinese(name)
        city = cls(
            name_en="" if chinese else name,
            name_zh=name if chinese else "",
            country=country,
            status=cls.Status.PENDING,
            needs_review=True,
        )
        if place is not None:
            city.name_en = city.name_en or place.name
            city.name_zh = city.name_zh or place.chinese_name
            city.latitude = round(Decimal(place.latitude), 6)
            city.longitude = round(Decimal(place.longitude), 6)
            city.timezone = place.timezone
        return city

    def fill_timezone(self) -> None:
        """An empty time zone is that of the coordinates, or else the country's: never a
        guess that every city is in China."""
        if not self.timezone:
            self.timezone = gazetteer.timezone_at(
                self.latitude, self.longitude
            ) or gazetteer.country_timezone(self.country)

    @property
    def zoneinfo(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    def get_absolute_url(self) -> str:
        return reverse("spaces:city-detail", args=[self.slug])


# Networks


class NetworkQuerySet(models.QuerySet):
    def with_totals(self):
        """Spaces, cities, floor area, desks and resident makers of each network, member networks
        included, counting only published spaces (PlaceTotals)."""
        PlaceTotals.objects.fresh()
        return self.annotate(
            **rollup_fields(
                "totals", "space_count", "city_count", "floor_area", "desks", "resident_makers"
            )
        )


class Network(TimeStampedModel):
    """An operator or an alliance that runs or groups spaces; it may belong to a larger one."""

    class Kind(models.TextChoices):
        OPERATOR = "operator", _("Operator")
        ALLIANCE = "alliance", _("Alliance")

    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=150, blank=True)
    slug = models.SlugField(max_length=150, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.OPERATOR)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    description_en = models.TextField(_("description (English)"), blank=True)
    description_zh = models.TextField(_("description (Chinese)"), blank=True)
    website = models.URLField(_("website"), blank=True)
    founded = models.DateField(_("founded"), null=True, blank=True)

    objects = NetworkQuerySet.as_manager()
    history = ListingHistory()

    sync_embeds = ("parent",)

    name = Localized()
    description = Localized()

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        indexes = [sync_index("network")]
        constraints = [
            either_language_required("name", "network"),
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="network_not_own_parent"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("spaces:network-detail", args=[self.slug])

    def ancestors(self) -> list["Network"]:
        """The chain of larger networks above this one, nearest first (stops at a loop)."""
        chain, seen, current = [], {self.pk}, self.parent
        while current is not None and current.pk not in seen:
            chain.append(current)
            seen.add(current.pk)
            current = current.parent
        return chain

    def depth_below(self) -> int:
        """How many levels of member networks hang below this one (0 when none)."""
        children = list(self.members.all()) if self.pk else []
        return 1 + max(child.depth_below() for child in children) if children else 0

    def clean(self) -> None:
        parent = self.parent
        if parent is None:
            return
        if self.pk and (parent.pk == self.pk or self.pk in {n.pk for n in parent.ancestors()}):
            raise ValidationError({"parent": _("A network cannot be part of itself.")})
        depth = 1 + len(parent.ancestors()) + 1 + self.depth_below()
        if depth > NETWORK_MAX_DEPTH:
            raise ValidationError(
                {
                    "parent": _("Networks nest at most %(max)d levels deep.")
                    % {"max": NETWORK_MAX_DEPTH}
                }
            )


# Vocabularies


class Vocabulary(TimeStampedModel):
    """A term editors manage once and spaces pick from."""

    slug = models.SlugField(max_length=60, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=80, blank=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=80, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    name = Localized()

    class Meta:
        abstract = True
        ordering = ["position", "name_en"]

    def __str__(self) -> str:
        return self.name


class Service(Vocabulary):
    """What a space offers beyond a desk: incubation, funding, legal help, events…"""

    class Meta(Vocabulary.Meta):
        verbose_name = _("service")
        verbose_name_plural = _("services")
        constraints = [either_language_required("name", "service")]


class Equipment(Vocabulary):
    """Tools a space lends: 3D printers, laser cutters, CNC, an electronics lab…"""

    class Meta(Vocabulary.Meta):
        verbose_name = _("equipment")
        verbose_name_plural = _("equipment")
        constraints = [either_language_required("name", "equipment")]


# Spaces


EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE = 111.0  # of latitude, a hair under the true 111.2: the box errs wide


def distance_km(latitude: float, longitude: float) -> Func:
    """Great-circle distance from a point to a row's coordinates (spherical law of cosines).

    Plain SQL trigonometry rather than PostGIS: a few thousand spaces need no spatial index,
    and the bounding-box prefilter in `within_km` keeps it cheap.
    """
    lat, lng = Radians(Value(float(latitude))), Radians(Value(float(longitude)))
    row_lat = Radians(Cast("latitude", models.FloatField()))
    row_lng = Radians(Cast("longitude", models.FloatField()))
    cosine = Sin(lat) * Sin(row_lat) + Cos(lat) * Cos(row_lat) * Cos(row_lng - lng)
    # Rounding can push the cosine a hair past ±1, where ACOS is undefined. GREATEST and
    # LEAST skip NULLs, so a space without coordinates is kept out explicitly.
    clamped = Greatest(Value(-1.0), Least(Value(1.0), cosine))
    return Case(
        When(latitude__isnull=False, then=ACos(clamped) * Value(EARTH_RADIUS_KM)),
        default=None,
        output_field=models.FloatField(),
    )


class SpaceQuerySet(SearchableQuerySet):
    def published(self):
        return self.filter(status=Space.Status.PUBLISHED)

    def in_bbox(self, south: float, west: float, north: float, east: float):
        """Spaces inside a bounding box; one that crosses the 180° meridian has west > east."""
        latitude = Q(latitude__gte=south, latitude__lte=north)
        if west <= east:
            return self.filter(latitude, longitude__gte=west, longitude__lte=east)
        return self.filter(latitude, Q(longitude__gte=west) | Q(longitude__lte=east))

    def with_distance(self, latitude: float, longitude: float):
        """Annotate `distance_km` from the point; spaces without coordinates get None."""
        return self.annotate(distance_km=distance_km(latitude, longitude))

    def within_km(self, latitude: float, longitude: float, radius_km: float):
        """Spaces at most `radius_km` from the point, with `distance_km` annotated.

        A bounding box around the circle narrows the rows (using the coordinates index)
        before the exact distance is computed.
        """
        lat_margin = radius_km / KM_PER_DEGREE
        box = Q(latitude__gte=latitude - lat_margin, latitude__lte=latitude + lat_margin)
        widest = math.cos(math.radians(min(89.0, abs(latitude) + lat_margin)))
        lng_margin = lat_margin / widest
        if abs(longitude) + lng_margin < 180:  # else the box wraps the antimeridian: skip it
            box &= Q(longitude__gte=longitude - lng_margin, longitude__lte=longitude + lng_margin)
        return (
            self.filter(box).with_distance(latitude, longitude).filter(distance_km__lte=radius_km)
        )

    def priced_between(self, low: Decimal | None, high: Decimal | None, period: str | None = None):
        """Spaces with a plan whose price lies in [low, high], for one period or any."""
        plans = MembershipPlan.objects.filter(space=OuterRef("pk"))
        if period:
            plans = plans.filter(period=period)
        if low is not None:
            plans = plans.filter(price__gte=low)
        if high is not None:
            plans = plans.filter(price__lte=high)
        return self.filter(Exists(plans))

    def with_lowest_price(self, period: str = "month"):
        """Annotate `lowest_price`: the cheapest plan for the period, None without one."""
        plans = MembershipPlan.objects.filter(space=OuterRef("pk"), period=period)
        return self.annotate(
            lowest_price=Subquery(
                plans.order_by().values("space").annotate(p=Min("price")).values("p")
            )
        )

    def in_city(self, city):
        return self.filter(city=city)

    def store_search_offers(self) -> None:
        """Write into `search_offers` the names of each space's services, equipment and plans,
        in both languages (see maker2.models.term_variants). The signals call it whenever one
        of them changes (spaces/signals.py); three queries for up to 5,000 spaces."""
        offers = search_offers_of(list(self.values_list("pk", flat=True)))
        stored_search_text(Space, "search_offers", offers)

    def in_network(self, network):
        """Spaces of `network` or of any network that belongs to it, each once."""
        links = Space.networks.through.objects.filter(space=OuterRef("pk"))
        return self.filter(Exists(links.filter(network_rollup(network, "network"))))

    @staticmethod
    def hours_cover(moment: datetime) -> Q:
        """A space's opening hours cover `moment`, in the time zone of the space's city."""
        zones = City.objects.order_by().values_list("timezone", flat=True).distinct()
        covered = Q(pk__in=[])
        for zone in zones:
            local = moment.astimezone(zoneinfo.ZoneInfo(zone))
            hours = OpeningHours.objects.filter(space=OuterRef("pk")).covering(local)
            covered |= Q(city__timezone=zone) & Exists(hours)
        return covered

    def open_at(self, moment: datetime):
        """Spaces whose opening hours cover `moment`, in the time zone of each space's city."""
        return self.filter(self.hours_cover(moment))

    def open_now(self):
        return self.open_at(timezone.now())

    def closed_at(self, moment: datetime):
        """Spaces with opening hours listed that do not cover `moment`. A space whose hours
        are not listed is neither open nor closed: nobody knows."""
        listed = OpeningHours.objects.filter(space=OuterRef("pk"))
        return self.filter(Exists(listed)).exclude(self.hours_cover(moment))

    def closed_now(self):
        return self.closed_at(timezone.now())

    def totals(self) -> dict:
        """Spaces, cities, floor area, desks and resident makers of this set, in one query."""
        return self.aggregate(
            spaces=Count("pk"),
            cities=Count("city", distinct=True),
            floor_area=Coalesce(Sum("floor_area"), 0),
            desks=Coalesce(Sum("desks"), 0),
            resident_makers=Coalesce(Sum("resident_makers"), 0),
        )

    def not_checked_since(self, day: date):
        """Spaces staff have not checked on or after `day`, never-checked ones included."""
        return self.filter(Q(last_checked_on__isnull=True) | Q(last_checked_on__lt=day))

    def likely_duplicates(
        self,
        *,
        name_en: str = "",
        name_zh: str = "",
        latitude: Decimal | float | None = None,
        longitude: Decimal | float | None = None,
    ):
        """Spaces that may be the same place: a name equal to either given name, ignoring
        case, in either language, or a point within DUPLICATE_RADIUS_KM of the given one."""
        same_place = Q(pk__in=[])
        for name in {name.strip() for name in (name_en, name_zh)} - {""}:
            same_place |= Q(name_en__iexact=name) | Q(name_zh__iexact=name)
        if latitude is not None and longitude is not None:
            nearby = Space.objects.within_km(float(latitude), float(longitude), DUPLICATE_RADIUS_KM)
            same_place |= Q(pk__in=nearby.values("pk"))
        return self.filter(same_place)


def search_offers_of(space_ids: list[int]) -> dict[int, str]:
    """What `search_offers` holds for each of the spaces (SpaceQuerySet.store_search_offers);
    the ids alone, so that the benchmark seeder can ask before it writes the spaces."""
    names: dict[int, list[str]] = {pk: [] for pk in space_ids}
    links = [
        Space.services.through.objects.values_list(
            "space_id", "service__name_en", "service__name_zh"
        ),
        Space.equipment.through.objects.values_list(
            "space_id", "equipment__name_en", "equipment__name_zh"
        ),
        MembershipPlan.objects.values_list("space_id", "name_en", "name_zh"),
    ]
    for start in range(0, len(space_ids), 5000):
        batch = space_ids[start : start + 5000]
        first, *others = [rows.filter(space_id__in=batch).order_by() for rows in links]
        for pk, name_en, name_zh in first.union(*others, all=True):
            names[pk] += [name_en, name_zh]
    return {pk: term_variants(terms) for pk, terms in names.items()}


class Space(SearchableNames, TimeStampedModel):
    class Kind(models.TextChoices):
        MAKERSPACE = "makerspace", _("Makerspace")
        COWORKING = "coworking", _("Co-working space")
        FABLAB = "fablab", _("Fab lab")
        HACKERSPACE = "hackerspace", _("Hackerspace")
        INCUBATOR = "incubator", _("Incubator")
        ACCELERATOR = "accelerator", _("Accelerator")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PENDING = "pending", _("Pending review")
        PUBLISHED = "published", _("Published")
        CLOSED = "closed", _("Closed")
        REJECTED = "rejected", _("Rejected")

    # Paths under /spaces/ that are pages, not spaces: a slug made from a name never takes
    # them (maker2.slugs.unique_slug).
    RESERVED_SLUGS = frozenset({"add", "submitted"})
    # A space's columns in a spreadsheet, in the one order both sheets give them: the admin's
    # import and export (spaces/resources.py SpaceResource) and the API's CSV (spaces/api.py
    # SpaceCSVView). Each leaves out the columns that are not its own. The API's JSON
    # (SpaceSerializer) is no sheet: it nests the city, networks, contact and parts, in the
    # order its published schema gives.
    SHEET_COLUMNS = (
        "id",
        "slug",
        "name_en",
        "name_zh",
        "kind",
        "verified",
        "status",
        "city",
        "networks",
        "address_en",
        "address_zh",
        "latitude",
        "longitude",
        "floor_area",
        "desks",
        "resident_makers",
        "website",
        "email",
        "phone",
        "founded",
        "services",
        "equipment",
        "url",
        "updated_at",
        "description_en",
        "description_zh",
    )

    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=150, blank=True)
    slug = models.SlugField(max_length=150, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    verified = models.BooleanField(_("verified"), default=False)
    last_checked_on = models.DateField(
        _("last checked"),
        null=True,
        blank=True,
        help_text=_("When staff last confirmed this listing; set by the admin's actions."),
    )
    city = models.ForeignKey(
        City, verbose_name=_("city"), on_delete=models.PROTECT, related_name="spaces"
    )
    networks = models.ManyToManyField(
        Network, verbose_name=_("networks"), blank=True, related_name="spaces"
    )
    address_en = models.CharField(_("address (English)"), max_length=255, blank=True)
    address_zh = models.CharField(_("address (Chinese)"), max_length=255, blank=True)
    latitude = coordinate_field(_("latitude"))
    longitude = coordinate_field(_("longitude"))
    floor_area = models.PositiveIntegerField(_("floor area (m²)"), null=True, blank=True)
    desks = models.PositiveIntegerField(_("desks / seats"), null=True, blank=True)
    resident_makers = models.PositiveIntegerField(_("resident makers"), null=True, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_zh = models.TextField(_("description (Chinese)"), blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    founded = models.DateField(_("founded"), null=True, blank=True)
    services = models.ManyToManyField(
        Service, verbose_name=_("services"), blank=True, related_name="spaces"
    )
    equipment = models.ManyToManyField(
        Equipment, verbose_name=_("equipment"), blank=True, related_name="spaces"
    )

    # Names also as pinyin, in simplified characters and without spaces (SearchableNames); what
    # the space offers (SpaceQuerySet.store_search_offers); its makers' skills, which the
    # members app writes (members/signals.py): spaces know nothing of makers.
    search_names = search_terms_field()
    search_offers = search_terms_field()
    search_skills = search_terms_field()
    search_document = searchable_text(
        "name_en", "name_zh", "slug", "address_en", "address_zh", "search_names"
    )
    search_text = searchable_text("description_en", "description_zh")
    # Apart from the prose: short enough (under 1 kB) for the planner's statistics to tell how
    # many spaces have "robot" in them, which the descriptions are too long for.
    search_terms = searchable_text("search_offers", "search_skills")

    objects = SpaceQuerySet.as_manager()
    history = ListingHistory()

    sync_embeds = ("city", "networks", "services", "equipment")

    name = Localized()
    address = Localized()
    description = Localized()

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("space")
        verbose_name_plural = _("spaces")
        # Editors have it, space managers not: it decides who sees every space in admin.
        permissions = [("moderate_space", _("Can edit any space, publish, verify and moderate"))]
        constraints = [
            either_language_required("name", "space"),
            *coordinate_constraints("space"),
            models.CheckConstraint(condition=Q(floor_area__gt=0), name="space_floor_area_positive"),
        ]
        indexes = [
            models.Index(fields=["status", "city"], name="space_status_city"),
            models.Index(fields=["latitude", "longitude"], name="space_point"),
            *search_indexes("space"),
            search_index("space", "search_text"),
            search_index("space", "search_terms"),
            sync_index("space"),
            # The directory's sorts (SpaceFilter.SORTS), read off an index however deep the page.
            models.Index(fields=["name_en", "id"], name="space_by_name"),
            models.Index(fields=["city", "name_en", "id"], name="space_in_city_by_name"),
            models.Index(fields=["created_at", "id"], name="space_by_age"),
            models.Index(F("floor_area").desc(nulls_last=True), F("id"), name="space_by_area"),
            # Everything the map's GeoJSON sends, so that its 20,000 points are read from this
            # index (3 MB) rather than from the rows with their descriptions (64 MB).
            models.Index(
                fields=["status", "id"],
                include=["longitude", "latitude", "slug", "name_en", "name_zh", "kind", "city"],
                condition=Q(latitude__isnull=False),
                name="space_map_points",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("spaces:space-detail", args=[self.slug])

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def is_open_at(self, moment: datetime) -> bool | None:
        """Whether the opening hours cover `moment`; None when no hours are listed, since
        a space that never gave its hours is not known to be closed."""
        hours = self.opening_hours.all()
        if not hours:
            return None
        local = moment.astimezone(self.city.zoneinfo)
        return any(period.covers(local) for period in hours)

    def is_open_now(self) -> bool | None:
        return self.is_open_at(timezone.now())

    def cheapest_plan(self) -> "MembershipPlan | None":
        """The plan with the lowest price, whatever its period: the page's "price from".

        Reads `plans.all()`, so a prefetched space costs no query.
        """
        return min(self.plans.all(), key=lambda plan: plan.price, default=None)

    def likely_duplicates(self):
        """Other spaces with the same name or within 200 m: maybe this place listed twice."""
        return Space.objects.likely_duplicates(
            name_en=self.name_en,
            name_zh=self.name_zh,
            latitude=self.latitude,
            longitude=self.longitude,
        ).exclude(pk=self.pk)


class SpacePart(TimeStampedModel):
    """Something listed on a space's page; changing it changes the space for partners too."""

    space = models.ForeignKey(Space, verbose_name=_("space"), on_delete=models.CASCADE)

    # Listed in the space's history page in admin (SpaceAdmin.history_view).
    history = ListingHistory(inherit=True)

    sync_parents = ("space",)

    class Meta:
        abstract = True


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class OpeningHoursQuerySet(models.QuerySet):
    def covering(self, local: datetime):
        """Rows open at the local wall-clock time `local` (see OpeningHours.covers)."""
        return self.filter(self.covers_q(local))

    @staticmethod
    def covers_q(local: datetime) -> Q:
        """The condition of `covering`, for use inside other expressions."""
        day, now = local.weekday(), local.time()
        previous_day = (day - 1) % 7
        same_day = Q(weekday=day, opens__lt=F("closes"), opens__lte=now, closes__gt=now)
        overnight_start = Q(weekday=day, closes__lte=F("opens"), opens__lte=now)
        overnight_end = Q(weekday=previous_day, closes__lte=F("opens"), closes__gt=now)
        return same_day | overnight_start | overnight_end

    def open_flags_at(self, moment: datetime) -> tuple[list[str], models.QuerySet]:
        """The cities' time zones, and (space, open in the first zone, in the second…) for
        every space with hours: whether a period covers `moment` as each zone's clocks show
        it. One aggregate over this table alone, for the map (which picks the flag of each
        space's own zone), where asking each of 20,000 spaces in turn cost a quarter of a
        second and joining every period to its city half that."""
        zones = list(
            City.objects.order_by("timezone").values_list("timezone", flat=True).distinct()
        )
        flags = {
            f"open_{index}": BoolOr(
                ExpressionWrapper(
                    self.covers_q(moment.astimezone(zoneinfo.ZoneInfo(zone))),
                    output_field=models.BooleanField(),
                )
            )
            for index, zone in enumerate(zones)
        }
        return zones, self.order_by().values("space").annotate(**flags).values_list("space", *flags)


class OpeningHours(SpacePart):
    """One opening period on a weekday, in the city's local time.

    A period whose closing time is not after its opening time runs past midnight into the
    next day (18:00–02:00); 00:00–00:00 means open around the clock.
    """

    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    objects = OpeningHoursQuerySet.as_manager()

    class Meta:
        ordering = ["space_id", "weekday", "opens"]
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        default_related_name = "opening_hours"
        constraints = [
            models.CheckConstraint(
                condition=Q(weekday__gte=0, weekday__lte=6), name="hours_weekday_range"
            ),
            models.UniqueConstraint(
                fields=["space", "weekday", "opens"], name="hours_unique_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"

    @property
    def runs_overnight(self) -> bool:
        return self.closes <= self.opens

    MINUTES_A_WEEK = 7 * 24 * 60

    @staticmethod
    def week_span(weekday: int, opens: time, closes: time) -> tuple[int, int]:
        """A period as (start, length) in minutes from Monday 00:00; past midnight it runs
        into the next day, 00:00–00:00 the whole day."""
        start = weekday * 24 * 60 + opens.hour * 60 + opens.minute
        length = (closes.hour * 60 + closes.minute) - (opens.hour * 60 + opens.minute)
        return start, length if length > 0 else length + 24 * 60

    @classmethod
    def first_overlap(cls, periods: list[tuple[int, time, time]]) -> tuple[int, int] | None:
        """Indexes (earlier, later) of the first two of `periods` (weekday, opens, closes)
        that overlap in the week, Sunday night running into Monday; None if none do. A week
        of hours where two periods overlap says nothing one could trust."""
        spans = [cls.week_span(*period) for period in periods]
        for later, (start, length) in enumerate(spans):
            for earlier, (other_start, other_length) in enumerate(spans[:later]):
                if (start - other_start) % cls.MINUTES_A_WEEK < other_length or (
                    other_start - start
                ) % cls.MINUTES_A_WEEK < length:
                    return earlier, later
        return None

    def covers(self, local: datetime) -> bool:
        return self.period_covers(self.weekday, self.opens, self.closes, local)

    @staticmethod
    def period_covers(weekday: int, opens: time, closes: time, local: datetime) -> bool:
        """Whether the period is open at the local wall-clock time (rows not loaded as models
        ask too: spaces.serializers.SpaceRows)."""
        day, now = local.weekday(), local.time()
        if closes > opens:
            return weekday == day and opens <= now < closes
        if weekday == day and now >= opens:
            return True
        return (weekday + 1) % 7 == day and now < closes

    @property
    def around_the_clock(self) -> bool:
        return self.opens == self.closes == time(0)


class MembershipPlan(SpacePart):
    class Period(models.TextChoices):
        HOUR = "hour", _("per hour")
        DAY = "day", _("per day")
        WEEK = "week", _("per week")
        MONTH = "month", _("per month")
        YEAR = "year", _("per year")

    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=100, blank=True)
    period = models.CharField(
        _("period"), max_length=5, choices=Period.choices, default=Period.MONTH
    )
    price = models.DecimalField(_("price"), max_digits=12, decimal_places=2)
    currency = models.CharField(
        _("currency"), max_length=3, default="CNY", validators=[CURRENCY_CODE]
    )
    includes_en = models.TextField(_("includes (English)"), blank=True)
    includes_zh = models.TextField(_("includes (Chinese)"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    name = Localized()
    includes = Localized()

    class Meta:
        ordering = ["space_id", "position", "price"]
        verbose_name = _("membership plan")
        verbose_name_plural = _("membership plans")
        default_related_name = "plans"
        constraints = [
            either_language_required("name", "plan"),
            models.CheckConstraint(
                condition=Q(price__gte=Decimal(0)), name="plan_price_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(currency__regex=r"^[A-Z]{3}$"), name="plan_currency_code"
            ),
        ]
        indexes = [models.Index(fields=["period", "price"], name="plan_period_price")]

    def __str__(self) -> str:
        return f"{self.name}: {self.price} {self.currency} {self.get_period_display()}"


def photo_path(photo: "SpacePhoto", filename: str) -> str:
    """A random name, so uploads never collide nor reveal the uploader's file name."""
    suffix = PurePath(filename).suffix.lower()[:8]
    return f"spaces/photos/{uuid.uuid4().hex}{suffix}"


class SpacePhoto(SpacePart):
    image = SafeImageField(
        _("image"),
        upload_to=photo_path,
        width_field="width",
        height_field="height",
        renditions=PHOTO_RENDITIONS,
    )
    thumbnail = rendition_field(_("thumbnail (400 px wide)"))
    large = rendition_field(_("large (1200 px wide)"))
    thumbnail_webp = rendition_field(_("thumbnail (400 px wide, WebP)"))
    large_webp = rendition_field(_("large (1200 px wide, WebP)"))
    thumbnail_avif = rendition_field(_("thumbnail (400 px wide, AVIF)"))
    large_avif = rendition_field(_("large (1200 px wide, AVIF)"))
    width = models.PositiveIntegerField(editable=False, null=True)
    height = models.PositiveIntegerField(editable=False, null=True)
    caption_en = models.CharField(_("caption (English)"), max_length=200, blank=True)
    caption_zh = models.CharField(_("caption (Chinese)"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    caption = Localized()

    class Meta:
        ordering = ["space_id", "position", "pk"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        default_related_name = "photos"

    def __str__(self) -> str:
        return self.caption or PurePath(self.image.name).name


class SpaceLink(SpacePart):
    kind = models.CharField(_("kind"), max_length=20, choices=LinkKind.choices)
    url = models.URLField(_("URL"))

    class Meta:
        ordering = ["space_id", "kind"]
        verbose_name = _("social link")
        verbose_name_plural = _("social links")
        default_related_name = "links"
        constraints = [models.UniqueConstraint(fields=["space", "url"], name="space_link_unique")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.url}"


# Totals

# Every network with itself and each network below it (UNION stops at a loop).
NETWORK_TREE_SQL = """
    network_tree (network_id, member_id) AS (
        SELECT id, id FROM spaces_network
        UNION
        SELECT tree.network_id, member.id
        FROM network_tree tree JOIN spaces_network member ON member.parent_id = tree.member_id
    )
"""


class PlaceTotals(Rollup):
    """Published spaces, their cities, floor area, desks and resident makers: everywhere, per
    city, per network (member networks included, each space once) and per founding year.

    Read through `City.objects.with_totals()`, `Network.objects.with_totals()` and
    `PlaceTotals.objects.everywhere()`; see maker2/rollups.py for how they stay current.
    """

    city = models.OneToOneField(City, null=True, on_delete=models.CASCADE, related_name="totals")
    network = models.OneToOneField(
        Network, null=True, on_delete=models.CASCADE, related_name="totals"
    )
    space_count = models.PositiveIntegerField(default=0)
    city_count = models.PositiveIntegerField(default=0)
    floor_area = models.BigIntegerField(default=0)
    desks = models.BigIntegerField(default=0)
    resident_makers = models.BigIntegerField(default=0)

    rollup_sources = ("spaces.Space", "spaces.Network")
    recompute_sql = (
        "WITH RECURSIVE"
        + NETWORK_TREE_SQL
        + """,
        published AS (
            SELECT id, city_id, floor_area, desks, resident_makers, founded
            FROM spaces_space WHERE status = 'published'
        ),
        network_spaces AS (
            SELECT DISTINCT tree.network_id, link.space_id
            FROM network_tree tree
            JOIN spaces_space_networks link ON link.network_id = tree.member_id
        )
        INSERT INTO spaces_placetotals (scope, city_id, network_id, year, version,
            space_count, city_count, floor_area, desks, resident_makers)
        SELECT 'all', NULL::bigint, NULL::bigint, NULL::smallint, {version}, count(*),
            count(DISTINCT city_id), coalesce(sum(floor_area), 0), coalesce(sum(desks), 0),
            coalesce(sum(resident_makers), 0)
        FROM published
        UNION ALL
        SELECT 'city', city_id, NULL, NULL, {version}, count(*), 1,
            coalesce(sum(floor_area), 0), coalesce(sum(desks), 0),
            coalesce(sum(resident_makers), 0)
        FROM published GROUP BY city_id
        UNION ALL
        SELECT 'network', NULL, network_id, NULL, {version}, count(*), count(DISTINCT city_id),
            coalesce(sum(floor_area), 0), coalesce(sum(desks), 0),
            coalesce(sum(resident_makers), 0)
        FROM network_spaces JOIN published ON published.id = network_spaces.space_id
        GROUP BY network_id
        UNION ALL
        SELECT 'year', NULL, NULL, extract(year FROM founded), {version}, count(*),
            count(DISTINCT city_id), coalesce(sum(floor_area), 0), coalesce(sum(desks), 0),
            coalesce(sum(resident_makers), 0)
        FROM published WHERE founded IS NOT NULL GROUP BY extract(year FROM founded)
        """
    )

    class Meta:
        verbose_name = _("totals")
        verbose_name_plural = _("totals")
        constraints = [
            models.UniqueConstraint(fields=["scope", "year"], name="place_totals_one_per_year")
        ]


# Sync


class Tombstone(models.Model):
    """What is left of a deleted row, so partners who sync can delete their copy too."""

    model = models.CharField(_("model"), max_length=100)
    object_id = models.BigIntegerField(_("object id"))
    slug = models.CharField(_("slug"), max_length=150, blank=True)
    deleted_at = models.DateTimeField(_("deleted at"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["deleted_at", "pk"]
        verbose_name = _("deletion")
        verbose_name_plural = _("deletions")
        indexes = [models.Index(fields=["model", "deleted_at"], name="tombstone_model_time")]

    def __str__(self) -> str:
        return (
            f"{self.model} #{self.object_id} ({self.slug})"
            if self.slug
            else f"{self.model} #{self.object_id}"
        )


# Tour and day-pass requests


class TourRequest(models.Model):
    """A visitor asking a space for a tour or a day pass, emailed to the space's managers.

    Private correspondence, not a public listing: no TimeStampedModel, so no sync tombstones.
    """

    class Kind(models.TextChoices):
        TOUR = "tour", _("Tour")
        DAY_PASS = "day_pass", _("Day pass")

    space = models.ForeignKey(
        Space, verbose_name=_("space"), on_delete=models.CASCADE, related_name="tour_requests"
    )
    kind = models.CharField(_("request"), max_length=10, choices=Kind.choices, default=Kind.TOUR)
    name = models.CharField(_("name"), max_length=100)
    email = models.EmailField(_("email"))
    date = models.DateField(_("preferred date"))
    message = models.TextField(_("message"), max_length=2000, blank=True)
    # The page's language, so managers know which language to answer in.
    language = models.CharField(_("language"), max_length=10, blank=True)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("tour request")
        verbose_name_plural = _("tour requests")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.name} → {self.space} ({self.date})"


# Moderation


class SubmissionQuerySet(models.QuerySet):
    def with_status_token(self, token: str):
        """The submission a private status link points to; none when the link was altered."""
        try:
            pk = signing.loads(token, salt=Submission.STATUS_TOKEN_SALT)
        except signing.BadSignature:
            return self.none()
        return self.filter(pk=pk)


class Submission(models.Model):
    """Who proposed a space through the site's "add your space" form, and how to reach them.

    Private correspondence, not a public listing: no TimeStampedModel, so no sync tombstones.
    """

    space = models.OneToOneField(
        Space, verbose_name=_("space"), on_delete=models.CASCADE, related_name="submission"
    )
    name = models.CharField(_("submitted by"), max_length=100)
    email = models.EmailField(_("submitter's email"))
    message = models.TextField(_("message to the editors"), max_length=2000, blank=True)
    # The page's language: the submitter hears back in it.
    language = models.CharField(_("language"), max_length=10, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True, db_index=True)

    objects = SubmissionQuerySet.as_manager()

    STATUS_TOKEN_SALT = "spaces.submission-status"

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")

    def __str__(self) -> str:
        return f"{self.space} ({self.name})"

    def status_token(self) -> str:
        """The signed id in the submitter's private link to the status page: no account needed,
        and nobody can guess another submission's link."""
        return signing.dumps(self.pk, salt=self.STATUS_TOKEN_SALT)


class Review(models.Model):
    """An editor's decision on a submitted space, with the reason the submitter is shown."""

    class Decision(models.TextChoices):
        APPROVED = "approved", _("Approved")
        NEEDS_INFO = "needs_info", _("More information needed")
        REJECTED = "rejected", _("Rejected")

    space = models.ForeignKey(
        Space, verbose_name=_("space"), on_delete=models.CASCADE, related_name="reviews"
    )
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    reason = models.TextField(_("reason"), max_length=2000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-decided_at", "-pk"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.CheckConstraint(
                condition=Q(decision="approved") | ~Q(reason=""),
                name="review_reason_unless_approved",
                violation_error_message=_("Say why, so the submitter knows what to do."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.space}: {self.get_decision_display()}"


# Imports too large to wait for


def import_file_path(job: "ImportJob", filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()[:8]
    return f"imports/{uuid.uuid4().hex}{suffix}"


class ImportJob(models.Model):
    """A spreadsheet import an editor confirmed that a worker runs (spaces/tasks.py), all or
    nothing as in the admin; the file is kept in storage until it has run."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting for a worker")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Nothing imported")

    model = models.CharField(_("importing"), max_length=50, editable=False)  # "spaces.Space"
    file = models.FileField(_("file"), upload_to=import_file_path, blank=True, editable=False)
    file_name = models.CharField(_("file name"), max_length=255, editable=False)
    file_format = models.CharField(_("format"), max_length=10, editable=False)
    # What the preview read the file with: {"encoding": …, "date_order": …}.
    options = models.JSONField(_("options"), default=dict, editable=False)
    rows = models.PositiveIntegerField(_("rows"), editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED, editable=False
    )
    created = models.PositiveIntegerField(_("created"), default=0, editable=False)
    updated = models.PositiveIntegerField(_("changed"), default=0, editable=False)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0, editable=False)
    # Sentences naming each problem's row and column, as the preview writes them.
    errors = models.JSONField(_("errors"), default=list, editable=False)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        on_delete=models.SET_NULL,
        editable=False,
        related_name="+",
    )
    # The editor's language at confirming, for the mail that says how it ended.
    language = models.CharField(_("language"), max_length=10, blank=True, editable=False)
    started_at = models.DateTimeField(_("started"), auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(_("finished"), null=True, editable=False)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.rows} rows, {self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
