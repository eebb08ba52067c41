"""`make bench`: Maker2 at national scale, measured and written to docs/benchmarks.md.

    .venv/bin/python -m maker2.bench.run [--spaces 20000] [--duration 3] [--only home,api-*]
                                         [--database URL] [--output DIR] [--list]

1. Two databases, `maker2_bench` (20,000 spaces) and `maker2_bench_2k` (a tenth), created
   like the development one (maker2/devdb.py), migrated and filled by `manage.py seed_bench`
   (which reuses a database already seeded with the same parameters); collectstatic once.
2. For each, Maker2 in production settings under gunicorn (gunicorn.conf.py, 2 workers, no
   cache) on a loopback port; wrk loads every request (maker2/bench/targets.py) for a few seconds, a
   partner's full sync runs over HTTP, and a child process counts each request's queries.
3. At the larger size the API list page is compared with two references: naive.py (what
   most projects write first) and floor.py (one SQL query, no framework).
4. The tables go to stdout and, for a full run, to docs/benchmarks.md with a chart.

Servers run in process groups of their own and are stopped on the way out, whatever
happens; nothing but 127.0.0.1 is ever sent a request.
"""

import argparse
import fnmatch
import hashlib
import json
import os
import platform
import shlex
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, closing, contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from maker2 import devdb

from . import report
from .floor import connect
from .load import (
    REQUEST_TIMEOUT,
    BenchError,
    BodySizes,
    Measurement,
    Sync,
    body_sizes,
    follow_next,
    full_sync,
    measure,
    wrk_available,
)
from .servers import BASE_DIR, end_sessions, gunicorn, manage, production_environment
from .targets import (
    API_LIST,
    DEEP_CURSOR_PAGES_AT_FULL_SIZE,
    FULL_SIZE,
    NAIVE_LIST,
    Request,
    Sample,
    in_proportion,
    requests_for,
)

SEED = 1
SYNC_URL = "/api/v1/spaces/?page_size=200"  # the README's sync recipe, step 1
# Seconds, so that a slow app cannot stretch the run past ten minutes.
DEEP_CURSOR_TIME_CAP = 30
SYNC_TIME_CAP = 60
QUERY_COUNT_TIMEOUT = 120  # for all of one size's requests
# Past this many seconds from the start nothing more is loaded (the query counts and the
# report still follow), so that a stuck or very slow app still ends the run within ten.
TIME_BUDGET = 8 * 60
LOG_DIR = Path(tempfile.gettempdir()) / "maker2-bench"
STEPS = ["sync", "naive", "floor"]  # besides the requests, for --only


@dataclass
class Database:
    label: str  # "20k"
    url: str
    spaces: int | None  # what seed_bench is asked for; None for a database given as is


@dataclass
class Row:
    request: Request
    measurement: Measurement | None = None
    queries: int | None = None
    error: str = ""
    skipped: bool = False  # the run's time was up before its turn


@dataclass
class SizeResult:
    database: Database
    contents: dict[str, int]
    sample: Sample
    rows: list[Row] = field(default_factory=list)
    sync: Sync | None = None
    geojson: BodySizes | None = None
    errors: list[str] = field(default_factory=list)  # of steps other than the requests

    def row(self, name: str) -> Row | None:
        return next((row for row in self.rows if row.request.name == name), None)


@dataclass
class References:
    naive: Measurement | None
    floor: Measurement | None
    errors: list[str] = field(default_factory=list)


@dataclass
class Run:
    began: datetime
    command: str
    machine: dict[str, str]
    duration: float
    sizes: list[SizeResult]
    references: References | None
    seconds: float = 0.0


# Options


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m maker2.bench.run", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument(
        "--spaces",
        type=int,
        default=FULL_SIZE,
        help="spaces in the larger database (default %(default)s; the smaller has a tenth)",
    )
    parser.add_argument(
        "--duration", type=float, default=3, help="seconds of load per request (default 3)"
    )
    parser.add_argument(
        "--only",
        type=lambda text: [part.strip() for part in text.split(",") if part.strip()],
        default=[],
        metavar="NAMES",
        help="comma-separated names or patterns (api-*) of what to measure; see --list",
    )
    parser.add_argument(
        "--database",
        metavar="URL",
        help="measure this database, migrated but not seeded (one size), e.g. one with load_demo",
    )
    parser.add_argument(
        "--output",
        type=Path,
        help="where benchmarks.md, .png and .json go (default docs/ for a full run, "
        "nowhere for a partial one)",
    )
    parser.add_argument(
        "--reseed",
        action="store_true",
        help="seed the bench databases again even if they hold a set (seed_bench --flush)",
    )
    parser.add_argument("--list", action="store_true", help="list what --only can name")
    args = parser.parse_args(argv)
    if args.duration < 1 or args.spaces < 10:
        parser.error("--duration must be at least 1 and --spaces at least 10.")
    if args.output is None and not args.only and not args.database:
        args.output = BASE_DIR / "docs"
    return args


def selected(args: argparse.Namespace, name: str) -> bool:
    return not args.only or any(fnmatch.fnmatch(name, pattern) for pattern in args.only)


def size_label(spaces: int) -> str:
    return f"{spaces / 1000:g}k" if spaces >= 1000 else str(spaces)


def database_name(spaces: int) -> str:
    return "maker2_bench" if spaces == FULL_SIZE else f"maker2_bench_{size_label(spaces)}"


def with_database_name(url: str, name: str) -> str:
    """`url` pointing at another database on the same server."""
    address, _, query = url.partition("?")
    return f"{address.rsplit('/', 1)[0]}/{name}" + (f"?{query}" if query else "")


# Databases


def prepare(database: Database, reseed: bool) -> None:
    """Create, migrate and seed (or reuse) one bench database; seed_bench ANALYZEs it."""
    log = LOG_DIR / f"prepare-{database.label}.log"
    log.write_text("")
    started = time.monotonic()
    devdb.ensure_database(database.url)
    manage(production_environment(database.url), "migrate", "--noinput", log=log)
    seed = ["seed_bench", "--spaces", str(database.spaces), "--seed", str(SEED)]
    try:
        manage(
            production_environment(database.url), *seed, *(["--flush"] if reseed else []), log=log
        )
    except BenchError as error:
        raise BenchError(f"{error} To seed it again: make bench ARGS=--reseed.") from None
    print(f"  {database.label}: ready in {time.monotonic() - started:.0f} s (log: {log})")


def prepare_databases(args: argparse.Namespace) -> list[Database]:
    if not (BASE_DIR / "members/management/commands/seed_bench.py").exists():
        raise BenchError(
            "manage.py seed_bench does not exist yet; measure a database as it is with "
            "--database URL (e.g. one filled by load_demo)."
        )
    server = devdb.database_url()
    databases = [
        Database(size_label(spaces), with_database_name(server, database_name(spaces)), spaces)
        for spaces in (args.spaces, args.spaces // 10)
    ]
    print("Preparing " + ", ".join(db.url.rsplit("/", 1)[1] for db in databases) + " …")
    # Both at once: two cores, and the small one is done long before the large one.
    with ThreadPoolExecutor(len(databases)) as pool:
        list(pool.map(lambda database: prepare(database, args.reseed), databases))
    return databases


def collectstatic(url: str) -> None:
    manage(
        production_environment(url),
        "collectstatic",
        "--noinput",
        "-v0",
        log=LOG_DIR / "collectstatic.log",
    )


def find_sample(url: str) -> tuple[Sample, dict[str, int]]:
    """The rows the requests are about (a space in the middle of the list, the city and the
    network with the most spaces), and how much data the database holds."""
    published = "SELECT id, slug, city_id FROM spaces_space WHERE status = 'published'"
    with closing(connect(url)) as connection, connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT
                (SELECT count(*) FROM ({published}) s),
                (SELECT count(*) FROM spaces_city),
                (SELECT count(*) FROM spaces_network),
                (SELECT count(*) FROM members_maker),
                (SELECT count(*) FROM members_project),
                (SELECT count(*) FROM members_fundinground)
            """
        )
        names = ["spaces", "cities", "networks", "makers", "projects", "funding rounds"]
        contents = dict(zip(names, cursor.fetchone(), strict=True))
        cursor.execute(
            f"SELECT slug FROM ({published}) s ORDER BY id LIMIT 1 OFFSET %s",
            [contents["spaces"] // 2],
        )
        space = cursor.fetchone()
        cursor.execute(
            f"""SELECT c.slug FROM ({published}) s JOIN spaces_city c ON c.id = s.city_id
            GROUP BY c.id ORDER BY count(*) DESC, c.slug LIMIT 1"""
        )
        city = cursor.fetchone()
        cursor.execute(
            f"""SELECT n.slug FROM ({published}) s
            JOIN spaces_space_networks link ON link.space_id = s.id
            JOIN spaces_network n ON n.id = link.network_id
            GROUP BY n.id ORDER BY count(*) DESC, n.slug LIMIT 1"""
        )
        network = cursor.fetchone()
    if not (space and city and network):
        raise BenchError(f"{url} has no published space in a city and a network to measure.")
    return Sample(contents["spaces"], space[0], city[0], network[0]), contents


# Measuring


def deep_cursor(base_url: str, spaces: int) -> str:
    """The path of the API list page DEEP_CURSOR_PAGES in (in proportion to the size), by
    following `next` from the first page; "" when the list has a single page."""
    pages = in_proportion(DEEP_CURSOR_PAGES_AT_FULL_SIZE, spaces)
    url, followed = follow_next(base_url + API_LIST, pages, DEEP_CURSOR_TIME_CAP)
    if followed < pages:
        print(f"    deep cursor: {followed} pages in, not {pages} (list end or time cap)")
    return url.removeprefix(base_url) if followed else ""


def measure_row(base_url: str, request: Request, duration: float, deadline: float) -> Row:
    if time.monotonic() > deadline:
        return Row(request, error="skipped: the run's time was up", skipped=True)
    try:
        measurement = measure(
            base_url + request.path, duration=duration, headers=dict(request.headers)
        )
    except TimeoutError:
        return Row(request, error=f"no answer within {REQUEST_TIMEOUT} s")
    except (BenchError, OSError) as error:
        return Row(request, error=str(error))
    return Row(request, measurement)


def count_queries(url: str, rows: list[Row], label: str) -> None:
    """Fill in each row's query count, measured in a child process on the same database."""
    log = LOG_DIR / f"queries-{label}.log"
    requests = [(row.request.path, dict(row.request.headers)) for row in rows if not row.skipped]
    environment = {**production_environment(url), "PGAPPNAME": f"maker2-bench-queries-{label}"}
    try:
        result = subprocess.run(
            [sys.executable, "-m", "maker2.bench.queries"],
            cwd=BASE_DIR,
            env=environment,
            input=json.dumps(requests),
            capture_output=True,
            text=True,
            timeout=QUERY_COUNT_TIMEOUT,
        )
    except subprocess.TimeoutExpired:
        end_sessions(environment)
        result = subprocess.CompletedProcess([], 1, "", f"timed out after {QUERY_COUNT_TIMEOUT} s")
    log.write_text(result.stderr)
    if result.returncode != 0:
        for row in rows:
            row.error = row.error or f"query count failed; see {log}"
        return
    counts = json.loads(result.stdout)
    for row in rows:
        if row.skipped:
            continue
        answer = counts[row.request.path]
        row.queries = answer["queries"]
        if answer["status"] != 200 and not row.error:
            row.error = f"answered {answer['status']} in-process"


@contextmanager
def noting_errors(result: SizeResult, what: str) -> Iterator[None]:
    """A step that fails is reported with the results; the run goes on."""
    try:
        yield
    except (BenchError, OSError, KeyError, ValueError) as error:
        result.errors.append(f"{what}: {error}")
        print(f"  {result.database.label:>4} {what}: ERROR {error}")


@dataclass(frozen=True)
class Server:
    name: str  # a size's label, "naive" or "floor"
    app: str  # "module:callable"
    database: Database
    settings: str = "maker2.settings"

    def start(self, stack: ExitStack) -> str:
        """Start it for the life of `stack`; its base URL."""
        environment = production_environment(self.database.url, self.settings)
        log = LOG_DIR / f"gunicorn-{self.name}.log"
        return stack.enter_context(gunicorn(self.app, environment, log))


MAKER2 = "maker2.wsgi:application"
REFERENCE_PATHS = {"naive": NAIVE_LIST, "floor": API_LIST}


def measure_references(bases: dict[str, str], label: str, duration: float) -> References:
    references = References(naive=None, floor=None)
    for name, base in bases.items():
        try:
            measured = measure(base + REFERENCE_PATHS[name], duration=duration)
        except (BenchError, OSError) as error:
            references.errors.append(f"{name}: {error}")
            continue
        setattr(references, name, measured)
        print(report.reference_line(label, name, measured))
    return references


def bench(databases: list[Database], args: argparse.Namespace, deadline: float):
    """Every size's results, and the references (at the first, larger size) or None.

    All the servers run at once, each request is measured at every size in turn and the
    references right after Maker2's list page, so that whatever else runs on the machine
    weighs alike on the figures that are compared.
    """
    results = []
    for database in databases:
        sample, contents = find_sample(database.url)
        results.append(SizeResult(database, contents, sample))
    references, large = None, databases[0]
    with ExitStack() as stack:
        bases = [Server(db.label, MAKER2, db).start(stack) for db in databases]
        reference_servers = [
            Server("naive", MAKER2, large, "maker2.bench.settings"),
            Server("floor", "maker2.bench.floor:application", large),
        ]
        reference_bases = {
            server.name: server.start(stack)
            for server in reference_servers
            if selected(args, server.name)
        }
        if selected(args, "api-spaces-deep"):
            for result, base in zip(results, bases, strict=True):
                with noting_errors(result, "deep cursor"):
                    cursor = deep_cursor(base, result.sample.spaces)
                    result.sample = replace(result.sample, deep_cursor=cursor)
        plans = [
            {request.name: request for request in requests_for(result.sample)} for result in results
        ]
        for name in plans[0]:
            if not selected(args, name):
                continue
            for result, base, plan in zip(results, bases, plans, strict=True):
                if name in plan:
                    row = measure_row(base, plan[name], args.duration, deadline)
                    result.rows.append(row)
                    print(report.progress_line(result.database.label, row))
            if name == "api-spaces" and reference_bases:
                references = measure_references(reference_bases, large.label, args.duration)
        if reference_bases and references is None:
            references = measure_references(reference_bases, large.label, args.duration)
        for result, base in zip(results, bases, strict=True):
            if time.monotonic() > deadline:
                result.errors.append("GeoJSON size and sync: skipped, the run's time was up")
                continue
            if selected(args, "api-geojson"):
                with noting_errors(result, "GeoJSON size"):
                    result.geojson = body_sizes(base + "/api/v1/spaces/geojson/")
            if selected(args, "sync"):
                with noting_errors(result, "sync"):
                    result.sync = full_sync(base + SYNC_URL, SYNC_TIME_CAP)
                    print(report.sync_line(result.database.label, result.sync))
    for result in results:
        if result.rows:
            count_queries(result.database.url, result.rows, result.database.label)
    return results, references


# The machine


def _first_line(command: list[str]) -> str:
    try:
        result = subprocess.run(command, capture_output=True, text=True, cwd=BASE_DIR)
    except OSError:
        return "unknown"
    lines = (result.stdout + result.stderr).strip().splitlines()
    return lines[0].strip() if lines else "unknown"


def machine(url: str, load_before: tuple[float, float, float]) -> dict[str, str]:
    """What the figures were measured on; the load average before the run says whether
    something else was busy on the machine."""
    import django
    import gunicorn as gunicorn_package

    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    models = [
        line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if "model name" in line
    ]
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    kilobytes = next(
        (int(line.split()[1]) for line in meminfo.splitlines() if "MemTotal" in line), 0
    )
    with closing(connect(url)) as connection, connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    changed = _first_line(["sh", "-c", "git status --porcelain --untracked-files=no | wc -l"])
    commit = _first_line(["git", "rev-parse", "--short", "HEAD"])
    load = ", ".join(f"{value:.2f}" for value in load_before)
    return {
        "CPU": models[0] if models else platform.processor() or "unknown",
        "Cores (nproc)": str(os.cpu_count()),
        "Memory": f"{kilobytes / 1024 / 1024:.1f} GiB",
        "Load average before the run (1, 5, 15 min)": load,
        "OS": f"{platform.system()} {platform.release()}",
        "PostgreSQL": postgres,
        "Python": platform.python_version(),
        "Django": django.get_version(),
        "gunicorn": gunicorn_package.__version__,
        "wrk": _first_line(["wrk", "-v"]).split(" [")[0],
        "Code": f"commit {commit}"
        + (f" with uncommitted changes in {changed} tracked files" if changed != "0" else ""),
    }


def code_fingerprint() -> str:
    """A digest of every file in the working tree (but docs/), committed or not, to tell
    whether the code changed while the run measured it."""
    names = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", ":!docs"],
        capture_output=True,
        cwd=BASE_DIR,
    ).stdout.split(b"\0")
    digest = hashlib.sha256()
    for name in sorted(set(names) - {b""}):
        path = BASE_DIR / os.fsdecode(name)
        if path.is_file():
            digest.update(name + b"\0" + path.read_bytes())
    return digest.hexdigest()


def command_line(argv: list[str]) -> str:
    if os.environ.get("MAKELEVEL"):
        return "make bench" + (f" ARGS={shlex.quote(shlex.join(argv))}" if argv else "")
    return shlex.join([".venv/bin/python", "-m", "maker2.bench.run", *argv])


# The run


def run(args: argparse.Namespace, argv: list[str]) -> int:
    started, began, load_before = time.monotonic(), datetime.now().astimezone(), os.getloadavg()
    code_before = code_fingerprint()
    if not wrk_available():
        raise BenchError("wrk is not installed: apt-get install wrk (make bench does as root).")
    LOG_DIR.mkdir(exist_ok=True)
    for log in LOG_DIR.glob("gunicorn-*.log"):
        log.unlink()
    if args.database:
        databases = [Database("given", args.database, None)]
        manage(
            production_environment(args.database),
            "migrate",
            "--noinput",
            log=LOG_DIR / "prepare-given.log",
        )
    else:
        databases = prepare_databases(args)
    collectstatic(databases[0].url)
    sizes, references = bench(databases, args, deadline=started + TIME_BUDGET)
    about = machine(databases[0].url, load_before)
    if code_fingerprint() != code_before:
        about["Code"] += "; **the code changed during the run**, so figures may mix versions"
        print("Warning: the code changed during the run; figures may mix versions.")
    result = Run(
        began=began,
        command=command_line(argv),
        machine=about,
        duration=args.duration,
        sizes=sizes,
        references=references,
        seconds=time.monotonic() - started,
    )
    print("\n" + report.tables(result) + f"\n\n{report.summary(result)}")
    if args.output:
        for path in report.write(result, args.output):
            print(f"Wrote {path.relative_to(BASE_DIR) if path.is_relative_to(BASE_DIR) else path}")
    print(f"Done in {result.seconds / 60:.1f} min; server logs in {LOG_DIR}.")
    return 0


def _stop_on_sigterm(signum, frame):
    raise SystemExit(128 + signum)  # unwinds through every server's finally


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    if args.list:
        sample = Sample(FULL_SIZE, "<space>", "<city>", "<network>", "<deep cursor>")
        for request in requests_for(sample):
            print(f"{request.name:16} {request.path}")
        for step in STEPS:
            print(f"{step:16} " + {"sync": SYNC_URL, "naive": NAIVE_LIST, "floor": API_LIST}[step])
        return 0
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    try:
        return run(args, argv)
    except (BenchError, devdb.DevDbError) as error:
        print(f"bench: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("bench: interrupted; servers stopped.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
