"""How the site hands work to Celery (maker2/tasks.py): after the commit, and when a task
fails in the process itself, logged and never raised into the request."""

import logging

import pytest
from django.core import mail
from django.urls import reverse

from maker2.mail import send_templated_email
from spaces.models import TourRequest
from tests.factories import SpaceFactory


def test_mail_waits_for_the_commit_and_is_dropped_with_a_rollback(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        send_templated_email(
            template="emails/checks/due",
            context={"space": SpaceFactory(name_en="Fab Lab"), "space_url": "", "change_url": ""},
            to=["boss@example.com"],
        )

    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert [message.subject for message in mail.outbox] == [
        "Is the listing of Fab Lab still right?"
    ]


def test_a_mail_is_rendered_in_the_language_asked_for(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send_templated_email(
            template="emails/checks/due",
            context={"space": SpaceFactory(name_zh="柴火"), "space_url": "", "change_url": ""},
            to=["boss@example.com"],
            language="zh-hans",
        )

    assert "柴火" in mail.outbox[0].subject and "listing" not in mail.outbox[0].subject


@pytest.fixture
def smtp_down(settings):
    """A mail server that refuses connections: nothing listens on the discard port."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9
    settings.EMAIL_USE_TLS = False


def test_a_mail_server_that_is_down_is_logged_and_the_request_is_kept(
    client, db, smtp_down, caplog, django_capture_on_commit_callbacks
):
    space = SpaceFactory(status="published", email="space@example.com")
    form = {"kind": "tour", "name": "Ada", "email": "ada@example.com", "date": "2030-01-01"}
    form["website"] = ""  # the honeypot, left empty as people leave it

    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("spaces:tour-request", args=[space.slug]), form)

    assert response.status_code == 302
    assert TourRequest.objects.filter(email="ada@example.com").exists()
    failures = [record.getMessage() for record in caplog.records if "Gave up" in record.msg]
    assert any("to ada@example.com" in failure for failure in failures), failures
    assert any("to space@example.com" in failure for failure in failures), failures
