"""Forms visitors fill in on the site, and the editors' moderation form in admin."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maker2.forms import HoneypotField

from .models import City, Review, Space, TourRequest

# Tour and day-pass requests


class TourRequestForm(forms.ModelForm):
    """A visitor's request for a tour or a day pass at one space."""

    website = HoneypotField()

    class Meta:
        model = TourRequest
        fields = ["kind", "date", "name", "email", "message"]
        widgets = {
            "kind": forms.RadioSelect,
            "date": forms.DateInput(attrs={"type": "date"}),
            "message": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, space: Space, **kwargs):
        super().__init__(*args, **kwargs)
        self.space = space
        self.fields["date"].widget.attrs["min"] = self.space_today().isoformat()

    def space_today(self):
        """Today where the space is: "not in the past" means in the space's own time zone."""
        return timezone.localdate(timezone=self.space.city.zoneinfo)

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date < self.space_today():
            raise forms.ValidationError(_("Choose today or a later date."))
        return date

    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))


# Moderation: a visitor proposes a space, an editor decides


class SpaceSubmissionForm(forms.ModelForm):
    """A visitor proposing a space ("add your space"): the listing, and whom to write back to."""

    latitude = forms.DecimalField(
        label=_("Latitude"), min_value=-90, max_value=90, decimal_places=6, required=False
    )
    longitude = forms.DecimalField(
        label=_("Longitude"), min_value=-180, max_value=180, decimal_places=6, required=False
    )
    submitter_name = forms.CharField(label=_("Your name"), max_length=100)
    submitter_email = forms.EmailField(
        label=_("Your email"),
        help_text=_("We write to you about this listing. It is not shown on the site."),
    )
    message = forms.CharField(
        label=_("Anything our editors should know?"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example how you are connected to the space."),
    )
    fax = HoneypotField()

    class Meta:
        model = Space
        fields = [
            "name_en",
            "name_zh",
            "kind",
            "city",
            "address_en",
            "address_zh",
            "latitude",
            "longitude",
            "website",
            "email",
            "phone",
            "description_en",
            "description_zh",
        ]
        widgets = {
            "description_en": forms.Textarea(attrs={"rows": 4}),
            "description_zh": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = City.objects.order_by("name_en")

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("name_en") or cleaned.get("name_zh")) and not self.has_error("name_en"):
            self.add_error("name_en", _("Give the space's name in English, in Chinese or both."))
        latitude, longitude = cleaned.get("latitude"), cleaned.get("longitude")
        if (latitude is None) != (longitude is None) and not self.errors.keys() & {
            "latitude",
            "longitude",
        }:
            missing = "longitude" if longitude is None else "latitude"
            self.add_error(missing, _("Give both coordinates, or neither."))
        return cleaned

    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("fax"))


class ModerationForm(forms.Form):
    """An editor's decision on a submitted space; the reason goes to the submitter."""

    decision = forms.ChoiceField(
        label=_("Decision"), choices=Review.Decision.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "cols": 80}),
        help_text=_(
            "Sent to the submitter and shown on their status page. Required unless you approve."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        decision, reason = cleaned.get("decision"), cleaned.get("reason", "").strip()
        if decision and decision != Review.Decision.APPROVED and not reason:
            self.add_error("reason", _("Say why, so the submitter knows what to do."))
        return cleaned
