"""Load on a local server: wrk for throughput and latency, plain requests for the rest.

Every address is checked to be on 127.0.0.1 before anything is sent to it.
"""

import gzip
import json
import shutil
import statistics
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

WRK_SCRIPT = Path(__file__).with_name("wrk_summary.lua")
WRK_THREADS, WRK_CONNECTIONS = 2, 4
WRK_TIMEOUT = "30s"
# Under this many requests in the time given, wrk's figures mean nothing.
MIN_WRK_REQUESTS = 5
# A request slower than this share of the duration is timed one at a time instead: wrk
# drops the requests still running when its time is up, so it would see almost none.
SLOW_SHARE = 0.2
REQUEST_TIMEOUT = 30  # seconds, as wrk's


class BenchError(Exception):
    """Something the run cannot measure around, in one sentence."""


def local(url: str) -> str:
    """`url`, after making sure it points at this machine's loopback address."""
    if urlsplit(url).hostname != "127.0.0.1":
        raise BenchError(f"Refusing to send benchmark traffic to {url}: only 127.0.0.1 is used.")
    return url


@dataclass
class Answer:
    status: int
    headers: dict
    body: bytes
    seconds: float

    def json(self):
        return json.loads(self.body)


def get(url: str, headers: dict | None = None) -> Answer:
    """One GET, timed; HTTP errors are answers too."""
    request = urllib.request.Request(local(url), headers=headers or {})
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT) as response:
            status, answer_headers, body = response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        status, answer_headers, body = error.code, dict(error.headers), error.read()
    return Answer(status, answer_headers, body, time.perf_counter() - started)


@dataclass
class Measurement:
    """Throughput and latency (milliseconds) of one URL under load."""

    method: str  # "wrk" (concurrent) or "sequential" (one request at a time: too slow for wrk)
    requests: int
    requests_per_second: float
    p50: float
    p95: float
    p99: float
    errors: int


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def run_wrk(url: str, duration: float, headers: dict) -> Measurement:
    command = [
        "wrk",
        *("-t", str(WRK_THREADS), "-c", str(WRK_CONNECTIONS), "-d", f"{duration:g}s"),
        *("--timeout", WRK_TIMEOUT, "--latency", "-s", str(WRK_SCRIPT)),
        *(arg for name, value in headers.items() for arg in ("-H", f"{name}: {value}")),
        local(url),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=duration + 60)
    lines = [line for line in result.stdout.splitlines() if line.startswith("WRK_SUMMARY ")]
    if result.returncode != 0 or not lines:
        raise BenchError(f"wrk failed on {url}: {result.stderr.strip() or result.stdout.strip()}")
    summary = json.loads(lines[-1].removeprefix("WRK_SUMMARY "))
    seconds = summary["duration_us"] / 1e6
    return Measurement(
        method="wrk",
        requests=summary["requests"],
        requests_per_second=summary["requests"] / seconds if seconds else 0.0,
        p50=summary["p50_us"] / 1000,
        p95=summary["p95_us"] / 1000,
        p99=summary["p99_us"] / 1000,
        errors=summary["socket_errors"] + summary["bad_status"],
    )


def percentile(samples: list[float], share: float) -> float:
    """Nearest-rank percentile of a few samples (the largest for p95/p99 of few)."""
    ordered = sorted(samples)
    rank = max(1, round(share * len(ordered) + 0.4999))
    return ordered[min(rank, len(ordered)) - 1]


def run_sequential(
    url: str, duration: float, headers: dict, samples: list[float] | None = None
) -> Measurement:
    """Requests one after another for `duration` seconds, at least one beyond `samples`
    (seconds of warm requests already made)."""
    samples, errors, started = list(samples or []), 0, time.perf_counter()
    while len(samples) < 2 or time.perf_counter() - started < duration:
        answer = get(url, headers)
        samples.append(answer.seconds)
        errors += answer.status != 200
    return Measurement(
        method="sequential",
        requests=len(samples),
        requests_per_second=len(samples) / sum(samples),
        p50=statistics.median(samples) * 1000,
        p95=percentile(samples, 0.95) * 1000,
        p99=percentile(samples, 0.99) * 1000,
        errors=errors,
    )


def measure(url: str, *, duration: float, headers: dict | None = None) -> Measurement:
    """Warm the URL up (it must answer 200), then load it for `duration` seconds.

    A first request is often slower than the rest (cold caches), so a slow one is tried
    again before the URL is judged too slow for wrk; that second time is then a sample.
    """
    headers, slow = headers or {}, duration * SLOW_SHARE
    for _attempt in range(2):
        warm_up = get(url, headers)
        if warm_up.status != 200:
            raise BenchError(f"{url} answered {warm_up.status}, not 200.")
        if warm_up.seconds <= slow:
            break
    else:
        return run_sequential(url, duration, headers, samples=[warm_up.seconds])
    measurement = run_wrk(url, duration, headers)
    if measurement.requests < MIN_WRK_REQUESTS:
        return run_sequential(url, duration, headers)
    return measurement


def follow_next(url: str, pages: int, time_cap: float) -> tuple[str, int]:
    """The URL of the page `pages` pages after `url` by its `next` links, and how many were
    followed (fewer when the list ends or `time_cap` seconds pass first)."""
    started, followed = time.perf_counter(), 0
    while followed < pages and time.perf_counter() - started < time_cap:
        answer = get(url)
        if answer.status != 200:
            raise BenchError(f"{url} answered {answer.status} while following next links.")
        following = answer.json()["next"]
        if following is None:
            break
        url, followed = local(following), followed + 1
    return url, followed


@dataclass
class Sync:
    """The sync recipe's first run for one resource: every page, following `next`."""

    complete: bool
    pages: int
    objects: int
    count: int  # what the first page said the list holds
    seconds: float
    first_page: float
    last_page: float


def full_sync(url: str, time_cap: float) -> Sync:
    """Fetch `url` and every page after it, stopping early after `time_cap` seconds."""
    times, objects, count, started = [], 0, 0, time.perf_counter()
    while url is not None:
        answer = get(url)
        if answer.status != 200:
            raise BenchError(f"{url} answered {answer.status} during the sync.")
        page = answer.json()
        times.append(answer.seconds)
        count = count or page.get("count", 0)
        objects += len(page["results"])
        url = local(page["next"]) if page["next"] else None
        if url and time.perf_counter() - started > time_cap:
            break
    return Sync(
        complete=url is None,
        pages=len(times),
        objects=objects,
        count=count,
        seconds=time.perf_counter() - started,
        first_page=times[0],
        last_page=times[-1],
    )


@dataclass
class BodySizes:
    """One answer's size as sent, with gzip asked for, and unpacked."""

    content_encoding: str  # "" when the server sent it uncompressed
    sent: int
    uncompressed: int
    gzip_would_be: int  # what gzip (level 6) makes of it, for comparison


def body_sizes(url: str) -> BodySizes:
    answer = get(url, {"Accept-Encoding": "gzip"})
    if answer.status != 200:
        raise BenchError(f"{url} answered {answer.status}, not 200.")
    encoding = {k.lower(): v for k, v in answer.headers.items()}.get("content-encoding", "")
    body = gzip.decompress(answer.body) if encoding == "gzip" else answer.body
    return BodySizes(
        content_encoding=encoding,
        sent=len(answer.body),
        uncompressed=len(body),
        gzip_would_be=len(gzip.compress(body, compresslevel=6)),
    )
