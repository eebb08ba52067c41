"""`make lighthouse`: Lighthouse's four scores for the pages visitors land on, in production.

    .venv/bin/python -m maker2.bench.lighthouse [--database URL] [--only home-en,space-*]
                                                [--runs 3] [--threshold 95] [--output DIR]

1. A database with the demo data: `maker2_lighthouse` on the development server (or
   --database), created like the development one (maker2/devdb.py), migrated and loaded
   with `manage.py load_demo`; collectstatic into a temporary STATIC_ROOT.
2. Maker2 in production settings (DEBUG off, hashed and compressed static files, CSP) under
   gunicorn with gunicorn.conf.py on a loopback port, over plain http (so without the https
   redirect and secure cookies). Uploaded photos and map tiles, which production leaves to a
   web server, a bucket and a tile server, come from the same process with the caching
   headers those are told to send (maker2/bench/lighthouse_urls.py).
3. npm's Lighthouse (tools/lighthouse, installed by the Makefile) with Debian's Chromium on
   PAGES in both languages, as a phone on a slow 4G network (Lighthouse's default, simulated).
   Each page is measured --runs times and the median run (by performance) kept.
4. A table of the scores to stdout and, for a full run, to docs/lighthouse.md with what each
   page still loses points on; the exit status is 1 when any score is below --threshold.

Nothing but 127.0.0.1 is ever sent a request.
"""

import argparse
import fnmatch
import json
import os
import shutil
import subprocess
import sys
import tempfile
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from maker2 import devdb

from .load import BenchError, get
from .servers import BASE_DIR, gunicorn, manage, production_environment

THRESHOLD = 95
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
LIGHTHOUSE = BASE_DIR / "tools/lighthouse/node_modules/.bin/lighthouse"
CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --no-first-run"
DATABASE = "maker2_lighthouse"
LOG_DIR = Path(tempfile.gettempdir()) / "maker2-lighthouse"
RUN_TIMEOUT = 180  # seconds for one Lighthouse run
WORKERS = "2"
# Lighthouse slows the CPU four times whatever the machine, so on a machine that other work
# keeps busy its blocking time would be mostly the neighbours'. The run asks for a higher
# priority (only root may), which gunicorn, Lighthouse and Chromium inherit.
NICENESS = -10
LANGUAGES = ("en", "zh-hans")


@dataclass(frozen=True)
class Page:
    name: str
    path: str  # after the language prefix
    # Audits that measure something the page does on purpose; left out of its scores.
    skip_audits: tuple[str, ...] = ()


# The demo data's (members/demo.py): a space with photos and the city with the most spaces.
PAGES = (
    Page("home", "/"),
    Page("directory", "/spaces/"),
    Page("space", "/spaces/people-squared-jingan/"),
    Page("city", "/cities/shanghai/"),
    # Search results are kept out of search engines (noindex, robots.txt), as they should
    # be; Lighthouse's "is-crawlable" would count that against the page.
    Page("search", "/search/?q=maker", skip_audits=("is-crawlable",)),
    Page("stats", "/stats/"),
)


@dataclass
class Result:
    page: str  # "home-en"
    url: str
    scores: dict[str, int | None] = field(default_factory=dict)
    # Audits that cost points: (category, title, display value), worst first.
    losses: list[tuple[str, str, str]] = field(default_factory=list)
    error: str = ""
    # How fast Chromium found the machine during the kept run (Lighthouse's benchmarkIndex):
    # the CPU is slowed four times whatever it is, so a busy machine scores lower.
    benchmark: float | None = None

    @property
    def worst(self) -> int | None:
        present = [score for score in self.scores.values() if score is not None]
        return min(present) if len(present) == len(CATEGORIES) else None


def targets(only: list[str]) -> list[tuple[str, Page, str]]:
    """(name, page, path with the language) for each page in each language, e.g. "home-en"."""
    chosen = []
    for page in PAGES:
        for language in LANGUAGES:
            name = f"{page.name}-{language}"
            if not only or any(fnmatch.fnmatch(name, pattern) for pattern in only):
                chosen.append((name, page, f"/{language}{page.path}"))
    return chosen


# Reading Lighthouse's report


def scores_of(report: dict) -> dict[str, int | None]:
    """Each category's score out of 100 (None when Lighthouse could not score it)."""
    scores = {}
    for category in CATEGORIES:
        score = report.get("categories", {}).get(category, {}).get("score")
        scores[category] = None if score is None else round(score * 100)
    return scores


def losses_of(report: dict) -> list[tuple[str, str, str]]:
    """The weighted audits below a full score, by the points they cost, worst first."""
    audits = report.get("audits", {})
    found = []
    for category in CATEGORIES:
        refs = report.get("categories", {}).get(category, {}).get("auditRefs", [])
        total = sum(ref.get("weight", 0) for ref in refs) or 1
        for ref in refs:
            audit = audits.get(ref["id"], {})
            score = audit.get("score")
            if not ref.get("weight") or score is None or score >= 1:
                continue
            cost = ref["weight"] * (1 - score) / total
            title, shown = audit.get("title", ref["id"]), audit.get("displayValue", "")
            found.append((cost, category, title, shown))
    found.sort(key=lambda loss: -loss[0])
    return [(category, title, shown) for _, category, title, shown in found]


def median_report(reports: list[dict]) -> dict:
    """The run whose performance score is the median (Lighthouse's own advice for variance)."""
    ranked = sorted(reports, key=lambda report: scores_of(report)["performance"] or 0)
    return ranked[(len(ranked) - 1) // 2]


def failures(results: list[Result], threshold: int) -> list[str]:
    """One line per page and category below the threshold, or that could not be measured."""
    lines = []
    for result in results:
        if result.error:
            lines.append(f"{result.page}: not measured ({result.error})")
            continue
        for category in CATEGORIES:
            score = result.scores.get(category)
            if score is None:
                lines.append(f"{result.page}: no {category} score")
            elif score < threshold:
                lines.append(f"{result.page}: {category} {score} < {threshold}")
    return lines


def table(results: list[Result]) -> str:
    """The scores as a Markdown table, one row per page."""
    header = ["page", *CATEGORIES]
    rows = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for result in results:
        if result.error:
            cells = ["not measured"] * len(CATEGORIES)
        else:
            cells = ["–" if s is None else str(s) for s in map(result.scores.get, CATEGORIES)]
        rows.append(f"| [{result.page}]({result.url}) | " + " | ".join(cells) + " |")
    return "\n".join(rows)


# Running it


def prepare(environment: dict) -> None:
    """The database with the demo data and the hashed, compressed static files."""
    log = LOG_DIR / "prepare.log"
    log.write_text("")
    devdb.ensure_database(environment["DATABASE_URL"])
    manage(environment, "migrate", "--noinput", log=log)
    manage(environment, "load_demo", log=log)
    manage(environment, "collectstatic", "--noinput", "-v0", log=log)


def lighthouse(url: str, page: Page, output: Path) -> dict:
    """One Lighthouse run on `url`; its JSON report (also written to `output`)."""
    command = [
        str(LIGHTHOUSE),
        url,
        "--output=json",
        f"--output-path={output}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
        "--quiet",
    ]
    if page.skip_audits:
        command.append(f"--skip-audits={','.join(page.skip_audits)}")
    try:
        subprocess.run(
            command,
            env={**os.environ, "CHROME_PATH": CHROMIUM},
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=RUN_TIMEOUT,
            check=True,
        )
    except subprocess.CalledProcessError as error:
        lines = (error.stderr or error.stdout or "no output").strip().splitlines()
        raise BenchError(f"lighthouse failed: {lines[-1]}") from None
    except subprocess.TimeoutExpired:
        raise BenchError(f"lighthouse took more than {RUN_TIMEOUT} s") from None
    report = json.loads(output.read_text())
    if report.get("runtimeError"):
        raise BenchError(f"lighthouse: {report['runtimeError'].get('message')}")
    return report


def measure(base_url: str, name: str, page: Page, path: str, runs: int) -> Result:
    url = base_url + path
    result = Result(name, path)
    # Once per worker and more, so that no worker answers Lighthouse cold (its first
    # request opens a database connection and fills caches).
    for _ in range(int(WORKERS) * 2):
        answer = get(url)
        if answer.status != 200:
            result.error = f"HTTP {answer.status}"
            return result
    reports, errors = [], []
    # Lighthouse now and then fails to record a load (NO_NAVSTART, a Chromium that did not
    # start): such a run is tried once more before the page goes without it.
    for run in range(runs):
        for _ in range(2):
            try:
                reports.append(lighthouse(url, page, LOG_DIR / f"{name}-{run}.json"))
                break
            except BenchError as error:
                errors.append(str(error))
    if not reports:
        result.error = errors[-1]
        return result
    report = median_report(reports)
    result.scores, result.losses = scores_of(report), losses_of(report)
    result.benchmark = report.get("environment", {}).get("benchmarkIndex")
    return result


def markdown(results: list[Result], threshold: int, began: datetime, runs: int) -> str:
    chromium = subprocess.run(
        [CHROMIUM, "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    version = json.loads((LIGHTHOUSE.parent.parent / "lighthouse/package.json").read_text())
    lines = [
        "# Lighthouse",
        "",
        f"`make lighthouse` on {began:%Y-%m-%d %H:%M} UTC: Lighthouse {version['version']}, "
        f"{chromium}, mobile (Lighthouse's default: a mid-range phone on slow 4G, simulated), "
        f"{'the median of ' + str(runs) + ' runs' if runs > 1 else 'one run'} per page, "
        "against gunicorn in production settings on the demo data. "
        f"Every score must be at least {threshold}.",
        "",
        table(results),
        "",
        "## Points still lost",
        "",
        "With the CPU benchmark of the kept run (Lighthouse's `benchmarkIndex`; lower is a "
        "slower or busier machine).",
        "",
    ]
    for result in results:
        if result.error:
            continue
        losses = "; ".join(
            f"{title} ({category}{', ' + shown if shown else ''})"
            for category, title, shown in result.losses[:5]
        )
        benchmark = f"{result.benchmark:.0f}" if result.benchmark else "?"
        lines.append(f"- **{result.page}** (CPU {benchmark}): {losses or 'nothing'}")
    return "\n".join(lines) + "\n"


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="make lighthouse", description=__doc__.split("\n")[0])
    parser.add_argument("--database", help="database URL (default: maker2_lighthouse)")
    parser.add_argument("--only", default="", help="pages, comma-separated globs (home-en,space-*)")
    parser.add_argument("--runs", type=int, default=3, help="runs per page; the median counts")
    parser.add_argument("--threshold", type=int, default=THRESHOLD)
    parser.add_argument("--output", type=Path, help="folder for lighthouse.md (default: docs/)")
    parser.add_argument("--list", action="store_true", help="list the pages and stop")
    return parser.parse_args(argv)


def raise_priority() -> None:
    try:
        os.nice(NICENESS)
    except PermissionError:
        print("Not root: measuring at normal priority (a busy machine scores lower).")


def run(args: argparse.Namespace) -> int:
    only = [pattern.strip() for pattern in args.only.split(",") if pattern.strip()]
    chosen = targets(only)
    if args.list or not chosen:
        print("\n".join(f"{name}  {path}" for name, _, path in targets([])))
        return 0 if args.list else 2
    if not LIGHTHOUSE.exists():
        raise BenchError(f"{LIGHTHOUSE} is missing: run make lighthouse (it installs it).")
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    raise_priority()
    began = datetime.now(UTC)
    url = args.database or devdb.database_url().rsplit("/", 1)[0] + f"/{DATABASE}"
    results = []
    with ExitStack() as stack:
        static_root = stack.enter_context(tempfile.TemporaryDirectory(prefix="maker2-static-"))
        environment = production_environment(url, "maker2.bench.lighthouse_settings")
        environment["STATIC_ROOT"] = static_root
        print(f"Preparing {url.rsplit('/', 1)[1]} (log: {LOG_DIR / 'prepare.log'}) …")
        prepare(environment)
        options = ("--config", str(BASE_DIR / "gunicorn.conf.py"), "--workers", WORKERS)
        base_url = stack.enter_context(
            gunicorn("maker2.wsgi:application", environment, LOG_DIR / "gunicorn.log", options)
        )
        for name, page, path in chosen:
            result = measure(base_url, name, page, path, args.runs)
            shown = result.error or "  ".join(f"{c} {result.scores[c]}" for c in CATEGORIES)
            print(f"  {name:<18} {shown}", flush=True)
            results.append(result)
    print()
    print(table(results))
    if not only:
        folder = args.output or BASE_DIR / "docs"
        (folder / "lighthouse.md").write_text(markdown(results, args.threshold, began, args.runs))
        print(f"\nWritten to {folder / 'lighthouse.md'}; reports in {LOG_DIR}.")
    below = failures(results, args.threshold)
    if below:
        print("\nBelow the threshold:\n  " + "\n  ".join(below), file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if shutil.which(CHROMIUM) is None:
        print(f"Lighthouse needs Chromium at {CHROMIUM}: run make browser.", file=sys.stderr)
        return 2
    try:
        return run(args)
    except BenchError as error:
        print(f"make lighthouse: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
