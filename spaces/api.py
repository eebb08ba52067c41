"""Partner API views for places: cities, networks and spaces, and what managers may change.

Only published spaces are public: a draft, a listing under review or a closed space is a
404 here, and leaves the lists (the deletions feed says so).
"""

import csv
import gzip
from datetime import datetime
from functools import partial

import orjson
from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection
from django.db.models import F, FloatField, OuterRef
from django.db.models.functions import Cast
from django.http import HttpResponse, StreamingHttpResponse
from django.middleware.gzip import re_accepts_gzip as accepts_gzip
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.encoding import filepath_to_uri
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import exceptions, generics, serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from maker2.api_access import ManagesTheSpace, may_see_contact
from maker2.api_schema import ExportSchema
from maker2.api_sync import SyncViewSet

from .filters import ApiSpaceFilter, CityFilter, NetworkFilter, SpaceFilter
from .models import (
    City,
    Equipment,
    MembershipPlan,
    Network,
    OpeningHours,
    Service,
    Space,
    SpacePhoto,
)
from .serializers import (
    CitySerializer,
    MembershipPlansWriteSerializer,
    NetworkSerializer,
    OpeningHoursWriteSerializer,
    SpaceRows,
    SpaceSerializer,
    SpaceStatusSerializer,
    spaceapi_document,
)
from .spreadsheets import spreadsheet_safe


class CityViewSet(SyncViewSet):
    """Cities Maker2 lists spaces in, active or planned.

    Search (`q`) matches English and Chinese names and provinces, forgiving typos.
    """

    queryset = City.objects.listed()
    serializer_class = CitySerializer
    filterset_class = CityFilter


class NetworkViewSet(SyncViewSet):
    """Operators (who run spaces) and alliances (that group them); a network may belong to a
    larger one (`parent`). Filter spaces by `network` to get all of a network's spaces,
    its member networks' included."""

    queryset = Network.objects.select_related("parent")
    serializer_class = NetworkSerializer
    filterset_class = NetworkFilter


class SpaceViewSet(SyncViewSet):
    """Published makerspaces, co-working sites, fab labs, incubators…

    Each comes with its plans and prices, opening hours (in its city's time zone) and
    whether it is open now (null when it lists no hours), services, equipment, photos
    (absolute URLs, with thumbnails) and social links. What a space did not give (figures,
    coordinates) is null. Email and phone need a key with the contact scope.
    """

    # SpaceRows loads what it shows; SpaceSerializer describes it in the schema.
    queryset = Space.objects.published()
    serializer_class = SpaceSerializer
    filterset_class = ApiSpaceFilter

    def page_data(self, queryset) -> list[dict]:
        represent = SpaceRows(self.request)
        return [represent(row) for row in self.paginate_queryset(SpaceRows.values(queryset))]

    def detail_data(self) -> tuple[dict, datetime]:
        spaces = self.get_queryset().filter(slug=self.kwargs[self.lookup_field])
        row = SpaceRows.values(spaces).first()
        if row is None:
            raise exceptions.NotFound()
        return SpaceRows(self.request)(row), row["updated_at"]


class Echo:
    """A file whose write() hands back the line, so csv.writer can feed a streaming answer."""

    def write(self, line: str) -> str:
        return line


def slugs_of(model, link: str) -> ArraySubquery:
    """The slugs of a space's networks, services or equipment, sorted, as one column."""
    return ArraySubquery(
        model.objects.filter(**{link: OuterRef("pk")}).order_by("slug").values("slug")
    )


ROW_MADE = {"city", "networks", "services", "equipment", "url"}


class SpaceCSVView(generics.GenericAPIView):
    """The spaces of the list, every match on one sheet: CSV in UTF-8 with a byte order mark
    (Excel reads the Chinese right). Takes the list's filters; lists are joined with ";".
    `email` and `phone` columns come with a key that has the contact scope."""

    queryset = Space.objects.published()
    filterset_class = ApiSpaceFilter
    pagination_class = None
    schema = ExportSchema()

    # Space.SHEET_COLUMNS but the admin's own: only published spaces are listed (so no
    # status), and their descriptions are left to the JSON; email and phone only for a key
    # with the contact scope.
    COLUMNS = [
        column
        for column in Space.SHEET_COLUMNS
        if column not in {"status", "description_en", "description_zh"}
    ]
    CONTACT = {"email", "phone"}
    # Read as they are stored; the others are made in row().
    STORED = [column for column in COLUMNS if column not in ROW_MADE]

    def perform_content_negotiation(self, request, force=False):
        # The sheet is written below whatever the Accept header; errors are JSON.
        return JSONRenderer(), JSONRenderer.media_type

    @extend_schema(
        responses={
            (200, "text/csv"): OpenApiResponse(
                OpenApiTypes.STR, description="One row per space, a header row first."
            )
        }
    )
    def get(self, request):
        columns = self.COLUMNS
        if not may_see_contact(request):
            columns = [column for column in columns if column not in self.CONTACT]
        # Plain values in one streamed query: all 20,000 spaces as models would take seconds.
        spaces = (
            self.filter_queryset(self.get_queryset())
            .annotate(
                city_slug=F("city__slug"),
                network_slugs=slugs_of(Network, "spaces"),
                service_slugs=slugs_of(Service, "spaces"),
                equipment_slugs=slugs_of(Equipment, "spaces"),
            )
            .values(*self.STORED, "city_slug", "network_slugs", "service_slugs", "equipment_slugs")
        )
        # A space's detail is the list's address and its slug (one reverse, not 20,000).
        list_url = request.build_absolute_uri(reverse("api:space-list"))
        writer = csv.writer(Echo())

        def lines():
            yield "\ufeff" + writer.writerow(columns)
            for space in spaces.iterator(chunk_size=2000):
                row = self.row(space, list_url)
                yield writer.writerow([spreadsheet_safe(row[column]) for column in columns])

        response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="maker2-spaces.csv"'
        return response

    def row(self, space: dict, list_url: str) -> dict:
        return {
            **space,
            "city": space["city_slug"],
            "networks": ";".join(space["network_slugs"]),
            "services": ";".join(space["service_slugs"]),
            "equipment": ";".join(space["equipment_slugs"]),
            "url": f"{list_url}{space['slug']}/",
            "updated_at": space["updated_at"].isoformat(),
        }


def compressed(request, response: HttpResponse) -> HttpResponse:
    """The response gzipped at level 1 for a client that takes it: for megabytes of map
    points, GZipMiddleware's level 6 took longer than building them, for a tenth fewer bytes.
    (The middleware leaves an answer that already has a Content-Encoding alone.)"""
    patch_vary_headers(response, ["Accept-Encoding"])
    if not accepts_gzip.search(request.headers.get("Accept-Encoding", "")):
        return response
    response.content = gzip.compress(response.content, compresslevel=1, mtime=0)
    response["Content-Encoding"] = "gzip"
    response["Content-Length"] = str(len(response.content))
    return response


GEOJSON = inline_serializer(
    "SpaceFeatureCollection",
    {
        "type": serializers.ChoiceField(choices=["FeatureCollection"]),
        "features": inline_serializer(
            "SpaceFeature",
            {
                "type": serializers.ChoiceField(choices=["Feature"]),
                "id": serializers.IntegerField(),
                "geometry": inline_serializer(
                    "SpacePoint",
                    {
                        "type": serializers.ChoiceField(choices=["Point"]),
                        "coordinates": serializers.ListField(
                            child=serializers.FloatField(),
                            min_length=2,
                            max_length=2,
                            help_text="[longitude, latitude]",
                        ),
                    },
                ),
                "properties": inline_serializer(
                    "SpaceFeatureProperties",
                    {
                        "slug": serializers.SlugField(),
                        "name_en": serializers.CharField(),
                        "name_zh": serializers.CharField(),
                        "kind": serializers.ChoiceField(choices=Space.Kind.choices),
                        "city": serializers.SlugField(help_text="The city's slug."),
                        "price_from": serializers.DecimalField(
                            max_digits=12,
                            decimal_places=2,
                            allow_null=True,
                            help_text="The lowest price of a monthly plan, as a decimal "
                            "string; null without a monthly plan.",
                        ),
                        "open_now": serializers.BooleanField(
                            allow_null=True,
                            help_text="Open now by the opening hours (in the city's time "
                            "zone); null when the space lists no hours.",
                        ),
                        "thumbnail_url": serializers.URLField(
                            allow_null=True,
                            help_text="The first photo's thumbnail (400 px wide), absolute; "
                            "null without a photo or before the thumbnail is drawn.",
                        ),
                    },
                ),
            },
            many=True,
        ),
    },
)


def with_popup_parts(points) -> tuple[str, list]:
    """The SQL of `points` (the map's columns, read from the covering index) with whether
    each space is open now, its lowest monthly price and its first photo's thumbnail, and
    the parameters.

    Each part is one aggregate over its table, joined: at 20,000 spaces asking every space in
    turn (correlated subqueries) took ten times as long as reading the points."""
    sql, params = points.query.sql_with_params()
    zones, hours = OpeningHours.objects.open_flags_at(timezone.now())
    hours_sql, hours_params = hours.query.sql_with_params()
    flags = [f"open_{index}" for index in range(len(zones))]
    # Each space's flag for its own city's zone; NULL (not known) when it lists no hours.
    open_now = "CASE points.zone " + " ".join(f"WHEN %s THEN hours.{f}" for f in flags) + " END"
    plans, photos = MembershipPlan._meta.db_table, SpacePhoto._meta.db_table
    columns = "id, longitude, latitude, slug, name_en, name_zh, kind, city, zone"
    return (
        # (A CTE that PostgreSQL inlines: the points' query comes first, as in EXPLAIN.)
        f"""WITH points ({columns}) AS ({sql})
        SELECT points.id, points.longitude, points.latitude, points.slug, points.name_en,
            points.name_zh, points.kind, points.city, {open_now if flags else "NULL"},
            price.lowest::text, photo.thumbnail
        FROM points
        LEFT JOIN ({hours_sql}) AS hours (space_id{"".join(", " + f for f in flags)})
            ON hours.space_id = points.id
        LEFT JOIN (
            SELECT space_id, MIN(price) AS lowest FROM {plans} WHERE period = %s
            GROUP BY space_id
        ) AS price ON price.space_id = points.id
        LEFT JOIN (
            SELECT DISTINCT ON (space_id) space_id, thumbnail FROM {photos}
            ORDER BY space_id, position, id
        ) AS photo ON photo.space_id = points.id
        ORDER BY points.id""",
        [*params, *zones, *hours_params, MembershipPlan.Period.MONTH.value],
    )


class SpaceGeoJSONView(generics.GenericAPIView):
    """All published spaces that match the filters, as a GeoJSON FeatureCollection.

    Takes the site directory's filters (the site's map draws from it). Spaces without
    coordinates are left out. Each feature's properties carry what a map popup needs: name
    in both languages, kind, city, the lowest monthly price, whether it is open now and the
    first photo's thumbnail; the site links a feature to its page by slug.
    """

    queryset = Space.objects.published().filter(latitude__isnull=False)
    filterset_class = SpaceFilter
    pagination_class = None
    schema = ExportSchema()

    @extend_schema(
        responses={(200, "application/geo+json"): OpenApiResponse(GEOJSON)},
    )
    def get(self, request, *args, **kwargs):
        # The map asks for every space at once: only the columns sent, as tuples (floats made
        # by PostgreSQL), in no particular order but the id's, and orjson; model instances
        # and DRF's renderer cost ten times more at 20,000 spaces.
        float_of = partial(Cast, output_field=FloatField())
        spaces = (
            self.filter_queryset(self.get_queryset())
            .order_by("pk")
            .values_list(
                "pk",
                float_of("longitude"),
                float_of("latitude"),
                "slug",
                "name_en",
                "name_zh",
                "kind",
                "city__slug",
                "city__timezone",
            )
        )
        # Files are named under the storage's base URL: one absolute prefix for every photo.
        media = request.build_absolute_uri(SpacePhoto._meta.get_field("image").storage.url(""))
        # Straight from the cursor: Django's per-value converters alone took 25 ms here.
        # A query that can match nothing (a search with no word in it) has no SQL to run.
        features = []
        if not spaces.query.is_empty():
            with connection.cursor() as cursor:
                cursor.execute(*with_popup_parts(spaces))
                features = [self.feature(row, media) for row in cursor.fetchall()]
        collection = {"type": "FeatureCollection", "features": features}
        return compressed(
            request, HttpResponse(orjson.dumps(collection), content_type="application/geo+json")
        )

    @staticmethod
    def feature(space: tuple, media: str) -> dict:
        pk, longitude, latitude, slug, name_en, name_zh, kind, city, open_now, price, thumb = space
        return {
            "type": "Feature",
            "id": pk,
            "geometry": {"type": "Point", "coordinates": [longitude, latitude]},
            "properties": {
                "slug": slug,
                "name_en": name_en,
                "name_zh": name_zh,
                "kind": kind,
                "city": city,
                "price_from": price,
                "open_now": open_now,
                "thumbnail_url": media + filepath_to_uri(thumb) if thumb else None,
            },
        }


# SpaceAPI


class SpaceAPIView(generics.GenericAPIView):
    """A published space as a SpaceAPI v15 document (https://spaceapi.io).

    `state.open` follows the opening hours and `state.lastchange` is when the space last
    opened or closed by them; spaces without opening hours have no `state`. `logo` is the
    space's first photo (empty when it has none); `contact` is empty unless the key has
    the contact scope.
    """

    queryset = (
        Space.objects.published()
        .select_related("city")
        .prefetch_related("plans", "opening_hours", "photos", "links")
    )
    lookup_field = "slug"
    filter_backends = []

    @extend_schema(
        responses=OpenApiResponse(
            OpenApiTypes.OBJECT,
            description="A document valid against https://schema.spaceapi.io/15.json.",
        )
    )
    def get(self, request, slug):
        return Response(spaceapi_document(self.get_object(), request))


class SpaceAPIDirectoryView(generics.GenericAPIView):
    """The SpaceAPI directory of Maker2's published spaces: each space's name mapped to the
    URL of its SpaceAPI document. A name that two spaces share is followed by the slug."""

    queryset = Space.objects.published().order_by("name_en", "pk")
    filter_backends = []
    pagination_class = None

    @extend_schema(
        responses=OpenApiResponse(
            {"type": "object", "additionalProperties": {"type": "string", "format": "uri"}},
            description="An object from space names to document URLs.",
        )
    )
    def get(self, request):
        directory = {}
        for slug, name_en, name_zh in self.get_queryset().values_list("slug", "name_en", "name_zh"):
            name = name_en or name_zh
            if name in directory:
                name = f"{name} ({slug})"
            url = reverse("api:space-spaceapi", args=[slug])
            directory[name] = request.build_absolute_uri(url)
        return Response(directory)


# What managers may change


class ManagedSpaceView(generics.GenericAPIView):
    """Base of the writes: a key with the manage scope, for a space its user manages.

    Another space is a 403 when it is public, a 404 when it is not, as it is to everyone.
    """

    queryset = Space.objects.select_related("city")
    permission_classes = [ManagesTheSpace]
    filter_backends = []
    lookup_field = "slug"

    def get_object(self):
        space = get_object_or_404(self.get_queryset(), slug=self.kwargs["slug"])
        try:
            self.check_object_permissions(self.request, space)
        except exceptions.PermissionDenied:
            if not space.is_published:
                raise exceptions.NotFound() from None
            raise
        return space

    def put(self, request, slug):
        serializer = self.get_serializer(self.get_object(), data=request.data)
        serializer.is_valid(raise_exception=True)
        serializer.save()
        return Response(serializer.data)


class SpaceHoursView(ManagedSpaceView):
    """Replace all the opening hours of a space you manage (in its city's local time).

    Send every period, e.g. {"opening_hours": [{"weekday": 0, "opens": "09:00",
    "closes": "18:00"}, …]}; an empty list means no hours are published. Two periods may
    not start at the same time on a day nor overlap in the week (Sunday night runs into
    Monday): the later one is a 400.
    """

    serializer_class = OpeningHoursWriteSerializer


class SpacePlansView(ManagedSpaceView):
    """Replace all the membership plans of a space you manage, in the order they should show.

    Send every plan, e.g. {"plans": [{"name_en": "Hot desk", "name_zh": "流动工位",
    "period": "month", "price": "1200.00", "currency": "CNY"}]}.
    """

    serializer_class = MembershipPlansWriteSerializer


class SpaceStatusView(ManagedSpaceView):
    """Close a published space you manage ({"status": "closed"}) or reopen it
    ({"status": "published"}). A closed space leaves the public API until reopened.
    Drafts and listings under review are published by Maker2's editors, not here."""

    serializer_class = SpaceStatusSerializer
