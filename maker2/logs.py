"""Logs as one JSON object per line, each carrying the id of the request it belongs to.

The id comes from the client's (or the load balancer's) `X-Request-ID` when it is sane,
else it is made here; it is answered in `X-Request-ID`, kept in a context variable for the
request's log lines, and travels with every Celery task the request enqueues (in the task's
headers), so a worker's lines carry the id of the request that asked for the work.

`LOGGING` in maker2/settings.py puts `RequestIdFilter` on the console handler and picks the
formatter (`LOG_FORMAT`: json or text); `RequestLogMiddleware` writes one access line per
request on the `maker2.access` logger.
"""

import logging
import re
import time
import uuid
from contextvars import ContextVar

from celery.signals import before_task_publish, task_postrun, task_prerun
from django.core.signals import request_finished
from django.dispatch import receiver

request_id: ContextVar[str | None] = ContextVar("request_id", default=None)

SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
HEADER = "X-Request-ID"
TASK_HEADER = "request_id"

access_log = logging.getLogger("maker2.access")


def incoming_request_id(value: str | None) -> str:
    """The id a client sent if it is short and plain, else a new one: a header that ends up
    in every log line must not carry newlines, quotes or kilobytes."""
    if value and SANE_REQUEST_ID.fullmatch(value):
        return value
    return uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    """Gives every record a `request_id` (None outside a request or task)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id.get()
        return True


class RequestLogMiddleware:
    """Sets the request id for the request and writes its access line when it is answered.

    The id stays set until the response is closed (request_finished), so that the lines
    Django writes after the middleware (django.request's "Not Found: …") carry it too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id.set(incoming_request_id(request.headers.get(HEADER)))
        started = time.perf_counter()
        response = self.get_response(request)
        response[HEADER] = request_id.get()
        access_log.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration": round((time.perf_counter() - started) * 1000, 1),  # ms
            },
        )
        return response


@receiver(request_finished)
def _forget_request_id(**kwargs) -> None:
    request_id.set(None)


# Celery: the id goes into the task's headers when it is enqueued and is set again around the
# task's run in the worker. (Tasks run eagerly are never published: they run in the caller's
# context, which already has the id.)

_task_tokens = {}  # task id -> token of the value set in task_prerun


@before_task_publish.connect
def _send_request_id(headers=None, **kwargs) -> None:
    current = request_id.get()
    if current is not None and headers is not None:
        headers.setdefault(TASK_HEADER, current)


@task_prerun.connect
def _set_request_id(task_id=None, task=None, **kwargs) -> None:
    sent = getattr(task.request, TASK_HEADER, None) if task is not None else None
    _task_tokens[task_id] = request_id.set(sent or request_id.get())


@task_postrun.connect
def _clear_request_id(task_id=None, **kwargs) -> None:
    token = _task_tokens.pop(task_id, None)
    if token is not None:
        request_id.reset(token)
