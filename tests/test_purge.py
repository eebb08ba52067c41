"""What expires is deleted by the daily jobs (README, "Background work"); what partners sync
deletions from is kept."""

from datetime import timedelta
from importlib import import_module

from axes.models import AccessFailureLog, AccessLog
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from maker2.tasks import clear_admin_sign_in_records, clear_sessions
from members.models import JoinRequest
from members.tasks import purge_expired_requests
from spaces.models import ImportJob, Tombstone, TourRequest
from spaces.tasks import purge_expired
from tests.factories import JoinRequestFactory, TombstoneFactory, TourRequestFactory


def aged(queryset, field: str, days: int) -> None:
    queryset.update(**{field: timezone.now() - timedelta(days=days)})


def test_tour_requests_go_after_their_period(db, settings):
    settings.TOUR_REQUESTS_KEPT_DAYS = 180
    old, recent = TourRequestFactory(), TourRequestFactory()
    aged(TourRequest.objects.filter(pk=old.pk), "created_at", 181)
    aged(TourRequest.objects.filter(pk=recent.pk), "created_at", 179)

    assert purge_expired()["tour requests"] == 1

    assert list(TourRequest.objects.all()) == [recent]


def test_decided_join_requests_go_after_their_period_and_pending_ones_stay(db, settings):
    settings.JOIN_REQUESTS_KEPT_DAYS = 365
    pending = JoinRequestFactory()
    aged(JoinRequest.objects.filter(pk=pending.pk), "created_at", 800)
    decided_long_ago = JoinRequestFactory(status="declined", decided_at=timezone.now())
    aged(JoinRequest.objects.filter(pk=decided_long_ago.pk), "decided_at", 366)
    decided_lately = JoinRequestFactory(status="approved", decided_at=timezone.now())

    assert purge_expired_requests() == {"join requests": 1}

    assert set(JoinRequest.objects.all()) == {pending, decided_lately}


def test_import_jobs_go_with_their_file(db, settings, django_capture_on_commit_callbacks):
    settings.IMPORT_JOBS_KEPT_DAYS = 30
    job = ImportJob(model="spaces.Space", file_name="a.csv", rows=600)
    job.file.save("a.csv", ContentFile(b"slug\nx\n"))
    kept = ImportJob.objects.create(model="spaces.Space", file_name="b.csv", rows=600)
    aged(ImportJob.objects.filter(pk=job.pk), "started_at", 31)

    with django_capture_on_commit_callbacks(execute=True):
        assert purge_expired()["import jobs"] == 1

    assert list(ImportJob.objects.all()) == [kept]
    assert not default_storage.exists(job.file.name)


def test_tombstones_are_kept_for_partners_however_old(db):
    tombstone = TombstoneFactory()
    aged(Tombstone.objects.all(), "deleted_at", 3650)

    purge_expired()
    purge_expired_requests()

    assert list(Tombstone.objects.all()) == [tombstone]


def test_expired_sessions_are_cleared(db):
    store = import_module(django_settings.SESSION_ENGINE).SessionStore
    expired, current = store(), store()
    expired.set_expiry(-60)
    expired.save()
    current.save()

    clear_sessions()

    assert list(Session.objects.values_list("session_key", flat=True)) == [current.session_key]


def test_admin_sign_in_records_go_after_their_period(db, settings):
    settings.ADMIN_SIGN_IN_RECORDS_KEPT_DAYS = 90
    kept = []
    for model in (AccessLog, AccessFailureLog):
        old = model.objects.create(username="root", ip_address="10.0.0.1")
        recent = model.objects.create(username="root", ip_address="10.0.0.2")
        aged(model.objects.filter(pk=old.pk), "attempt_time", 91)
        aged(model.objects.filter(pk=recent.pk), "attempt_time", 89)
        kept.append(recent)

    clear_admin_sign_in_records()

    assert list(AccessLog.objects.all()) == [kept[0]]
    assert list(AccessFailureLog.objects.all()) == [kept[1]]
