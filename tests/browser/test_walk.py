"""A visitor's walk through the site in a real browser, ending in Chinese on the map."""

from spaces.models import Space
from tests.browser.conftest import map_markers, page_errors, path


def test_a_visitor_walks_from_home_to_a_space_and_reads_it_in_chinese(demo, page):
    beijing = Space.objects.published().filter(city__slug="beijing", latitude__isnull=False)
    mapped = Space.objects.published().filter(latitude__isnull=False)

    page.goto(path("spaces:home"))
    assert map_markers(page) == mapped.count()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Cities").click()
    page.get_by_role("link", name="Beijing", exact=True).click()

    page.wait_for_url(f"**{path('spaces:city-detail', 'beijing')}")
    assert map_markers(page) == beijing.count()
    page.get_by_role("link", name="Filter these spaces").click()

    page.wait_for_url("**/en/spaces/?city=beijing")
    assert page.get_by_label("Beijing").is_checked()
    assert map_markers(page) == beijing.count()
    space = beijing.order_by("name_en").first()
    page.get_by_role("link", name=space.name_en, exact=True).click()

    page.wait_for_url(f"**{path('spaces:space-detail', space.slug)}")
    assert page.get_by_role("heading", level=1).inner_text() == space.name_en
    assert map_markers(page) == 1
    page.locator(".language-switch button").click()

    page.wait_for_url(f"**{path('spaces:space-detail', space.slug, language='zh-hans')}")
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert page.get_by_role("heading", level=1).inner_text() == space.name_zh
    assert page.get_by_role("region", name=f"地图：{space.name_zh}").is_visible()
    assert map_markers(page) == 1
    assert page.locator(".leaflet-marker-icon").count() == 1

    directory = path("spaces:space-list", language="zh-hans")
    page.locator(f".site-nav a[href='{directory}']").click()
    page.wait_for_url(f"**{directory}")
    assert map_markers(page) == mapped.count()
    assert page.locator(".leaflet-tile-loaded").count() > 0  # drawn on the test's local tiles
    assert page_errors(page) == []


def test_map_popups_name_the_space_and_link_its_page_in_the_current_language(demo, page):
    space = Space.objects.published().filter(latitude__isnull=False).order_by("name_en").first()

    page.goto(path("spaces:space-list", language="zh-hans"))
    map_markers(page)
    # Zooming into a cluster animates, and an animation that is still running when the
    # popup opens can close it again: ask again until the popup stays open.
    page.wait_for_function(
        """slug => {
            if (document.querySelector(".leaflet-popup a.map__popup-link")) return true;
            const map = window.maker2Maps[0];
            const pin = map.cluster.getLayers().find(layer => layer.slug === slug);
            map.cluster.zoomToShowLayer(pin, () => pin.openPopup());
            return false;
        }""",
        arg=space.slug,
        polling=500,
    )

    link = page.locator(".leaflet-popup a.map__popup-link")
    assert link.inner_text() == space.name_zh
    assert link.get_attribute("href") == path("spaces:space-detail", space.slug, language="zh-hans")
    link.click()
    page.wait_for_url(f"**{path('spaces:space-detail', space.slug, language='zh-hans')}")
    assert page_errors(page) == []
