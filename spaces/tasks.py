"""Background work of the spaces app: spreadsheet imports too large to wait for, and
deleting what is kept for a time only (CELERY_BEAT_SCHEDULE in maker2/settings.py).

(Photo renditions are made by `spaces.images.make_renditions`, beside the code that cleans
the uploads.)
"""

from datetime import timedelta

from celery import shared_task
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from import_export.signals import post_import
from simple_history.models import HistoricalRecords

from maker2.mail import send_templated_email
from maker2.tasks import LoggedTask

from .models import ImportJob, TourRequest
from .resources import FORMATS, readable_error

ERRORS_KEPT = 100  # sentences stored on a failed job; the first ten are mailed


@shared_task(base=LoggedTask)
def run_import(job_id: int) -> None:
    """Import a confirmed spreadsheet as the admin would have, all or nothing, record how it
    went on the job, mail the editor and delete the file.

    A job already finished is left alone (a task delivered twice); one left running by a
    worker that died is run again: its transaction never committed."""
    job = ImportJob.objects.select_related("started_by").filter(pk=job_id).first()
    if job is None or job.is_finished:
        return
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING)
    try:
        result = _import(job)
    except Exception as error:  # logged by LoggedTask, with the traceback
        _finish(job, ImportJob.Status.FAILED, errors=[readable_error(error)])
        raise
    report = result.report
    if result.has_errors() or result.has_validation_errors():
        _finish(job, ImportJob.Status.FAILED, errors=report.error_sentences(limit=ERRORS_KEPT))
    else:
        _finish(job, ImportJob.Status.DONE, totals=result.totals)


def _import(job: ImportJob):
    model = apps.get_model(job.model)
    model_admin = admin.site.get_model_admin(model)
    # Who imported, for the history and the admin's log, as a request would tell them.
    request = HttpRequest()
    request.user = job.started_by
    resource_class = model_admin.get_import_resource_classes(request)[0]
    file_format = next(format for format in FORMATS if format.__name__ == job.file_format)
    with job.file.open("rb") as file:
        dataset = file_format().create_dataset(file.read())
    previous = getattr(HistoricalRecords.context, "request", None)
    HistoricalRecords.context.request = request  # as HistoryRequestMiddleware does
    try:
        result = resource_class().import_data(
            dataset,
            dry_run=False,
            file_name=job.file_name,
            user=job.started_by,
            retain_instance_in_row_result=True,
            encoding=job.options.get("encoding", ""),
            date_order=job.options.get("date_order", ""),
        )
    finally:
        HistoricalRecords.context.request = previous
    if not (result.has_errors() or result.has_validation_errors()):
        model_admin.generate_log_entries(result, request)
        post_import.send(sender=None, model=model)
    return result


def _finish(job: ImportJob, status: str, *, totals: dict | None = None, errors=()) -> None:
    totals = totals or {}
    job.status = status
    job.created = totals.get("new", 0)
    job.updated = totals.get("update", 0)
    job.unchanged = totals.get("skip", 0)
    job.errors = list(errors)
    job.finished_at = timezone.now()
    job.file.delete(save=False)
    job.save()
    user = job.started_by
    if user is not None and user.email:
        send_templated_email(
            template="emails/imports/finished",
            context={
                "job": job,
                "errors": job.errors[:10],
                "job_url": job.options.get("site_url", "")
                + reverse("admin:spaces_importjob_change", args=[job.pk]),
            },
            to=[user.email],
            language=job.language,
        )


@shared_task(base=LoggedTask)
def purge_expired() -> dict[str, int]:
    """Delete tour requests sent more than TOUR_REQUESTS_KEPT_DAYS ago (a visitor's name,
    address and message) and import jobs finished more than IMPORT_JOBS_KEPT_DAYS ago, with
    any file left of them (django-cleanup). Tombstones stay: the sync recipe has no window."""
    now = timezone.now()
    tours, _ = TourRequest.objects.filter(
        created_at__lt=now - timedelta(days=settings.TOUR_REQUESTS_KEPT_DAYS)
    ).delete()
    stale_jobs = ImportJob.objects.filter(
        started_at__lt=now - timedelta(days=settings.IMPORT_JOBS_KEPT_DAYS)
    )
    jobs, _ = stale_jobs.delete()
    return {"tour requests": tours, "import jobs": jobs}
