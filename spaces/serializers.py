"""How places look in the partner API: cities, networks, spaces, and what managers may write.

Both languages of every text are given (`name_en`, `name_zh`…); either may be empty, never
both. Related objects come as summaries (id, slug, names, url) so that the common case
needs no second request. `updated_at` is when anything shown changed (maker2/api_sync.py).
"""

import re
import zoneinfo
from datetime import datetime, time, timedelta

from django.contrib.postgres.expressions import ArraySubquery
from django.db import models, transaction
from django.db.models import F, OuterRef
from django.db.models.functions import Cast, JSONObject
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import filepath_to_uri
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.utils.humanize_datetime import time_formats

from maker2.api_access import may_see_contact

from .models import (
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


def updated_at_field() -> serializers.DateTimeField:
    return serializers.DateTimeField(
        read_only=True,
        help_text="When anything shown here last changed: this object or one it embeds.",
    )


class AbsoluteFileField(serializers.Field):
    """An uploaded file's absolute URL, null when there is none."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        return self.context["request"].build_absolute_uri(value.url) if value else None


extend_schema_field({"type": "string", "format": "uri", "nullable": True})(AbsoluteFileField)


def detail_url(view_name: str):
    return serializers.HyperlinkedIdentityField(view_name=view_name, lookup_field="slug")


# Summaries


class CitySummarySerializer(serializers.ModelSerializer):
    url = detail_url("api:city-detail")

    class Meta:
        model = City
        fields = ["id", "slug", "name_en", "name_zh", "url"]


class NetworkSummarySerializer(serializers.ModelSerializer):
    url = detail_url("api:network-detail")

    class Meta:
        model = Network
        fields = ["id", "slug", "name_en", "name_zh", "url"]


class SpaceSummarySerializer(serializers.ModelSerializer):
    url = detail_url("api:space-detail")

    class Meta:
        model = Space
        fields = ["id", "slug", "name_en", "name_zh", "url"]


class ServiceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Service
        fields = ["id", "slug", "name_en", "name_zh"]


class EquipmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Equipment
        fields = ["id", "slug", "name_en", "name_zh"]


# Cities and networks


class CitySerializer(serializers.ModelSerializer):
    url = detail_url("api:city-detail")
    latitude = serializers.FloatField(read_only=True, allow_null=True)
    longitude = serializers.FloatField(read_only=True, allow_null=True)
    updated_at = updated_at_field()

    class Meta:
        model = City
        # All of City.COLUMNS but the editors' own mark (needs_review).
        fields = [column for column in City.COLUMNS if column != "needs_review"]


class NetworkSerializer(serializers.ModelSerializer):
    url = detail_url("api:network-detail")
    parent = NetworkSummarySerializer(read_only=True, allow_null=True)
    updated_at = updated_at_field()

    class Meta:
        model = Network
        fields = [
            "id",
            "slug",
            "url",
            "name_en",
            "name_zh",
            "kind",
            "parent",
            "description_en",
            "description_zh",
            "website",
            "founded",
            "created_at",
            "updated_at",
        ]


# Spaces


# What managers write is read as strictly as the schema gives it: DRF would also take 5 for
# the text "5", "3" for the weekday 3, 1200 for the price "1200", " CNY" for "CNY" and "9:5"
# for "09:05".


class TextField(serializers.CharField):
    """Text, only from a JSON string."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class ExactChoiceField(serializers.ChoiceField):
    """A choice, only as the JSON type of the choices (DRF compares str(value))."""

    def to_internal_value(self, data):
        if not any(type(data) is type(choice) for choice in self.choices):
            self.fail("invalid_choice", input=data)
        return super().to_internal_value(data)


# At most 10 digits, then 2 decimals: the money fields' max_digits=12, decimal_places=2.
MONEY_PATTERN = r"^[0-9]{1,10}(\.[0-9]{1,2})?$"


@extend_schema_field(
    {"type": "string", "format": "decimal", "pattern": MONEY_PATTERN, "example": "1200.00"}
)
class MoneyField(serializers.DecimalField):
    """An amount as a decimal string ("1200.00"), as the API writes money."""

    def to_internal_value(self, data):
        if not isinstance(data, str) or not re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", data):
            self.fail("invalid")
        return super().to_internal_value(data)


class WriteSerializer(serializers.ModelSerializer):
    """A model serializer whose text, choice and decimal fields are read strictly."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: TextField,
        models.TextField: TextField,
        models.DecimalField: MoneyField,
    }
    serializer_choice_field = ExactChoiceField


TIME_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$"


@extend_schema_field({"type": "string", "pattern": TIME_PATTERN, "example": "09:00"})
class LocalTimeField(serializers.TimeField):
    """A wall-clock time in the city's time zone, "HH:MM"; no UTC offset, which would lie."""

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", input_formats=["%H:%M", "%H:%M:%S"], **kwargs)

    def to_internal_value(self, value):
        if not isinstance(value, str) or not re.fullmatch(TIME_PATTERN, value):
            self.fail("invalid", format=time_formats(self.input_formats))
        return super().to_internal_value(value)


class OpeningHoursSerializer(WriteSerializer):
    """A period the space is open, in its city's local time."""

    opens = LocalTimeField(help_text="Local time (the city's time zone).")
    closes = LocalTimeField(
        help_text="Local time. At or before `opens`: the period runs past midnight; "
        "00:00–00:00 is the whole day."
    )

    class Meta:
        model = OpeningHours
        fields = ["weekday", "opens", "closes"]
        extra_kwargs = {"weekday": {"help_text": "0 is Monday, 6 Sunday."}}


class MembershipPlanSerializer(WriteSerializer):
    """A membership plan: what it costs per period and what it includes."""

    # The rule of validate(), for the schema: a name with more than spaces in it, in one
    # language at least (DRF trims the spaces).
    request_schema = {
        "anyOf": [
            {"required": [name], "properties": {name: {"pattern": r"\S"}}}
            for name in ("name_en", "name_zh")
        ]
    }

    class Meta:
        model = MembershipPlan
        fields = [
            "name_en",
            "name_zh",
            "period",
            "price",
            "currency",
            "includes_en",
            "includes_zh",
        ]
        extra_kwargs = {"price": {"min_value": 0}, "currency": {"trim_whitespace": False}}

    def validate(self, data):
        if not (data.get("name_en") or data.get("name_zh")):
            raise serializers.ValidationError(
                {"name_en": _("Give a name in English or Chinese.")}, code="required"
            )
        return data


class SpacePhotoSerializer(serializers.ModelSerializer):
    url = AbsoluteFileField(source="image", help_text="The original upload.")
    thumbnail_url = serializers.SerializerMethodField(
        help_text="400 px wide; the original when no thumbnail was made."
    )

    class Meta:
        model = SpacePhoto
        fields = ["url", "thumbnail_url", "width", "height", "caption_en", "caption_zh"]

    @extend_schema_field({"type": "string", "format": "uri"})
    def get_thumbnail_url(self, photo: SpacePhoto) -> str:
        image = photo.thumbnail or photo.image
        return self.context["request"].build_absolute_uri(image.url)


class SpaceLinkSerializer(serializers.ModelSerializer):
    class Meta:
        model = SpaceLink
        fields = ["kind", "url"]


@extend_schema_field({"type": "string", "anyOf": [{"format": "email"}, {"maxLength": 0}]})
class EmailOrEmptyField(serializers.CharField):
    """An email address, or empty when none was given."""


class ContactSerializer(serializers.Serializer):
    """How to reach a space; what it did not give is empty."""

    email = EmailOrEmptyField(help_text="An address, or empty.")
    phone = serializers.CharField(help_text="As the space wrote it, or empty.")


class SpaceSerializer(serializers.ModelSerializer):
    """A published space with everything its page shows."""

    url = detail_url("api:space-detail")
    city = CitySummarySerializer(read_only=True)
    timezone = serializers.CharField(
        source="city.timezone", read_only=True, help_text="The time zone of the opening hours."
    )
    networks = NetworkSummarySerializer(many=True, read_only=True)
    latitude = serializers.FloatField(read_only=True, allow_null=True)
    longitude = serializers.FloatField(read_only=True, allow_null=True)
    contact = serializers.SerializerMethodField(
        help_text="Email and phone; null unless the API key has the contact scope."
    )
    services = ServiceSerializer(many=True, read_only=True)
    equipment = EquipmentSerializer(many=True, read_only=True)
    plans = MembershipPlanSerializer(many=True, read_only=True)
    opening_hours = OpeningHoursSerializer(many=True, read_only=True)
    # From the prefetched hours: asking PostgreSQL scanned every space's hours for a page.
    open_now = serializers.BooleanField(
        source="is_open_now",
        read_only=True,
        allow_null=True,
        help_text="Open at the time of the response, by its opening hours; null when the "
        "space lists no opening hours (not known, rather than closed). Computed when asked: "
        "a cached copy's value ages, the hours do not.",
    )
    photos = SpacePhotoSerializer(many=True, read_only=True)
    links = SpaceLinkSerializer(many=True, read_only=True)
    distance_km = serializers.SerializerMethodField(
        help_text="Kilometres from the `near` point; null without one."
    )
    updated_at = updated_at_field()

    class Meta:
        model = Space
        # Not Space.SHEET_COLUMNS: the JSON nests what the sheets flatten (city, networks,
        # contact) and adds the parts, in the order the published schema gives.
        fields = [
            "id",
            "slug",
            "url",
            "name_en",
            "name_zh",
            "kind",
            "verified",
            "city",
            "timezone",
            "networks",
            "address_en",
            "address_zh",
            "latitude",
            "longitude",
            "floor_area",
            "desks",
            "resident_makers",
            "description_en",
            "description_zh",
            "website",
            "contact",
            "founded",
            "services",
            "equipment",
            "plans",
            "opening_hours",
            "open_now",
            "photos",
            "links",
            "distance_km",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(ContactSerializer(allow_null=True))
    def get_contact(self, space: Space) -> dict | None:
        if not may_see_contact(self.context["request"]):
            return None
        return {"email": space.email, "phone": space.phone}

    @extend_schema_field({"type": "number", "nullable": True})
    def get_distance_km(self, space: Space) -> float | None:
        distance = getattr(space, "distance_km", None)
        return round(distance, 3) if distance is not None else None


# The list of spaces, the API's hot path


def related_rows(queryset: models.QuerySet, order: tuple[str, ...], **fields) -> ArraySubquery:
    """A space's related rows as an array of JSON objects, inside the space's own row."""
    json = JSONObject(**{name: F(name) for name in fields.pop("plain", ())}, **fields)
    return ArraySubquery(
        queryset.filter(**{"space_pk": OuterRef("pk")}).order_by(*order).values(json=json)
    )


def local_isoformat(moment: datetime) -> str:
    """As DRF's DateTimeField writes it: in the current time zone, UTC as "Z"."""
    text = timezone.localtime(moment).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


class SpaceRows:
    """The spaces of a list page exactly as SpaceSerializer shows them, from one query.

    Nine queries and 1,600 model instances per page of 100, then DRF's fields, cost ten
    times the query itself; here PostgreSQL nests the parts as JSON beside each space's
    plain values and Python only formats them. tests/api/test_spaces.py holds it to the
    serializer's output for the same spaces.
    """

    # The space's own columns the serializer shows (contact is made of the last two).
    OWN = [
        *(
            field.name
            for field in Space._meta.concrete_fields
            if not field.is_relation and field.name in SpaceSerializer.Meta.fields
        ),
        "email",
        "phone",
    ]
    SUMMARY = ("id", "slug", "name_en", "name_zh")

    def __init__(self, request):
        self.request = request
        self.contact = may_see_contact(request)
        self.now = timezone.now()
        absolute = request.build_absolute_uri
        self.urls = {
            name: absolute(reverse(f"api:{name}-list")) for name in ("space", "city", "network")
        }
        # Files are named under the storage's base URL: one absolute prefix for every photo.
        self.media = absolute(SpacePhoto._meta.get_field("image").storage.url(""))

    @classmethod
    def values(cls, spaces: models.QuerySet) -> models.QuerySet:
        """`spaces` (filtered and ordered) as plain values with their parts as JSON."""
        of_space = {"space_pk": F("space")}
        in_space = {"space_pk": F("spaces")}
        extra = [
            name for name in ("distance_km", "search_rank") if name in spaces.query.annotations
        ]
        return spaces.annotate(
            city_slug=F("city__slug"),
            city_name_en=F("city__name_en"),
            city_name_zh=F("city__name_zh"),
            city_timezone=F("city__timezone"),
            network_rows=related_rows(
                Network.objects.alias(**in_space), ("name_en", "id"), plain=cls.SUMMARY
            ),
            service_rows=related_rows(
                Service.objects.alias(**in_space), ("position", "name_en", "id"), plain=cls.SUMMARY
            ),
            equipment_rows=related_rows(
                Equipment.objects.alias(**in_space),
                ("position", "name_en", "id"),
                plain=cls.SUMMARY,
            ),
            plan_rows=related_rows(
                MembershipPlan.objects.alias(**of_space),
                ("position", "price", "id"),
                plain=("name_en", "name_zh", "period", "currency", "includes_en", "includes_zh"),
                price=Cast("price", models.TextField()),
            ),
            hour_rows=related_rows(
                OpeningHours.objects.alias(**of_space),
                ("weekday", "opens", "id"),
                plain=("weekday",),
                opens=Cast("opens", models.TextField()),
                closes=Cast("closes", models.TextField()),
            ),
            photo_rows=related_rows(
                SpacePhoto.objects.alias(**of_space),
                ("position", "id"),
                plain=("image", "thumbnail", "width", "height", "caption_en", "caption_zh"),
            ),
            link_rows=related_rows(
                SpaceLink.objects.alias(**of_space), ("kind", "id"), plain=("kind", "url")
            ),
        ).values(
            *cls.OWN,
            *extra,
            "city_id",
            "city_slug",
            "city_name_en",
            "city_name_zh",
            "city_timezone",
            "network_rows",
            "service_rows",
            "equipment_rows",
            "plan_rows",
            "hour_rows",
            "photo_rows",
            "link_rows",
        )

    def summary(self, kind: str, row: dict) -> dict:
        return {
            **{name: row[name] for name in self.SUMMARY},
            "url": f"{self.urls[kind]}{row['slug']}/",
        }

    def file_url(self, name: str) -> str:
        return self.media + filepath_to_uri(name)

    def is_open(self, row: dict) -> bool | None:
        """As Space.is_open_at: None when the space lists no hours."""
        if not row["hour_rows"]:
            return None
        local = self.now.astimezone(zoneinfo.ZoneInfo(row["city_timezone"]))
        return any(
            OpeningHours.period_covers(
                hours["weekday"],
                time.fromisoformat(hours["opens"]),
                time.fromisoformat(hours["closes"]),
                local,
            )
            for hours in row["hour_rows"]
        )

    def __call__(self, row: dict) -> dict:
        city = {
            "id": row["city_id"],
            "slug": row["city_slug"],
            "name_en": row["city_name_en"],
            "name_zh": row["city_name_zh"],
        }
        distance = row.get("distance_km")
        return {
            **{name: row[name] for name in ("id", "slug")},
            "url": f"{self.urls['space']}{row['slug']}/",
            **{name: row[name] for name in ("name_en", "name_zh", "kind", "verified")},
            "city": self.summary("city", city),
            "timezone": row["city_timezone"],
            "networks": [self.summary("network", network) for network in row["network_rows"]],
            "address_en": row["address_en"],
            "address_zh": row["address_zh"],
            "latitude": float(row["latitude"]) if row["latitude"] is not None else None,
            "longitude": float(row["longitude"]) if row["longitude"] is not None else None,
            **{
                name: row[name]
                for name in (
                    "floor_area",
                    "desks",
                    "resident_makers",
                    "description_en",
                    "description_zh",
                    "website",
                )
            },
            "contact": {"email": row["email"], "phone": row["phone"]} if self.contact else None,
            "founded": row["founded"].isoformat() if row["founded"] else None,
            "services": row["service_rows"],
            "equipment": row["equipment_rows"],
            "plans": [
                {
                    **{name: plan[name] for name in ("name_en", "name_zh", "period", "price")},
                    **{name: plan[name] for name in ("currency", "includes_en", "includes_zh")},
                }
                for plan in row["plan_rows"]
            ],
            "opening_hours": [
                {
                    "weekday": hours["weekday"],
                    "opens": hours["opens"][:5],
                    "closes": hours["closes"][:5],
                }
                for hours in row["hour_rows"]
            ],
            "open_now": self.is_open(row),
            "photos": [
                {
                    "url": self.file_url(photo["image"]),
                    "thumbnail_url": self.file_url(photo["thumbnail"] or photo["image"]),
                    **{
                        name: photo[name]
                        for name in ("width", "height", "caption_en", "caption_zh")
                    },
                }
                for photo in row["photo_rows"]
            ],
            "links": row["link_rows"],
            "distance_km": round(distance, 3) if distance is not None else None,
            "created_at": local_isoformat(row["created_at"]),
            "updated_at": local_isoformat(row["updated_at"]),
        }


# What managers write


class OpeningHoursWriteSerializer(serializers.Serializer):
    """All the opening hours of a space, replacing the ones it had."""

    # Three periods a day is more than any space has; the bound keeps a request small.
    opening_hours = OpeningHoursSerializer(many=True, max_length=21)

    def validate_opening_hours(self, hours: list[dict]) -> list[dict]:
        starts = [(period["weekday"], period["opens"]) for period in hours]
        if len(set(starts)) != len(starts):
            raise serializers.ValidationError(
                _("Two periods start on the same day at the same time."), code="unique"
            )
        periods = [(period["weekday"], period["opens"], period["closes"]) for period in hours]
        overlap = OpeningHours.first_overlap(periods)
        if overlap is not None:
            earlier, later = overlap
            message = _("Period %(later)d overlaps period %(earlier)d.") % {
                "later": later, "earlier": earlier}  # fmt: skip
            errors = [{} for period in hours]
            errors[later] = {"opens": [serializers.ErrorDetail(message, code="overlap")]}
            raise serializers.ValidationError(errors)
        return hours

    @transaction.atomic
    def update(self, space: Space, validated_data: dict) -> Space:
        # One row at a time, not bulk: the signals that mark the space changed must run.
        space.opening_hours.all().delete()
        for period in validated_data["opening_hours"]:
            OpeningHours.objects.create(space=space, **period)
        return space

    def to_representation(self, space: Space) -> dict:
        return {"opening_hours": OpeningHoursSerializer(space.opening_hours.all(), many=True).data}


class MembershipPlansWriteSerializer(serializers.Serializer):
    """All the membership plans of a space, in the order given, replacing the ones it had."""

    plans = MembershipPlanSerializer(many=True, max_length=20)  # a price list, not a catalogue

    @transaction.atomic
    def update(self, space: Space, validated_data: dict) -> Space:
        space.plans.all().delete()
        for position, plan in enumerate(validated_data["plans"]):
            MembershipPlan.objects.create(space=space, position=position, **plan)
        return space

    def to_representation(self, space: Space) -> dict:
        return {"plans": MembershipPlanSerializer(space.plans.all(), many=True).data}


class SpaceStatusSerializer(serializers.ModelSerializer):
    """Managers close a published space or reopen a closed one; publishing a draft or a
    pending listing stays with the editors, who review it."""

    MANAGED = [Space.Status.PUBLISHED, Space.Status.CLOSED]

    status = ExactChoiceField(choices=[(s.value, s.label) for s in MANAGED])

    class Meta:
        model = Space
        fields = ["status"]

    def validate(self, data):
        if self.instance.status not in self.MANAGED:
            raise serializers.ValidationError(
                {"status": _("Only editors publish a draft or a listing under review.")},
                code="not_reviewed",
            )
        return data


# SpaceAPI (https://spaceapi.io), version 15

BILLING_INTERVALS = {
    MembershipPlan.Period.HOUR: "hourly",
    MembershipPlan.Period.DAY: "daily",
    MembershipPlan.Period.WEEK: "weekly",
    MembershipPlan.Period.MONTH: "monthly",
    MembershipPlan.Period.YEAR: "yearly",
}


def last_opening_change(space: Space, moment: datetime) -> datetime | None:
    """When `space` last opened or closed by its opening hours before `moment` (a week back)."""
    zone = space.city.zoneinfo
    today = moment.astimezone(zone).date()
    edges = set()
    for back in range(8):
        day = today - timedelta(days=back)
        for period in space.opening_hours.all():
            if period.weekday == day.weekday():
                ends_on = day + timedelta(days=1) if period.runs_overnight else day
                edges.add(datetime.combine(day, period.opens, zone))
                edges.add(datetime.combine(ends_on, period.closes, zone))
    for edge in sorted((edge for edge in edges if edge <= moment), reverse=True):
        if space.is_open_at(edge) != space.is_open_at(edge - timedelta(microseconds=1)):
            return edge
    return None


def spaceapi_document(space: Space, request) -> dict:
    """A SpaceAPI v15 document for a published space (state from its opening hours)."""
    name = space.name_en or space.name_zh
    api_url = request.build_absolute_uri(reverse("api:space-detail", args=[space.slug]))
    photos = list(space.photos.all())
    logo = photos[0].thumbnail or photos[0].image if photos else None
    location = {"timezone": space.city.timezone, "country_code": space.city.country}
    address = ", ".join(
        part for part in (space.address_en or space.address_zh, space.city.name_en) if part
    )
    if address:
        location["address"] = address
    if space.latitude is not None:
        location["lat"], location["lon"] = float(space.latitude), float(space.longitude)
    if space.floor_area:
        location["areas"] = [{"name": name, "square_meters": space.floor_area}]
    contact = {}
    if may_see_contact(request):
        contact = {
            key: value for key, value in (("email", space.email), ("phone", space.phone)) if value
        }
    document = {
        "api_compatibility": ["15"],
        "space": name,
        "logo": request.build_absolute_uri(logo.url) if logo else "",
        "url": space.website or api_url,
        "location": location,
        "contact": contact,
        "links": [{"name": "Maker2", "url": api_url}]
        + [{"name": link.get_kind_display(), "url": link.url} for link in space.links.all()],
        "membership_plans": [
            {
                "name": plan.name_en or plan.name_zh,
                "value": float(plan.price),
                "currency": plan.currency,
                "billing_interval": BILLING_INTERVALS[plan.period],
                **({"description": plan.includes_en} if plan.includes_en else {}),
            }
            for plan in space.plans.all()
        ],
    }
    if space.opening_hours.all():
        now = timezone.now()
        document["state"] = {"open": space.is_open_at(now)}
        if changed := last_opening_change(space, now):
            document["state"]["lastchange"] = int(changed.timestamp())
    return document
