"""Managers of published spaces nobody checked for a year are asked to look at them, at most
once a month (members.services.remind_managers_to_check, run daily by celery beat)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from members.models import CheckReminder
from members.tasks import remind_managers_to_check
from spaces.models import Space
from tests.factories import ManagementGrantFactory, SpaceFactory, UserFactory


def days_ago(days: int):
    return timezone.localdate() - timedelta(days=days)


@pytest.fixture
def remind(django_capture_on_commit_callbacks):
    def run() -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return remind_managers_to_check()

    return run


def managed_space(**fields) -> Space:
    space = SpaceFactory(status=Space.Status.PUBLISHED, **fields)
    ManagementGrantFactory(space=space, user=UserFactory(email=f"boss-{space.slug}@example.com"))
    return space


def test_it_asks_the_managers_of_a_space_unchecked_for_a_year(db, remind, settings):
    settings.SITE_URL = "https://maker2.example.org"
    space = managed_space(name_en="Fab Lab Leeds", last_checked_on=days_ago(400))

    assert remind() == 1

    (message,) = mail.outbox
    assert message.to == [f"boss-{space.slug}@example.com"]
    assert message.subject == "Is the listing of Fab Lab Leeds still right?"
    assert f"https://maker2.example.org/admin/spaces/space/{space.pk}/change/" in message.body
    assert f"https://maker2.example.org/en/spaces/{space.slug}/" in message.body
    assert CheckReminder.objects.get(space=space).sent_at is not None


def test_a_space_never_checked_is_due_too(db, remind):
    managed_space(last_checked_on=None)

    assert remind() == 1


def test_it_asks_at_most_once_per_interval(db, remind, settings):
    settings.CHECK_REMINDER_INTERVAL_DAYS = 30
    space = managed_space(last_checked_on=None)
    remind()

    assert remind() == 0
    CheckReminder.objects.filter(space=space).update(sent_at=timezone.now() - timedelta(days=31))
    assert remind() == 1
    assert len(mail.outbox) == 2


def test_checked_unpublished_and_unmanaged_spaces_are_left_alone(db, remind):
    managed_space(last_checked_on=days_ago(200))
    draft = SpaceFactory(status=Space.Status.DRAFT, last_checked_on=None)
    ManagementGrantFactory(space=draft)
    SpaceFactory(status=Space.Status.PUBLISHED, last_checked_on=None)  # no manager

    assert remind() == 0
    assert mail.outbox == []
    assert not CheckReminder.objects.exists()
