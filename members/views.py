"""Pages visitors browse: makers and projects.

A maker shows only as their visibility allows (`Maker.objects.visible_to`): public profiles to
everyone, members-only ones to signed-in visitors, hidden ones to nobody (404).
"""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.generic import DetailView, ListView

from maker2.mail import site_url
from spaces import og_images
from spaces.models import Space

from .forms import (
    DeleteAccountForm,
    JoinDecisionForm,
    JoinRequestForm,
    MakerLinkFormSet,
    MakerProfileForm,
)
from .models import (
    FundingRound,
    FundingTotals,
    JoinRequest,
    Maker,
    MakerTotals,
    Membership,
    Project,
)
from .services import (
    approve_join_request,
    decline_join_request,
    delete_account,
    request_to_join,
    save_profile,
)


class MakerListView(ListView):
    template_name = "members/maker_list.html"
    context_object_name = "makers"
    paginate_by = 24

    def get_queryset(self):
        makers = Maker.objects.visible_to(self.request.user).select_related("city")
        return makers.order_by("display_name", "pk")

    def get_paginator(self, queryset, per_page, **kwargs):
        paginator = super().get_paginator(queryset, per_page, **kwargs)
        paginator.count = MakerTotals.visible_to(self.request.user)  # not COUNT(*) of them all
        return paginator


class MakerDetailView(DetailView):
    template_name = "members/maker_detail.html"
    context_object_name = "maker"

    def get_queryset(self):
        memberships = (
            Membership.objects.filter(space__status=Space.Status.PUBLISHED)
            .select_related("space__city")
            .order_by("ended_on", "-started_on")
        )
        return (
            Maker.objects.visible_to(self.request.user)
            .select_related("city")
            .prefetch_related(
                "links",
                Prefetch("memberships", queryset=memberships, to_attr="public_memberships"),
                "projects",
            )
        )


def project_relations(user) -> list[Prefetch]:
    """A project's team as `user` may see it, and its published spaces."""
    return [
        Prefetch("team", queryset=Maker.objects.visible_to(user).select_related("city")),
        Prefetch("spaces", queryset=Space.objects.published().select_related("city")),
    ]


class ProjectListView(ListView):
    """Projects, the best funded first."""

    template_name = "members/project_list.html"
    context_object_name = "projects"
    paginate_by = 24

    def get_queryset(self):
        projects = Project.objects.prefetch_related(*project_relations(self.request.user))
        return projects.order_by("-raised_cny", "name_en", "pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(funding=FundingTotals.objects.everywhere(), **kwargs)


class ProjectDetailView(DetailView):
    template_name = "members/project_detail.html"
    context_object_name = "project"

    def get_queryset(self):
        rounds = FundingRound.objects.order_by("announced_on", "pk")
        return Project.objects.prefetch_related(
            Prefetch("rounds", queryset=rounds), *project_relations(self.request.user)
        )


@require_http_methods(["GET", "HEAD"])
def project_og_image(request: HttpRequest, slug: str) -> HttpResponse:
    """The project's social card: its stage's colour and road (spaces/og_images.py)."""
    project = get_object_or_404(Project.objects.only("pk", "slug", "stage"), slug=slug)
    return og_images.png_response(
        f"project:{project.pk}:{project.stage}",
        lambda: og_images.stage_card(project.stage, project.slug),
    )


# Accounts: a maker's own profile, join requests, deleting the account -----------------------
# (Signing up and in is django-allauth's, under /<language>/accounts/; see maker2/urls.py.)


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request: HttpRequest) -> HttpResponse:
    """The signed-in maker's own profile; the first save creates it."""
    maker = Maker.objects.filter(user=request.user).first()
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    form = MakerProfileForm(data, files, instance=maker)
    links = MakerLinkFormSet(data, instance=form.instance, prefix="links")
    if request.method == "POST" and form.is_valid() and links.is_valid():
        maker = save_profile(user=request.user, form=form, links=links)
        messages.success(request, _("Your profile is saved."))
        return redirect("members:profile-edit")
    join_requests = JoinRequest.objects.filter(maker=maker).select_related("space") if maker else []
    return render(
        request,
        "members/profile_form.html",
        {"maker": maker, "form": form, "links": links, "join_requests": join_requests},
    )


@login_required
@require_http_methods(["GET", "POST"])
def join_request_create(request: HttpRequest, slug: str) -> HttpResponse:
    """A maker asks to join a published space."""
    space = get_object_or_404(Space.objects.published().select_related("city"), slug=slug)
    maker = Maker.objects.filter(user=request.user).first()
    if maker is None:
        messages.info(request, _("Create your maker profile first, then ask to join."))
        return redirect("members:profile-edit")
    form = JoinRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            request_to_join(
                maker=maker,
                space=space,
                message=form.cleaned_data["message"],
                site_url=site_url(request),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Your request is sent to the managers of %(space)s.") % {"space": space}
            )
            return redirect("members:profile-edit")
    return render(request, "members/join_request_form.html", {"space": space, "form": form})


@login_required
def join_request_list(request: HttpRequest) -> HttpResponse:
    """Pending requests to join the spaces the signed-in user manages."""
    join_requests = (
        JoinRequest.objects.managed_by(request.user)
        .pending()
        .select_related("maker__city", "space")
        .order_by("created_at", "pk")
    )
    return render(request, "members/join_request_list.html", {"join_requests": join_requests})


@login_required
@require_POST
def join_request_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Approve or decline one request; requests to other managers' spaces are not found."""
    join_request = get_object_or_404(JoinRequest.objects.managed_by(request.user), pk=pk)
    form = JoinDecisionForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Choose approve or decline."))
    decide = {"approve": approve_join_request, "decline": decline_join_request}
    try:
        decide[form.cleaned_data["decision"]](
            join_request=join_request, by=request.user, site_url=site_url(request)
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        done = {
            "approve": _("%(maker)s is now a member of %(space)s."),
            "decline": _("You declined the request of %(maker)s to join %(space)s."),
        }[form.cleaned_data["decision"]]
        messages.success(request, done % {"maker": join_request.maker, "space": join_request.space})
    return redirect("members:join-request-list")


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request: HttpRequest) -> HttpResponse:
    """Delete the signed-in user's account and data, once they confirm with their password."""
    form = DeleteAccountForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        delete_account(user=user)
        return redirect("members:account-deleted")
    return render(request, "members/profile_delete.html", {"form": form})


def account_deleted(request: HttpRequest) -> HttpResponse:
    return render(request, "members/profile_deleted.html")
