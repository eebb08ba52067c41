"""How `make soak` (maker2/bench/soak.py) reads wrk and the servers' logs and decides."""

import json

import pytest

from maker2.bench.soak import (
    BASE_DIR,
    Event,
    SoakError,
    failure_origins,
    load_checks,
    log_errors,
    outage_checks,
    parse_wrk,
    redis_checks,
)

SUMMARY = {
    "requests": 12000,
    "duration_us": 60_000_000,
    "status": {"2xx": 11990, "3xx": 10, "4xx": 0, "5xx": 0},
    "socket_errors": {"connect": 0, "read": 0, "write": 0, "timeout": 0},
    "p50_us": 250_000,
    "p95_us": 700_000,
    "p99_us": 1_200_000,
    "max_us": 2_000_000,
}


def wrk_output(**changes) -> str:
    return "Running 1m test\n  2 threads\nSOAK_SUMMARY " + json.dumps({**SUMMARY, **changes})


def failed(checks) -> list[str]:
    return [check.label for check in checks if not check.passed]


def test_it_reads_wrk_figures_in_milliseconds():
    summary = parse_wrk(wrk_output())

    assert (summary.requests, summary.requests_per_second) == (12000, 200)
    assert (summary.p50, summary.p95, summary.p99, summary.max) == (250, 700, 1200, 2000)


def test_wrk_output_without_the_summary_is_an_error():
    with pytest.raises(SoakError, match="no summary"):
        parse_wrk("unable to connect to 127.0.0.1:8000 Connection refused")


def test_a_clean_load_passes():
    assert failed(load_checks(parse_wrk(wrk_output()), worker_timeouts=0)) == []


def test_a_5xx_a_socket_error_or_a_worker_timeout_fails_the_load():
    summary = parse_wrk(
        wrk_output(
            status={**SUMMARY["status"], "5xx": 1},
            socket_errors={**SUMMARY["socket_errors"], "read": 3},
        )
    )

    checks = load_checks(summary, worker_timeouts=2)

    assert failed(checks) == ["no 5xx", "no socket errors", "no gunicorn worker timeouts"]
    assert next(c for c in checks if c.label == "no socket errors").detail == "read 3"


@pytest.mark.parametrize(
    ("event", "outcome"),
    [
        (Event("api-read", 0, 1, status=200), "ok"),
        (Event("tour-form", 0, 1, status=302, expected=(302,)), "ok"),
        (Event("tour-form", 0, 1, status=200, expected=(302,)), "200"),  # the form again
        (Event("api-read", 0, 1, status=503, retry_after=True), "503"),
        (Event("api-read", 0, 1, status=503), "503 without Retry-After"),
        (Event("api-read", 0, 1, status=500), "500"),
        (
            Event("api-read", 0, 1, error="ConnectionResetError"),
            "socket error (ConnectionResetError)",
        ),
    ],
)
def test_each_answer_has_an_outcome(event, outcome):
    assert event.outcome == outcome


def write(started: float, marker: str, status: int = 200, **kwargs) -> Event:
    return Event("api-write", started, started + 0.1, status, marker=marker, **kwargs)


# The database went down at 10 and was back at 12.
AROUND_A_RESTART = [
    write(5, "soak-a-1"),
    write(10.5, "soak-a-2", 503, retry_after=True),
    write(12.5, "soak-a-3"),
]


def test_clean_503s_a_quick_recovery_and_every_write_kept_pass():
    checks, figures = outage_checks(
        AROUND_A_RESTART, 10, 12, {"soak-a-1", "soak-a-3"}, {"soak-a-1", "soak-a-3"}
    )

    assert failed(checks) == []
    assert figures["First 2xx after the database was back"] == "0.60 s"
    assert figures["503 with Retry-After"] == "1"


def test_a_500_during_the_outage_fails():
    events = [*AROUND_A_RESTART, Event("api-read", 11, 11.1, status=500)]

    checks, _ = outage_checks(events, 10, 12, {"soak-a-1", "soak-a-3"}, {"soak-a-1", "soak-a-3"})

    assert failed(checks) == ["only clean 503s with Retry-After"]


def test_an_acknowledged_write_missing_from_the_database_fails():
    checks, figures = outage_checks(
        AROUND_A_RESTART, 10, 12, {"soak-a-1", "soak-a-3"}, {"soak-a-1"}
    )

    assert failed(checks) == ["no acknowledged write lost"]
    assert figures["Acknowledged writes found in the database"] == "1"


def test_503s_after_the_database_is_back_fail_and_late_recovery_too():
    events = [
        write(5, "soak-a-1"),
        write(12.5, "soak-a-2", 503, retry_after=True),
        write(18, "soak-a-3"),
    ]

    checks, _ = outage_checks(events, 10, 12, {"soak-a-1", "soak-a-3"}, {"soak-a-1", "soak-a-3"})

    assert failed(checks) == [
        "first 2xx within 5 s of the database being back",
        "no 503 once the database was back (persistent connections reconnect)",
    ]


def test_a_run_with_no_write_after_the_restart_proves_nothing():
    checks, _ = outage_checks(AROUND_A_RESTART[:2], 10, 12, {"soak-a-1"}, {"soak-a-1"})

    assert "writes were acknowledged before and after the restart" in failed(checks)


def test_with_redis_stopped_each_kind_of_request_must_go_on_answering():
    events = [
        Event("page-read", 1, 1.1, status=200),
        Event("page-read", 7, 7.1, status=200),
        Event("api-read", 1, 1.1, status=200),
        Event("api-read", 7, 7.1, status=500),
    ]

    assert failed(redis_checks(events, stopped=6)) == ["api-read answers with Redis stopped"]


def test_a_kind_that_never_answered_before_redis_stopped_fails():
    events = [Event("tour-form", 1, 1.1, status=403), Event("tour-form", 7, 7.1, status=302)]

    assert failed(redis_checks(events, stopped=6)) == ["tour-form answered while Redis ran"]


def test_the_log_counts_the_last_exception_of_each_chain_and_worker_timeouts(tmp_path):
    log = tmp_path / "gunicorn.log"
    log.write_text(
        "Internal Server Error: /api/v1/spaces/\n"
        "Traceback (most recent call last):\n"
        '  File "redis/connection.py", line 1, in connect\n'
        "ConnectionRefusedError: [Errno 111] Connection refused\n"
        "\tmore of the message\n"
        "\n"
        "During handling of the above exception, another exception occurred:\n"
        "\n"
        "Traceback (most recent call last):\n"
        '  File "django/core/cache/backends/redis.py", line 1, in get\n'
        "redis.exceptions.ConnectionError: Error 111 connecting to 127.0.0.1:6390.\n"
        "[2026-12-01 12:00:00 +0000] [7] [CRITICAL] WORKER TIMEOUT (pid:8)\n"
        "From: Maker2 <noreply@localhost>\n"
    )

    assert log_errors(log) == {
        "redis.exceptions.ConnectionError: Error 111 connecting to 127.0.0.1:6390.": 1,
        "gunicorn: WORKER TIMEOUT": 1,
    }


def test_each_500_is_traced_to_the_deepest_frame_above_the_framework_and_the_client(tmp_path):
    packages = f"{BASE_DIR}/.venv/lib/python3.11/site-packages"
    log = tmp_path / "gunicorn.log"
    log.write_text(
        "Internal Server Error: /en/spaces/bench-wuxi-garage-173/tour/\n"
        "Traceback (most recent call last):\n"
        f'  File "{packages}/django/core/handlers/exception.py", line 55, in inner\n'
        f'  File "{BASE_DIR}/spaces/views.py", line 404, in tour_request_create\n'
        f'  File "{BASE_DIR}/maker2/ratelimit.py", line 40, in left\n'
        f'  File "{packages}/redis/connection.py", line 9, in connect\n'
        '  File "/usr/lib/python3.11/socket.py", line 1, in create_connection\n'
        "redis.exceptions.ConnectionError: Error 111\n"
        "Service Unavailable: /api/v1/spaces/\n"  # a 503 is not a failure to trace
        f'  File "{BASE_DIR}/maker2/api.py", line 1, in list\n'
        "Internal Server Error: /api/v1/spaces/\n"
        f'  File "{packages}/rest_framework/throttling.py", line 123, in allow_request\n'
        f'  File "{packages}/django/core/cache/backends/redis.py", line 9, in get\n'
    )

    assert failure_origins(log) == {
        "/en/spaces/<slug>/tour/ from maker2/ratelimit.py (left)": 1,
        "/api/v1/spaces/ from rest_framework/throttling.py (allow_request)": 1,
    }


def test_a_write_stored_though_answered_503_is_reported_not_failed():
    stored = {"soak-a-1", "soak-a-2", "soak-a-3"}  # soak-a-2 committed, then answered 503

    checks, figures = outage_checks(AROUND_A_RESTART, 10, 12, {"soak-a-1", "soak-a-3"}, stored)

    assert failed(checks) == []
    assert figures["Stored though not acknowledged (it failed after its commit)"] == (
        "1 (api-write answered 503: 1)"
    )
