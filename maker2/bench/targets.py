"""What the benchmark requests, and the target each answer must meet (from the issue).

Latency targets are uncached p95 under load (wrk, 4 connections on 2 gunicorn workers).
"""

from dataclasses import dataclass
from urllib.parse import quote

HTML_P95_MS = 50  # every HTML page, search included
NEAR_P95_MS = 10  # near-me, the API's `near` list
API_DETAIL_P95_MS = 20
GEOJSON_P95_MS = 300  # and sent gzip-compressed
CSV_P95_MS = 2000
MAX_QUERIES = 12  # for any request
SYNC_SECONDS = 10  # the sync recipe's first run over every space, at 20k
SIZE_RATIO = 1.3  # p50 at 20k ÷ p50 at 2k
DEEP_RATIO = 1.5  # deep cursor page p50 ÷ first page p50
NAIVE_RATIO = 10  # Maker2 req/s ÷ naive req/s, at least
FLOOR_RATIO = 1.5  # Maker2 p50 ÷ floor p50, at most

# Where the deep pages lie at 20,000 spaces; smaller sets go as deep in proportion.
FULL_SIZE = 20000
DIRECTORY_PAGE_AT_FULL_SIZE = 200  # of 24 spaces: 24% of the way in
DEEP_CURSOR_PAGES_AT_FULL_SIZE = 50  # of 100 spaces: 25% of the way in

NEAR = "39.9,116.4"  # central Beijing
SEARCH_ZH = "创客"
SEARCH_EN = "robot"
API_LIST = "/api/v1/spaces/?page_size=100"
NAIVE_LIST = "/bench/naive/spaces/?limit=100"


def in_proportion(pages_at_full_size: int, spaces: int) -> int:
    return max(1, round(pages_at_full_size * spaces / FULL_SIZE))


@dataclass(frozen=True)
class Sample:
    """Rows of one bench database that the requests are about."""

    spaces: int  # published
    space: str  # slugs
    city: str
    network: str
    deep_cursor: str = ""  # path of the API list's page DEEP_CURSOR_PAGES in, once found


@dataclass(frozen=True)
class Request:
    name: str  # for --only
    label: str
    path: str
    p95_ms: float | None  # None: no latency target, only the query budget
    headers: tuple[tuple[str, str], ...] = ()

    @property
    def is_page(self) -> bool:
        return not self.path.startswith("/api/")


def requests_for(sample: Sample) -> list[Request]:
    page = in_proportion(DIRECTORY_PAGE_AT_FULL_SIZE, sample.spaces)
    near = f"near={NEAR}&radius_km=5"
    return [
        Request("home", "Home", "/en/", HTML_P95_MS),
        Request("stats", "Stats", "/en/stats/", HTML_P95_MS),
        Request("directory", "Directory", "/en/spaces/", HTML_P95_MS),
        Request(
            "directory-deep", f"Directory, page {page}", f"/en/spaces/?page={page}", HTML_P95_MS
        ),
        Request("directory-name", "Directory by name", "/en/spaces/?sort=name", HTML_P95_MS),
        Request("directory-zh", "Directory in Chinese", "/zh-hans/spaces/", HTML_P95_MS),
        Request("directory-near", "Directory near a point", f"/en/spaces/?{near}", HTML_P95_MS),
        Request("search-zh", "Search in Chinese", f"/en/search/?q={quote(SEARCH_ZH)}", HTML_P95_MS),
        Request("search-en", "Search in English", f"/en/search/?q={SEARCH_EN}", HTML_P95_MS),
        Request("space", "Space page", f"/en/spaces/{sample.space}/", HTML_P95_MS),
        Request("city", "City page", f"/en/cities/{sample.city}/", HTML_P95_MS),
        Request("network", "Network page", f"/en/networks/{sample.network}/", HTML_P95_MS),
        Request("makers", "Makers", "/en/makers/", HTML_P95_MS),
        Request("projects", "Projects", "/en/projects/", HTML_P95_MS),
        Request("api-spaces", "API spaces, 100", API_LIST, None),
        *(
            [Request("api-spaces-deep", "API spaces, deep cursor", sample.deep_cursor, None)]
            if sample.deep_cursor
            else []
        ),
        Request("api-space", "API space", f"/api/v1/spaces/{sample.space}/", API_DETAIL_P95_MS),
        Request("api-near", "API near, 5 km", f"/api/v1/spaces/?{near}", NEAR_P95_MS),
        Request("api-csv", "API CSV, all", "/api/v1/spaces.csv", CSV_P95_MS),
        Request(
            "api-geojson",
            "API GeoJSON, all",
            "/api/v1/spaces/geojson/",
            GEOJSON_P95_MS,
            headers=(("Accept-Encoding", "gzip"),),
        ),
        Request("api-makers", "API makers, 100", "/api/v1/makers/?page_size=100", None),
        Request("api-projects", "API projects, 100", "/api/v1/projects/?page_size=100", None),
    ]
