"""The filters visitors and partners narrow spaces with: one FilterSet for site and API."""

import re
from decimal import Decimal

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils.translation import gettext_lazy as _
from django_filters import fields as filter_fields

from maker2.api_sync import (
    NAME_ORDERINGS,
    RELEVANCE_ORDERING,
    SYNC_ORDERINGS,
    SyncFilterForm,
    SyncFilterSet,
    describe_filters,
    ordering_filter,
)

from .models import City, Equipment, MembershipPlan, Network, Service, Space

MAX_RADIUS_KM = 20000


# Plain decimal degrees in range, as the schema gives them (an empty parameter is ignored):
# not "1e1", " 39.9" or other digits than ASCII, which float() takes.
LATITUDE = r"-?(?:90(?:\.0+)?|[1-8]?[0-9](?:\.[0-9]+)?)"
LONGITUDE = r"-?(?:180(?:\.0+)?|(?:1[0-7][0-9]|[1-9]?[0-9])(?:\.[0-9]+)?)"
POINT_PATTERN = rf"^(?:{LATITUDE},{LONGITUDE})?$"
BOX_PATTERN = rf"^(?:{LONGITUDE},{LATITUDE},{LONGITUDE},{LATITUDE})?$"
# Money as a decimal string, as the API writes it: at most 10 digits, then 2 decimals.
PRICE_PATTERN = r"^(?:[0-9]{1,10}(?:\.[0-9]{1,2})?)?$"


class DegreesField(forms.CharField):
    """`count` comma-separated decimal degrees, written as `pattern` gives them; an empty
    parameter is None. Numbers out of range (`in_range(*numbers)` false, NaN included) are an
    `out_of_range` error, anything else that is not `pattern` an `invalid` one."""

    count: int
    pattern: str

    def in_range(self, *numbers: float) -> bool:
        raise NotImplementedError

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        invalid = ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            numbers = tuple(float(part) for part in value.split(","))
        except ValueError:
            numbers = ()
        if len(numbers) != self.count:
            raise invalid
        if not self.in_range(*numbers):
            raise ValidationError(self.error_messages["out_of_range"], code="out_of_range")
        if not re.fullmatch(self.pattern, value):  # "1e1", " 39.9", "٣٩": not as the schema
            raise invalid
        return numbers


class PointField(DegreesField):
    """ "latitude,longitude" in decimal degrees, e.g. "39.9075,116.3972"."""

    count = 2
    pattern = POINT_PATTERN
    default_error_messages = {
        "invalid": _('Give a point as "latitude,longitude", e.g. 39.9075,116.3972.'),
        "out_of_range": _("Latitude must lie within ±90 and longitude within ±180."),
    }

    def in_range(self, latitude: float, longitude: float) -> bool:
        return -90 <= latitude <= 90 and -180 <= longitude <= 180


class PointFilter(django_filters.Filter):
    field_class = PointField


class PlainDecimalField(forms.DecimalField):
    """A decimal written plainly, "1200" or "0.5": not "1e3", " 12" or other digits than
    ASCII, which Decimal() takes."""

    def to_python(self, value):
        if value not in self.empty_values and not re.fullmatch(r"-?[0-9]+(?:\.[0-9]+)?", value):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class PlainDecimalFilter(django_filters.NumberFilter):
    field_class = PlainDecimalField


class StrictBooleanField(forms.Field):
    """true/false (or 1/0, on/off, yes/no); anything else is an error, not silently ignored."""

    TRUE, FALSE = {"true", "1", "on", "yes"}, {"false", "0", "off", "no"}

    def to_python(self, value):
        if value in (None, ""):
            return None
        text = str(value).lower()
        if text in self.TRUE | self.FALSE:
            return text in self.TRUE
        raise ValidationError(_("Use true or false."), code="invalid")


class StrictBooleanFilter(django_filters.Filter):
    field_class = StrictBooleanField


class ListedChoices:
    """A model choice field that can be handed the rows its page lists as the choices anyway
    (`show(rows)`): submitted slugs are then looked up among them, not asked of the database
    once more per filter. Without them it asks, as any model choice field does (the API)."""

    shown: dict | None = None

    def show(self, rows) -> None:
        self.shown = {str(getattr(row, self.to_field_name)): row for row in rows}

    def shown_row(self, value):
        self.validate_no_null_characters(value)
        try:
            return self.shown[str(value)]
        except KeyError:
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            ) from None


class ListedChoiceField(ListedChoices, filter_fields.ModelChoiceField):
    def to_python(self, value):
        if self.shown is None or value in self.empty_values:
            return super().to_python(value)
        return self.shown_row(value)


class ListedMultipleChoiceField(ListedChoices, filter_fields.ModelMultipleChoiceField):
    def _check_values(self, value):
        if self.shown is None:
            return super()._check_values(value)
        if isinstance(value, str) or not hasattr(value, "__iter__"):
            raise ValidationError(self.error_messages["invalid_list"], code="invalid_list")
        return [self.shown_row(item) for item in dict.fromkeys(value)]


class ListedChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = ListedChoiceField


class ListedMultipleChoiceFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = ListedMultipleChoiceField


class SpaceFilterForm(forms.Form):
    def clean(self):
        data = super().clean()
        low, high = data.get("price_min"), data.get("price_max")
        if low is not None and high is not None and low > high:
            self.add_error("price_max", _("The highest price is below the lowest."))
        if data.get("sort") == "distance" and not data.get("near"):
            self.add_error("sort", _("Sorting by distance needs a point to measure from."))
        if data.get("radius_km") and not data.get("near"):
            self.add_error("radius_km", _("A radius needs a point to measure from."))
        return data


class SpaceFilter(django_filters.FilterSet):
    """Every way to narrow the directory. Values that make no sense are form errors."""

    SORTS = {
        "name": ["name_en", "pk"],
        "newest": ["-created_at", "-pk"],
        "area": [F("floor_area").desc(nulls_last=True), "pk"],
        "price": ["lowest_price", "pk"],
        "distance": ["distance_km", "pk"],
    }

    q = django_filters.CharFilter(label=_("Search"), method="filter_search", max_length=100)
    city = ListedMultipleChoiceFilter(
        label=_("City"),
        field_name="city__slug",
        to_field_name="slug",
        queryset=City.objects.listed(),
    )
    kind = django_filters.MultipleChoiceFilter(label=_("Kind"), choices=Space.Kind.choices)
    network = ListedChoiceFilter(
        label=_("Network"),
        to_field_name="slug",
        queryset=Network.objects.all(),
        method="filter_network",
    )
    services = ListedMultipleChoiceFilter(
        label=_("Services"),
        field_name="services__slug",
        to_field_name="slug",
        queryset=Service.objects.all(),
        conjoined=True,
        help_text=_("Spaces that offer all of them."),
    )
    equipment = ListedMultipleChoiceFilter(
        label=_("Equipment"),
        field_name="equipment__slug",
        to_field_name="slug",
        queryset=Equipment.objects.all(),
        conjoined=True,
        help_text=_("Spaces that have all of it."),
    )
    price_min = PlainDecimalFilter(
        label=_("Lowest price"), method="filter_later", min_value=0, max_digits=12, decimal_places=2
    )
    price_max = PlainDecimalFilter(
        label=_("Highest price"),
        method="filter_later",
        min_value=0,
        max_digits=12,
        decimal_places=2,
    )
    period = django_filters.ChoiceFilter(
        label=_("Price per"), choices=MembershipPlan.Period.choices, method="filter_later"
    )
    open_now = StrictBooleanFilter(
        label=_("Open now"),
        method="filter_open_now",
        help_text=_(
            "true: open now by their opening hours; false: closed now by them. Spaces "
            "that list no opening hours match neither."
        ),
    )
    near = PointFilter(label=_("Near"), method="filter_later", help_text=_('"latitude,longitude"'))
    radius_km = PlainDecimalFilter(
        label=_("Within (km)"),
        method="filter_later",
        min_value=Decimal("0.1"),
        max_value=MAX_RADIUS_KM,
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        method="filter_later",
        empty_label=_("Best match"),
        choices=[
            ("name", _("Name")),
            ("newest", _("Newest")),
            ("area", _("Largest")),
            ("price", _("Price")),
            ("distance", _("Distance")),
        ],
    )

    class Meta:
        model = Space
        form = SpaceFilterForm
        fields = ["q", "city", "kind", "network", "services", "equipment", "open_now"]

    def filter_later(self, queryset, name, value):
        """Applied in `filter_queryset`, after the plain filters (as in the API's filters)."""
        return queryset

    def filter_search(self, queryset, name, value):
        return queryset.search(value) if value.strip() else queryset

    def filter_network(self, queryset, name, value):
        return queryset.in_network(value)

    def filter_open_now(self, queryset, name, value):
        return queryset.open_now() if value else queryset.closed_now()

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        low, high, period = data.get("price_min"), data.get("price_max"), data.get("period")
        if low is not None or high is not None:
            queryset = queryset.priced_between(low, high, period or None)
        near, radius = data.get("near"), data.get("radius_km")
        if near and radius:
            queryset = queryset.within_km(*near, radius_km=float(radius))
        elif near:
            queryset = queryset.with_distance(*near)
        sort = data.get("sort") or ("distance" if near else None)
        if sort == "price":
            queryset = queryset.with_lowest_price(period or MembershipPlan.Period.MONTH)
        if sort:
            queryset = queryset.order_by(*self.SORTS[sort])
        elif not data.get("q"):
            queryset = queryset.order_by(*self.SORTS["name"])
        return queryset


# The partner API's filters (spaces/api.py): the site's, plus what a sync and a map need.


class BoundingBoxField(DegreesField):
    """ "west,south,east,north" in decimal degrees; west > east crosses the 180° meridian."""

    count = 4
    pattern = BOX_PATTERN
    default_error_messages = {
        "invalid": _('Give a box as "west,south,east,north", e.g. 116.2,39.8,116.6,40.1.'),
        "out_of_range": _(
            "Longitudes must lie within ±180, latitudes within ±90, south below north."
        ),
    }

    def in_range(self, west: float, south: float, east: float, north: float) -> bool:
        return -180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= north <= 90


class BoundingBoxFilter(django_filters.Filter):
    field_class = BoundingBoxField

    def filter(self, queryset, value):
        if value is None:
            return queryset
        west, south, east, north = value
        return queryset.in_bbox(south=south, west=west, north=north, east=east)


class ApiSpaceFilterForm(SyncFilterForm, SpaceFilterForm):
    pass


class ApiSpaceFilter(SyncFilterSet, SpaceFilter):
    """The site's filters, `ordering` in place of `sort`, and `updated_since`, `bbox`,
    `verified`."""

    ORDERINGS = {
        **SYNC_ORDERINGS,
        **NAME_ORDERINGS,
        **RELEVANCE_ORDERING,
        "distance": ("distance_km", "id"),
    }

    sort = None  # the API orders with `ordering`, whose orders keyset pages can follow
    bbox = BoundingBoxFilter(
        label=_("In the box"),
        help_text=_('"west,south,east,north" in degrees, e.g. 116.2,39.8,116.6,40.1.'),
    )
    verified = StrictBooleanFilter(label=_("Verified"), field_name="verified")
    ordering = ordering_filter(ORDERINGS)

    class Meta(SpaceFilter.Meta):
        form = ApiSpaceFilterForm

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if queryset.query.order_by[0] == "distance_km":
            queryset = queryset.filter(distance_km__isnull=False)
        return queryset


for filterset in (SpaceFilter, ApiSpaceFilter):  # the schema only: no filter changes
    describe_filters(
        filterset,
        city="string",
        network="string",
        services="string",
        equipment="string",
        open_now="boolean",
        # What the schema cannot say is in the descriptions (the API answers 400 for it).
        near={
            "type": "string",
            "pattern": POINT_PATTERN,
            "description": "In decimal degrees, e.g. 39.9075,116.3972.",
        },
        radius_km={
            "type": "number",
            "minimum": 0.1,
            "maximum": MAX_RADIUS_KM,
            "description": "Kilometres around `near`, which it needs.",
        },
        price_min={
            "type": "string",
            "format": "decimal",
            "pattern": PRICE_PATTERN,
            "description": "A plan's price (per `period`, if given), e.g. 1200.00; at most "
            "price_max.",
        },
        price_max={
            "type": "string",
            "format": "decimal",
            "pattern": PRICE_PATTERN,
            "description": "A plan's price (per `period`, if given); at least price_min.",
        },
    )
describe_filters(
    ApiSpaceFilter,
    bbox={"type": "string", "pattern": BOX_PATTERN, "description": "south at most north."},
)


class CityFilter(SyncFilterSet):
    ORDERINGS = {**SYNC_ORDERINGS, **NAME_ORDERINGS, **RELEVANCE_ORDERING}

    q = django_filters.CharFilter(label=_("Search"), method="filter_search", max_length=100)
    status = django_filters.MultipleChoiceFilter(label=_("Status"), choices=City.Status.choices)
    country = django_filters.CharFilter(
        label=_("Country"), help_text=_("ISO 3166 alpha-2 code, e.g. CN."), max_length=2
    )
    ordering = ordering_filter(ORDERINGS)

    class Meta(SyncFilterSet.Meta):
        model = City
        fields = ["q", "status", "country"]


class NetworkFilter(SyncFilterSet):
    ORDERINGS = {**SYNC_ORDERINGS, **NAME_ORDERINGS}

    kind = django_filters.MultipleChoiceFilter(label=_("Kind"), choices=Network.Kind.choices)
    parent = django_filters.ModelChoiceFilter(
        label=_("Part of"),
        to_field_name="slug",
        queryset=Network.objects.all(),
        help_text=_("Networks directly inside this one (by slug)."),
    )
    ordering = ordering_filter(ORDERINGS)

    class Meta(SyncFilterSet.Meta):
        model = Network
        fields = ["kind", "parent"]
