"""gunicorn servers on loopback ports, each in its own process group, always stopped."""

import os
import shlex
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import psycopg2

from .floor import connect
from .load import REQUEST_TIMEOUT, BenchError, get

BASE_DIR = Path(__file__).resolve().parent.parent.parent
WORKERS = 2
START_TIMEOUT = 60  # seconds for a server to answer its first request
WORKER_TIMEOUT = REQUEST_TIMEOUT + 10  # the client gives up first


def production_environment(database_url: str, settings: str = "maker2.settings") -> dict:
    """The environment of a production-like process on a bench database.

    No CACHE_URL, so nothing is cached between requests (throttles count in each process's
    memory); the anonymous API rate so high that throttling never answers a 429. Served over
    plain http on loopback, so without the redirect to https and without HSTS.
    """
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ("CACHE_URL", "DJANGO_SETTINGS_MODULE")
    }
    environment.update(
        DJANGO_SETTINGS_MODULE=settings,
        DATABASE_URL=database_url,
        DEBUG="0",
        SECRET_KEY="bench-only-throwaway-secret-key",
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_COOKIES="0",
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
        API_ANONYMOUS_RATE="1000000/min",
        API_PARTNER_RATE="1000000/min",
        LOG_LEVEL="WARNING",
    )
    return environment


def manage(environment: dict, *arguments: str, log: Path) -> None:
    """Run a management command with `environment`, its output appended to `log`."""
    with log.open("a") as output:
        print(f"$ manage.py {shlex.join(arguments)}", file=output, flush=True)
        result = subprocess.run(
            [sys.executable, "manage.py", *arguments],
            cwd=BASE_DIR,
            env=environment,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    if result.returncode != 0:
        tail = log.read_text().strip().splitlines()[-1:] or ["no output"]
        raise BenchError(f"manage.py {arguments[0]} failed ({tail[0]}); see {log}.")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _stop(process: subprocess.Popen) -> None:
    """Quick shutdown of the master and its workers (SIGINT to the group), then SIGKILL."""
    for sig, wait in ((signal.SIGINT, 10), (signal.SIGKILL, 5)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(wait)
            return
        except subprocess.TimeoutExpired:
            continue


def _wait_until_answering(base_url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"gunicorn stopped at start (exit {process.returncode}); see {log}.")
        try:
            get(f"{base_url}/robots.txt")
            return
        except OSError:
            time.sleep(0.2)
    raise BenchError(f"gunicorn did not answer within {START_TIMEOUT} s; see {log}.")


def end_sessions(environment: dict) -> None:
    """End the database sessions a stopped process left (a query still running when its
    worker was killed goes on otherwise), found by their application_name."""
    with closing(connect(environment["DATABASE_URL"])) as connection:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE application_name = %s AND pid <> pg_backend_pid()",
                [environment["PGAPPNAME"]],
            )


# The benchmark's: production's configuration with few workers, never recycled mid-run, so
# that figures compare across machines and runs.
BENCH_OPTIONS = (
    *("--config", str(BASE_DIR / "gunicorn.conf.py")),
    *("--workers", str(WORKERS), "--max-requests", "0"),
    *("--timeout", str(WORKER_TIMEOUT), "--graceful-timeout", "5"),
)


@contextmanager
def gunicorn(
    app: str, environment: dict, log: Path, options: tuple[str, ...] = BENCH_OPTIONS
) -> Iterator[str]:
    """Serve the WSGI `app` ("module:callable") with gunicorn `options` (by default as
    production does, through gunicorn.conf.py, with 2 workers never recycled mid-run) on a
    free loopback port; yield its base URL."""
    port = free_port()
    # libpq names the sessions after it, so that end_sessions finds them.
    environment = {**environment, "PGAPPNAME": f"maker2-bench-{port}"}
    command = [
        *(sys.executable, "-m", "gunicorn", app, *options),
        # After the options: the command line wins over a config file's bind.
        *("--bind", f"127.0.0.1:{port}", "--log-level", "warning"),
    ]
    with log.open("ab") as output:
        process = subprocess.Popen(
            command,
            cwd=BASE_DIR,
            env=environment,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # a process group of its own, stopped whole below
        )
    try:
        base_url = f"http://127.0.0.1:{port}"
        _wait_until_answering(base_url, process, log)
        yield base_url
    finally:
        _stop(process)
        try:
            end_sessions(environment)
        except psycopg2.Error:
            pass  # a database down or restarting (`make soak` stops it) cannot be asked
