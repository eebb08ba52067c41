"""A space's page in a real browser: phone first, its sticky summary on a desktop, the gallery's
lightbox by mouse, keyboard and touch."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import page_errors, path
from tests.factories import MembershipPlanFactory, SpaceFactory, SpacePhotoFactory, jpeg_upload

PHONE = {"width": 360, "height": 740}
COUNTER = {"en": "2 / 3", "zh-hans": "第 2 张，共 3 张"}


@pytest.fixture
def space(site):
    space = SpaceFactory(
        slug="lab",
        name_en="Fab Lab Harbour",
        name_zh="海港微观装配实验室",
        address_en="Building 7, 751 D·Park, 4 Jiuxianqiao Road, Chaoyang District, Beijing",
        address_zh="北京市朝阳区酒仙桥路 4 号 751 D·PARK 7 号楼",
        phone="+86 10 1234 5678",
        email="lab@example.com",
        description_en="A long description. " * 40,
    )
    MembershipPlanFactory(space=space, name_en="Hot desk", price=Decimal("1200"))
    MembershipPlanFactory(space=space, name_en="Day pass", price=Decimal("80"), period="day")
    return space


@pytest.fixture
def photos(space):
    captions = ["Main floor", "", "Laser room"]
    return [
        SpacePhotoFactory(
            space=space, image=jpeg_upload(size=(900, 600)), caption_en=caption, position=number
        )
        for number, caption in enumerate(captions)
    ]


def focused_is(page, selector: str) -> bool:
    return page.evaluate("s => document.activeElement === document.querySelector(s)", selector)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_on_a_phone_the_key_facts_and_actions_fill_the_first_screen(
    space, photos, new_page, language
):
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    page.goto(path("spaces:space-detail", "lab", language=language))

    summary = page.locator(".space-summary")
    shown = {
        "name": page.get_by_role("heading", level=1),
        "kind": page.locator(".space-page__header .badge").first,
        "price from": summary.locator(".space-summary__price"),
        "address": summary.locator(".space-summary__address"),
        "call": summary.locator("a[href='tel:+861012345678']"),
        "e-mail": summary.locator("a[href='mailto:lab@example.com']"),
        "book a tour": summary.locator("a[href='#visit']"),
        "share": summary.locator("[data-share-button]"),
    }
    below_the_fold = {
        name: box["y"] + box["height"]
        for name, element in shown.items()
        if (box := element.bounding_box())["y"] + box["height"] > PHONE["height"]
    }
    assert below_the_fold == {}
    # The cheapest plan, with its period, whatever the order of the plans.
    price = summary.locator(".space-summary__price dd").inner_text()
    assert price == ("¥80 per day" if language == "en" else "80元 每天")
    # Tap targets a thumb can hit: at least 44 px high.
    for name in ("call", "e-mail", "book a tour"):
        assert shown[name].bounding_box()["height"] >= 44, name
    # The long sections come after the summary and the photos.
    tops = page.evaluate(
        """['.space-summary', '.gallery', '#about-heading', '#visit'].map(
            s => document.querySelector(s).getBoundingClientRect().top)"""
    )
    assert tops == sorted(tops)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page_errors(page) == []


def test_book_a_tour_jumps_to_the_tour_form(space, new_page):
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    page.goto(path("spaces:space-detail", "lab"))

    page.locator(".space-summary").get_by_role("link", name="Book a tour").click()

    assert page.url.endswith(f"{path('spaces:space-detail', 'lab')}#visit")
    expect(page.get_by_role("heading", name="Visit this space")).to_be_in_viewport()
    assert page_errors(page) == []


def test_on_a_desktop_the_summary_is_an_aside_that_stays_in_view(space, photos, page):
    page.goto(path("spaces:space-detail", "lab"))

    summary = page.locator(".space-summary")
    main = page.locator(".space-page__main")
    assert summary.bounding_box()["x"] > main.bounding_box()["x"] + main.bounding_box()["width"]
    page.locator("#visit").scroll_into_view_if_needed()
    expect(summary.get_by_role("link", name="Book a tour")).to_be_in_viewport()
    assert page_errors(page) == []


# The lightbox


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_photo_opens_the_lightbox_and_the_arrows_and_buttons_move_through_the_photos(
    space, photos, page, language
):
    page.goto(path("spaces:space-detail", "lab", language=language))
    dialog = page.locator("dialog[data-lightbox]")
    image = dialog.locator("img")

    page.locator("[data-gallery-photo]").nth(1).click()

    expect(dialog).to_be_visible()
    assert dialog.get_attribute("aria-modal") == "true"
    assert dialog.get_attribute("aria-label")
    expect(dialog.locator("[data-lightbox-counter]")).to_have_text(COUNTER[language])
    assert image.get_attribute("src") == photos[1].large.url
    expect(dialog.locator("figcaption")).to_be_hidden()  # that photo has no caption
    page.keyboard.press("ArrowRight")
    assert image.get_attribute("src") == photos[2].large.url
    page.keyboard.press("ArrowRight")  # after the last, the first
    assert image.get_attribute("src") == photos[0].large.url
    expect(dialog.locator("figcaption")).to_have_text("Main floor")
    page.keyboard.press("ArrowLeft")
    assert image.get_attribute("src") == photos[2].large.url
    dialog.locator("[data-lightbox-prev]").click()
    assert image.get_attribute("src") == photos[1].large.url
    dialog.locator("[data-lightbox-next]").click()
    assert image.get_attribute("src") == photos[2].large.url
    expect(image).to_have_js_property("complete", True)
    assert image.evaluate("image => image.naturalWidth") > 0
    assert page_errors(page) == []


def test_the_lightbox_opens_from_the_keyboard_keeps_the_focus_and_escape_gives_it_back(
    space, photos, page
):
    page.goto(path("spaces:space-detail", "lab"))
    dialog = page.locator("dialog[data-lightbox]")
    thumb = "[data-gallery-thumb='2']"

    page.locator(thumb).focus()
    page.keyboard.press("Enter")

    expect(dialog).to_be_visible()
    expect(dialog.locator("[data-lightbox-counter]")).to_have_text("3 / 3")
    assert dialog.evaluate("dialog => dialog.contains(document.activeElement)")
    for _step in range(5):  # round the dialog's buttons and back to the first
        page.keyboard.press("Tab")
        assert dialog.evaluate("dialog => dialog.contains(document.activeElement)")
    page.keyboard.press("Shift+Tab")
    assert dialog.evaluate("dialog => dialog.contains(document.activeElement)")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    assert focused_is(page, thumb)

    first = "[data-gallery-photo='0']"
    page.locator(first).focus()
    page.keyboard.press(" ")
    expect(dialog).to_be_visible()
    expect(dialog.locator("[data-lightbox-counter]")).to_have_text("1 / 3")
    dialog.get_by_role("button", name="Close").click()
    expect(dialog).to_be_hidden()
    assert focused_is(page, first)
    assert page_errors(page) == []


def test_a_swipe_on_a_touch_screen_moves_through_the_photos(space, photos, new_page):
    page = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
    page.goto(path("spaces:space-detail", "lab"))
    dialog = page.locator("dialog[data-lightbox]")
    counter = dialog.locator("[data-lightbox-counter]")
    page.locator("[data-gallery-photo='0']").tap()
    expect(counter).to_have_text("1 / 3")
    expect(dialog.locator("img")).to_have_js_property("complete", True)
    box = dialog.locator("img").bounding_box()
    touch = page.context.new_cdp_session(page)

    def swipe(start: float, end: float):
        y = box["y"] + box["height"] / 2
        touch.send(
            "Input.dispatchTouchEvent",
            {"type": "touchStart", "touchPoints": [{"x": start, "y": y}]},
        )
        for step in range(1, 6):
            x = start + (end - start) * step / 5
            touch.send(
                "Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": y}]}
            )
        touch.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})

    swipe(box["x"] + box["width"] * 0.8, box["x"] + box["width"] * 0.2)  # to the left: next
    expect(counter).to_have_text("2 / 3")
    swipe(box["x"] + box["width"] * 0.2, box["x"] + box["width"] * 0.8)  # to the right: back
    expect(counter).to_have_text("1 / 3")
    expect(dialog).to_be_visible()
    assert page_errors(page) == []


def test_captions_are_not_repeated_in_alt(space, photos, page):
    page.goto(path("spaces:space-detail", "lab"))

    slides = page.locator(".gallery__slide img")
    assert slides.nth(0).get_attribute("alt") == ""  # its figcaption says it
    assert page.locator(".gallery__slide figcaption").nth(0).inner_text() == "Main floor"
    assert slides.nth(1).get_attribute("alt") == "Fab Lab Harbour, photo 2"
    link = page.get_by_role("link", name="Enlarge photo 1 of 3")
    assert link.get_attribute("aria-describedby") == "photo-1-caption"
    assert page_errors(page) == []


def test_without_javascript_the_photos_are_links_to_the_large_images(space, photos, new_page):
    page = new_page(java_script_enabled=False)
    page.goto(path("spaces:space-detail", "lab"))

    link = page.locator("[data-gallery-thumb='1']")
    assert link.get_attribute("href") == photos[1].large.url
    link.click()

    page.wait_for_url(f"**{photos[1].large.url}")


def test_a_click_beside_the_photo_closes_the_lightbox(space, photos, page):
    page.goto(path("spaces:space-detail", "lab"))
    dialog = page.locator("dialog[data-lightbox]")
    opener = "[data-gallery-photo='1']"
    page.locator(opener).click()
    expect(dialog).to_be_visible()

    page.mouse.click(20, 150)  # the dark stage, left of the photo and above the arrows

    expect(dialog).to_be_hidden()
    assert focused_is(page, opener)
    assert page_errors(page) == []
