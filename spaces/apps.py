from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpacesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "spaces"
    verbose_name = _("Spaces")

    def ready(self) -> None:
        from maker2 import checks  # noqa: F401

        from . import signals  # noqa: F401
