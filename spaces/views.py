"""Pages about places alone: the directory, adding a space and the social cards.

The pages that show places with their people and funding (home, a space's page, cities,
networks, stats, search, tour requests) need members too: they are in maker2/site/views.py.
"""

from django.db.models import Max
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from django.views.generic import ListView

from maker2.mail import site_url
from maker2.ratelimit import HourlyLimit, Post, guard_post

from . import og_images
from .filters import SpaceFilter
from .forms import (
    SpaceSubmissionForm,
    SubmittedHoursFormSet,
    SubmittedPhotosFormSet,
    SubmittedPlansFormSet,
)
from .models import (
    City,
    Equipment,
    MembershipPlan,
    Network,
    Service,
    Space,
    Submission,
    Weekday,
)
from .services import submit_space
from .templatetags.images import name_colour

# site.js asks for the directory's results alone by sending this header with the page's URL.
FRAGMENT_HEADER = "X-Fragment"


def with_card_data(spaces):
    """What a space card shows: its city, photos, networks, and hours for the open-now badge."""
    return spaces.select_related("city").prefetch_related("photos", "opening_hours", "networks")


def url_with(name: str, params: dict | None = None) -> str:
    """The URL named `name` with `params` as its query string (a list repeats its key).

    Pages hand the map "api:space-geojson" with their own filters, so that the pins show
    what the list shows, and link to the directory ("spaces:space-list") filtered likewise.
    """
    url = reverse(name)
    return f"{url}?{urlencode(params, doseq=True)}" if params else url


class SpaceListView(ListView):
    """The directory: SpaceFilter's filters as plain GET parameters, shareable as links.

    A value that fails validation is named in a message and ignored; the rest still apply.
    """

    template_name = "spaces/space_list.html"
    context_object_name = "spaces"
    paginate_by = 24

    def get_queryset(self):
        self.filterset = SpaceFilter(self.request.GET, queryset=Space.objects.published())
        if not self.is_fragment():
            # The filter panel lists these; the filters look submitted values up among them.
            self.choices = {
                "city": City.objects.listed().with_totals().order_by("status", "name_en"),
                "network": Network.objects.all(),
                "services": Service.objects.all(),
                "equipment": Equipment.objects.all(),
            }
            for name, rows in self.choices.items():
                self.filterset.form.fields[name].show(rows)
        spaces = self.filterset.qs  # invalid values are missing from cleaned_data: ignored
        period = self.filterset.form.cleaned_data.get("period") or MembershipPlan.Period.MONTH
        self.price_period = MembershipPlan.Period(period)
        return with_card_data(spaces.with_lowest_price(period))

    def paginate_queryset(self, queryset, page_size):
        """A page number out of range or malformed shows the nearest page rather than a 404."""
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get("page"))
        return paginator, page, page.object_list, page.has_other_pages()

    def is_fragment(self) -> bool:
        return self.request.headers.get(FRAGMENT_HEADER) == "results"

    def get_template_names(self):
        if self.is_fragment():
            return ["spaces/includes/_space_results.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs):
        form = self.filterset.form
        query = self.request.GET.copy()
        query.pop("page", None)
        # The map shows what the list shows: the filters that passed, not the ones ignored.
        valid = query.copy()
        for name in form.errors:
            valid.pop(name, None)
        near = bool(form.cleaned_data.get("near"))
        context = super().get_context_data(
            filter_errors=[
                (form[name].label if name in form.fields else "", message)
                for name, messages in form.errors.items()
                for message in messages
            ],
            price_period=self.price_period,
            filters_applied=bool(query),
            map_geojson_url=url_with("api:space-geojson", valid),
            # In the results fragment too: its sort select is swapped in with the results.
            sorts=[c for c in form.fields["sort"].choices if c[0] != "distance" or near],
            **kwargs,
        )
        if not self.is_fragment():
            context.update(
                cities=self.choices["city"],
                networks=self.choices["network"],
                services=self.choices["services"],
                equipment=self.choices["equipment"],
                kinds=Space.Kind.choices,
                periods=MembershipPlan.Period.choices,
                selected={name: query.getlist(name) for name in form.fields},
            )
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        patch_vary_headers(response, [FRAGMENT_HEADER])
        return response


# Adding a space -------------------------------------------------------------------------------
# A visitor proposes a space: it is stored pending (spaces.services.submit_space), editors
# decide in admin (SpaceAdmin.moderate_view) and the submitter follows the review at a private
# link (a signed token: no account needed). Only published spaces appear anywhere else.

SPACE_SUBMISSIONS = HourlyLimit(
    "space-submissions",
    "SPACE_SUBMISSIONS_PER_HOUR",
    _("You have sent many listings in the last hour. Please try again later."),
)


@require_http_methods(["GET", "POST"])
def space_submit(request):
    data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = SpaceSubmissionForm(data, files)
    formsets = {
        "hours": SubmittedHoursFormSet(
            data,
            instance=form.instance,
            prefix="hours",
            # One blank row a weekday, so that a week is typed in without adding rows.
            initial=[{"weekday": day} for day in Weekday.values],
        ),
        "plans": SubmittedPlansFormSet(data, instance=form.instance, prefix="plans"),
        "photos": SubmittedPhotosFormSet(data, files, instance=form.instance, prefix="photos"),
    }
    post = guard_post(request, SPACE_SUBMISSIONS, form, *formsets.values())
    if post is Post.SPAM:  # a bot is thanked too, and nothing is stored
        return redirect(reverse("spaces:space-submit") + "?sent=1")
    if post is Post.ACCEPTED:
        submission = submit_space(
            space=form.save(commit=False),
            city=form.proposed_city or form.cleaned_data["city"],
            services=form.cleaned_data["services"],
            equipment=form.cleaned_data["equipment"],
            parts=[part for formset in formsets.values() for part in formset.new_parts()],
            name=form.cleaned_data["submitter_name"],
            email=form.cleaned_data["submitter_email"],
            message=form.cleaned_data["message"],
            language=request.LANGUAGE_CODE,
            site_url=site_url(request),
        )
        status_url = reverse("spaces:space-submission-status", args=[submission.status_token()])
        return redirect(status_url + "?new=1")
    has_errors = bool(form.errors) or any(f.total_error_count() for f in formsets.values())
    return render(
        request,
        "spaces/space_submit.html",
        {
            "form": form,
            **formsets,
            "formsets": list(formsets.values()),
            "has_errors": has_errors,
            # A browser never sends a file again: say so when photos were chosen.
            "photos_dropped": has_errors and bool(files),
            "sent": request.GET.get("sent") == "1",
        },
        status=post.status,
    )


def space_submission_status(request, token):
    submission = get_object_or_404(
        Submission.objects.with_status_token(token).select_related("space__city")
    )
    reviews = list(submission.space.reviews.all())  # newest first
    return render(
        request,
        "spaces/space_submit_status.html",
        {
            "submission": submission,
            "space": submission.space,
            "reviews": reviews,
            "latest_review": reviews[0] if reviews else None,
            "new": request.GET.get("new") == "1",
        },
    )


# Social cards ---------------------------------------------------------------------------------
# The OpenGraph images of spaces, cities, networks and the directory (spaces/og_images.py):
# drawn once per change of the row and kept in the cache; no text in them, so one serves
# both languages.


@require_http_methods(["GET", "HEAD"])
def space_og_image(request, slug):
    space = get_object_or_404(
        Space.objects.published().only("pk", "slug", "kind", "updated_at"), slug=slug
    )

    def draw():
        photo = space.photos.order_by("position", "pk").first()
        photo_file = (photo.large or photo.image) if photo else None
        return og_images.space_card(space.kind, space.slug, photo_file)

    return og_images.png_response(f"space:{space.pk}:{space.updated_at.timestamp()}", draw)


@require_http_methods(["GET", "HEAD"])
def city_og_image(request, slug):
    city = get_object_or_404(City.objects.listed(), slug=slug)

    def draw():
        spaces = Space.objects.published().in_city(city).exclude(latitude=None)
        return og_images.city_card(city, spaces.values_list("latitude", "longitude"))

    # A space opening or moving changes the map but not the city's row: the published
    # spaces' latest change is part of the key (one aggregate query).
    latest = Space.objects.published().in_city(city).aggregate(latest=Max("updated_at"))
    changed = latest["latest"].timestamp() if latest["latest"] else 0
    key = f"city:{city.pk}:{city.updated_at.timestamp()}:{changed}"
    return og_images.png_response(key, draw)


@require_http_methods(["GET", "HEAD"])
def network_og_image(request, slug):
    network = get_object_or_404(Network.objects.only("pk", "slug"), slug=slug)
    colour = name_colour(network.slug)
    return og_images.png_response(
        f"network:{network.pk}:{colour}", lambda: og_images.network_card(network.slug, colour)
    )


@require_http_methods(["GET", "HEAD"])
def directory_og_image(request):
    return og_images.png_response("directory", og_images.directory_card)
