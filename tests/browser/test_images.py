"""Pictures as Chromium loads them: the first card's photo in AVIF, fetched eagerly with
high priority, the others lazily, each in a box kept before it loads; panels, maps, initials
and covers where there is no photo; no failed request, in both languages."""

import pytest

from tests.browser.conftest import page_errors, path
from tests.factories import (
    CityFactory,
    MakerFactory,
    MembershipPlanFactory,
    ProjectFactory,
    SpaceFactory,
    SpacePhotoFactory,
)

PHONE = {"width": 360, "height": 740}


def failed_requests(page) -> list[str]:
    failed = []
    page.on("requestfailed", lambda request: failed.append(f"failed: {request.url}"))
    page.on(
        "response",
        lambda r: failed.append(f"{r.status}: {r.url}") if r.status >= 400 else None,
    )
    return failed


def reserved_boxes(page) -> list[tuple[float, float]]:
    """Width and height of every card's picture or panel, loaded or not."""
    return page.eval_on_selector_all(
        ".space-card .card__image",
        "els => els.map(el => el.getBoundingClientRect()).map(box => [box.width, box.height])",
    )


@pytest.fixture
def listed(site):
    city = CityFactory(slug="beijing", latitude="39.9042", longitude="116.4074")
    for number, name in enumerate(("A lab", "B lab", "C lab")):
        space = SpaceFactory(
            name_en=name, city=city, latitude=f"39.9{number}", longitude=f"116.3{number}"
        )
        SpacePhotoFactory(space=space)
    bare = SpaceFactory(name_en="D lab", kind="hackerspace", city=city, desks=12)
    MembershipPlanFactory(space=bare)
    return city


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_first_card_is_the_avif_fetched_first_and_the_rest_wait(new_page, listed, language):
    page = new_page(viewport=PHONE)
    failed = failed_requests(page)

    page.goto(path("spaces:space-list", language=language, query="sort=name"))
    page.wait_for_load_state("networkidle")

    first = page.locator(".space-card img.card__image").first
    assert first.evaluate("img => img.complete && img.naturalWidth > 0")
    assert first.evaluate("img => img.currentSrc").endswith(".avif")
    assert first.get_attribute("fetchpriority") == "high"
    last_photo = page.locator(".space-card img.card__image").nth(2)
    assert last_photo.get_attribute("loading") == "lazy"
    panel = page.locator(".space-card .space-visual--hackerspace")
    assert panel.locator(".space-visual__emblem").evaluate("img => img.naturalWidth > 0")
    assert panel.bounding_box()["height"] > 100
    # Each picture holds its 3 : 2 box before it loads (lazy ones have not): nothing jumps.
    boxes = reserved_boxes(page)
    assert len(boxes) == 4
    assert all(abs(height - width * 2 / 3) < 2 for width, height in boxes)
    assert failed == [] and page_errors(page) == []


def test_pages_without_photos_draw_their_own_visuals(page, listed):
    MakerFactory(display_name="王小明")
    ProjectFactory(stage="prototype")
    failed = failed_requests(page)

    page.goto(path("spaces:city-list", language="zh-hans"))
    assert page.locator(".city-card svg.city-map .city-map__space").count() == 3  # D has none
    assert page.locator(".city-card svg.city-map").bounding_box()["height"] > 100

    page.goto(path("members:maker-list", language="zh-hans"))
    circle = page.locator(".maker-card .initials").first
    assert circle.inner_text() == "王"
    box = circle.bounding_box()
    assert round(box["width"]) == round(box["height"]) == 48

    page.goto(path("members:project-list"))
    cover = page.locator(".project-card .project-cover").first
    assert cover.locator("img").evaluate("img => img.naturalWidth > 0")
    assert cover.locator(".is-reached").count() == 2
    assert failed == [] and page_errors(page) == []
