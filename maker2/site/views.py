"""Pages that show places with the people and the money around them: home, a space's page,
cities, networks, figures, search, and the tour requests that reach a space's managers.

They read both apps, so they sit above both; the pages that need only places (the
directory, adding a space, social cards) stay in spaces/views.py. Their URLs keep the
`spaces` namespace (maker2/site/urls.py) and their templates stay under templates/spaces/.
"""

from types import SimpleNamespace

from django.db.models import F, Prefetch, prefetch_related_objects
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from django.views.generic import DetailView, ListView, TemplateView

from maker2.mail import site_url
from maker2.ratelimit import HourlyLimit, Post, guard_post
from members.models import FundingTotals, Maker, Membership, Project, manager_emails, with_funding
from spaces.forms import TourRequestForm
from spaces.models import City, Network, PlaceTotals, Space, Weekday
from spaces.services import request_tour
from spaces.views import url_with, with_card_data

# A city or network page lists this many spaces and links to the directory for the rest.
SPACES_SHOWN = 24
# The stats page charts this many cities and networks, those with the most floor area.
CHART_ROWS = 15


def point(place) -> str:
    """ "latitude,longitude" for the map to centre on, or "" when the place has no point."""
    return "" if place.latitude is None else f"{place.latitude},{place.longitude}"


def opening_week(space: Space) -> list[dict]:
    """Monday to Sunday with their opening periods; today, in the space's city, is marked."""
    today = timezone.now().astimezone(space.city.zoneinfo).weekday()
    hours = space.opening_hours.all()
    return [
        {"name": name, "periods": [h for h in hours if h.weekday == day], "today": day == today}
        for day, name in Weekday.choices
    ]


def bars(rows, label: str, value: str) -> list[dict]:
    """Bars of an SVG chart: each row's value as a share of the largest, in percent."""
    values = [getattr(row, value) or 0 for row in rows]
    largest = max(values, default=0)
    return [
        {
            "label": getattr(row, label),
            "value": amount,
            "percent": round(float(amount) * 100 / float(largest), 2) if largest else 0.0,
        }
        for row, amount in zip(rows, values, strict=True)
    ]


def charts(rows, label: str) -> list[tuple]:
    """The stats page's three charts for one breakdown: (title, kind of number, bars)."""
    return [
        (_("Floor area"), "area", bars(rows, label, "floor_area")),
        (_("Spaces"), "count", bars(rows, label, "space_count")),
        (_("Funding raised"), "money", bars(rows, label, "funding_cny")),
    ]


class HomeView(TemplateView):
    template_name = "spaces/home.html"
    featured_count = 6

    def get_context_data(self, **kwargs):
        published = Space.objects.published()
        featured = (
            published.filter(verified=True).with_lowest_price().order_by("-created_at", "-pk")
        )
        networks = with_funding(Network.objects.with_totals()).select_related("parent")
        return super().get_context_data(
            totals=PlaceTotals.objects.everywhere(),
            funding=FundingTotals.objects.everywhere(),
            planned_cities=City.objects.filter(status=City.Status.PLANNED).count(),
            networks=networks.order_by(F("parent").asc(nulls_first=True), "name_en"),
            featured=with_card_data(featured)[: self.featured_count],
            map_geojson_url=url_with("api:space-geojson"),
            **kwargs,
        )


class SpaceDetailView(DetailView):
    template_name = "spaces/space_detail.html"
    context_object_name = "space"

    def get_queryset(self):
        makers = Maker.objects.visible_to(self.request.user)
        memberships = (
            Membership.objects.current()
            .filter(maker__in=makers)
            .select_related("maker")
            .order_by("maker__display_name")
        )
        projects = Project.objects.order_by("-raised_cny", "name_en", "pk")
        return (
            with_funding(Space.objects.published())
            .select_related("city")
            .prefetch_related(
                "photos",
                "opening_hours",
                "plans",
                "links",
                "services",
                "equipment",
                "networks",
                Prefetch("memberships", queryset=memberships, to_attr="visible_memberships"),
                Prefetch("incubated_projects", queryset=projects, to_attr="projects"),
            )
        )

    def get_context_data(self, **kwargs):
        space = self.object
        # Founders first, members last; a maker with two roles appears under both.
        roles = [
            (label, [m for m in space.visible_memberships if m.role == role])
            for role, label in reversed(Membership.Role.choices)
        ]
        return super().get_context_data(
            open_now=space.is_open_now(),
            week=opening_week(space),
            price_from=space.cheapest_plan(),
            roles=[(label, members) for label, members in roles if members],
            map_single=space,
            **kwargs,
        )


def nearby_cities(city: City, count: int = 3) -> list[City]:
    """The nearest cities with spaces, for a planned city's page (none without a point)."""
    if city.latitude is None:
        return []
    nearest = City.objects.listed().exclude(pk=city.pk)
    return list(nearest.nearest_with_spaces(city.latitude, city.longitude)[:count])


class CityListView(ListView):
    template_name = "spaces/city_list.html"
    context_object_name = "cities"

    def get_queryset(self):
        # "active" sorts before "planned": the cities with spaces come first. Each card's map
        # shows its spaces' points: one query for all of them.
        points = (
            Space.objects.published()
            .exclude(latitude=None)
            .only("id", "city_id", "latitude", "longitude")
        )
        return (
            with_funding(City.objects.listed().with_totals())
            .prefetch_related(Prefetch("spaces", queryset=points, to_attr="space_points"))
            .order_by("status", "name_en")
        )


class CityDetailView(DetailView):
    template_name = "spaces/city_detail.html"
    context_object_name = "city"

    def get_queryset(self):
        return with_funding(City.objects.listed().with_totals())

    def get_context_data(self, **kwargs):
        city = self.object
        spaces = Space.objects.published().in_city(city).with_lowest_price()
        shown = list(with_card_data(spaces)[:SPACES_SHOWN])
        # No map when none of the city's spaces has a point (those shown tell, unless more
        # are listed than shown): an empty map says nothing the list does not.
        pinned = city.space_count > len(shown) or any(s.latitude is not None for s in shown)
        coming = city.status == City.Status.PLANNED and not shown
        return super().get_context_data(
            coming_soon=coming,
            nearby_cities=nearby_cities(city) if coming else [],
            spaces=shown,
            directory_url=url_with("spaces:space-list", {"city": city.slug}),
            map_geojson_url=url_with("api:space-geojson", {"city": city.slug}) if pinned else "",
            map_center=point(city),
            map_zoom=11,
            **kwargs,
        )


class NetworkListView(ListView):
    template_name = "spaces/network_list.html"
    context_object_name = "networks"

    def get_queryset(self):
        networks = with_funding(Network.objects.with_totals()).select_related("parent")
        return networks.order_by(F("parent").asc(nulls_first=True), "name_en")


class NetworkDetailView(DetailView):
    template_name = "spaces/network_detail.html"
    context_object_name = "network"

    def get_queryset(self):
        return with_funding(Network.objects.with_totals()).select_related("parent__parent")

    def get_context_data(self, **kwargs):
        network = self.object
        spaces = Space.objects.published().in_network(network).with_lowest_price()
        return super().get_context_data(
            members=with_funding(network.members.with_totals()),
            spaces=with_card_data(spaces)[:SPACES_SHOWN],
            directory_url=url_with("spaces:space-list", {"network": network.slug}),
            map_geojson_url=url_with("api:space-geojson", {"network": network.slug}),
            **kwargs,
        )


class StatsView(TemplateView):
    """Floor area, spaces and funding by city, network and year: SVG bars beside tables."""

    template_name = "spaces/stats.html"

    def get_context_data(self, **kwargs):
        cities = list(
            with_funding(City.objects.listed().with_totals())
            .filter(space_count__gt=0)
            .order_by("-floor_area", "name_en")
        )
        networks = list(with_funding(Network.objects.with_totals()).order_by("-floor_area"))
        years = self.years()
        return super().get_context_data(
            cities=cities,
            networks=networks,
            years=years,
            # Bars for 300 cities are unreadable (and were most of a 500 KB page): the charts
            # show the largest, the tables all.
            city_charts=charts(cities[:CHART_ROWS], "name"),
            network_charts=charts(networks[:CHART_ROWS], "name"),
            chart_rows=CHART_ROWS,
            year_charts=charts(years, "year"),
            totals=PlaceTotals.objects.everywhere(),
            funding=FundingTotals.objects.everywhere(),
            **kwargs,
        )

    @staticmethod
    def years() -> list:
        """Per year: spaces opened (by founding date) and money raised, in two queries."""
        year = PlaceTotals.Scope.YEAR
        opened = (
            PlaceTotals.objects.fresh()
            .filter(scope=year)
            .values("year", "space_count", "floor_area")
        )
        raised = (
            FundingTotals.objects.fresh()
            .filter(scope=year)
            .values("year", "rounds", funding_cny=F("cny"), funding_usd=F("usd"))
        )
        rows: dict[int, dict] = {}
        for row in [*opened, *raised]:
            rows.setdefault(row["year"], {}).update(row)
        empty = {"space_count": 0, "floor_area": 0, "rounds": 0, "funding_cny": 0, "funding_usd": 0}
        return [SimpleNamespace(**{**empty, **rows[year]}) for year in sorted(rows)]


class SearchView(TemplateView):
    """One box over spaces, cities, makers and projects, best matches first in each group."""

    template_name = "spaces/search.html"
    limit = 20

    def get_context_data(self, **kwargs):
        query = " ".join(self.request.GET.get("q", "").split())[:100]
        context = super().get_context_data(query=query, **kwargs)
        if not query:
            return context
        makers = Maker.objects.visible_to(self.request.user)
        # One more than shown tells whether to offer "more in the directory".
        spaces = Space.objects.published().select_related("city").best(query, self.limit + 1)
        shown = spaces[: self.limit]
        prefetch_related_objects(shown, "photos")  # each result's picture: one query for all
        context.update(
            spaces=shown,
            more_spaces=len(spaces) > self.limit,
            directory_url=url_with("spaces:space-list", {"q": query}),
            cities=City.objects.listed().best(query, self.limit),
            makers=makers.select_related("city").best(query, self.limit),
            projects=Project.objects.best(query, self.limit),
        )
        context["result_count"] = sum(
            len(context[group]) for group in ("spaces", "cities", "makers", "projects")
        )
        return context


# Tour and day-pass requests ------------------------------------------------------------------
# The form sits on the space page (templates/spaces/includes/_tour_request_form.html) and posts
# here; with errors it comes back on a page of its own. spaces.services.request_tour stores it
# and emails it to the space's managers, who are members' knowledge: this view names them.

TOUR_REQUESTS = HourlyLimit(
    "tour-requests",
    "TOUR_REQUESTS_PER_HOUR",
    _("You have sent many requests in the last hour. Please try again later."),
)


@require_http_methods(["GET", "POST"])
def tour_request_create(request, slug):
    space = get_object_or_404(Space.objects.published().select_related("city"), slug=slug)
    form = TourRequestForm(request.POST if request.method == "POST" else None, space=space)
    post = guard_post(request, TOUR_REQUESTS, form)
    if post is Post.ACCEPTED:
        data = form.cleaned_data
        request_tour(
            space=space,
            kind=data["kind"],
            name=data["name"],
            email=data["email"],
            date=data["date"],
            message=data["message"],
            language=request.LANGUAGE_CODE,
            site_url=site_url(request),
            managers=manager_emails(space),
        )
    if post in (Post.ACCEPTED, Post.SPAM):  # a bot sees the same thanks, and nothing is stored
        return redirect("spaces:tour-request-thanks", slug=space.slug)
    return render(
        request,
        "spaces/tour_request_form.html",
        {"space": space, "tour_request_form": form},
        status=post.status,
    )


def tour_request_thanks(request, slug):
    space = get_object_or_404(Space.objects.published(), slug=slug)
    return render(request, "spaces/tour_request_thanks.html", {"space": space})
