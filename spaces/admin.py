"""Editing places in Django admin: cities, networks, vocabularies, spaces and the sync log.

Bilingual short fields sit side by side; long texts stack, English first. Every list
loads its related rows and totals up front, so a page costs the same queries whatever
its length (tests/spaces/test_admin.py holds the budgets).

Who may do what (README, "Editors"): editors (the `spaces.moderate_space` permission) edit
everything and moderate; space managers edit only the spaces they manage. Which spaces
those are is members' knowledge, so members/admin.py registers the space admin again and
answers `SpaceAdmin.managed_space_ids`; here a non-editor manages none. Listings keep their
history (django-simple-history) and their change forms refuse to overwrite a change saved
since they were opened (`EditConflictForm`).
"""

from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportExportMixin
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import SIMPLE_HISTORY_REVERSE_ATTR_NAME

from maker2.mail import site_url
from maker2.tasks import enqueue_on_commit

from .forms import AdminOpeningHoursFormSet, ModerationForm
from .models import (
    City,
    Equipment,
    ImportJob,
    MembershipPlan,
    Network,
    OpeningHours,
    Review,
    Service,
    Space,
    SpaceLink,
    SpacePhoto,
    Submission,
    Tombstone,
    TourRequest,
)
from .resources import (
    FORMATS,
    TEXT_EXTENSIONS,
    CityResource,
    ConfirmImportForm,
    ImportForm,
    SpaceResource,
    readable_error,
)
from .services import decide_submission, delete_spaces, mark_spaces_checked
from .spreadsheets import SpreadsheetError
from .tasks import run_import
from .templatetags.admin_times import time_column, with_zone
from .widgets import LocationPickerWidget

admin.site.site_header = _("Maker2 administration")
admin.site.site_title = _("Maker2 administration")


def edits_every_space(user) -> bool:
    """Editors (and superusers) edit every listing and moderate; space managers do not."""
    return user.has_perm("spaces.moderate_space")


# Edit conflicts


def comparable(value):
    """A form value as JSON that is equal for equal stored values (chosen rows in any order,
    1.50 and 1.500000 alike)."""
    if isinstance(value, list | tuple):
        return sorted(str(comparable(item)) for item in value)
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


class LoadedStateField(forms.CharField):
    """The signed values a change form was loaded with; never a change of its own."""

    widget = forms.HiddenInput

    def has_changed(self, initial, data) -> bool:
        return False


class EditConflictForm(forms.ModelForm):
    """A change form that refuses to save over what someone else saved since it was opened.

    The page carries, signed, its fields' values as stored when it was opened (`loaded`). On
    save, a field whose stored value differs from those means another editor saved in
    between: nothing is saved, and the form names each such field with its value then and
    now. It then shows the other editor's value in the fields this editor left alone, keeps
    this editor's own changes, and carries the values stored now: saving again keeps exactly
    what the form shows.
    """

    loaded = LoadedStateField(required=False)

    LOADED_SALT = "maker2.admin.edit-conflict"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The row as stored now: the instance was just read, and `initial` comes from it.
        self.stored = {
            name: comparable(field.prepare_value(self.initial[name]))
            for name, field in self.fields.items()
            if name in self.initial and name != "loaded"
        }
        self.fields["loaded"].initial = signing.dumps(
            self.stored, salt=self.LOADED_SALT, compress=True
        )

    def clean(self):
        cleaned = super().clean()
        token = self.data.get(self.add_prefix("loaded"))
        if self.instance._state.adding or not token:
            return cleaned  # a new row, or a form posted by a script: nothing to compare
        try:
            loaded = signing.loads(token, salt=self.LOADED_SALT)
        except signing.BadSignature:
            raise ValidationError(
                _("This page was altered. Open it again and redo your changes.")
            ) from None
        changed = [
            name for name in self.stored if name in loaded and loaded[name] != self.stored[name]
        ]
        if changed:
            self.report_conflict(changed, loaded)
        return cleaned

    def report_conflict(self, changed: list[str], loaded: dict) -> None:
        self.data = self.data.copy()
        for name in changed:
            values = {
                "then": self.describe(name, loaded[name]),
                "now": self.describe(name, self.stored[name]),
            }
            if name in self.cleaned_data and self.submitted(name) == loaded[name]:
                self.show_stored(name)
                message = _(
                    "Changed meanwhile from “%(then)s” to “%(now)s”, which this form now shows."
                )
            else:
                message = _(
                    "Changed meanwhile from “%(then)s” to “%(now)s”; this form shows your value."
                )
            self.add_error(name, message % values)
        self.add_error(None, self.conflict_summary(changed))
        # The next save is a knowing one: compare it with what is stored now.
        self.data[self.add_prefix("loaded")] = self.fields["loaded"].initial

    def submitted(self, name: str):
        return comparable(self.fields[name].prepare_value(self.cleaned_data[name]))

    def show_stored(self, name: str) -> None:
        """Put the stored value of a field this editor did not touch back into the form."""
        key, value = self.add_prefix(name), self.fields[name].prepare_value(self.initial[name])
        if isinstance(value, list | tuple):
            items = [str(item) for item in value]
            if hasattr(self.data, "setlist"):
                self.data.setlist(key, items)
            else:
                self.data[key] = items
        elif isinstance(value, bool):
            if value:
                self.data[key] = "on"
            else:
                self.data.pop(key, None)
        elif value is None:
            self.data[key] = ""
        else:
            formatted = self.fields[name].widget.format_value(value)
            self.data[key] = "" if formatted is None else formatted

    def conflict_summary(self, changed: list[str]) -> str:
        labels = ", ".join(str(self.fields[name].label or name) for name in changed)
        latest = None
        if hasattr(self.instance, "history"):
            latest = self.instance.history.select_related("history_user").first()
        if latest is not None and latest.history_user is not None:
            who = _("%(user)s saved it at %(time)s") % {
                "user": latest.history_user,
                "time": with_zone(latest.history_date),
            }
        else:
            who = _("someone saved it")
        return _(
            "Nothing was saved: since you opened this page, %(who)s, changing %(fields)s. "
            "Check those fields below; saving again keeps what this form shows."
        ) % {"who": who, "fields": labels}

    def describe(self, name: str, value) -> str:
        """A stored value as an editor reads it: a row's name, a choice's label."""
        field = self.fields[name]
        if value in (None, "", []):
            return _("(empty)")
        if isinstance(field, forms.ModelMultipleChoiceField):
            return ", ".join(str(row) for row in field.queryset.filter(pk__in=value))
        if isinstance(field, forms.ModelChoiceField):
            return str(field.queryset.filter(pk=value).first() or value)
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        choices = {str(key): label for key, label in getattr(field, "choices", [])}
        return Truncator(str(choices.get(str(value), value))).chars(200)


class ListingAdmin(SimpleHistoryAdmin):
    """An admin for a listing editors change a lot: its history with diffs and revert, and a
    change form that refuses to overwrite a change saved since it was opened.

    History shows every past value and revert changes the row, so both need the right to
    change that row, not merely to see it.
    """

    form = EditConflictForm
    # Times with their zone, and no "None" for a change saved without a reason.
    object_history_list_template = "admin/history_list.html"

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if (
            obj is None
            or not self.has_change_permission(request, obj)
            or "loaded" in flatten_fieldsets(fieldsets)
        ):
            return fieldsets
        return [*fieldsets, (None, {"fields": ["loaded"], "classes": ["hidden"]})]

    def has_view_history_or_change_history_permission(self, request, obj=None) -> bool:
        return self.has_change_permission(request, obj)

    # A row whose history this user may not read answers as one that is not there (404, not
    # 403), so that ids of others' drafts cannot be probed.

    def history_view(self, request, object_id, extra_context=None):
        try:
            return super().history_view(request, object_id, extra_context)
        except PermissionDenied:
            raise Http404 from None

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        try:
            return super().history_form_view(request, object_id, version_id, extra_context)
        except PermissionDenied:
            raise Http404 from None

    def revert_disabled(self, request, obj=None) -> bool:
        return not self.has_change_permission(request, obj)

    def save_model(self, request, obj, form, change) -> None:
        if getattr(obj, SIMPLE_HISTORY_REVERSE_ATTR_NAME, None) is not None:
            keep_what_the_form_does_not_show(obj, form)
        super().save_model(request, obj, form, change)


def keep_what_the_form_does_not_show(obj, form) -> None:
    """Revert restores the fields its form shows; the others keep their stored values.

    Otherwise reverting would also bring back, unseen, the old value of a field this user
    may not edit (a manager reverting to a version from before the space was unpublished).
    """
    stored = type(obj)._default_manager.filter(pk=obj.pk).first()
    if stored is None:  # reverting a deleted row brings it back whole
        return
    for field in obj._meta.concrete_fields:
        if field.name not in form.fields and not field.generated:
            setattr(obj, field.attname, getattr(stored, field.attname))


class HistoryForEditorsOnly:
    """Django's own history page (the admin log) for rows some users may only look at: like
    the listings' history, it needs the right to change the row."""

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_change_permission(request, obj):
            raise Http404  # as for a row that is not there: ids cannot be probed
        return super().history_view(request, object_id, extra_context)


class LocationPickerAdmin:
    """The latitude and longitude set by clicking or dragging a pin on a map
    (spaces.widgets.LocationPickerWidget, its script and styles loaded as the form's media);
    the two inputs stay and work without JavaScript. The map opens on the row's point, or
    else its city's."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "longitude":
            kwargs["widget"] = LocationPickerWidget()
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        city = getattr(obj, "city", None)
        if "longitude" in form.base_fields and city is not None and city.latitude is not None:
            form.base_fields["longitude"].widget.center = f"{city.latitude},{city.longitude}"
        return form


# Spreadsheets


class SpreadsheetAdmin(ImportExportMixin):
    """Import (with a preview) and export through spaces/resources.py: the file's encoding and
    order of dates chosen on the form when the file does not tell them, and a preview that
    says how the file was read, what each row becomes and, for every problem, its row and
    column (templates/admin/spaces/import.html)."""

    formats = FORMATS
    import_form_class = ImportForm
    confirm_form_class = ConfirmImportForm
    import_template_name = "admin/spaces/import.html"

    def get_import_data_kwargs(self, **kwargs):
        form = kwargs.get("form")
        kwargs = super().get_import_data_kwargs(**kwargs)
        if form is not None and form.is_bound:
            kwargs["encoding"] = form.cleaned_data.get("encoding", "")
            kwargs["date_order"] = form.cleaned_data.get("date_order", "")
        return kwargs

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            initial["encoding"] = import_form.cleaned_data.get("encoding", "")
            initial["date_order"] = import_form.cleaned_data.get("date_order", "")
        return initial

    def get_import_context_data(self, **kwargs):
        return {**super().get_import_context_data(**kwargs), "text_extensions": TEXT_EXTENSIONS}

    def add_data_read_fail_error_to_form(self, form, error):
        if isinstance(error, SpreadsheetError):
            form.add_error("import_file", str(error))
        else:
            form.add_error(
                "import_file",
                _("This file could not be read: %(reason)s") % {"reason": readable_error(error)},
            )

    def process_dataset(self, dataset, form, request, **kwargs):
        """Confirming a file of more than IMPORT_IN_BACKGROUND_ROWS rows hands it to a worker
        (spaces.tasks.run_import); the editor follows the job in admin and hears by mail."""
        if len(dataset) <= settings.IMPORT_IN_BACKGROUND_ROWS:
            return super().process_dataset(dataset, form, request, **kwargs)
        file_format = self.get_import_formats()[int(form.cleaned_data["format"])]
        file_name = (form.cleaned_data.get("original_file_name") or "import")[-255:]
        job = ImportJob(
            model=self.opts.label,
            file_name=file_name,
            file_format=file_format.__name__,
            options={
                "encoding": form.cleaned_data.get("encoding", ""),
                "date_order": form.cleaned_data.get("date_order", ""),
                "site_url": site_url(request),
            },
            rows=len(dataset),
            started_by=request.user,
            language=translation.get_language() or "",
        )
        # Kept in the default storage, which every worker reads; deleted once it has run.
        job.file.save(file_name, ContentFile(dataset.spreadsheet), save=False)
        job.save()
        enqueue_on_commit(run_import, job.pk)
        return job

    def process_result(self, result, request):
        if isinstance(result, ImportJob):
            messages.info(
                request,
                _(
                    "Importing the %(rows)d rows of %(file)s in the background: this page "
                    "shows how far it got, and you will get an email when it is done."
                )
                % {"rows": result.rows, "file": result.file_name},
            )
            return redirect("admin:spaces_importjob_change", result.pk)
        # A file that passed its preview can fail on confirming when the data changed meanwhile;
        # the resource then saved nothing, which the message must say, with the rows at fault.
        if result.has_errors() or result.has_validation_errors():
            report = getattr(result, "report", None)
            reasons = report.error_sentences(limit=10) if report else []
            messages.error(
                request,
                _("Nothing was imported: some rows no longer pass their checks. %(reasons)s")
                % {"reasons": " ".join(reasons)},
            )
            return redirect(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")
        return super().process_result(result, request)

    def add_success_message(self, result, request):
        report = getattr(result, "report", None)
        totals = result.totals
        message = _(
            "Imported: %(new)d new, %(update)d changed and %(skip)d unchanged %(things)s."
        ) % {
            "new": totals["new"],
            "update": totals["update"],
            "skip": totals["skip"],
            "things": self.opts.verbose_name_plural,
        }
        if report and report.new_cities:
            message += " " + ngettext(
                "%(count)d new city, marked for review: %(names)s.",
                "%(count)d new cities, marked for review: %(names)s.",
                len(report.new_cities),
            ) % {
                "count": len(report.new_cities),
                "names": ", ".join(str(city) for city in report.new_cities),
            }
        messages.success(request, message)


# Cities


@admin.register(City)
class CityAdmin(LocationPickerAdmin, SpreadsheetAdmin, ListingAdmin):
    # Spreadsheet import (with a preview) and export: spaces/resources.py.
    resource_classes = [CityResource]
    list_display = [
        "name_en",
        "name_zh",
        "province_en",
        "country",
        "status",
        "space_count",
        "floor_area",
        "resident_makers",
        "updated",
    ]
    # Cities an import or a visitor created from the gazetteer wait for an editor's check.
    list_filter = ["status", "needs_review", "country"]
    search_fields = ["name_en", "name_zh", "slug", "province_en", "province_zh"]
    prepopulated_fields = {"slug": ("name_en",)}
    fieldsets = [
        (None, {"fields": [("name_en", "name_zh"), "slug", ("province_en", "province_zh")]}),
        (
            _("Place"),
            {
                "fields": [
                    ("country", "timezone"),
                    ("latitude", "longitude"),
                    ("status", "needs_review"),
                ]
            },
        ),
    ]

    updated = time_column(City, "updated_at")

    def get_queryset(self, request):
        return super().get_queryset(request).with_totals()

    @admin.display(description=_("published spaces"), ordering="space_count")
    def space_count(self, city: City) -> int:
        return city.space_count

    @admin.display(description=_("floor area (m²)"), ordering="floor_area")
    def floor_area(self, city: City) -> int:
        return city.floor_area

    @admin.display(description=_("resident makers"), ordering="resident_makers")
    def resident_makers(self, city: City) -> int:
        return city.resident_makers


# Networks


@admin.register(Network)
class NetworkAdmin(ListingAdmin):
    list_display = [
        "name_en",
        "name_zh",
        "kind",
        "parent",
        "space_count",
        "city_count",
        "floor_area",
        "resident_makers",
        "updated",
    ]
    list_select_related = ["parent"]
    list_filter = ["kind"]
    search_fields = ["name_en", "name_zh", "slug"]
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ("name_en",)}
    fieldsets = [
        (None, {"fields": [("name_en", "name_zh"), "slug", ("kind", "parent")]}),
        (_("About"), {"fields": ["description_en", "description_zh", ("website", "founded")]}),
    ]

    updated = time_column(Network, "updated_at")

    def get_queryset(self, request):
        # Totals include member networks and count published spaces only.
        return super().get_queryset(request).with_totals()

    @admin.display(description=_("published spaces"), ordering="space_count")
    def space_count(self, network: Network) -> int:
        return network.space_count

    @admin.display(description=_("cities"), ordering="city_count")
    def city_count(self, network: Network) -> int:
        return network.city_count

    @admin.display(description=_("floor area (m²)"), ordering="floor_area")
    def floor_area(self, network: Network) -> int:
        return network.floor_area

    @admin.display(description=_("resident makers"), ordering="resident_makers")
    def resident_makers(self, network: Network) -> int:
        return network.resident_makers


# Vocabularies


class VocabularyAdmin(HistoryForEditorsOnly, admin.ModelAdmin):
    list_display = ["name_en", "name_zh", "slug", "position", "space_count"]
    list_editable = ["position"]
    search_fields = ["name_en", "name_zh", "slug"]
    prepopulated_fields = {"slug": ("name_en",)}
    fields = [("name_en", "name_zh"), "slug", "position"]

    def get_queryset(self, request):
        # A GROUP BY drops Meta.ordering; autocomplete pages need it back to page stably.
        return (
            super()
            .get_queryset(request)
            .annotate(space_count=Count("spaces"))
            .order_by(*self.model._meta.ordering)
        )

    @admin.display(description=_("spaces"), ordering="space_count")
    def space_count(self, term) -> int:
        return term.space_count


@admin.register(Service)
class ServiceAdmin(VocabularyAdmin):
    pass


@admin.register(Equipment)
class EquipmentAdmin(VocabularyAdmin):
    pass


# Spaces


class SpacePartInline:
    """A part of a space's page (hours, plans, photos, links, memberships): whoever may change
    the space may change its parts, and nobody else, whatever the view that shows them."""

    def space_admin(self) -> "SpaceAdmin":
        return self.admin_site._registry[Space]

    def has_view_permission(self, request, obj=None) -> bool:
        return super().has_view_permission(request, obj) and self.space_admin().manages(
            request, obj
        )

    def has_add_permission(self, request, obj=None) -> bool:
        return super().has_add_permission(request, obj) and self.space_admin().manages(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and self.space_admin().manages(
            request, obj
        )

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and self.space_admin().manages(
            request, obj
        )


class OpeningHoursInline(SpacePartInline, admin.TabularInline):
    model = OpeningHours
    formset = AdminOpeningHoursFormSet
    fields = ["weekday", "opens", "closes"]
    extra = 0
    # The browser's own time input: admin's clock widget would offer the editor's "Now" and
    # note the gap to the server's zone, neither of which is the city's time.
    formfield_overrides = {
        models.TimeField: {"widget": forms.TimeInput(format="%H:%M", attrs={"type": "time"})}
    }

    def get_formset(self, request, obj=None, **kwargs):
        # Hours are wall-clock times in the space's city, whatever zone the editor is in.
        # (Inlines are made afresh for each request, so the heading is this space's.)
        if obj is not None:
            self.verbose_name_plural = _("opening hours (local time in %(city)s, %(zone)s)") % {
                "city": obj.city,
                "zone": obj.city.timezone,
            }
        else:
            self.verbose_name_plural = _("opening hours (local time in the space's city)")
        return super().get_formset(request, obj, **kwargs)


class MembershipPlanInline(SpacePartInline, admin.StackedInline):
    model = MembershipPlan
    fields = [
        ("name_en", "name_zh"),
        ("price", "currency", "period"),
        "includes_en",
        "includes_zh",
        "position",
    ]
    extra = 0


class SpacePhotoInline(SpacePartInline, admin.TabularInline):
    model = SpacePhoto
    fields = ["preview", "image", "caption_en", "caption_zh", "position"]
    readonly_fields = ["preview"]
    extra = 0

    @admin.display(description=_("preview"))
    def preview(self, photo: SpacePhoto) -> str:
        shown = photo.thumbnail or photo.image  # a worker makes the thumbnail after the upload
        if not shown:
            return "–"
        return format_html('<img class="photo-preview" src="{}" alt="">', shown.url)


class SpaceLinkInline(SpacePartInline, admin.TabularInline):
    model = SpaceLink
    fields = ["kind", "url"]
    extra = 0


class CheckedFilter(admin.SimpleListFilter):
    """Listings due for a check: not confirmed by staff for a year, or never."""

    title = _("last checked")
    parameter_name = "checked"

    def lookups(self, request, model_admin):
        return [("stale", _("Over a year ago or never")), ("recent", _("Within a year"))]

    def queryset(self, request, queryset):
        year_ago = timezone.localdate() - timedelta(days=365)
        if self.value() == "stale":
            return queryset.not_checked_since(year_ago)
        if self.value() == "recent":
            return queryset.filter(last_checked_on__gte=year_ago)
        return queryset


# Set by the moderation page and the actions, never typed in.
MODERATED_FIELDS = ["verified", "last_checked_on"]
# What a space manager may not change on their own space.
EDITORS_ONLY_FIELDS = ["status", "networks"]
# Statuses at which a listing is still being looked at, with its submitter and duplicates shown.
UNDER_REVIEW = [Space.Status.DRAFT, Space.Status.PENDING, Space.Status.REJECTED]
PART_HISTORY_LIMIT = 200  # latest changes per kind of part on a space's history page


@admin.register(Space)
class SpaceAdmin(LocationPickerAdmin, SpreadsheetAdmin, ListingAdmin):
    # Spreadsheet import (with a preview) and export: spaces/resources.py.
    resource_classes = [SpaceResource]
    list_display = [
        "name_en",
        "name_zh",
        "city",
        "kind",
        "status",
        "verified",
        "last_checked_on",
        "network_names",
        "floor_area",
        "resident_makers",
        "updated",
    ]
    list_select_related = ["city"]
    list_filter = [
        "status",
        CheckedFilter,
        "kind",
        "verified",
        "city",
        "networks",
        "services",
        "equipment",
    ]
    search_fields = ["name_en", "name_zh", "slug", "address_en", "address_zh"]
    date_hierarchy = "updated_at"
    autocomplete_fields = ["city", "networks", "services", "equipment"]
    prepopulated_fields = {"slug": ("name_en",)}
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("name_en", "name_zh"),
                    "slug",
                    ("kind", "status"),
                    ("verified", "last_checked_on"),
                    "city",
                    "networks",
                ]
            },
        ),
        (_("Location"), {"fields": [("address_en", "address_zh"), ("latitude", "longitude")]}),
        (_("Size"), {"fields": [("floor_area", "desks", "resident_makers")]}),
        (_("Description"), {"fields": ["description_en", "description_zh"]}),
        (_("Contact"), {"fields": [("website", "email", "phone"), "founded"]}),
        (_("What it offers"), {"fields": ["services", "equipment"]}),
    ]
    review_fieldset = (
        _("Review"),
        {"fields": ["submitted_by", "decisions", "possible_duplicates"]},
    )
    inlines = [OpeningHoursInline, MembershipPlanInline, SpacePhotoInline, SpaceLinkInline]
    actions = ["approve", "mark_verified", "remove_verified"]
    change_form_template = "admin/spaces/space/change_form.html"
    object_history_template = "admin/spaces/space/object_history.html"

    class Media:
        css = {"all": ["css/admin.css"]}  # the photos' previews

    updated = time_column(Space, "updated_at")

    def delete_model(self, request, obj) -> None:
        delete_spaces(spaces=[obj])

    def delete_queryset(self, request, queryset) -> None:
        delete_spaces(spaces=queryset)

    # Who manages what

    def managed_space_ids(self, request) -> frozenset[int] | None:
        """The spaces this user may edit, or None for every one (editors).

        Members knows who manages which space and answers in members/admin.py; without it a
        non-editor manages nothing.
        """
        return None if edits_every_space(request.user) else frozenset()

    def manages(self, request, space: Space | None) -> bool:
        """Whether the user may work on `space` (None: on spaces in general, as a list)."""
        if space is None:
            return True
        managed = self.managed_space_ids(request)
        return managed is None or space.pk in managed

    def get_queryset(self, request):
        spaces = super().get_queryset(request).prefetch_related("networks")
        managed = self.managed_space_ids(request)
        return spaces if managed is None else spaces.filter(pk__in=managed)

    def has_view_permission(self, request, obj=None) -> bool:
        return super().has_view_permission(request, obj) and self.manages(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and self.manages(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and self.manages(request, obj)

    def has_moderate_permission(self, request) -> bool:
        return edits_every_space(request.user)

    # The form

    def get_readonly_fields(self, request, obj=None):
        readonly = [*super().get_readonly_fields(request, obj), *MODERATED_FIELDS]
        if not edits_every_space(request.user):
            readonly += EDITORS_ONLY_FIELDS
        elif obj is not None and obj.status == Space.Status.PENDING:
            readonly.append("status")  # decided on the moderation page, which tells the submitter
        if obj is not None and self.shows_review(request, obj):
            readonly += self.review_fieldset[1]["fields"]
        return list(dict.fromkeys(readonly))

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and self.shows_review(request, obj):
            fieldsets = [*fieldsets, self.review_fieldset]
        return fieldsets

    def shows_review(self, request, space: Space) -> bool:
        return space.status in UNDER_REVIEW and edits_every_space(request.user)

    @admin.display(description=_("submitted by"))
    def submitted_by(self, space: Space) -> str:
        submission = Submission.objects.filter(space=space).first()
        if submission is None:
            return "–"
        return format_html(
            '{} &lt;<a href="mailto:{}">{}</a>&gt;, {} ({})<br>{}',
            submission.name,
            submission.email,
            submission.email,
            with_zone(submission.submitted_at),
            submission.language or "–",
            submission.message or "",
        )

    @admin.display(description=_("decisions"))
    def decisions(self, space: Space) -> str:
        reviews = space.reviews.select_related("decided_by")
        return (
            format_html_join(
                "",
                "<p><strong>{}</strong> – {}, {}<br>{}</p>",
                (
                    (
                        review.get_decision_display(),
                        review.decided_by or "–",
                        with_zone(review.decided_at),
                        review.reason,
                    )
                    for review in reviews
                ),
            )
            or "–"
        )

    @admin.display(description=_("possible duplicates"))
    def possible_duplicates(self, space: Space) -> str:
        duplicates = space.likely_duplicates().select_related("city")
        return format_html_join(
            ", ",
            '<a href="{}">{}</a> ({}, {})',
            (
                (
                    reverse("admin:spaces_space_change", args=[duplicate.pk]),
                    duplicate,
                    duplicate.city,
                    duplicate.get_status_display(),
                )
                for duplicate in duplicates
            ),
        ) or _("None: no other space has its name or lies within 200 m.")

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["can_moderate"] = obj is not None and self.has_moderate_permission(request)
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.display(description=_("networks"))
    def network_names(self, space: Space) -> str:
        return ", ".join(str(network) for network in space.networks.all())

    # Moderation

    def get_urls(self):
        moderate = path(
            "<path:object_id>/moderate/",
            self.admin_site.admin_view(self.moderate_view),
            name="spaces_space_moderate",
        )
        return [moderate, *super().get_urls()]

    def moderate_view(self, request, object_id):
        """Approve a space, ask its submitter for more information, or reject it, with a
        reason the submitter is sent and can read on their status page."""
        if not self.has_moderate_permission(request):
            raise PermissionDenied
        space = self.get_object(request, unquote(object_id))
        if space is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        form = ModerationForm(request.POST if request.method == "POST" else None)
        if form.is_valid():
            review = decide_submission(
                space=space,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
                decided_by=request.user,
                site_url=site_url(request),
            )
            self.message_user(
                request,
                _("%(space)s: %(decision)s.")
                % {"space": space, "decision": review.get_decision_display()},
                messages.SUCCESS,
            )
            return redirect("admin:spaces_space_change", space.pk)
        submission = Submission.objects.filter(space=space).first()
        context = {
            **self.admin_site.each_context(request),
            "title": _("Review %(space)s") % {"space": space},
            "opts": self.opts,
            "original": space,
            "form": form,
            "submission": submission,
            "reviews": space.reviews.select_related("decided_by"),
            "duplicates": space.likely_duplicates().select_related("city"),
        }
        return TemplateResponse(request, "admin/spaces/space/moderate.html", context)

    @admin.action(
        description=_("Approve and publish the selected spaces"), permissions=["moderate"]
    )
    def approve(self, request, queryset) -> None:
        queryset = queryset.exclude(status=Space.Status.PUBLISHED)
        for space in queryset:
            decide_submission(
                space=space,
                decision=Review.Decision.APPROVED,
                decided_by=request.user,
                site_url=site_url(request),
            )
        count = len(queryset)
        self.message_user(
            request,
            ngettext("Published %(count)d space.", "Published %(count)d spaces.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Mark as verified, checked today"), permissions=["moderate"])
    def mark_verified(self, request, queryset) -> None:
        count = mark_spaces_checked(spaces=queryset, verified=True, checked_by=request.user)
        self.message_user(
            request,
            ngettext("Verified %(count)d space.", "Verified %(count)d spaces.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Remove the verified badge, checked today"), permissions=["moderate"]
    )
    def remove_verified(self, request, queryset) -> None:
        count = mark_spaces_checked(spaces=queryset, verified=False, checked_by=request.user)
        self.message_user(
            request,
            ngettext(
                "Removed the badge of %(count)d space.",
                "Removed the badge of %(count)d spaces.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    # History: the space's own, and its parts' on the same page

    def history_view(self, request, object_id, extra_context=None):
        # A callable: the template calls it only once the permission check has passed.
        def part_changes():
            return self.part_changes(unquote(object_id))

        return super().history_view(
            request, object_id, {"part_changes": part_changes, **(extra_context or {})}
        )

    def part_changes(self, space_id) -> list[dict]:
        """Recent changes to the space's opening hours, plans, photos and links, newest first,
        each with what changed (one query per kind of part)."""
        changes = []
        for model in (OpeningHours, MembershipPlan, SpacePhoto, SpaceLink):
            records = model.history.filter(space_id=space_id).select_related("history_user")
            by_row = defaultdict(list)
            latest = list(records.order_by("-history_date", "-history_id")[:PART_HISTORY_LIMIT])
            for record in reversed(latest):
                by_row[record.id].append(record)
            for row_records in by_row.values():
                previous = None
                for record in row_records:
                    delta = []
                    if previous is not None and record.history_type == "~":
                        delta = [
                            {
                                "field": model._meta.get_field(change.field).verbose_name,
                                "old": change.old,
                                "new": change.new,
                            }
                            for change in record.diff_against(
                                previous, foreign_keys_are_objs=False
                            ).changes
                        ]
                    changes.append(
                        {"kind": model._meta.verbose_name, "record": record, "changes": delta}
                    )
                    previous = record
        return sorted(changes, key=lambda change: change["record"].history_date, reverse=True)


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    """Every moderation decision, as made on the spaces' moderation pages: a log to read."""

    list_display = ["decided", "space", "decision", "decided_by", "short_reason"]
    list_select_related = ["space", "decided_by"]
    list_filter = ["decision"]
    search_fields = ["space__name_en", "space__name_zh", "space__slug", "reason"]
    date_hierarchy = "decided_at"
    fields = ["space", "decision", "reason", "decided_by", "decided"]
    readonly_fields = fields

    decided = time_column(Review, "decided_at")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        # Decisions go with their space: whoever may delete spaces may delete them.
        return request.user.has_perm("spaces.delete_space")

    @admin.display(description=_("reason"))
    def short_reason(self, review: Review) -> str:
        return Truncator(review.reason).chars(80)


# Sync


@admin.register(Tombstone)
class TombstoneAdmin(admin.ModelAdmin):
    """The log partners sync deletions from: written by signals, never by hand."""

    list_display = ["model", "object_id", "slug", "deleted"]
    list_filter = ["model"]
    search_fields = ["slug", "model"]
    date_hierarchy = "deleted_at"

    deleted = time_column(Tombstone, "deleted_at")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


# Tour requests


@admin.register(TourRequest)
class TourRequestAdmin(admin.ModelAdmin):
    """Visitors' requests for a tour or a day pass, as they sent them: managers answer by email.

    members/admin.py registers it again, limited to the spaces each manager manages.
    """

    list_display = ["sent", "space", "kind", "date", "name", "email", "language"]
    list_select_related = ["space"]
    list_filter = ["kind", "date"]
    search_fields = ["name", "email", "space__name_en", "space__name_zh", "space__slug"]
    date_hierarchy = "created_at"
    fields = [
        ("space", "kind", "date"),
        ("name", "email", "language"),
        "message",
        ("sent", "sent_at_the_space"),
    ]
    readonly_fields = [
        "space",
        "kind",
        "date",
        "name",
        "email",
        "language",
        "message",
        "sent",
        "sent_at_the_space",
    ]

    sent = time_column(TourRequest, "created_at")

    @admin.display(description=_("local time at the space"))
    def sent_at_the_space(self, tour_request: TourRequest) -> str:
        """The visitor's day and time are the space's: say when they wrote, there."""
        zone = tour_request.space.city.timezone
        return f"{with_zone(tour_request.created_at, zone)}, {zone}"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    """Large spreadsheet imports, run by a worker (spaces/tasks.py): how far each got, what
    it did and, when nothing was imported, why, row by row. Seen by whoever may import."""

    list_display = ["started", "file_name", "model", "rows", "status", "created", "updated"]
    list_select_related = ["started_by"]
    list_filter = ["status", "model"]
    fields = [
        ("file_name", "model", "rows"),
        ("status", "started_by", "started", "finished"),
        ("created", "updated", "unchanged"),
        "problems",
    ]
    readonly_fields = fields[0] + fields[1] + fields[2] + ("problems",)

    started = time_column(ImportJob, "started_at")
    finished = time_column(ImportJob, "finished_at")

    @admin.display(description=_("problems"))
    def problems(self, job: ImportJob) -> str:
        if not job.errors:
            return self.get_empty_value_display()
        items = format_html_join("", "<li>{}</li>", ((error,) for error in job.errors))
        return format_html("<ul>{}</ul>", items)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        job = self.get_object(request, unquote(object_id))
        if job is not None and not job.is_finished:
            response["Refresh"] = "5"  # the page follows the job until it ends
        return response

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("spaces.add_space") or request.user.has_perm("spaces.add_city")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser
