"""Forms visitors fill in on the site, and the editors' moderation form in admin."""

from datetime import time

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from maker2.forms import HoneypotField

from . import gazetteer
from .models import (
    City,
    Equipment,
    MembershipPlan,
    OpeningHours,
    Review,
    Service,
    Space,
    SpacePhoto,
    TourRequest,
)
from .widgets import CitySelect, LocationPickerWidget

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


# Moderation: a visitor proposes a space, an editor decides


class SpaceSubmissionForm(forms.ModelForm):
    """A visitor proposing a space ("add your space"): the listing, what it offers, and whom
    to write back to. Its opening hours, plans and photos come in the formsets below.

    The city is chosen from the listed ones, or typed when it is not listed yet: then it is
    matched with the cities stored under either of their names, and else proposed from the
    gazetteer (`proposed_city`, unsaved until the whole submission is valid).
    """

    latitude = forms.DecimalField(
        label=_("Latitude"), min_value=-90, max_value=90, decimal_places=6, required=False
    )
    longitude = forms.DecimalField(
        label=_("Longitude"),
        min_value=-180,
        max_value=180,
        decimal_places=6,
        required=False,
        widget=LocationPickerWidget(city_name="city"),
        help_text=_("Both coordinates, in decimal degrees (WGS-84), or neither."),
    )
    new_city_name = forms.CharField(
        label=_("City not listed? Its name"),
        max_length=100,
        required=False,
        help_text=_("In English or Chinese. Editors check a new city before it is shown."),
    )
    new_city_country = forms.ChoiceField(label=_("Its country"), required=False, initial="CN")
    floor_area = forms.IntegerField(label=_("Floor area (m²)"), min_value=1, required=False)
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

    # What each group of fields starts with, for the headings of the page.
    SECTIONS = {
        "name_en": _("The space"),
        "address_en": _("Where it is"),
        "website": _("Contact"),
        "floor_area": _("Size and history"),
        "services": _("What it offers"),
        "submitter_name": _("You"),
    }

    class Meta:
        model = Space
        fields = [
            "name_en",
            "name_zh",
            "kind",
            "description_en",
            "description_zh",
            "address_en",
            "address_zh",
            "city",
            "latitude",
            "longitude",
            "website",
            "email",
            "phone",
            "floor_area",
            "desks",
            "founded",
            "services",
            "equipment",
        ]
        widgets = {
            "description_en": forms.Textarea(attrs={"rows": 4}),
            "description_zh": forms.Textarea(attrs={"rows": 4}),
            "city": CitySelect,
            "founded": forms.DateInput(attrs={"type": "date"}),
            "services": forms.CheckboxSelectMultiple,
            "equipment": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "city": _("Not in the list? Leave it empty and type the city's name below."),
            "founded": _("The day it opened, or the first of the month if you know only that."),
        }

    field_order = [
        *Meta.fields[: Meta.fields.index("city") + 1],
        "new_city_name",
        "new_city_country",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.proposed_city: City | None = None
        city = self.fields["city"]
        city.required = False
        city.queryset = City.objects.listed().order_by("name_en")
        city.empty_label = _("Choose the city")
        self.fields["kind"].choices = [("", _("Choose the kind")), *Space.Kind.choices]
        self.fields["new_city_country"].choices = country_choices()
        self.fields["services"].queryset = Service.objects.all()
        self.fields["equipment"].queryset = Equipment.objects.all()
        self.fields["founded"].widget.attrs["max"] = timezone.localdate().isoformat()

    def clean_new_city_name(self) -> str:
        name = " ".join(self.cleaned_data["new_city_name"].split())
        if name and not gazetteer.fold(name):
            raise forms.ValidationError(_("Type the city's name in letters."))
        return name

    def clean_founded(self):
        founded = self.cleaned_data["founded"]
        if founded and founded > timezone.localdate():
            raise forms.ValidationError(_("Give a date that has passed."))
        return founded

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
        self.resolve_city()
        return cleaned

    def resolve_city(self) -> None:
        """Exactly one of a listed city and a typed one; a typed one found or proposed."""
        if self.errors.keys() & {"city", "new_city_name", "new_city_country"}:
            return
        city = self.cleaned_data.get("city")
        name = self.cleaned_data.get("new_city_name", "")
        country = self.cleaned_data.get("new_city_country") or "CN"
        if city and name:
            self.add_error(
                "new_city_name",
                _("You chose %(city)s in the list: leave this empty, or empty the list.")
                % {"city": city},
            )
        elif not city and not name:
            self.add_error(
                "city", _("Choose the city, or type its name below if it is not listed.")
            )
        elif name:
            self.proposed_city = self.find_or_propose_city(name, country)
            if self.proposed_city is not None:
                self.instance.city = self.proposed_city
                if self.proposed_city.latitude is not None:
                    point = f"{self.proposed_city.latitude},{self.proposed_city.longitude}"
                    self.fields["longitude"].widget.center = point

    def find_or_propose_city(self, name: str, country: str) -> City | None:
        """A stored city of that name (any language, any status) in the country, else a new
        pending one from the gazetteer; None, with an error, for a city of another country."""
        place = gazetteer.find_city(name, country)
        names = [name, *([place.name, place.chinese_name] if place else [])]
        for each in filter(None, names):
            stored = City.objects.named(each).filter(country=country).first()
            if stored is not None:
                return stored
        if place is None:
            elsewhere = gazetteer.find_city(name)
            if elsewhere is not None:
                self.add_error(
                    "new_city_country",
                    _(
                        "We know no %(name)s in %(country)s, but one in %(other)s: "
                        "choose its country."
                    )
                    % {
                        "name": name,
                        "country": country_name(country),
                        "other": country_name(elsewhere.country),
                    },
                )
                return None
        return City.propose(name, country, place)


def country_name(code: str) -> str:
    return gettext(gazetteer.countries().get(code, code))


def country_choices() -> list[tuple[str, str]]:
    """Every country by its name in the page's language, China first (most spaces are there)."""
    names = sorted(
        ((code, country_name(code)) for code in gazetteer.countries()),
        key=lambda choice: choice[1],
    )
    return sorted(names, key=lambda choice: choice[0] != "CN")


class OpeningHoursForm(forms.ModelForm):
    class Meta:
        model = OpeningHours
        fields = ["weekday", "opens", "closes"]
        widgets = {
            "opens": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "closes": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def has_changed(self) -> bool:
        """A row without times is a blank one, whatever weekday it shows."""
        times = [self.data.get(self.add_prefix(name), "").strip() for name in ("opens", "closes")]
        return any(times) and super().has_changed()

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("opens"), cleaned.get("closes")
        if opens is not None and opens == closes and opens != time(0):
            self.add_error(
                "closes",
                _("It closes when it opens: for a space open around the clock give 00:00–00:00."),
            )
        return cleaned


class SubmittedPartsFormSet(forms.BaseInlineFormSet):
    """Rows of a space not saved yet: the filled-in ones are `new_parts()`."""

    title_text = row_text = add_text = ""

    def rows(self) -> list[tuple[str, forms.Form]]:
        """Each form with its name on the page ("Period 2")."""
        return [(self.row_text % {"number": n}, f) for n, f in enumerate(self.forms, start=1)]

    def empty_row(self) -> str:
        """The name of a row the page's script adds; it puts the number in."""
        return self.row_text % {"number": "__number__"}

    def new_parts(self) -> list:
        return [
            form.instance
            for form in self.forms
            if form.has_changed() and not self._should_delete_form(form)
        ]


class NoOverlappingHours:
    """A formset of a space's weekly hours in which two periods may not overlap; each
    overlapping row is told which earlier one it overlaps. Rows left blank or deleted do not
    count; rows already saved do, changed or not."""

    def clean(self):
        kept = []
        for form in self.forms:
            counts = form.has_changed() or form.instance.pk is not None
            if not counts or form.errors or self._should_delete_form(form):
                continue
            data = form.cleaned_data
            period = (data["weekday"], data["opens"], data["closes"])
            overlap = OpeningHours.first_overlap([earlier for earlier, _form in kept] + [period])
            if overlap is not None:
                other = kept[overlap[0]][1].instance
                form.add_error(
                    "opens", _("Overlaps another period: %(period)s.") % {"period": other}
                )
            else:
                kept.append((period, form))
        if not any(form.errors for form in self.forms):
            super().clean()


class OpeningHoursFormSet(NoOverlappingHours, SubmittedPartsFormSet):
    """A space's weekly hours as a visitor proposes them."""


class AdminOpeningHoursFormSet(NoOverlappingHours, forms.BaseInlineFormSet):
    """A space's weekly hours as editors and managers keep them in admin."""


class MembershipPlanForm(forms.ModelForm):
    price = forms.DecimalField(label=_("Price"), min_value=0, max_digits=12, decimal_places=2)

    class Meta:
        model = MembershipPlan
        fields = ["name_en", "name_zh", "price", "currency", "period"]

    def clean_currency(self) -> str:
        return self.cleaned_data["currency"].strip().upper()

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("name_en") or cleaned.get("name_zh")) and not self.has_error("name_en"):
            self.add_error("name_en", _("Give the plan's name in English, in Chinese or both."))
        return cleaned


class SpacePhotoForm(forms.ModelForm):
    class Meta:
        model = SpacePhoto
        fields = ["image", "caption_en", "caption_zh"]
        labels = {"image": _("Photo")}
        help_texts = {"image": _("JPEG, PNG or WebP, up to 10 MB.")}


def space_part_formset(
    model, form, formset=SubmittedPartsFormSet, *, extra: int, max_num: int, **texts
):
    """An inline formset of one kind of part of a submitted space; `texts` name it on the
    page (`title`, `row`: "Period %(number)d", `add`: the add-a-row button)."""
    formset_class = forms.inlineformset_factory(
        Space,
        model,
        form=form,
        formset=formset,
        extra=extra,
        max_num=max_num,
        validate_max=True,
        absolute_max=max_num,
        can_delete=False,
    )
    for name, text in texts.items():
        setattr(formset_class, f"{name}_text", text)
    return formset_class


# Without JavaScript these many blank rows are offered; the page's script adds more.
SubmittedHoursFormSet = space_part_formset(
    OpeningHours,
    OpeningHoursForm,
    OpeningHoursFormSet,
    extra=7,
    max_num=21,
    title=_("Opening hours"),
    row=_("Period %(number)s"),
    add=_("Add another period"),
)
SubmittedPlansFormSet = space_part_formset(
    MembershipPlan,
    MembershipPlanForm,
    extra=2,
    max_num=10,
    title=_("Membership plans"),
    row=_("Plan %(number)s"),
    add=_("Add another plan"),
)
SubmittedPhotosFormSet = space_part_formset(
    SpacePhoto,
    SpacePhotoForm,
    extra=3,
    max_num=8,
    title=_("Photos"),
    row=_("Photo %(number)s"),
    add=_("Add another photo"),
)


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
