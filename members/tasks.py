"""Periodic work of the members app (CELERY_BEAT_SCHEDULE in maker2/settings.py)."""

from celery import shared_task

from maker2.mail import site_url
from maker2.tasks import LoggedTask

from . import services


@shared_task(base=LoggedTask)
def remind_managers_to_check() -> int:
    return services.remind_managers_to_check(site_url=site_url())


@shared_task(base=LoggedTask)
def purge_expired_requests() -> dict[str, int]:
    return services.purge_expired_requests()
