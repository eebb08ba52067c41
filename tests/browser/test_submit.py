""" "Add your space" and the admin's location picker in a real browser: a space proposed in a
city nobody listed, its location clicked on the map, its hours, plans, equipment and photo;
the picker from the keyboard and from typed coordinates; the page without JavaScript."""

import io
import re

import pytest
from PIL import Image

from spaces.models import City, Review, Space
from spaces.services import decide_submission
from tests.browser.conftest import page_errors, path
from tests.factories import CityFactory, EquipmentFactory, ServiceFactory, SpaceFactory, UserFactory


@pytest.fixture
def vocabulary(site):
    ServiceFactory(name_en="Events", name_zh="活动")
    return EquipmentFactory(name_en="Laser cutter", name_zh="激光切割机")


def jpeg() -> dict:
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), (30, 120, 200)).save(buffer, "JPEG")
    return {"name": "bench.jpg", "mimeType": "image/jpeg", "buffer": buffer.getvalue()}


def coordinates(page) -> tuple[str, str]:
    return page.locator("#id_latitude").input_value(), page.locator("#id_longitude").input_value()


def test_a_visitor_proposes_a_complete_space_in_a_new_city(vocabulary, page):
    page.goto(path("spaces:space-submit"))
    page.locator("#id_name_en").fill("Leeds Hackspace")
    page.get_by_label("Kind").select_option("hackerspace")
    page.get_by_label("City not listed? Its name").fill("Leeds")
    page.get_by_label("Its country").select_option("GB")
    page.get_by_label("Latitude").fill("53.8")
    page.get_by_label("Longitude").fill("-1.55")  # the map follows what is typed…
    page.locator("[data-location-canvas]").click(position={"x": 300, "y": 120})  # …and a click
    latitude, longitude = coordinates(page)
    assert re.fullmatch(r"5\d\.\d{6}", latitude) and re.fullmatch(r"-\d\.\d{6}", longitude)
    assert (latitude, longitude) != ("53.8", "-1.55")
    page.get_by_label("Laser cutter").check()
    page.locator("#id_hours-0-opens").fill("09:00")
    page.locator("#id_hours-0-closes").fill("18:00")
    page.get_by_role("button", name="Add another period").click()
    added = page.locator("[data-formset-rows] > .form__row").nth(7)
    added.locator("select").select_option("0")
    added.locator("input[name$='-opens']").fill("19:00")
    added.locator("input[name$='-closes']").fill("22:00")
    page.locator("#id_plans-0-name_en").fill("Member")
    page.locator("#id_plans-0-price").fill("25")
    page.locator("#id_plans-0-currency").fill("GBP")
    page.locator("#id_photos-0-image").set_input_files(files=[jpeg()])
    page.get_by_label("Your name").fill("Ada")
    page.get_by_label("Your email").fill("ada@example.com")

    page.get_by_role("button", name="Send for review").click()

    page.wait_for_url("**/submitted/**")
    space = Space.objects.get(name_en="Leeds Hackspace")
    assert (str(space.latitude), str(space.longitude)) == (latitude, longitude)
    assert space.city.name_en == "Leeds" and space.city.status == City.Status.PENDING
    assert [(h.weekday, f"{h.opens:%H}") for h in space.opening_hours.all()] == [
        (0, "09"),
        (0, "19"),
    ]
    assert space.plans.get().currency == "GBP"
    assert space.photos.get().width == 800
    assert [tool.name_en for tool in space.equipment.all()] == ["Laser cutter"]
    assert page_errors(page) == []

    decide_submission(space=space, decision=Review.Decision.APPROVED, decided_by=UserFactory())
    page.goto(space.get_absolute_url())
    assert "Leeds" in page.locator("main").inner_text()
    assert page_errors(page) == []


def test_the_map_centres_on_the_chosen_city_and_the_pin_is_placed_from_the_keyboard(site, page):
    CityFactory(name_en="Shenzhen", latitude="22.543100", longitude="114.057900")
    page.goto(path("spaces:space-submit"))
    page.get_by_label("City", exact=True).select_option(label="Shenzhen")
    assert page.locator("[data-new-city]").is_hidden()

    page.locator("[data-location-canvas]").focus()
    page.keyboard.press("Enter")

    latitude, longitude = coordinates(page)
    assert abs(float(latitude) - 22.5431) < 0.01 and abs(float(longitude) - 114.0579) < 0.01
    assert "Pin set at latitude" in page.locator("[data-location-status]").inner_text()
    page.get_by_role("button", name="Remove the pin").click()
    assert coordinates(page) == ("", "")
    assert page.locator(".location-picker .leaflet-marker-icon").count() == 0
    assert page_errors(page) == []


def test_typed_coordinates_move_the_pin(site, page):
    page.goto(path("spaces:space-submit"))

    page.get_by_label("Latitude").fill("31.230400")
    page.get_by_label("Longitude").fill("121.473700")

    assert page.locator(".location-picker .leaflet-marker-icon").count() == 1
    page.get_by_label("Longitude").fill("")
    assert page.locator(".location-picker .leaflet-marker-icon").count() == 0
    assert page_errors(page) == []


def test_without_javascript_the_form_works_with_plain_inputs(site, new_page):
    page = new_page(java_script_enabled=False)
    CityFactory(name_en="Shenzhen")
    page.goto(path("spaces:space-submit"))
    assert page.locator("[data-location-picker]").is_hidden()
    assert page.get_by_role("button", name="Add another period").is_hidden()
    page.locator("#id_name_en").fill("Offline Lab")
    page.get_by_label("Kind").select_option("fablab")
    page.get_by_label("City", exact=True).select_option(label="Shenzhen")
    page.get_by_label("Latitude").fill("22.5")
    page.get_by_label("Longitude").fill("114.05")
    page.locator("#id_hours-6-opens").fill("10:00")
    page.locator("#id_hours-6-closes").fill("16:00")
    page.get_by_label("Your name").fill("Ada")
    page.get_by_label("Your email").fill("ada@example.com")

    page.get_by_role("button", name="Send for review").click()

    page.wait_for_url("**/submitted/**")
    space = Space.objects.get(name_en="Offline Lab")
    assert float(space.longitude) == 114.05
    assert [h.weekday for h in space.opening_hours.all()] == [6]


def test_bad_hours_come_back_as_an_error_on_their_row(site, page):
    CityFactory(name_en="Shenzhen")
    page.goto(path("spaces:space-submit"))
    page.locator("#id_name_en").fill("Overlap Lab")
    page.get_by_label("Kind").select_option("fablab")
    page.get_by_label("City", exact=True).select_option(label="Shenzhen")
    for row, (opens, closes) in enumerate([("09:00", "18:00"), ("17:00", "20:00")]):
        page.locator(f"#id_hours-{row}-weekday").select_option("2")
        page.locator(f"#id_hours-{row}-opens").fill(opens)
        page.locator(f"#id_hours-{row}-closes").fill(closes)
    page.get_by_label("Your name").fill("Ada")
    page.get_by_label("Your email").fill("ada@example.com")

    page.get_by_role("button", name="Send for review").click()

    summary = page.locator(".form__summary")
    error = "Opening hours, period 2, opens: Overlaps another period: Wednesday 09:00–18:00."
    summary.get_by_role("link", name=error).click()
    assert page.evaluate("document.activeElement.id") == "id_hours-1-opens"
    assert not Space.objects.exists()
    assert page_errors(page) == []


def admin_login(page) -> None:
    UserFactory(username="root", password="pw-for-tests", is_staff=True, is_superuser=True)
    page.goto("/admin/login/")
    page.locator("#id_username").fill("root")
    page.locator("#id_password").fill("pw-for-tests")
    page.locator("input[type=submit]").click()
    page.wait_for_url("**/admin/")


@pytest.mark.parametrize("model", ["space", "city"])
def test_clicking_the_admin_map_sets_the_location(site, page, model):
    admin_login(page)
    city = CityFactory(name_en="Shenzhen", latitude="22.543100", longitude="114.057900")
    row = SpaceFactory(city=city) if model == "space" else city
    if model == "space":
        page.goto(f"/admin/spaces/space/{row.pk}/change/")
        assert coordinates(page) == ("", "")
    else:
        page.goto(f"/admin/spaces/city/{row.pk}/change/")

    page.locator("[data-location-canvas]").click(position={"x": 120, "y": 80})

    latitude, longitude = coordinates(page)
    assert re.fullmatch(r"2\d\.\d{6}", latitude) and re.fullmatch(r"11\d\.\d{6}", longitude)
    assert (latitude, longitude) != ("22.543100", "114.057900")
    page.locator("input[name=_continue]").click()
    page.wait_for_load_state()
    row.refresh_from_db()
    assert str(row.latitude) == latitude
    assert page_errors(page) == []
