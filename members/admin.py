"""Editing people in Django admin: makers, memberships, projects and funding rounds.

Memberships are edited from both ends: inline on a maker and inline on a space (the space
admin, with `MembershipInSpaceInline` added, is registered by maker2/site/admin.py). Which
spaces a manager manages is known here (`managed_space_ids`): a space manager sees and edits
only those, their memberships, and makers as any signed-in visitor sees them.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from maker2.admin import ListingAdmin, ScopedAdmin, time_column
from maker2.mail import site_url
from spaces import admin as spaces_admin
from spaces.models import Space

from .models import (
    ApiKey,
    FundingRound,
    JoinRequest,
    Maker,
    MakerLink,
    ManagementGrant,
    Membership,
    Project,
    spaces_managed_by,
)
from .services import (
    approve_join_request,
    decline_join_request,
    grant_space_management,
    revoke_space_management,
)

# Who manages which space


def managed_space_ids(request) -> frozenset[int] | None:
    """The spaces the signed-in user may edit in admin, or None for editors (every space).

    One query per request, for managers only: the answer is kept on the request.
    """
    if spaces_admin.edits_every_space(request.user):
        return None
    if not hasattr(request, "_managed_space_ids"):
        managed = spaces_managed_by(request.user).values_list("pk", flat=True)
        request._managed_space_ids = frozenset(managed)
    return request._managed_space_ids


def limit_choices(request, db_field, kwargs: dict) -> None:
    """A manager links memberships only to their spaces, and to makers they may see."""
    managed = managed_space_ids(request)
    if managed is None:
        return
    if db_field.name == "space":
        kwargs["queryset"] = Space.objects.filter(pk__in=managed)
    elif db_field.name == "maker":
        kwargs["queryset"] = Maker.objects.visible_to(request.user)


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
        limit_choices(request, db_field, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class MembershipOfMakerInline(MembershipInline):
    fields = ["space", "role", "started_on", "ended_on"]
    autocomplete_fields = ["space"]

    def get_queryset(self, request):
        memberships = super().get_queryset(request)
        managed = managed_space_ids(request)
        return memberships if managed is None else memberships.filter(space_id__in=managed)


class MembershipInSpaceInline(spaces_admin.SpacePartInline, MembershipInline):
    fields = ["maker", "role", "started_on", "ended_on"]
    autocomplete_fields = ["maker"]


# Makers


class MakerLinkInline(admin.TabularInline):
    model = MakerLink
    fields = ["kind", "url"]
    extra = 0


@admin.register(Maker)
class MakerAdmin(ListingAdmin):
    list_display = [
        "display_name",
        "slug",
        "city",
        "visibility",
        "skill_list",
        "user",
        "updated",
    ]
    list_select_related = ["city", "user"]
    list_filter = ["visibility", "city"]
    search_fields = ["display_name", "display_name_zh", "slug", "user__username", "user__email"]
    autocomplete_fields = ["city", "user"]
    prepopulated_fields = {"slug": ("display_name",)}
    fieldsets = [
        (None, {"fields": [("display_name", "display_name_zh"), "slug", ("visibility", "user")]}),
        (_("Profile"), {"fields": ["bio_en", "bio_zh", "skills", "city", "avatar"]}),
    ]
    inlines = [MakerLinkInline, MembershipOfMakerInline]

    updated = time_column(Maker, "updated_at")

    # Space managers look makers up to add memberships: they see the profiles a signed-in
    # visitor sees, and not which account is whose.

    def get_queryset(self, request):
        makers = super().get_queryset(request)
        if managed_space_ids(request) is None:
            return makers
        return makers.visible_to(request.user)

    def get_list_display(self, request):
        if managed_space_ids(request) is None:
            return self.list_display
        return [name for name in self.list_display if name != "user"]

    def get_search_fields(self, request):
        if managed_space_ids(request) is None:
            return self.search_fields
        return [name for name in self.search_fields if not name.startswith("user__")]

    def lookup_allowed(self, lookup, value, request=None) -> bool:
        # ?user=4 or ?user__isnull=False in the address would tell a manager whose account
        # is whose just as the hidden column would: refused (a 400), as any unknown lookup.
        if request is not None and managed_space_ids(request) is not None:
            if lookup == "user" or lookup.startswith(("user__", "user_id")):
                return False
        return super().lookup_allowed(lookup, value, request)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if managed_space_ids(request) is None:
            return fieldsets
        return [
            (name, {**options, "fields": without_account(options["fields"])})
            for name, options in fieldsets
        ]

    @admin.display(description=_("skills"))
    def skill_list(self, maker: Maker) -> str:
        return ", ".join(maker.skills)


def without_account(fields: list) -> list:
    return [
        tuple(name for name in field if name != "user") if isinstance(field, tuple) else field
        for field in fields
        if field != "user"
    ]


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
class MembershipAdmin(ScopedAdmin, admin.ModelAdmin):
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

    def get_queryset(self, request):
        memberships = super().get_queryset(request)
        managed = managed_space_ids(request)
        return memberships if managed is None else memberships.filter(space_id__in=managed)

    def allows(self, request, membership: Membership) -> bool:
        managed = managed_space_ids(request)
        return managed is None or membership.space_id in managed

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        limit_choices(request, db_field, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ManagementGrantForm(forms.ModelForm):
    account = forms.CharField(
        label=_("account"), help_text=_("The username or email address of the account.")
    )

    class Meta:
        model = ManagementGrant
        fields = ["account", "space"]

    def clean_account(self):
        given = self.cleaned_data["account"].strip()
        accounts = list(
            get_user_model().objects.filter(Q(username=given) | Q(email__iexact=given))[:2]
        )
        if len(accounts) != 1:
            raise forms.ValidationError(
                _("No account has this username or email.")
                if not accounts
                else _("Several accounts have this email: give the username.")
            )
        return accounts[0]


@admin.register(ManagementGrant)
class ManagementGrantAdmin(admin.ModelAdmin):
    """Accounts that manage a space without a manager membership. Granting lets the account
    into admin (as a space manager); revoking the last space it manages takes that back."""

    form = ManagementGrantForm
    list_display = ["user", "space", "granted_by", "granted"]
    list_select_related = ["user", "space", "granted_by"]
    search_fields = ["user__username", "user__email", "space__name_en", "space__name_zh"]
    autocomplete_fields = ["space"]
    readonly_fields = ["user", "granted_by", "granted"]

    granted = time_column(ManagementGrant, "granted_at")

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["account", "space"]
        return ["user", "space", "granted_by", "granted"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        grant = grant_space_management(
            user=form.cleaned_data["account"], space=obj.space, granted_by=request.user
        )
        obj.pk, obj.user = grant.pk, grant.user

    def delete_model(self, request, obj) -> None:
        revoke_space_management(user=obj.user, space=obj.space)

    def delete_queryset(self, request, queryset) -> None:
        for grant in queryset.select_related("user", "space"):
            revoke_space_management(user=grant.user, space=grant.space)


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
class ProjectAdmin(ListingAdmin):
    list_display = [
        "name_en",
        "name_zh",
        "stage",
        "founded",
        "space_names",
        "round_count",
        "funding_cny",
        "funding_usd",
        "updated",
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

    updated = time_column(Project, "updated_at")

    def get_queryset(self, request):
        # The sums are stored on the project; the spaces come in a second query.
        return super().get_queryset(request).prefetch_related("spaces")

    @admin.display(description=_("incubated at"))
    def space_names(self, project: Project) -> str:
        return ", ".join(str(space) for space in project.spaces.all())

    @admin.display(description=_("raised (CNY)"), ordering="raised_cny")
    def funding_cny(self, project: Project):
        return project.raised_cny

    @admin.display(description=_("raised (USD)"), ordering="raised_usd")
    def funding_usd(self, project: Project):
        return project.raised_usd


@admin.register(FundingRound)
class FundingRoundAdmin(ListingAdmin):
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


# Join requests: managers see and decide those of the spaces they manage


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin):
    """Makers' requests to join; the approve and decline actions decide (and email) them.

    Only those who may decide see them: the space's managers and superusers, not editors.
    """

    list_display = ["maker", "space", "status", "sent", "decided", "decided_by"]
    list_select_related = ["maker", "space", "decided_by"]
    list_filter = ["status"]
    search_fields = ["maker__display_name", "maker__slug", "space__name_en", "space__name_zh"]
    date_hierarchy = "created_at"
    fields = [("maker", "space"), "message", ("status", "sent"), ("decided", "decided_by")]
    readonly_fields = [
        "maker",
        "space",
        "message",
        "status",
        "sent",
        "decided",
        "decided_by",
    ]
    sent = time_column(JoinRequest, "created_at")
    decided = time_column(JoinRequest, "decided_at")
    actions = ["approve", "decline"]

    def get_queryset(self, request):
        return super().get_queryset(request).managed_by(request.user)

    def has_add_permission(self, request) -> bool:
        return False

    @admin.action(description=_("Approve the selected requests"), permissions=["change"])
    def approve(self, request, queryset) -> None:
        self.decide(request, queryset, approve_join_request, _("Approved: %(count)d."))

    @admin.action(description=_("Decline the selected requests"), permissions=["change"])
    def decline(self, request, queryset) -> None:
        self.decide(request, queryset, decline_join_request, _("Declined: %(count)d."))

    def decide(self, request, queryset, decision, done_message: str) -> None:
        count = 0
        for join_request in queryset.select_related("maker", "space"):
            try:
                decision(
                    join_request=join_request,
                    by=request.user,
                    site_url=site_url(request),
                )
            except (PermissionDenied, ValidationError) as error:
                message = " ".join(getattr(error, "messages", [str(error)]))
                self.message_user(request, f"{join_request}: {message}", messages.WARNING)
            else:
                count += 1
        if count:
            self.message_user(request, done_message % {"count": count}, messages.SUCCESS)


# API keys


class ApiKeyForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        label=_("scopes"),
        choices=ApiKey.Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Without scopes a key reads public data at the partner rate."),
    )

    class Meta:
        model = ApiKey
        fields = ["name", "user", "scopes"]


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    """Partners' keys: created here (the key is shown once), revoked here, never shown again."""

    form = ApiKeyForm
    list_display = ["name", "prefix", "user", "scopes", "created", "revoked"]
    list_select_related = ["user"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "prefix", "user__username", "user__email"]
    autocomplete_fields = ["user"]
    readonly_fields = ["prefix", "created", "revoked"]
    actions = ["revoke"]

    created = time_column(ApiKey, "created_at")
    revoked = time_column(ApiKey, "revoked_at")

    def save_model(self, request, obj, form, change) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        key = obj.issue()
        self.message_user(
            request,
            _("The new key is %(key)s — copy it now: it is stored hashed and never shown again.")
            % {"key": key},
            messages.SUCCESS,
        )

    @admin.action(description=_("Revoke the selected keys"), permissions=["change"])
    def revoke(self, request, queryset) -> None:
        for key in queryset.active():
            key.revoke()
        self.message_user(request, _("Revoked."), messages.SUCCESS)
