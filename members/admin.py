"""Editing people in Django admin: makers, memberships, projects and funding rounds.

Memberships are edited from both ends: inline on a maker and inline on a space. The space
page lives in spaces/admin.py, which knows nothing of members, so this module registers it
again with the memberships inline added.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from spaces import admin as spaces_admin
from spaces.models import Space

from .models import FundingRound, Maker, MakerLink, Membership, Project

# Memberships, edited inline


class SavedChoiceAutocomplete(AutocompleteSelect):
    """An autocomplete that labels a saved row's choice with the object already loaded.

    Django's own looks its current choice up again: one query per inline row.
    """

    saved = None

    def optgroups(self, name, value, attr=None):
        saved = self.saved
        if saved is None or [str(v) for v in value] != [str(saved.pk)]:
            return super().optgroups(name, value, attr)
        label = self.choices.field.label_from_instance(saved)
        return [(None, [self.create_option(name, saved.pk, label, True, 0)], 0)]


class MembershipInlineForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("maker", "space"):
            if name not in self.fields or getattr(self.instance, f"{name}_id") is None:
                continue
            widget = self.fields[name].widget
            widget = getattr(widget, "widget", widget)  # inside admin's add/change links
            if isinstance(widget, SavedChoiceAutocomplete):
                widget.saved = getattr(self.instance, name)


class MembershipInline(admin.TabularInline):
    """Memberships under a maker or a space, the other end picked by autocomplete."""

    model = Membership
    form = MembershipInlineForm
    extra = 0

    def get_queryset(self, request):
        # Each row's title names its maker and space; the widgets reuse them too.
        return super().get_queryset(request).select_related("maker", "space")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.autocomplete_fields:
            kwargs["widget"] = SavedChoiceAutocomplete(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class MembershipOfMakerInline(MembershipInline):
    fields = ["space", "role", "started_on", "ended_on"]
    autocomplete_fields = ["space"]


class MembershipInSpaceInline(MembershipInline):
    fields = ["maker", "role", "started_on", "ended_on"]
    autocomplete_fields = ["maker"]


# Makers


class MakerLinkInline(admin.TabularInline):
    model = MakerLink
    fields = ["kind", "url"]
    extra = 0


@admin.register(Maker)
class MakerAdmin(admin.ModelAdmin):
    list_display = [
        "display_name",
        "slug",
        "city",
        "visibility",
        "skill_list",
        "user",
        "updated_at",
    ]
    list_select_related = ["city", "user"]
    list_filter = ["visibility", "city"]
    search_fields = ["display_name", "slug", "user__username", "user__email"]
    autocomplete_fields = ["city", "user"]
    prepopulated_fields = {"slug": ("display_name",)}
    fieldsets = [
        (None, {"fields": ["display_name", "slug", ("visibility", "user")]}),
        (_("Profile"), {"fields": ["bio_en", "bio_zh", "skills", "city", "avatar"]}),
    ]
    inlines = [MakerLinkInline, MembershipOfMakerInline]

    @admin.display(description=_("skills"))
    def skill_list(self, maker: Maker) -> str:
        return ", ".join(maker.skills)


# Memberships


class CurrentFilter(admin.SimpleListFilter):
    title = _("current")
    parameter_name = "current"

    def lookups(self, request, model_admin):
        return [("yes", _("Current")), ("no", _("Ended"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.current()
        if self.value() == "no":
            return queryset.filter(ended_on__isnull=False)
        return queryset


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["maker", "space", "role", "started_on", "ended_on"]
    list_select_related = ["maker", "space"]
    list_filter = [CurrentFilter, "role"]
    search_fields = [
        "maker__display_name",
        "maker__slug",
        "space__name_en",
        "space__name_zh",
        "space__slug",
    ]
    date_hierarchy = "started_on"
    autocomplete_fields = ["maker", "space"]
    fields = [("maker", "space"), "role", ("started_on", "ended_on")]


admin.site.unregister(Space)


@admin.register(Space)
class SpaceWithMembershipsAdmin(spaces_admin.SpaceAdmin):
    inlines = [*spaces_admin.SpaceAdmin.inlines, MembershipInSpaceInline]


# Projects


class FundingRoundInline(admin.StackedInline):
    model = FundingRound
    fields = [
        ("stage", "announced_on"),
        ("amount", "currency"),
        ("cny_rate", "usd_rate"),
        ("amount_cny", "amount_usd"),
        "investors",
    ]
    # Computed by the database from the amount and the rates.
    readonly_fields = ["amount_cny", "amount_usd"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("project")


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = [
        "name_en",
        "name_zh",
        "stage",
        "founded",
        "space_names",
        "round_count",
        "funding_cny",
        "funding_usd",
        "updated_at",
    ]
    list_filter = ["stage"]
    search_fields = ["name_en", "name_zh", "slug"]
    autocomplete_fields = ["team", "spaces"]
    prepopulated_fields = {"slug": ("name_en",)}
    fieldsets = [
        (None, {"fields": [("name_en", "name_zh"), "slug", ("stage", "founded"), "website"]}),
        (_("Summary"), {"fields": ["summary_en", "summary_zh"]}),
        (_("People and places"), {"fields": ["team", "spaces"]}),
    ]
    inlines = [FundingRoundInline]

    def get_queryset(self, request):
        # One join on rounds; the spaces come in a second query, not one per row.
        return (
            super()
            .get_queryset(request)
            .annotate(
                round_count=Count("rounds"),
                funding_cny=Sum("rounds__amount_cny", default=0),
                funding_usd=Sum("rounds__amount_usd", default=0),
            )
            .prefetch_related("spaces")
        )

    @admin.display(description=_("incubated at"))
    def space_names(self, project: Project) -> str:
        return ", ".join(str(space) for space in project.spaces.all())

    @admin.display(description=_("rounds"), ordering="round_count")
    def round_count(self, project: Project) -> int:
        return project.round_count

    @admin.display(description=_("raised (CNY)"), ordering="funding_cny")
    def funding_cny(self, project: Project):
        return project.funding_cny

    @admin.display(description=_("raised (USD)"), ordering="funding_usd")
    def funding_usd(self, project: Project):
        return project.funding_usd


@admin.register(FundingRound)
class FundingRoundAdmin(admin.ModelAdmin):
    list_display = [
        "project",
        "stage",
        "announced_on",
        "amount",
        "currency",
        "amount_cny",
        "amount_usd",
    ]
    list_select_related = ["project"]
    list_filter = ["stage", "currency"]
    search_fields = ["project__name_en", "project__name_zh", "project__slug"]
    date_hierarchy = "announced_on"
    autocomplete_fields = ["project"]
    fieldsets = [
        (None, {"fields": ["project", ("stage", "announced_on"), "investors"]}),
        (
            _("Money"),
            {
                "fields": [
                    ("amount", "currency"),
                    ("cny_rate", "usd_rate"),
                    ("amount_cny", "amount_usd"),
                ]
            },
        ),
    ]
    readonly_fields = ["amount_cny", "amount_usd"]
