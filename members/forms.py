"""Forms makers fill in on the site: their profile, join requests, deleting their account."""

import re

from django import forms
from django.contrib.auth.models import AbstractBaseUser
from django.forms import inlineformset_factory
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from spaces.models import City

from .models import JoinRequest, Maker, MakerLink

# Profiles

SKILL_MAX_LENGTH = Maker._meta.get_field("skills").base_field.max_length


class SkillsField(forms.CharField):
    """Skills typed as one line, separated by commas (English or Chinese ones)."""

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(value)
        return value

    def to_python(self, value) -> list[str]:
        skills = []
        for skill in re.split(r"[,，、]", super().to_python(value)):
            skill = " ".join(skill.split())
            if skill and skill.lower() not in {s.lower() for s in skills}:
                skills.append(skill)
        return skills

    def validate(self, value) -> None:
        super().validate(value)
        too_long = [skill for skill in value if len(skill) > SKILL_MAX_LENGTH]
        if too_long:
            raise forms.ValidationError(
                _("Keep each skill under %(max)d characters: %(skill)s"),
                params={"max": SKILL_MAX_LENGTH, "skill": too_long[0]},
            )
        if len(value) > 30:
            raise forms.ValidationError(_("List at most 30 skills."))


class MakerProfileForm(forms.ModelForm):
    skills = SkillsField(
        label=capfirst(Maker._meta.get_field("skills").verbose_name),
        required=False,
        help_text=Maker._meta.get_field("skills").help_text,
    )

    class Meta:
        model = Maker
        fields = [
            "display_name",
            "display_name_zh",
            "bio_en",
            "bio_zh",
            "skills",
            "city",
            "avatar",
            "visibility",
        ]
        widgets = {
            "bio_en": forms.Textarea(attrs={"rows": 5}),
            "bio_zh": forms.Textarea(attrs={"rows": 5}),
            "visibility": forms.RadioSelect,
            "avatar": forms.ClearableFileInput(attrs={"accept": "image/*"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A city proposed with a space still under review is shown nowhere yet.
        self.fields["city"].queryset = City.objects.listed()


MakerLinkFormSet = inlineformset_factory(
    Maker,
    MakerLink,
    fields=["kind", "url"],
    extra=1,
    max_num=10,
    validate_max=True,
    can_delete=True,
)


# Join requests


class JoinRequestForm(forms.ModelForm):
    class Meta:
        model = JoinRequest
        fields = ["message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"message": _("Optional: tell the managers who you are and what you make.")}


class JoinDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("decline", _("Decline"))],
    )


# Deleting an account


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user: AbstractBaseUser, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password."))
        return password
