"""How every form on the site renders, whatever app or package (django-allauth) defines it."""

from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _


class SiteFormRenderer(TemplatesSetting):
    """`{{ form }}` and `{{ field.as_field_group }}` render through the site's own templates.

    TemplatesSetting renders with the project's template engine, so the templates live in
    templates/includes/ beside the other fragments (and Django's widget templates come from the
    `django.forms` app). The styles are the "Forms" section of static/css/site.css.
    """

    form_template_name = "includes/_form.html"
    field_template_name = "includes/_field.html"


class HoneypotField(forms.CharField):
    """A field people never see and bots fill in: the form counts as spam when it has a value.

    Its template keeps it off-screen and out of the accessibility tree; it is skipped by Tab
    and by the browser's autofill.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Leave this field empty"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("template_name", "includes/_honeypot_field.html")
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"})
        )
        super().__init__(**kwargs)


def filled_honeypot(form: forms.BaseForm) -> bool:
    """Whether a bot filled in one of the (validated) form's honeypots."""
    return any(
        isinstance(field, HoneypotField) and form.cleaned_data.get(name)
        for name, field in form.fields.items()
    )
