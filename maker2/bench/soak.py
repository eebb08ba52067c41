"""`make soak`: Maker2 keeps answering under a long load, a database restart and a Redis outage.

    .venv/bin/python -m maker2.bench.soak [--duration 60] [--connections 64]
                                          [--only load,database,redis] [--output DIR]

1. Load: the 20k bench database (seeded as `make bench` seeds it), gunicorn as in
   production (production_options()) with its cache on a private Redis, and wrk with
   `--connections` over a mix of pages and API requests for `--duration` seconds: no 5xx,
   no socket error, no worker timeout; p50, p95 and p99.
2. Database restart: a private PostgreSQL cluster (maker2/devdb.py), migrated and seeded
   with 2,000 spaces; a manager's key replacing plans (each space once), tour request forms
   and reads, while `pg_ctl restart -m fast` runs: only 503s with Retry-After meanwhile,
   a 2xx within RECOVERY_SECONDS of it being back, every acknowledged write stored; then a
   restart with no traffic, after which no request may fail on a stale connection.
3. Redis stopped: a private redis-server as CACHE_URL and CELERY_BROKER_URL, reads and tour
   requests, then the server stopped: pages and the API must go on answering.

The report goes to stdout and, for a full run, to docs/soak.md; the exit status is 0 only
when every check passed. Every server started here (gunicorn, the cluster, redis-server)
runs in a process group of its own on 127.0.0.1 and is stopped on the way out, whatever
happens; the run gives up after TIME_BUDGET seconds.
"""

import argparse
import http.client
import itertools
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, closing, contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

import redis

from maker2 import devdb

from .floor import connect
from .load import WRK_TIMEOUT, BenchError, local, wrk_available
from .run import LOG_DIR as BENCH_LOG_DIR
from .run import Database, collectstatic, find_sample, prepare, with_database_name
from .servers import BASE_DIR, free_port, gunicorn, production_environment
from .targets import FULL_SIZE, SEARCH_EN, SEARCH_ZH

PARTS = ["load", "database", "redis"]
WRK_SCRIPT = Path(__file__).with_name("soak_mix.lua")
LOG_DIR = Path(tempfile.gettempdir()) / "maker2-soak"
TIME_BUDGET = 9 * 60  # seconds; past it the run stops, cleaning up, with an error
CLIENT_TIMEOUT = 10  # seconds for one request of parts 2 and 3
PAUSE = 0.01  # seconds between one client thread's requests
PRIVATE_SPACES = 2000  # seeded in the private cluster
OUTAGE_RUN, RESTART_AT = 20, 7  # seconds: the database part's run, and when it restarts
REDIS_RUN, REDIS_STOP_AT = 16, 6
RECOVERY_SECONDS = 5
# gunicorn's recommendation for sync workers: 2 × cores + 1.
WORKERS = 2 * (os.cpu_count() or 1) + 1


def production_options() -> tuple[str, ...]:
    """gunicorn as production runs it (gunicorn.conf.py: 2 × cores + 1 workers); soak.py
    binds to a loopback port on top of it."""
    return ("--config", str(BASE_DIR / "gunicorn.conf.py"))


class SoakError(BenchError):
    """A part could not be run at all (as opposed to a check that failed)."""


# Results


@dataclass
class Check:
    label: str
    passed: bool
    detail: str = ""


@dataclass
class Part:
    title: str
    figures: dict[str, str] = field(default_factory=dict)
    checks: list[Check] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return bool(self.checks) and all(check.passed for check in self.checks)


# wrk (part 1)


@dataclass
class LoadSummary:
    requests: int
    seconds: float
    status: dict[str, int]  # "2xx" … "5xx"
    socket_errors: dict[str, int]  # connect, read, write, timeout
    p50: float  # milliseconds
    p95: float
    p99: float
    max: float

    @property
    def requests_per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def parse_wrk(output: str) -> LoadSummary:
    """The summary soak_mix.lua prints, from wrk's output."""
    lines = [line for line in output.splitlines() if line.startswith("SOAK_SUMMARY ")]
    if not lines:
        raise SoakError(f"wrk printed no summary: {output.strip()[-300:] or 'no output'}")
    data = json.loads(lines[-1].removeprefix("SOAK_SUMMARY "))
    return LoadSummary(
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        status=data["status"],
        socket_errors=data["socket_errors"],
        p50=data["p50_us"] / 1000,
        p95=data["p95_us"] / 1000,
        p99=data["p99_us"] / 1000,
        max=data["max_us"] / 1000,
    )


def load_checks(summary: LoadSummary, worker_timeouts: int) -> list[Check]:
    errors = sum(summary.socket_errors.values())
    kinds = ", ".join(f"{kind} {n}" for kind, n in summary.socket_errors.items() if n)
    return [
        Check("requests answered", summary.requests > 0, f"{summary.requests:,}"),
        Check("no 5xx", summary.status["5xx"] == 0, str(summary.status["5xx"])),
        Check("no socket errors", errors == 0, kinds or "0"),
        Check("no 4xx (every path of the mix exists)", summary.status["4xx"] == 0),
        Check("no gunicorn worker timeouts", worker_timeouts == 0, str(worker_timeouts)),
    ]


def run_wrk(base_url: str, paths: list[str], connections: int, duration: int) -> LoadSummary:
    command = [
        "wrk",
        *("-t", "2", "-c", str(connections), "-d", f"{duration}s", "--timeout", WRK_TIMEOUT),
        *("-H", "Accept-Encoding: gzip", "-s", str(WRK_SCRIPT), local(base_url), "--", *paths),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=duration + 60)
    if result.returncode != 0:
        raise SoakError(f"wrk failed: {result.stderr.strip() or result.stdout.strip()}")
    return parse_wrk(result.stdout)


# One request at a time (parts 2 and 3)


@dataclass
class Event:
    kind: str  # what was asked: "api-write", "tour-form", "api-read"…
    started: float  # time.monotonic()
    finished: float
    status: int = 0  # 0: no answer
    retry_after: bool = False
    error: str = ""  # the socket error instead of an answer
    marker: str = ""  # of a write
    expected: tuple[int, ...] = ()  # the statuses that mean success, when not any 2xx/3xx

    @property
    def outcome(self) -> str:
        if self.error:
            return f"socket error ({self.error})"
        if self.status < 400:
            return "ok" if not self.expected or self.status in self.expected else f"{self.status}"
        if self.status == 503:
            return "503" if self.retry_after else "503 without Retry-After"
        return f"{self.status}"


def send(
    base_url: str,
    method: str,
    path: str,
    *,
    kind: str,
    headers: dict | None = None,
    body: bytes | None = None,
    marker: str = "",
    expected: tuple[int, ...] = (),
) -> Event:
    """One request on a connection of its own; an answer of any status, or the error."""
    address = urlsplit(local(base_url))
    connection = http.client.HTTPConnection(address.hostname, address.port, CLIENT_TIMEOUT)
    started = time.monotonic()
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        response.read()
        return Event(
            kind,
            started,
            time.monotonic(),
            response.status,
            response.getheader("Retry-After") is not None,
            marker=marker,
            expected=expected,
        )
    except (OSError, http.client.HTTPException) as error:
        return Event(kind, started, time.monotonic(), error=type(error).__name__, marker=marker)
    finally:
        connection.close()


Client = Callable[[], Event | None]  # one request; None once it has nothing left to send


def drive(
    clients: list[Client], seconds: float, at: float, action: Callable[[], None]
) -> tuple[list[Event], float, float]:
    """Run each client in a thread of its own for `seconds`, and `action` `at` seconds in;
    the answers, and when the action began and ended (time.monotonic())."""
    events: list[Event] = []
    stop = threading.Event()

    def loop(client: Client) -> None:
        while not stop.is_set():
            event = client()
            if event is None:
                return
            events.append(event)
            time.sleep(PAUSE)

    threads = [threading.Thread(target=loop, args=(client,), daemon=True) for client in clients]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    try:
        time.sleep(max(0.0, started + at - time.monotonic()))
        action_began = time.monotonic()
        action()
        action_ended = time.monotonic()
        time.sleep(max(0.0, started + seconds - time.monotonic()))
    finally:
        stop.set()
        for thread in threads:
            thread.join(CLIENT_TIMEOUT + 5)
    return sorted(events, key=lambda event: event.started), action_began, action_ended


def tally(events: list[Event]) -> str:
    counts = Counter(event.outcome for event in events)
    return ", ".join(f"{outcome} {n}" for outcome, n in counts.most_common()) or "none"


def outage_checks(
    events: list[Event], down: float, back: float, acknowledged: set[str], found: set[str]
) -> tuple[list[Check], dict[str, str]]:
    """The database part's verdict: `down` and `back` bracket the restart; `acknowledged` are
    the markers of writes answered 2xx/3xx, `found` those in the database afterwards."""
    failures = [event for event in events if event.outcome not in ("ok", "503")]
    unavailable = [event for event in events if event.outcome == "503"]
    after = [event for event in events if event.started >= back]
    first_ok = next((event for event in after if event.outcome == "ok"), None)
    recovery = first_ok.finished - back if first_ok else None
    late = [event for event in after if event.outcome == "503"]
    lost = acknowledged - found
    figures = {
        "Requests": f"{len(events):,} ({tally(events)})",
        "Restart (pg_ctl restart -m fast)": f"{back - down:.2f} s",
        "503 with Retry-After": str(len(unavailable)),
        "Other failures (5xx, 503 without Retry-After, socket errors, 4xx)": str(len(failures)),
        "First 2xx after the database was back": (
            f"{recovery:.2f} s" if recovery is not None else "none"
        ),
        "503 to requests sent after it was back": str(len(late)),
        "Acknowledged writes": f"{len(acknowledged):,}",
        "Acknowledged writes found in the database": f"{len(acknowledged & found):,}",
        "Stored though not acknowledged (it failed after its commit)": unacknowledged(
            events, found - acknowledged
        ),
    }
    checks = [
        Check("writes were acknowledged before and after the restart", _around(events, down)),
        Check("only clean 503s with Retry-After", not failures, tally(failures) or "none"),
        Check(
            f"first 2xx within {RECOVERY_SECONDS} s of the database being back",
            recovery is not None and recovery <= RECOVERY_SECONDS,
            f"{recovery:.2f} s" if recovery is not None else "never",
        ),
        Check("no 503 once the database was back (persistent connections reconnect)", not late),
        Check("no acknowledged write lost", not lost, ", ".join(sorted(lost)[:5]) or "0 lost"),
    ]
    return checks, figures


def unacknowledged(events: list[Event], markers: set[str]) -> str:
    """How many writes were stored though their answer said otherwise, and what it said."""
    answers = Counter(f"{e.kind} answered {e.outcome}" for e in events if e.marker in markers)
    detail = ", ".join(f"{answer}: {n}" for answer, n in answers.most_common())
    return f"{len(markers)}" + (f" ({detail})" if detail else "")


def _around(events: list[Event], moment: float) -> bool:
    writes = [e for e in events if e.marker and e.outcome == "ok"]
    return any(e.finished < moment for e in writes) and any(e.started > moment for e in writes)


def outage_by_kind(events: list[Event], moment: float) -> dict[str, tuple[str, str]]:
    """For each kind of request, the outcomes before and after `moment`."""
    kinds = sorted({event.kind for event in events})
    return {
        kind: (
            tally([e for e in events if e.kind == kind and e.started < moment]),
            tally([e for e in events if e.kind == kind and e.started >= moment]),
        )
        for kind in kinds
    }


def redis_checks(events: list[Event], stopped: float) -> list[Check]:
    """Every kind of request answered before Redis stopped (else the run proves nothing)
    and goes on answering after: no 5xx, no socket error."""
    checks = []
    for kind, (before, after) in outage_by_kind(events, stopped).items():
        ours = [e for e in events if e.kind == kind]
        worked = any(e.outcome == "ok" for e in ours if e.finished < stopped)
        checks.append(Check(f"{kind} answered while Redis ran", worked, before))
        failed = [e for e in ours if e.started >= stopped and e.outcome != "ok"]
        checks.append(Check(f"{kind} answers with Redis stopped", not failed, after))
    return checks


CHAINED = ("The above exception", "During handling of the above exception")
EXCEPTION_LINE = re.compile(r"[A-Za-z_][\w.]*(Error|Exception|Exit|Interrupt)\b")


def log_errors(log: Path) -> Counter:
    """The exceptions in a gunicorn log (the last line of each traceback, the final one of a
    chain) and its worker timeouts, with how often each came."""
    lines = log.read_text(errors="replace").splitlines() if log.exists() else []
    found = Counter()
    for index, line in enumerate(lines):
        if "WORKER TIMEOUT" in line:
            found["gunicorn: WORKER TIMEOUT"] += 1
        if not (index and lines[index - 1].startswith(" ") and EXCEPTION_LINE.match(line)):
            continue
        # The next line of the log itself: past the message's own indented lines.
        following = next((x for x in lines[index + 1 :] if x.strip() and not x[0].isspace()), "")
        if not following.startswith(CHAINED):
            found[line[:160]] += 1
    return found


LOGGED_RESPONSE = re.compile(r"(?P<reason>[A-Z][A-Za-z ]+): (?P<path>/\S*)$")  # Django's
FRAME = re.compile(r'  File "(?P<file>[^"]+)", line \d+, in (?P<function>\S+)')
# Where a failure is explained: the deepest frame not in the framework or the client below.
BELOW = ("django/", "redis/", "psycopg2/", "kombu/")


def failure_origins(log: Path) -> Counter:
    """For each 500 Django logged ("Internal Server Error: <path>"), the path (slugs
    generalised) and the deepest frame of its traceback above the framework and the client
    libraries: where a dependency's failure reached code that could handle it."""
    lines = log.read_text(errors="replace").splitlines() if log.exists() else []
    found, path, place = Counter(), None, ""
    for line in [*lines, "End: /"]:
        if response := LOGGED_RESPONSE.match(line):  # a traceback of its own begins
            if path is not None:
                found[f"{path} from {place or '?'}"] += 1
            path, place = None, ""
            if response["reason"] == "Internal Server Error":
                path = re.sub(r"bench-[\w-]+", "<slug>", response["path"])
        elif path is not None and (frame := FRAME.match(line)):
            package = frame["file"].partition("site-packages/")[2]
            ours = frame["file"].startswith(f"{BASE_DIR}/")
            if (package and not package.startswith(BELOW)) or (ours and not package):
                short = package or frame["file"].removeprefix(f"{BASE_DIR}/")
                place = f"{short} ({frame['function']})"
    return found


def logged(log: Path) -> list[str]:
    """The notes on what a gunicorn log holds."""
    notes = [f"gunicorn logged {n} × {line}" for line, n in log_errors(log).most_common(5)]
    notes += [f"{n} × 500 on {origin}" for origin, n in failure_origins(log).most_common(5)]
    return notes


# Servers


@contextmanager
def server(name: str, environment: dict) -> Iterator[tuple[str, Path]]:
    """Maker2 under gunicorn as in production; its base URL and log."""
    log = LOG_DIR / f"gunicorn-{name}.log"
    log.unlink(missing_ok=True)
    with gunicorn("maker2.wsgi:application", environment, log, production_options()) as base:
        yield base, log


def soak_environment(url: str) -> dict:
    """Production settings with the rate limits that would stop a load test out of the way."""
    return {**production_environment(url), "TOUR_REQUESTS_PER_HOUR": "1000000"}


def manage(url: str, *arguments: str, name: str) -> str:
    """Run a management command with production settings on `url`; its output."""
    log = LOG_DIR / f"{name}.log"
    result = subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=BASE_DIR,
        env=soak_environment(url),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=300,
    )
    log.write_text(result.stdout + result.stderr)
    if result.returncode != 0:
        raise SoakError(f"manage.py {arguments[0]} failed; see {log}.")
    return result.stdout


@contextmanager
def private_cluster() -> Iterator[tuple[str, Path]]:
    """A PostgreSQL cluster of the run's own (initdb on a free port in a temporary
    directory), with a database m2_soak; its URL and directory. Deleted afterwards."""
    path = Path(tempfile.gettempdir()) / f"maker2-soak-pg-{os.getpid()}"
    try:
        url = with_database_name(devdb.start_private_cluster(path), "m2_soak")
        devdb.ensure_database(url)
        yield url, path
    finally:
        try:
            devdb.stop_private_cluster(path)
        finally:
            shutil.rmtree(path, ignore_errors=True)


@contextmanager
def redis_server() -> Iterator[tuple[str, subprocess.Popen]]:
    """A redis-server of the run's own on a free loopback port, keeping nothing on disk."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise SoakError("redis-server is not installed: apt-get install redis-server.")
    port = free_port()
    log = LOG_DIR / "redis.log"
    command = [binary, "--bind", "127.0.0.1", "--port", str(port), "--save", ""]
    command += ["--appendonly", "no", "--dir", tempfile.gettempdir()]
    with log.open("wb") as output:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        client = redis.Redis(port=port, socket_timeout=1)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise SoakError(f"redis-server did not start; see {log}.") from None
                time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}", process
    finally:
        stop_process(process)


def stop_process(process: subprocess.Popen) -> None:
    """SIGTERM to its process group, SIGKILL if it is still there after 5 s."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(5)
            return
        except subprocess.TimeoutExpired:
            continue


# The requests


def spread_slugs(url: str, count: int) -> list[str]:
    """Published spaces from all over the list (the same ones every run)."""
    with closing(connect(url)) as connection, connection.cursor() as cursor:
        cursor.execute(
            "SELECT slug FROM spaces_space WHERE status = 'published' ORDER BY md5(slug) LIMIT %s",
            [count],
        )
        return [row[0] for row in cursor.fetchall()]


def load_mix(city: str, network: str, slugs: list[str]) -> list[str]:
    """What part 1 requests, in turn: the pages people browse and what partners fetch.
    The GeoJSON of every space is the heaviest, and one in len(mix)."""
    return [
        "/en/",
        "/zh-hans/",
        "/en/spaces/",
        "/zh-hans/spaces/",
        f"/en/spaces/?city={city}&sort=name",
        f"/en/spaces/?network={network}",
        *(f"/en/spaces/{slug}/" for slug in slugs[:8]),
        f"/en/search/?q={SEARCH_EN}",
        f"/en/search/?q={quote(SEARCH_ZH)}",
        "/api/v1/spaces/?page_size=100",
        "/api/v1/spaces/",
        f"/api/v1/spaces/?city={city}",
        *(f"/api/v1/spaces/{slug}/" for slug in slugs[8:12]),
        "/api/v1/spaces/geojson/",
    ]


def csrf_token(base_url: str, path: str) -> str:
    """The CSRF cookie the form at `path` sets, which its posts send back."""
    address = urlsplit(local(base_url))
    connection = http.client.HTTPConnection(address.hostname, address.port, CLIENT_TIMEOUT)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
    finally:
        connection.close()
    cookie = SimpleCookie(response.getheader("Set-Cookie") or "").get("csrftoken")
    if response.status != 200 or cookie is None:
        raise SoakError(f"{path} answered {response.status} without a CSRF cookie.")
    return cookie.value


def tour_form_client(base_url: str, slugs: list[str], markers: Iterator[str]) -> Client:
    """A visitor sending tour requests (a form with its CSRF cookie), each with a marker;
    only the redirect to the thanks page means it was stored."""
    token = csrf_token(base_url, f"/en/spaces/{slugs[0]}/tour/")
    turns = itertools.cycle(slugs)
    when = (date.today() + timedelta(days=7)).isoformat()

    def client() -> Event:
        marker = next(markers)
        body = urlencode(
            {
                "csrfmiddlewaretoken": token,
                "kind": "tour",
                "date": when,
                "name": "Soak test",
                "email": "soak@example.com",
                "message": marker,
                "website": "",
            }
        ).encode()
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={token}",
        }
        path = f"/en/spaces/{next(turns)}/tour/"
        return send(
            base_url,
            "POST",
            path,
            kind="tour-form",
            headers=headers,
            body=body,
            marker=marker,
            expected=(302,),
        )

    return client


def plans_client(base_url: str, key: str, slugs: Iterator[str], markers: Iterator[str]) -> Client:
    """A manager's program replacing the plans of one space after another (each space once,
    so that every acknowledged plan must still be there at the end)."""
    headers = {"Authorization": f"Api-Key {key}", "Content-Type": "application/json"}

    def client() -> Event | None:
        slug = next(slugs, None)
        if slug is None:
            return None
        marker = next(markers)
        plan = {"name_en": marker, "period": "month", "price": "100.00", "currency": "CNY"}
        body = json.dumps({"plans": [plan]}).encode()
        path = f"/api/v1/spaces/{slug}/plans/"
        return send(
            base_url,
            "PUT",
            path,
            kind="api-write",
            headers=headers,
            body=body,
            marker=marker,
            expected=(200,),
        )

    return client


def burst(base_url: str, paths: list[str]) -> list[Event]:
    """Each path requested several times at once, so that every gunicorn worker answers
    some of them."""
    requests = list(itertools.islice(itertools.cycle(paths), 4 * WORKERS))
    with ThreadPoolExecutor(2 * WORKERS) as pool:
        return list(pool.map(lambda path: send(base_url, "GET", path, kind="api-read"), requests))


def reads_client(base_url: str, kind: str, paths: list[str]) -> Client:
    turns = itertools.cycle(paths)
    return lambda: send(base_url, "GET", next(turns), kind=kind)


def marker_source() -> Iterator[str]:
    run = secrets.token_hex(4)
    return (f"soak-{run}-{n}" for n in itertools.count())


def stored_markers(url: str) -> set[str]:
    """The markers of the writes the database holds."""
    with closing(connect(url)) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT name_en FROM spaces_membershipplan WHERE name_en LIKE 'soak-%'")
        plans = {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT message FROM spaces_tourrequest WHERE message LIKE 'soak-%'")
        return plans | {row[0] for row in cursor.fetchall()}


MANAGER = """
import json
from django.contrib.auth import get_user_model
from members.models import ApiKey, ManagementGrant
from spaces.models import Space

user, _ = get_user_model().objects.get_or_create(username="soak-manager")
spaces = list(Space.objects.published().order_by("pk")[:{count}])
ManagementGrant.objects.bulk_create(ManagementGrant(user=user, space=s) for s in spaces)
key = ApiKey(name="soak", user=user, scopes=["manage"]).issue()
print(json.dumps({{"key": key, "slugs": [space.slug for space in spaces]}}))
"""


# The parts


def load_part(part: Part, args: argparse.Namespace) -> None:
    url = with_database_name(devdb.database_url(), "maker2_bench")
    print("Preparing maker2_bench (20,000 spaces) …")
    prepare(Database("20k", url, FULL_SIZE), reseed=False)
    sample, _contents = find_sample(url)
    paths = load_mix(sample.city, sample.network, spread_slugs(url, 12))
    with ExitStack() as stack:
        redis_url, _process = stack.enter_context(redis_server())
        # As deployed with several workers: the throttles count in a shared Redis.
        environment = {**production_environment(url), "CACHE_URL": f"{redis_url}/0"}
        base, log = stack.enter_context(server("load", environment))
        for path in paths:  # warm up; a path that fails is found here, not in the figures
            event = send(base, "GET", path, kind="warm-up", headers={"Accept-Encoding": "gzip"})
            if event.outcome != "ok":
                part.notes.append(f"{path} answered {event.outcome} before the load")
        print(f"wrk: {args.connections} connections for {args.duration} s over {len(paths)} paths")
        summary = run_wrk(base, paths, args.connections, args.duration)
        errors = log_errors(log)
        part.notes += logged(log)  # before gunicorn stops, which logs its own exits
    part.figures = {
        "Server": "gunicorn " + " ".join(production_options()) + ", CACHE_URL on a private Redis",
        "Paths in the mix": str(len(paths)),
        "Requests": f"{summary.requests:,} ({summary.requests_per_second:.0f}/s)",
        "p50 / p95 / p99 / max": (
            f"{summary.p50:.0f} / {summary.p95:.0f} / {summary.p99:.0f} / {summary.max:.0f} ms"
        ),
        "Answers 2xx / 3xx / 4xx / 5xx": " / ".join(
            f"{summary.status[c]:,}" for c in ("2xx", "3xx", "4xx", "5xx")
        ),
        "Socket errors (connect / read / write / timeout)": " / ".join(
            str(summary.socket_errors[k]) for k in ("connect", "read", "write", "timeout")
        ),
    }
    part.checks = load_checks(summary, errors["gunicorn: WORKER TIMEOUT"])
    part.notes.append("The mix: " + ", ".join(f"`{path}`" for path in paths))


def prepare_private(url: str) -> dict:
    print(f"Migrating and seeding the private cluster ({PRIVATE_SPACES:,} spaces) …")
    manage(url, "migrate", "--noinput", name="private-migrate")
    manage(url, "seed_bench", "--spaces", str(PRIVATE_SPACES), name="private-seed")
    output = manage(url, "shell", "-c", MANAGER.format(count=PRIVATE_SPACES // 2), name="manager")
    return json.loads(output.strip().splitlines()[-1])


def database_part(part: Part, url: str, path: Path, manager: dict) -> None:
    owned, visited = manager["slugs"], spread_slugs(url, 8)
    markers = marker_source()
    with server("database", soak_environment(url)) as (base, log):
        spaces = iter(owned)
        clients = [plans_client(base, manager["key"], spaces, markers) for _ in range(3)]
        clients += [tour_form_client(base, visited, markers) for _ in range(2)]
        clients += [
            reads_client(base, "api-read", [f"/api/v1/spaces/{slug}/" for slug in visited]),
            reads_client(base, "page-read", [f"/en/spaces/{slug}/" for slug in visited]),
        ]
        print(f"Writing and reading for {OUTAGE_RUN} s; the database restarts at {RESTART_AT} s")
        events, down, back = drive(
            clients, OUTAGE_RUN, RESTART_AT, lambda: devdb.restart_private_cluster(path)
        )
        print("Restarting the database while no request runs, then reading again")
        devdb.restart_private_cluster(path)
        after_idle = burst(base, [f"/api/v1/spaces/{slug}/" for slug in visited])
        part.notes += logged(log)  # before gunicorn stops, which logs its own exits

    acknowledged = {e.marker for e in events if e.marker and e.outcome == "ok"}
    part.checks, part.figures = outage_checks(events, down, back, acknowledged, stored_markers(url))
    part.figures["Server"] = "gunicorn " + " ".join(production_options())
    for kind, (before, after) in outage_by_kind(events, down).items():
        part.figures[f"{kind}: before / from the restart"] = f"{before} / {after}"
    part.figures["Reads after a restart with no traffic"] = tally(after_idle)
    part.checks.append(
        Check(
            "no 503 after a restart with no traffic (idle persistent connections reconnect)",
            all(event.outcome == "ok" for event in after_idle),
            tally(after_idle),
        )
    )


def redis_part(part: Part, url: str) -> None:
    visited = spread_slugs(url, 8)
    with redis_server() as (redis_url, process):
        environment = {
            **soak_environment(url),
            "CACHE_URL": f"{redis_url}/0",
            "CELERY_BROKER_URL": f"{redis_url}/1",
        }
        with server("redis", environment) as (base, log):
            clients = [
                reads_client(base, "page-read", ["/en/", "/en/spaces/"]),
                reads_client(base, "page-read", [f"/en/spaces/{slug}/" for slug in visited]),
                reads_client(base, "api-read", ["/api/v1/spaces/"]),
                reads_client(base, "api-read", [f"/api/v1/spaces/{slug}/" for slug in visited]),
                tour_form_client(base, visited, marker_source()),
            ]
            print(f"Reading and writing for {REDIS_RUN} s; Redis stops at {REDIS_STOP_AT} s")
            events, stopped, _ = drive(
                clients, REDIS_RUN, REDIS_STOP_AT, lambda: stop_process(process)
            )
            part.notes += logged(log)

    part.checks = redis_checks(events, stopped)
    part.figures = {"Server": "gunicorn " + " ".join(production_options())}
    for kind, (before, after) in outage_by_kind(events, stopped).items():
        part.figures[f"{kind}: before / after Redis stopped"] = f"{before} / {after}"


# The report


@contextmanager
def attempt(*parts: Part) -> Iterator[None]:
    """A part that cannot run fails with the reason in its report; the others still run."""
    try:
        yield
    except (BenchError, devdb.DevDbError, OSError, subprocess.SubprocessError) as error:
        print(f"  ERROR: {error}")
        for part in parts:
            part.checks.append(Check("the part ran to the end", False, str(error)))


def markdown(parts: list[Part], began: datetime, seconds: float, command: str, about: str) -> str:
    lines = [
        "# Soak test",
        "",
        f"`{command}` on {began:%Y-%m-%d %H:%M %Z}, in {seconds / 60:.1f} min, on "
        f"{about}. How it works: the README's *Soak test* section.",
    ]
    for number, part in enumerate(parts, 1):
        verdict = "passed" if part.passed else "**failed**"
        lines += ["", f"## {number}. {part.title}: {verdict}", "", "| | |", "|---|---|"]
        lines += [f"| {name} | {value} |" for name, value in part.figures.items()]
        lines += ["", "| Check | | |", "|---|---|---|"]
        lines += [
            f"| {c.label} | {'pass' if c.passed else '**FAIL**'} | {c.detail} |"
            for c in part.checks
        ]
        if part.notes:
            lines += ["", *(f"- {note}" for note in part.notes)]
    return "\n".join(lines) + "\n"


def machine(load_before: tuple[float, float, float]) -> str:
    """The cores, how busy they were before the run (other work on the machine weighs on
    the latencies) and the code."""
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=BASE_DIR
    ).stdout.strip()
    load = ", ".join(f"{value:.1f}" for value in load_before)
    return f"{os.cpu_count()} cores (load average {load} before), commit {commit or '?'}"


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m maker2.bench.soak", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--duration", type=int, default=60, help="seconds of load (part 1)")
    parser.add_argument("--connections", type=int, default=64, help="wrk's (part 1)")
    parser.add_argument(
        "--only",
        type=lambda text: [part.strip() for part in text.split(",") if part.strip()],
        default=PARTS,
        metavar="PARTS",
        help="comma-separated parts to run: " + ", ".join(PARTS),
    )
    parser.add_argument(
        "--output", type=Path, help="where soak.md goes (default docs/ for a full run)"
    )
    args = parser.parse_args(argv)
    if unknown := set(args.only) - set(PARTS):
        parser.error(f"--only knows {', '.join(PARTS)}, not {', '.join(sorted(unknown))}.")
    if not 1 <= args.duration <= 300 or args.connections < 1:
        parser.error("--duration must be 1 to 300 seconds and --connections at least 1.")
    if args.output is None and args.only == PARTS:
        args.output = BASE_DIR / "docs"
    return args


def run(args: argparse.Namespace, argv: list[str]) -> int:
    started, began, load_before = time.monotonic(), datetime.now().astimezone(), os.getloadavg()
    if "load" in args.only and not wrk_available():
        raise SoakError("wrk is not installed: apt-get install wrk (make soak does as root).")
    LOG_DIR.mkdir(exist_ok=True)
    BENCH_LOG_DIR.mkdir(exist_ok=True)  # where seeding and collectstatic log, as for the bench
    collectstatic("postgres:///m2_soak")  # it touches no database; the pages need the manifest
    titles = {
        "load": f"Load: {args.connections} connections × {args.duration} s on 20k spaces",
        "database": "Database restart: pg_ctl restart -m fast under writes and reads",
        "redis": "Redis stopped: CACHE_URL and CELERY_BROKER_URL on a server that goes away",
    }
    parts = {name: Part(title) for name, title in titles.items() if name in args.only}
    if "load" in parts:
        with attempt(parts["load"]):
            load_part(parts["load"], args)
    private = [parts[name] for name in ("database", "redis") if name in parts]
    if private:
        print("Starting a private PostgreSQL cluster …")
        with attempt(*private), private_cluster() as (url, path):
            manager = prepare_private(url)
            if "database" in parts:
                with attempt(parts["database"]):
                    database_part(parts["database"], url, path, manager)
            if "redis" in parts:
                with attempt(parts["redis"]):
                    redis_part(parts["redis"], url)
    parts = list(parts.values())
    command = "make soak" if os.environ.get("MAKELEVEL") else "python -m maker2.bench.soak"
    if argv:
        command += " " + " ".join(argv)
    report = markdown(parts, began, time.monotonic() - started, command, machine(load_before))
    print("\n" + report)
    if args.output:
        args.output.mkdir(parents=True, exist_ok=True)
        (args.output / "soak.md").write_text(report)
        print(f"Wrote {args.output / 'soak.md'}; logs in {LOG_DIR}.")
    return 0 if all(part.passed for part in parts) else 1


class OutOfTime(Exception):
    pass


def _out_of_time(signum, frame):
    raise OutOfTime(f"the run took more than {TIME_BUDGET} s; everything it started is stopped.")


def _stop_on_sigterm(signum, frame):
    raise SystemExit(128 + signum)  # unwinds through every server's finally


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    signal.signal(signal.SIGALRM, _out_of_time)
    signal.alarm(TIME_BUDGET)
    try:
        return run(args, argv)
    except (BenchError, devdb.DevDbError, OutOfTime) as error:
        print(f"soak: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("soak: interrupted; everything it started is stopped.", file=sys.stderr)
        return 130
    finally:
        signal.alarm(0)


if __name__ == "__main__":
    sys.exit(main())
