"""The benchmark's results as text: progress lines, Markdown tables, docs/benchmarks.md and
its chart (matplotlib, Agg backend), and the raw figures as JSON."""

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .load import Measurement, Sync
from .targets import (
    DEEP_RATIO,
    FLOOR_RATIO,
    MAX_QUERIES,
    NAIVE_RATIO,
    SIZE_RATIO,
    SYNC_SECONDS,
)

if TYPE_CHECKING:  # run.py imports this module
    from .run import Row, Run, SizeResult

SLOW_MARK = "†"
PATH_WIDTH = 48


# Numbers


def ms(value: float) -> str:
    if value < 10:
        return f"{value:.2f}"
    if value < 100:
        return f"{value:.1f}"
    return f"{value:,.0f}"


def rate(value: float) -> str:
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def size(value: int) -> str:
    if value >= 1024 * 1024:
        return f"{value / 1024 / 1024:.1f} MiB"
    return f"{value / 1024:.0f} KiB"


def verdict(ok: bool) -> str:
    return "pass" if ok else "**FAIL**"


def short(path: str) -> str:
    return path if len(path) <= PATH_WIDTH else path[: PATH_WIDTH - 1] + "…"


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


# Checks: (what, met)


def row_checks(row: "Row", result: "SizeResult") -> list[tuple[str, bool]]:
    checks, measured = [], row.measurement
    if row.request.p95_ms is not None and measured is not None:
        checks.append((f"p95 < {row.request.p95_ms:g} ms", measured.p95 < row.request.p95_ms))
    if row.queries is not None:
        checks.append((f"≤ {MAX_QUERIES} queries", row.queries <= MAX_QUERIES))
    if row.request.name == "api-geojson" and result.geojson is not None:
        checks.append(("gzip", result.geojson.content_encoding == "gzip"))
    if measured is not None and measured.errors:
        checks.append((f"no errors ({measured.errors})", False))
    return checks


@dataclass
class Ratio:
    what: str
    value: float
    target: float
    at_least: bool  # the ratio must reach the target rather than stay under it
    rough: bool  # a side was timed one request at a time

    @property
    def met(self) -> bool:
        return self.value >= self.target if self.at_least else self.value <= self.target


def _ratio(what: str, top: Measurement, bottom: Measurement, target: float, field: str) -> Ratio:
    """`field` of `top` ÷ the same of `bottom`; only requests per second must reach it."""
    at_least = field == "requests_per_second"
    rough = "sequential" in (top.method, bottom.method)
    return Ratio(what, getattr(top, field) / getattr(bottom, field), target, at_least, rough)


def ratio_checks(run: "Run") -> list[Ratio]:
    """The size, deep-page and reference comparisons."""
    checks = []
    large = run.sizes[0]
    if len(run.sizes) > 1:
        small = run.sizes[1]
        for row in large.rows:
            other = small.row(row.request.name)
            if row.measurement and other and other.measurement:
                what = f"{row.request.label}: p50 {large.database.label} ÷ {small.database.label}"
                if other.request.label != row.request.label:  # the directory's deep page
                    what = f"p50 of {row.request.label} at {large.database.label} ÷ "
                    what += f"{other.request.label} at {small.database.label}"
                checks.append(_ratio(what, row.measurement, other.measurement, SIZE_RATIO, "p50"))
    for result in run.sizes:
        deep, first = result.row("api-spaces-deep"), result.row("api-spaces")
        if deep and first and deep.measurement and first.measurement:
            what = f"API deep cursor page ÷ first page, p50 at {result.database.label}"
            checks.append(_ratio(what, deep.measurement, first.measurement, DEEP_RATIO, "p50"))
    maker2 = large.row("api-spaces")
    references = run.references
    if references and maker2 and maker2.measurement:
        if references.naive:
            what = "Maker2 req/s ÷ naive req/s"
            rps = "requests_per_second"
            checks.append(_ratio(what, maker2.measurement, references.naive, NAIVE_RATIO, rps))
        if references.floor:
            what = "Maker2 p50 ÷ floor p50"
            checks.append(_ratio(what, maker2.measurement, references.floor, FLOOR_RATIO, "p50"))
    return checks


def sync_check(sync: Sync) -> tuple[float, bool]:
    """The sync's time, extrapolated to every page when the time cap cut it short."""
    seconds = sync.seconds if sync.complete else sync.seconds * sync.count / max(sync.objects, 1)
    return seconds, sync.complete and seconds < SYNC_SECONDS


# Lines printed while the run goes on


def _figures(measured: Measurement) -> str:
    mark = SLOW_MARK if measured.method == "sequential" else ""
    return (
        f"{rate(measured.requests_per_second):>7} req/s{mark}  p50 {ms(measured.p50):>6}  "
        f"p95 {ms(measured.p95):>6}  p99 {ms(measured.p99):>6} ms"
    )


def progress_line(label: str, row: "Row") -> str:
    name = f"  {label:>4} {row.request.name:16}"
    if row.measurement is None:
        return f"{name} ERROR {row.error}"
    return f"{name} {_figures(row.measurement)}"


def sync_line(label: str, sync: Sync) -> str:
    state = "complete" if sync.complete else f"stopped after {sync.seconds:.0f} s"
    return (
        f"  {label:>4} {'sync':16} {sync.pages} page{'s' if sync.pages != 1 else ''}, "
        f"{sync.objects:,} spaces in "
        f"{sync.seconds:.1f} s ({state})"
    )


def reference_line(label: str, name: str, measured: Measurement) -> str:
    return f"  {label:>4} {name:16} {_figures(measured)}"


# Markdown


def _size_section(result: "SizeResult", run: "Run") -> str:
    contents = ", ".join(f"{count:,} {name}" for name, count in result.contents.items())
    rows = []
    for row in result.rows:
        measured, checks = row.measurement, row_checks(row, result)
        if row.error and measured is None:
            figures = ["—"] * 4
        else:
            mark = SLOW_MARK if measured.method == "sequential" else ""
            figures = [rate(measured.requests_per_second) + mark] + [
                ms(value) + mark for value in (measured.p50, measured.p95, measured.p99)
            ]
        failed = [what for what, met in checks if not met]
        outcome = (
            f"**ERROR**: {row.error}"
            if row.error
            else ("**FAIL**: " + ", ".join(failed) if failed else "pass")
        )
        rows.append(
            [
                row.request.label,
                f"`{short(row.request.path)}`",
                *figures,
                "—" if row.queries is None else str(row.queries),
                ", ".join(what for what, _ in checks if not what.startswith("no errors")),
                outcome,
            ]
        )
    header = ["Request", "Path", "req/s", "p50 ms", "p95 ms", "p99 ms", "queries", "target"]
    return (
        f"## {result.database.label}: {contents}\n\n"
        f"Sample rows: space `{result.sample.space}`, city `{result.sample.city}` and network "
        f"`{result.sample.network}` (the city and the network with the most spaces).\n\n"
        + table([*header, "result"], rows)
        + "".join(f"\n\n**ERROR** in {error}" for error in result.errors)
    )


def _comparisons_section(run: "Run") -> str:
    rows = [
        [
            ratio.what,
            f"{ratio.value:.2f}×" + (SLOW_MARK if ratio.rough else ""),
            ("≥ " if ratio.at_least else "≤ ") + f"{ratio.target:g}×",
            verdict(ratio.met),
        ]
        for ratio in ratio_checks(run)
    ]
    return "## Comparisons\n\n" + table(["Comparison", "ratio", "target", "result"], rows)


def _references_section(run: "Run") -> str:
    references, large = run.references, run.sizes[0]
    maker2 = large.row("api-spaces")
    rows = []
    for name, measured, what in (
        ("Maker2", maker2.measurement if maker2 else None, "`/api/v1/spaces/?page_size=100`"),
        ("naive", references.naive, "`maker2/bench/naive.py`, `/bench/naive/spaces/?limit=100`"),
        ("floor", references.floor, "`maker2/bench/floor.py`, one SQL query"),
    ):
        if measured is not None:
            rows.append([name, what, rate(measured.requests_per_second), ms(measured.p50)])
    errors = "".join(f"\n\nError: {error}" for error in references.errors)
    return (
        f"## References at {large.database.label}\n\n"
        "The API's list page of 100 spaces beside *naive* (a DRF `ListAPIView`, nested "
        "`ModelSerializer`s for city, plans, services, equipment and opening hours, no "
        "`select_related`/`prefetch_related`, `LimitOffsetPagination`) and *floor* (a bare "
        "WSGI callable answering the same spaces with one hand-written json_agg query and "
        "orjson). Both leave out networks, photos, links and `open_now`, which Maker2 sends.\n\n"
        + table(["", "what", "req/s", "p50 ms"], rows)
        + errors
    )


def _sync_section(run: "Run") -> str:
    rows = []
    for index, result in enumerate(run.sizes):
        if result.sync is None:
            continue
        sync = result.sync
        seconds, met = sync_check(sync)
        total = f"{sync.seconds:.1f} s" if sync.complete else f"≈ {seconds:.0f} s (extrapolated)"
        target = f"< {SYNC_SECONDS} s" if index == 0 else "—"
        rows.append(
            [
                result.database.label,
                str(sync.pages),
                f"{sync.objects:,} of {sync.count:,}",
                total,
                ms(sync.first_page * 1000),
                ms(sync.last_page * 1000),
                target,
                verdict(met) if index == 0 else "",
            ]
        )
    header = ["size", "pages", "spaces", "time", "first page ms", "last page ms", "target", ""]
    return (
        "## Full partner sync\n\n"
        "The README's sync recipe, step 1, for spaces: `/api/v1/spaces/?page_size=200`, "
        "following `next` to the end, one request at a time over HTTP (stopped after 60 s "
        "and extrapolated when slower).\n\n" + table(header, rows)
    )


def _geojson_section(run: "Run") -> str:
    rows = [
        [
            result.database.label,
            size(result.geojson.uncompressed),
            f"{size(result.geojson.sent)} ({result.geojson.content_encoding or 'not compressed'})",
            size(result.geojson.gzip_would_be),
            verdict(result.geojson.content_encoding == "gzip"),
        ]
        for result in run.sizes
        if result.geojson is not None
    ]
    return (
        "## GeoJSON size\n\n`/api/v1/spaces/geojson/` asked for with `Accept-Encoding: gzip`.\n\n"
        + table(["size", "uncompressed", "sent", "gzip -6 would send", "compressed"], rows)
    )


def _machine_section(run: "Run") -> str:
    rows = [[name, value] for name, value in run.machine.items()]
    rows.append(["Date", run.began.strftime("%Y-%m-%d %H:%M %Z")])
    rows.append(["Command", f"`{run.command}` ({run.seconds / 60:.1f} min)"])
    return "## Machine\n\n" + table(["", ""], rows)


def summary(run: "Run") -> str:
    met = [ok for result in run.sizes for row in result.rows for _, ok in row_checks(row, result)]
    met += [ratio.met for ratio in ratio_checks(run)]
    met += [sync_check(run.sizes[0].sync)[1]] if run.sizes[0].sync else []
    errors = sum(bool(row.error) for result in run.sizes for row in result.rows)
    text = f"{sum(met)} of {len(met)} checks pass"
    if errors:
        text += f"; {errors} request{'s' if errors != 1 else ''} could not be measured"
    return text + "."


def tables(run: "Run") -> str:
    """Every table, in Markdown: the body of benchmarks.md, and what the run prints."""
    sections = [_size_section(result, run) for result in run.sizes]
    if ratio_checks(run):
        sections.append(_comparisons_section(run))
    if run.references:
        sections.append(_references_section(run))
    if any(result.sync for result in run.sizes):
        sections.append(_sync_section(run))
    if any(result.geojson for result in run.sizes):
        sections.append(_geojson_section(run))
    return "\n\n".join(sections)


def markdown(run: "Run", chart_name: str) -> str:
    return f"""# Benchmarks

Written by `make bench` (maker2/bench/run.py); run it again rather than editing this file.
The README's *Benchmark* section says what it does.

Each request is served by gunicorn (gunicorn.conf.py with 2 workers, production settings:
`DEBUG=0`, no `CACHE_URL`, so nothing is cached, throttling out of the way) and loaded on
the loopback interface by wrk for {run.duration:g} s (`-t2 -c4 --latency`, 4 connections)
after a warm-up request (two when the first is slow). p95 comes from a Lua `done()` hook; the
targets are checked against it. Figures marked {SLOW_MARK} come from requests made one at a
time, because the request took too long for wrk to see enough of them. Queries are counted
in-process with Django's test client and `CaptureQueriesContext`, one request each, on the
same database and settings.

wrk, gunicorn and PostgreSQL share the machine's cores, so the figures also move with
whatever else runs there (see the load average below). So that it weighs alike on what is
compared, every server runs at once, each request is measured at each size in turn, and the
references right after Maker2's list page. Sizes are compared at the same depth: the
directory's deep page and the API's deep cursor lie as far into the list at each size
(page 200 of 24 and 50 pages of 100 at 20,000).

**{summary(run)}**

![p50 per request at {" and ".join(r.database.label for r in run.sizes)}]({chart_name})

{_machine_section(run)}

{tables(run)}
"""


# The chart


def chart(run: "Run", path: Path) -> None:
    """Horizontal bars of p50 per request at each size, and the references, log scale."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter

    large = run.sizes[0]
    rows = [row for row in large.rows if row.measurement]
    series = [(result.database.label, result) for result in reversed(run.sizes)]
    colours = ["#9ecae1", "#2171b5"][-len(series) :]
    labels = [row.request.label for row in rows]
    references = run.references
    extra = [
        (f"API spaces, 100: {name} ({large.database.label})", measured, colour)
        for name, measured, colour in (
            ("naive", references.naive if references else None, "#d94801"),
            ("floor", references.floor if references else None, "#41ab5d"),
        )
        if measured is not None
    ]
    count = len(rows) + len(extra)
    figure, axes = plt.subplots(figsize=(10, 0.42 * count + 1.6))
    height = 0.8 / len(series)
    largest = 1.0
    for offset, ((label, result), colour) in enumerate(zip(series, colours, strict=True)):
        for position, row in enumerate(rows):
            other = result.row(row.request.name)
            if other is None or other.measurement is None:
                continue
            value = other.measurement.p50
            largest = max(largest, value)
            y = position - 0.4 + height * (offset + 0.5)
            axes.barh(y, value, height=height, color=colour, label=f"{label} spaces")
            axes.text(value * 1.08, y, ms(value), va="center", fontsize=7)
    for index, (label, measured, colour) in enumerate(extra):
        position = len(rows) + index
        labels.append(label)
        largest = max(largest, measured.p50)
        axes.barh(position, measured.p50, height=0.5, color=colour)
        axes.text(measured.p50 * 1.08, position, ms(measured.p50), va="center", fontsize=7)
    for position, row in enumerate(rows):
        if row.request.p95_ms is not None:
            axes.plot(
                [row.request.p95_ms],
                [position],
                marker="|",
                markersize=14,
                color="#333333",
                linestyle="none",
                label="target (p95)",
            )
    targets = [row.request.p95_ms for row in rows if row.request.p95_ms is not None]
    axes.set_yticks(range(count), labels, fontsize=8)
    axes.invert_yaxis()
    axes.set_xscale("log")
    axes.set_xlim(right=max([largest * 2.5, *(target * 1.5 for target in targets)]))
    axes.xaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))
    axes.set_xlabel("p50 latency, ms (log scale); | marks the row's p95 target")
    axes.grid(axis="x", which="both", alpha=0.25)
    handles, names = axes.get_legend_handles_labels()
    unique = dict(zip(names, handles, strict=True))
    axes.legend(unique.values(), unique.keys(), loc="lower right", fontsize=8)
    axes.set_title(
        f"Maker2, uncached, 2 gunicorn workers — {run.began:%Y-%m-%d}", fontsize=10, loc="left"
    )
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def write(run: "Run", directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    png, md, raw = (directory / f"benchmarks.{ext}" for ext in ("png", "md", "json"))
    chart(run, png)
    md.write_text(markdown(run, png.name))
    raw.write_text(json.dumps(asdict(run), indent=1, default=str, ensure_ascii=False) + "\n")
    return [md, png, raw]
