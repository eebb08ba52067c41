"""Confirmed imports above IMPORT_IN_BACKGROUND_ROWS are run by a worker (spaces/tasks.py),
followed on their ImportJob in admin and reported by mail; all or nothing as before."""

from pathlib import Path

import pytest
from django.contrib.admin.models import LogEntry
from django.core import mail
from django.core.files.base import ContentFile
from django.urls import reverse

from spaces.models import City, ImportJob, Network, Space
from spaces.tasks import run_import
from tests.factories import UserFactory
from tests.spaces.test_import_export import a_row, confirm, csv_bytes, preview, vocabulary
from tests.spaces.test_import_spreadsheets import CITY_CONFIRM_URL, CITY_IMPORT_URL
from tests.spaces.test_import_spreadsheets import csv_bytes as csv_rows
from tests.spaces.test_import_spreadsheets import preview as preview_at

__all__ = ["vocabulary"]  # the fixture, used by name


@pytest.fixture(autouse=True)
def _small_threshold(settings):
    settings.IMPORT_IN_BACKGROUND_ROWS = 1


def two_spaces() -> bytes:
    return csv_bytes([a_row(), a_row(slug="sh-jingan", city="shanghai", networks="maker2")])


def stored_files(settings) -> list[Path]:
    return sorted(path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file())


def test_confirming_a_large_file_answers_at_once_and_a_worker_imports_it(
    admin_client, superuser, vocabulary, settings, django_capture_on_commit_callbacks
):
    response = preview(admin_client, two_spaces())
    assert response.context["result"].totals["new"] == 2  # the preview, as before
    assert not Space.objects.exists()

    with django_capture_on_commit_callbacks() as callbacks:
        confirmed = confirm(admin_client, response)

    job = ImportJob.objects.get()
    assert confirmed.url == reverse("admin:spaces_importjob_change", args=[job.pk])
    assert (job.status, job.rows, job.started_by, job.model) == (
        "queued",
        2,
        superuser,
        "spaces.Space",
    )
    assert not Space.objects.exists()
    assert [path.parent.name for path in stored_files(settings)] == ["imports"]
    page = admin_client.get(confirmed.url)
    assert "Importing the 2 rows of spaces.csv in the background" in page.content.decode()
    assert page["Refresh"] == "5"

    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()

    job.refresh_from_db()
    assert (job.status, job.created, job.updated, job.unchanged) == ("done", 2, 0, 0)
    assert job.finished_at is not None and not job.file
    assert stored_files(settings) == []
    assert sorted(Space.objects.values_list("slug", flat=True)) == ["bj-751", "sh-jingan"]
    assert Space.history.filter(history_user=superuser).count() == 2
    assert LogEntry.objects.filter(user=superuser).count() == 2
    (message,) = mail.outbox
    assert message.to == [superuser.email]
    assert message.subject == "Imported: spaces.csv"
    assert "2 created, 0 changed and 0 unchanged" in message.body
    assert f"/admin/spaces/importjob/{job.pk}/change/" in message.body
    assert "Refresh" not in admin_client.get(confirmed.url)


def test_a_background_import_with_a_failing_row_saves_nothing_and_names_the_row(
    admin_client, superuser, vocabulary, django_capture_on_commit_callbacks
):
    rows = [a_row(networks=""), a_row(slug="sh", city="shanghai", networks="maker2")]
    response = preview(admin_client, csv_bytes(rows))
    Network.objects.filter(slug="maker2").delete()  # meanwhile, someone removes a network

    with django_capture_on_commit_callbacks(execute=True):
        confirm(admin_client, response)

    job = ImportJob.objects.get()
    assert job.status == "failed"
    assert job.errors == [
        "Row 3, column “networks”: No networks are called: maker2. Known: beijing-makerspace."
    ]
    assert not Space.objects.exists()
    page = admin_client.get(reverse("admin:spaces_importjob_change", args=[job.pk]))
    assert "No networks are called: maker2." in page.content.decode()
    (message,) = mail.outbox
    assert message.subject == "Nothing imported from spaces.csv"
    assert "Row 3, column “networks”" in message.body


def test_a_file_within_the_threshold_is_imported_in_the_request(admin_client, vocabulary, settings):
    settings.IMPORT_IN_BACKGROUND_ROWS = 2

    confirmed = confirm(admin_client, preview(admin_client, two_spaces()))

    assert confirmed.url == reverse("admin:spaces_space_changelist")
    assert Space.objects.count() == 2
    assert not ImportJob.objects.exists()


def test_a_large_city_list_is_imported_by_a_worker_too(
    admin_client, db, django_capture_on_commit_callbacks
):
    rows = [["City", "Country"], ["Leeds", "UK"], ["Zürich", "CH"]]
    response = preview_at(admin_client, csv_rows(rows), url=CITY_IMPORT_URL)

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(CITY_CONFIRM_URL, response.context["confirm_form"].initial)

    job = ImportJob.objects.get()
    assert (job.model, job.status, job.created) == ("spaces.City", "done", 2)
    assert City.objects.get(slug="leeds").timezone == "Europe/London"


def test_a_job_already_finished_is_not_run_again(
    admin_client, vocabulary, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        confirm(admin_client, preview(admin_client, two_spaces()))
    Space.objects.all().delete()

    run_import(ImportJob.objects.get().pk)

    assert not Space.objects.exists()


def test_a_worker_records_the_changes_under_the_editors_name(superuser, vocabulary):
    job = ImportJob(model="spaces.Space", file_name="s.csv", file_format="CSV", rows=2)
    job.file.save("s.csv", ContentFile(two_spaces()), save=False)
    job.started_by = superuser
    job.save()

    run_import(job.pk)  # as a worker runs it: no request around it

    assert ImportJob.objects.get().status == "done"
    assert Space.history.filter(history_user=superuser).count() == 2
    assert LogEntry.objects.filter(user=superuser).count() == 2


def test_the_jobs_are_seen_by_who_may_import_only(client, editor):
    job = ImportJob.objects.create(model="spaces.Space", file_name="a.csv", rows=600)
    url = reverse("admin:spaces_importjob_change", args=[job.pk])
    client.force_login(UserFactory(is_staff=True))

    assert client.get(url).status_code == 403

    client.force_login(editor)
    assert client.get(url).status_code == 200
