"""Real headless Chromium (Debian's /usr/bin/chromium) driven by Playwright against live_server.

Every page a test opens records JavaScript errors and console errors, and every request that
would leave the machine is refused and recorded; `page_errors(page)` lists them so each test
ends by asserting there were none. Map tiles come from a tiny PNG the test server serves, so
the maps draw without the internet. Pages run under the site's Content-Security-Policy, which
refuses eval, and Playwright's `wait_for_function` evaluates its predicate with eval in the
page while it polls: wait with locators and `expect` instead.
"""

import hashlib
import io
import os
import shutil
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.urls import reverse
from django.utils import translation
from PIL import Image
from playwright.sync_api import Browser, Page, expect, sync_playwright

# Playwright's sync API keeps an asyncio event loop in this thread (it switches to it with
# greenlets), so Django takes the test's own ORM calls (factories, call_command) for calls
# from async code and raises SynchronousOnlyOperation. They are plain synchronous calls made
# between browser steps, never concurrently with the loop, so the check is off for this process.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TILE_PATH = "test-tiles/tile.png"
# Time for one step (a navigation, a wait for an element), generous for a 2-core CI machine.
STEP_TIMEOUT_MS = 15_000


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: drives real Chromium (tests/browser/)")


def pytest_collection_modifyitems(items):
    here = os.path.dirname(__file__)
    for item in items:
        if str(item.path).startswith(here):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def tiles(settings, tmp_path):
    """Map tiles from a 256-pixel grey PNG served as a static file by the test server."""
    folder = tmp_path / "static-tiles"
    (folder / "test-tiles").mkdir(parents=True)
    Image.new("RGB", (256, 256), (232, 237, 241)).save(folder / TILE_PATH)
    settings.STATICFILES_DIRS = [*settings.STATICFILES_DIRS, folder]
    # The query string makes each tile its own URL, as with a real tile server.
    settings.MAP_TILE_URL = f"{settings.STATIC_URL}{TILE_PATH}?{{z}}/{{x}}/{{y}}"
    settings.MAP_TILE_ATTRIBUTION = "Test tiles"


@pytest.fixture
def site(live_server, tiles, settings):
    """The live server with media served, so pages with photos load without 404s."""
    settings.ROOT_URLCONF = "tests.browser.urls"
    return live_server


@pytest.fixture(scope="session")
def _demo_copy(tmp_path_factory) -> dict:
    """What `load_demo` wrote the first time a test asked for the demo: each table's rows
    (COPY's text) and the folder of photo files."""
    return {"media": tmp_path_factory.mktemp("demo-media"), "rows": None}


@pytest.fixture
def demo(site, settings, _demo_copy):
    """The demo data (members/demo.py) in the live server's database, on top of what a flush
    leaves (the state each test that commits hands to the next).

    `load_demo` runs once per session, a few seconds of drawing, encoding and upserts; later
    tests get its rows copied back with COPY and its photos as files, a few tenths of a
    second. A table load_demo writes must be empty after a flush, so that nothing else in
    the database differs from a fresh load."""
    if _demo_copy["rows"] is None:
        _demo_copy["rows"] = _load_demo_once()
        shutil.copytree(settings.MEDIA_ROOT, _demo_copy["media"], dirs_exist_ok=True)
    else:
        _copy_rows_back(_demo_copy["rows"])
        shutil.copytree(_demo_copy["media"], settings.MEDIA_ROOT, dirs_exist_ok=True)


EMPTY_TABLE = hashlib.md5(b"").hexdigest()


def _table_digests() -> dict[str, str]:
    """A digest of each table's rows (EMPTY_TABLE for none), to see which tables a command
    wrote."""
    tables = connection.introspection.django_table_names(only_existing=True)
    digest = "SELECT %s, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {} t"
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(digest.format(f'"{t}"') for t in tables), tables)
        return dict(cursor.fetchall())


def _load_demo_once() -> dict[str, bytes]:
    # As TransactionTestCase flushes after each test, so this test sees what later ones see.
    call_command("flush", interactive=False, reset_sequences=False, verbosity=0)
    before = _table_digests()
    call_command("load_demo", stdout=io.StringIO())
    written = [table for table, digest in _table_digests().items() if digest != before[table]]
    refilled = [table for table in written if before[table] != EMPTY_TABLE]
    assert not refilled, f"load_demo writes tables a flush leaves rows in: {refilled}"
    rows = {}
    with connection.cursor() as cursor:
        for table in written:
            buffer = io.BytesIO()
            cursor.copy_expert(f'COPY "{table}" TO STDOUT', buffer)
            rows[table] = buffer.getvalue()
    return rows


def _copy_rows_back(rows: dict[str, bytes]) -> None:
    """The rows into their (flushed, empty) tables, each sequence set past their ids.
    (Django's foreign keys are checked at commit, so the order of the tables does not
    matter.)"""
    copied = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.db_table in rows
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        for table, data in rows.items():
            cursor.copy_expert(f'COPY "{table}" FROM STDIN', io.BytesIO(data))
        for sql in connection.ops.sequence_reset_sql(no_style(), copied):
            cursor.execute(sql)


def _watched_page(browser: Browser, site, options: dict) -> Page:
    """A page in a fresh context that records errors and refuses requests off the machine."""
    context = browser.new_context(base_url=site.url, **options)
    context.set_default_timeout(STEP_TIMEOUT_MS)
    page = context.new_page()
    page.errors = []
    server = urlsplit(site.url).netloc

    def keep_on_machine(route):
        if urlsplit(route.request.url).netloc == server:
            route.continue_()
        else:
            page.errors.append(f"request off the machine: {route.request.url}")
            route.abort()

    def on_console(message):
        url = message.location.get("url") or ""
        # A tile that fails to load is the network's fault, not the page's: Chromium still
        # logs it as a console error ("Failed to load resource"), so tiles are let off.
        if message.type == "error" and TILE_PATH not in url:
            page.errors.append(f"console: {message.text} ({url})")

    context.route("**/*", keep_on_machine)
    page.on("console", on_console)
    page.on("pageerror", lambda error: page.errors.append(f"pageerror: {error}"))
    return page


def page_errors(page: Page) -> list[str]:
    """JavaScript errors, console errors and requests that tried to leave the machine."""
    return page.errors


@pytest.fixture
def new_page(browser, site) -> Iterator:
    """Opens pages in their own contexts: `new_page(java_script_enabled=False)`,
    `new_page(geolocation=…, permissions=["geolocation"])`; closes them after the test."""
    pages = []

    def make(**options) -> Page:
        options.setdefault("viewport", {"width": 1280, "height": 900})
        pages.append(_watched_page(browser, site, options))
        return pages[-1]

    yield make
    for page in pages:
        page.context.close()


@pytest.fixture
def page(new_page) -> Page:
    """A desktop-sized page with JavaScript on."""
    return new_page()


def path(name: str, *args, language: str = "en", query: str = "") -> str:
    """A site path in one language, e.g. path("spaces:space-list", language="zh-hans")."""
    with translation.override(language):
        return reverse(name, args=args) + (f"?{query}" if query else "")


def show_map(page: Page):
    """Brings the page's first map into view as a visitor would, which is when it is drawn:
    scrolled to, and on phones opened from its "Show the map" button."""
    element = page.locator("[data-map]").first
    element.evaluate("map => map.scrollIntoView({block: 'center'})")  # hidden: no wait
    toggle = element.locator("[data-map-toggle]")
    if toggle.count() and toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false":
        toggle.click()


def map_markers(page: Page, count: int | None = None) -> int:
    """Shows the page's map and waits until it has drawn its pins (`count` of them, if given);
    their number."""
    show_map(page)
    drawn = page.locator("[data-map]").first
    if count is None:
        page.locator("[data-map][data-marker-count]").first.wait_for(state="attached")
    else:
        expect(drawn).to_have_attribute("data-marker-count", str(count), timeout=STEP_TIMEOUT_MS)
    return int(drawn.get_attribute("data-marker-count"))
