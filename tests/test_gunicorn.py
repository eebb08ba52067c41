"""gunicorn.conf.py, run as production runs it: real gunicorn on a free loopback port."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
START_TIMEOUT = 30


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str, **headers):
    # As the TLS proxy in front sends it; otherwise the site redirects to https.
    headers = {"Host": "127.0.0.1", "X-Forwarded-Proto": "https", **headers}
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=5) as response:
        return response.status, response.headers, response.read()


@pytest.fixture
def server(tmp_path):
    port = free_port()
    log = tmp_path / "gunicorn.log"
    environment = {
        **os.environ,
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
        "DEBUG": "0",
        "SECRET_KEY": "gunicorn-test",
        "ALLOWED_HOSTS": "127.0.0.1",
        "LOG_FORMAT": "json",
        "LOG_LEVEL": "INFO",
    }
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py"],
            cwd=BASE_DIR,
            env=environment,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            assert process.poll() is None, log.read_text()
            try:
                get(f"{base_url}/healthz")
                break
            except OSError:
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.2)
        yield base_url, process, log
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(5)


def test_the_site_answers_without_a_server_banner(server):
    base_url, _, _ = server

    status, headers, body = get(f"{base_url}/robots.txt")

    assert status == 200
    assert b"Sitemap" in body or b"User-agent" in body
    assert "Server" not in headers
    assert "gunicorn" not in str(headers).lower()
    assert headers["X-Request-ID"]


def test_requests_are_logged_once_as_json_by_django(server):
    base_url, _, log = server

    get(f"{base_url}/robots.txt", **{"X-Request-ID": "from-the-balancer"})

    time.sleep(0.3)
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    access = [line for line in lines if line.get("request_id") == "from-the-balancer"]
    assert [(line["logger"], line["status"]) for line in access] == [("maker2.access", 200)]
    assert any(line["logger"] == "gunicorn.error" for line in lines)  # its own, as JSON too


def head(url: str):
    headers = {"Host": "127.0.0.1", "X-Forwarded-Proto": "https"}
    request = urllib.request.Request(url, method="HEAD", headers=headers)
    with urllib.request.urlopen(request, timeout=5) as response:
        return response.status, response.headers


def test_head_answers_carry_the_get_s_headers_and_no_body_and_log_no_warning(server):
    base_url, _, log = server
    _, got, body = get(f"{base_url}/robots.txt")

    for path in ("/healthz", "/robots.txt"):
        status, headers = head(f"{base_url}{path}")
        assert status == 200

    assert headers["Content-Length"] == got["Content-Length"] == str(len(body))
    time.sleep(0.3)
    assert "no-body response" not in log.read_text()


def test_a_hup_reloads_the_workers_and_the_site_keeps_answering(server):
    base_url, process, log = server
    booted = log.read_text().count("Booting worker")

    os.kill(process.pid, signal.SIGHUP)

    deadline = time.monotonic() + START_TIMEOUT
    while log.read_text().count("Booting worker") < booted + 2:
        assert time.monotonic() < deadline, log.read_text()
        time.sleep(0.2)
    assert get(f"{base_url}/healthz")[0] == 200
    assert process.poll() is None
