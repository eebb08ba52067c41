"""How every form on the site renders, whatever app or package (django-allauth) defines it."""

from django.forms.renderers import TemplatesSetting


class SiteFormRenderer(TemplatesSetting):
    """`{{ form }}` and `{{ field.as_field_group }}` render through the site's own templates.

    TemplatesSetting renders with the project's template engine, so the templates live in
    templates/includes/ beside the other fragments (and Django's widget templates come from the
    `django.forms` app). The styles are the "Forms" section of static/css/site.css.
    """

    form_template_name = "includes/_form.html"
    field_template_name = "includes/_field.html"
