from django.apps import AppConfig


class SiteConfig(AppConfig):
    """Installed (after spaces and members) so that admin finds maker2/site/admin.py."""

    name = "maker2.site"
    label = "site"
    verbose_name = "Site"
