"""Logs are JSON lines carrying the request id, which is answered in X-Request-ID and travels
with the tasks a request enqueues (maker2/logs.py)."""

import io
import json
import logging
import time
import uuid

import pytest
from celery import shared_task
from celery.contrib.testing.worker import start_worker
from django.http import HttpResponse
from django.test import Client
from django.urls import path
from pythonjsonlogger.json import JsonFormatter

from maker2.celery import app
from maker2.logs import RequestIdFilter, request_id

task_logger = logging.getLogger("tests.tasks")


@shared_task(name="tests.test_logs.log_a_line")
def log_a_line(text: str) -> None:
    task_logger.info(text)


def enqueue(request):
    log_a_line.apply_async(["the task ran"], queue=request.GET.get("queue"))
    return HttpResponse("queued")


urlpatterns = [path("enqueue/", enqueue)]


@pytest.fixture
def log_lines(settings):
    """The JSON lines the site's console handler would write, as dicts."""
    options = dict(settings.LOGGING["formatters"]["json"])
    options.pop("()")
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter(**options))
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()

    def lines() -> list[dict]:
        # Starting a worker sets up logging again: the handler is put back when it is gone.
        if handler not in root.handlers:
            root.addHandler(handler)
        return [json.loads(line) for line in stream.getvalue().splitlines()]

    lines()
    yield lines
    root.removeHandler(handler)


@pytest.fixture
def enqueuing_site(settings):
    settings.ROOT_URLCONF = __name__


def access_lines(lines):
    return [line for line in lines if line["logger"] == "maker2.access"]


def test_a_request_has_one_access_line_with_its_id(db, log_lines):
    response = Client().get("/en/spaces/", headers={"X-Request-ID": "lb-7f3a.9_x"})

    assert response["X-Request-ID"] == "lb-7f3a.9_x"
    [line] = access_lines(log_lines())
    assert line["request_id"] == "lb-7f3a.9_x"
    assert line["method"] == "GET"
    assert line["path"] == "/en/spaces/"
    assert line["status"] == 200
    assert line["duration"] > 0
    assert line["level"] == "INFO"
    assert line["message"] == "GET /en/spaces/ 200"
    assert {"time", "level", "logger", "message", "request_id"} <= line.keys()


def test_every_line_of_a_request_carries_its_id(db, log_lines):
    Client(raise_request_exception=False).get("/en/nowhere/", headers={"X-Request-ID": "abc"})

    lines = log_lines()
    assert {line["logger"] for line in lines} >= {"django.request", "maker2.access"}
    assert {line["request_id"] for line in lines} == {"abc"}


@pytest.mark.parametrize(
    "sent", ["", "x" * 65, "has space", "new\nline", '"quoted"', "ümlaut", "a;b"]
)
def test_an_unsafe_or_missing_id_is_replaced_by_a_new_one(db, log_lines, sent):
    response = Client().get("/robots.txt", headers={"X-Request-ID": sent})

    made = response["X-Request-ID"]
    assert made != sent
    assert len(made) == 32 and int(made, 16) >= 0  # uuid4 hex
    assert access_lines(log_lines())[0]["request_id"] == made


def test_two_requests_get_two_ids_and_none_outside_a_request(db, log_lines):
    first = Client().get("/robots.txt")["X-Request-ID"]
    second = Client().get("/robots.txt")["X-Request-ID"]
    logging.getLogger("tests").warning("between requests")

    assert first != second
    assert [line["request_id"] for line in log_lines()] == [first, second, None]
    assert request_id.get() is None


def test_a_task_run_eagerly_logs_the_id_of_its_request(db, log_lines, enqueuing_site):
    response = Client().get("/enqueue/", headers={"X-Request-ID": "eager-1"})

    [task_line] = [line for line in log_lines() if line["logger"] == "tests.tasks"]
    assert task_line["message"] == "the task ran"
    assert task_line["request_id"] == "eager-1" == response["X-Request-ID"]


def test_a_worker_logs_the_id_of_the_request_that_enqueued_the_task(db, log_lines, enqueuing_site):
    """Through the broker (the Redis on this machine) to a real worker, on a queue of this
    run's own."""
    queue = f"test-logs-{uuid.uuid4().hex}"
    app.conf.task_always_eager = False
    try:
        with start_worker(app, perform_ping_check=False, queues=[queue], loglevel="INFO"):
            log_lines()
            Client().get(f"/enqueue/?queue={queue}", headers={"X-Request-ID": "via-worker"})
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:
                task_lines = [line for line in log_lines() if line["logger"] == "tests.tasks"]
                if task_lines:
                    break
                time.sleep(0.1)
    finally:
        with app.connection_for_write() as connection:
            connection.default_channel.queue_delete(queue)

    assert [line["request_id"] for line in task_lines] == ["via-worker"]
    assert request_id.get() is None


def test_text_logs_in_development_json_otherwise(monkeypatch):
    import importlib

    from maker2 import settings as site_settings

    try:
        monkeypatch.setenv("DEBUG", "1")
        monkeypatch.delenv("LOG_FORMAT", raising=False)
        assert importlib.reload(site_settings).LOGGING["handlers"]["console"]["formatter"] == (
            "text"
        )
        monkeypatch.setenv("DEBUG", "0")
        assert importlib.reload(site_settings).LOG_FORMAT == "json"
        monkeypatch.setenv("LOG_FORMAT", "text")
        assert importlib.reload(site_settings).LOG_FORMAT == "text"
        monkeypatch.setenv("LOG_FORMAT", "xml")
        with pytest.raises(Exception, match="LOG_FORMAT must be json or text"):
            importlib.reload(site_settings)
    finally:
        monkeypatch.undo()
        importlib.reload(site_settings)
