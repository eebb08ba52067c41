"""Background work every app shares: how a task is handed to a worker, and sending mail.

Everything is enqueued through `enqueue` (or `enqueue_on_commit`), never `.delay()`: when the
broker cannot be reached the task runs here instead, once, and a warning is logged, so a
request never fails or hangs on a Redis that is down.
"""

import logging

from axes.handlers.proxy import AxesProxyHandler
from celery import Task, shared_task
from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.management import call_command
from django.db import transaction
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)

# Publishing gives up on the broker after one quick retry: the request is waiting.
BROKER_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}


def enqueue(task: Task, *args, **kwargs) -> None:
    """Hand `task` to a worker, or run it in this process when the broker is unreachable
    (or tasks run eagerly)."""
    if task.app.conf.task_always_eager:
        _run_here(task, args, kwargs)
        return
    try:
        task.apply_async(args, kwargs, retry=True, retry_policy=BROKER_RETRY_POLICY)
    except OperationalError as error:
        logger.warning("Broker unreachable (%s): running %s in this process.", error, task.name)
        _run_here(task, args, kwargs)


def enqueue_on_commit(task: Task, *args, **kwargs) -> None:
    """`enqueue` once the current transaction commits (at once outside one), so a worker
    never looks for rows that are not committed yet, or never will be."""
    transaction.on_commit(lambda: enqueue(task, *args, **kwargs))


def _run_here(task: Task, args: tuple, kwargs: dict) -> None:
    # A single attempt: retrying here would hold up the request. A failure is logged by the
    # task (LoggedTask.on_failure), never raised into the caller, whose work is saved.
    task.apply(args, kwargs, retries=task.max_retries, throw=False)


class LoggedTask(Task):
    """A task whose retries and final failure are logged, described by `describe()`."""

    def describe(self, args: tuple, kwargs: dict) -> str:
        return f"{self.name}{tuple(args)!r}"

    def on_retry(self, exc, task_id, args, kwargs, einfo) -> None:
        logger.warning(
            "Retrying %s (attempt %d of %d failed): %s",
            self.describe(args, kwargs),
            self.request.retries + 1,
            self.max_retries + 1,
            exc,
        )

    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:
        logger.error(
            "Gave up on %s after %d attempts: %s",
            self.describe(args, kwargs),
            self.request.retries + 1,
            exc,
            exc_info=(type(exc), exc, exc.__traceback__),
        )


# Mail


class EmailTask(LoggedTask):
    def describe(self, args: tuple, kwargs: dict) -> str:
        message = kwargs.get("message") or (args[0] if args else {})
        return f"mail {message.get('subject')!r} to {', '.join(message.get('to', []))}"


@shared_task(
    base=EmailTask,
    # SMTPException and socket errors are OSErrors: the server is down, slow or refusing.
    autoretry_for=(OSError,),
    retry_backoff=settings.MAIL_RETRY_BACKOFF,
    retry_backoff_max=30 * 60,  # under Redis's one-hour visibility timeout
    retry_jitter=True,
    max_retries=settings.MAIL_MAX_RETRIES,
)
def send_email(message: dict) -> None:
    """Send a message rendered in the request (`message_as_dict`)."""
    email_from_dict(message).send()


def message_as_dict(message: EmailMessage) -> dict:
    """What a task needs of a rendered message, as JSON."""
    return {
        "subject": message.subject,
        "body": message.body,
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "alternatives": [
            [content, mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
        "content_subtype": message.content_subtype,
    }


def email_from_dict(data: dict) -> EmailMessage:
    message = EmailMultiAlternatives(
        data["subject"],
        data["body"],
        data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
        alternatives=[tuple(alternative) for alternative in data["alternatives"]],
    )
    message.content_subtype = data["content_subtype"]
    return message


def send_message(message: EmailMessage) -> None:
    """Send a rendered message from a worker, once the transaction commits."""
    enqueue_on_commit(send_email, message_as_dict(message))


# Periodic


@shared_task(base=LoggedTask)
def clear_sessions() -> None:
    """Delete expired sessions (Django's `clearsessions`): the database keeps them otherwise."""
    call_command("clearsessions")


@shared_task(base=LoggedTask)
def clear_admin_sign_in_records() -> None:
    """Delete the admin's sign-in records (who signed in or failed to, from which address)
    older than ADMIN_SIGN_IN_RECORDS_KEPT_DAYS: django-axes keeps them forever otherwise.
    Lock-outs are not touched; they end with their cool-off."""
    days = settings.ADMIN_SIGN_IN_RECORDS_KEPT_DAYS
    AxesProxyHandler.reset_logs(age_days=days)
    AxesProxyHandler.reset_failure_logs(age_days=days)
