"""Admin bases the apps' admins build on; no model is registered here.

- Times with their zone (`with_zone`, `time_column`): Django's admin prints a moment as a
  bare wall-clock time in the site's zone ("Dec. 1, 2026, 6:15 p.m."), which an editor in
  London reads as London time; here every time says its zone: "Dec. 1, 2026, 6:15 p.m. CST
  (UTC+8)". The history templates use the same through spaces/templatetags/admin_times.py.
- `ListingAdmin`: history with diffs and revert, and a change form that refuses to save over
  a change saved since it was opened (`EditConflictForm`).
- `ScopedAdmin`: rows some users may see, change and delete only when `allows(request, obj)`
  (a space manager: the spaces they manage).
- `ReadOnlyAdmin`: rows the site writes (logs, decisions, requests), looked at, never added or
  edited by hand.
"""

import zoneinfo
from datetime import datetime, timedelta, tzinfo
from decimal import Decimal

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import SIMPLE_HISTORY_REVERSE_ATTR_NAME

# Times with their zone


def utc_offset(offset: timedelta) -> str:
    """UTC+8, UTC+5:30, UTC−3, UTC (a minus sign, not a hyphen)."""
    minutes = round(offset.total_seconds() / 60)
    if not minutes:
        return "UTC"
    sign = "+" if minutes > 0 else "−"
    hours, minutes = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{minutes:02d}" if minutes else "")


def zone_label(moment: datetime) -> str:
    """ "CST (UTC+8)"; just "UTC+4" where the zone has no letters for itself ("+04")."""
    offset = utc_offset(moment.utcoffset() or timedelta(0))
    abbreviation = moment.tzname() or ""
    if not abbreviation or abbreviation[0] in "+-" or abbreviation == offset:
        return offset
    return f"{abbreviation} ({offset})"


def with_zone(value: datetime | None, zone: tzinfo | str | None = None) -> str:
    """`value` in `zone` (the current time zone by default), formatted with that zone."""
    if value is None:
        return ""
    if isinstance(zone, str):
        zone = zoneinfo.ZoneInfo(zone)
    if timezone.is_naive(value):  # stored without a zone: say nothing false about it
        return date_format(value, "DATETIME_FORMAT")
    local = timezone.localtime(value, zone)
    return f"{date_format(local, 'DATETIME_FORMAT')} {zone_label(local)}"


def time_column(model, name: str):
    """A ModelAdmin column or read-only field showing the datetime field `name` with its
    zone, sorted by it: `updated = time_column(Space, "updated_at")`, then "updated" in
    list_display or readonly_fields."""

    @admin.display(description=model._meta.get_field(name).verbose_name, ordering=name)
    def column(model_admin, obj) -> str:
        return with_zone(getattr(obj, name)) or model_admin.get_empty_value_display()

    return column


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


# Who may work on which row


class ScopedAdmin:
    """A ModelAdmin or inline whose rows a user may see, change and delete only where
    `allows(request, obj)`, on top of the model permissions.

    `obj` is the row (for an inline, the row the inline sits in); a list or a new row
    (`obj` None) is always allowed, since the queryset already holds only what the user may
    see.
    """

    def allows(self, request, obj) -> bool:
        return True

    def has_view_permission(self, request, obj=None) -> bool:
        return super().has_view_permission(request, obj) and (
            obj is None or self.allows(request, obj)
        )

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and (
            obj is None or self.allows(request, obj)
        )

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and (
            obj is None or self.allows(request, obj)
        )


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows the site writes (a log, decisions, visitors' requests): looked at here, never
    added or edited by hand. Deleting follows the model's permission unless a subclass
    says otherwise."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
