from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "members"
    verbose_name = _("Makers and projects")

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the receivers)
