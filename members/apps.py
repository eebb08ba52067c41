from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "members"
    verbose_name = _("Makers and projects")

    def ready(self) -> None:
        from spaces.signals import tour_requested

        from . import signals  # noqa: F401  (connects the receivers)
        from .services import email_managers_of_tour_request

        # spaces stores tour requests but cannot know who manages a space; members does.
        tour_requested.connect(email_managers_of_tour_request, dispatch_uid="members.tour_emails")
