"""Editing places in Django admin: cities, networks, vocabularies, spaces and the sync log.

Bilingual short fields sit side by side; long texts stack, English first. Every list
loads its related rows and totals up front, so a page costs the same queries whatever
its length (tests/spaces/test_admin.py holds the budgets).

Who may do what (README, "Editors"): editors (the `spaces.moderate_space` permission) edit
everything and moderate; space managers edit only the spaces they manage. Which spaces
those are is members' knowledge, so the space admin and the tour requests' are registered
by the site layer (maker2/site/admin.py), which answers `SpaceAdmin.managed_space_ids`; here
a non-editor manages none. Listings keep their history and their change forms refuse to
overwrite a change saved since they were opened (`ListingAdmin` in maker2/admin.py).
"""

from collections import defaultdict
from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import models
from django.db.models import Count
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportExportMixin

from maker2.admin import (
    HistoryForEditorsOnly,
    ListingAdmin,
    ReadOnlyAdmin,
    ScopedAdmin,
    time_column,
    with_zone,
)
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
from .widgets import LocationPickerWidget

admin.site.site_header = _("Maker2 administration")
admin.site.site_title = _("Maker2 administration")


def edits_every_space(user) -> bool:
    """Editors (and superusers) edit every listing and moderate; space managers do not."""
    return user.has_perm("spaces.moderate_space")


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


class SpacePartInline(ScopedAdmin):
    """A part of a space's page (hours, plans, photos, links, memberships): whoever may change
    the space may change its parts, and nobody else, whatever the view that shows them."""

    def space_admin(self) -> "SpaceAdmin":
        return self.admin_site._registry[Space]

    def allows(self, request, space: Space) -> bool:
        return self.space_admin().allows(request, space)

    def has_add_permission(self, request, obj=None) -> bool:
        return super().has_add_permission(request, obj) and (
            obj is None or self.allows(request, obj)
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


class SpaceAdmin(ScopedAdmin, LocationPickerAdmin, SpreadsheetAdmin, ListingAdmin):
    """Registered by maker2/site/admin.py, which adds the memberships inline and answers
    `managed_space_ids` (who manages which space is members' knowledge)."""

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

        Who manages which space is members' knowledge: maker2/site/admin.py answers; without
        it a non-editor manages nothing.
        """
        return None if edits_every_space(request.user) else frozenset()

    def allows(self, request, space: Space) -> bool:
        """Whether the user may work on `space`."""
        managed = self.managed_space_ids(request)
        return managed is None or space.pk in managed

    def get_queryset(self, request):
        spaces = super().get_queryset(request).prefetch_related("networks")
        managed = self.managed_space_ids(request)
        return spaces if managed is None else spaces.filter(pk__in=managed)

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
class ReviewAdmin(ReadOnlyAdmin):
    """Every moderation decision, as made on the spaces' moderation pages: a log to read."""

    list_display = ["decided", "space", "decision", "decided_by", "short_reason"]
    list_select_related = ["space", "decided_by"]
    list_filter = ["decision"]
    search_fields = ["space__name_en", "space__name_zh", "space__slug", "reason"]
    date_hierarchy = "decided_at"
    fields = ["space", "decision", "reason", "decided_by", "decided"]
    readonly_fields = fields

    decided = time_column(Review, "decided_at")

    def has_delete_permission(self, request, obj=None) -> bool:
        # Decisions go with their space: whoever may delete spaces may delete them.
        return request.user.has_perm("spaces.delete_space")

    @admin.display(description=_("reason"))
    def short_reason(self, review: Review) -> str:
        return Truncator(review.reason).chars(80)


# Sync


@admin.register(Tombstone)
class TombstoneAdmin(ReadOnlyAdmin):
    """The log partners sync deletions from: written by signals, never by hand."""

    list_display = ["model", "object_id", "slug", "deleted"]
    list_filter = ["model"]
    search_fields = ["slug", "model"]
    date_hierarchy = "deleted_at"

    deleted = time_column(Tombstone, "deleted_at")

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


# Tour requests


class TourRequestAdmin(ReadOnlyAdmin):
    """Visitors' requests for a tour or a day pass, as they sent them: managers answer by email.

    Registered by maker2/site/admin.py, limited to the spaces each manager manages.
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


@admin.register(ImportJob)
class ImportJobAdmin(ReadOnlyAdmin):
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

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser
