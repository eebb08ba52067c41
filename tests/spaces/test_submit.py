""" "Add your space" with everything a listing has: a city not listed yet (proposed pending,
published when the space is approved), the location, services and equipment, opening hours,
plans and photos, all validated together and saved only when all of it is valid.

The basics of submitting and moderating are in test_moderation.py."""

from io import BytesIO

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import ExifTags, Image

from spaces.models import City, MembershipPlan, OpeningHours, Space, SpacePhoto, Submission
from spaces.services import delete_spaces
from tests.factories import (
    CityFactory,
    EquipmentFactory,
    ServiceFactory,
    SpaceFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def _english():
    # A request to a /zh-hans/ page leaves Chinese active in the thread, reverse() included.
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _moderators(settings):
    settings.MODERATORS = ["moderators@example.com"]


def jpeg_with_gps() -> bytes:
    exif = Image.Exif()
    exif[ExifTags.IFD.GPSInfo] = {ExifTags.GPS.GPSLatitudeRef: "N"}
    buffer = BytesIO()
    Image.new("RGB", (640, 480), (200, 80, 40)).save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def photo(data: bytes | None = None, name: str = "workshop.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg_with_gps() if data is None else data, "image/jpeg")


def rows(prefix: str, *forms: dict) -> dict:
    """A formset's data: its management form and one row per dict."""
    data = {f"{prefix}-TOTAL_FORMS": str(len(forms)), f"{prefix}-INITIAL_FORMS": "0"}
    for index, form in enumerate(forms):
        data.update({f"{prefix}-{index}-{key}": value for key, value in form.items()})
    return data


def form_data(**changes) -> dict:
    """A complete submission in a city nobody listed yet: Leeds, United Kingdom."""
    return {
        "name_en": "Leeds Hackspace",
        "kind": Space.Kind.HACKERSPACE,
        "new_city_name": "Leeds",
        "new_city_country": "GB",
        "address_en": "Unit 1, Kirkstall Road",
        "latitude": "53.801900",
        "longitude": "-1.572300",
        "website": "https://leedshackspace.org.uk",
        "submitter_name": "Ada",
        "submitter_email": "ada@example.com",
        **rows(
            "hours",
            {"weekday": "1", "opens": "18:00", "closes": "23:00"},
            {"weekday": "5", "opens": "10:00", "closes": "18:00"},
            {"weekday": "6", "opens": "", "closes": ""},  # a blank row: ignored
        ),
        **rows("plans", {"name_en": "Member", "price": "25", "currency": "gbp", "period": "month"}),
        **rows("photos", {"image": photo(), "caption_en": "The workshop"}),
        **changes,
    }


def post(client, data: dict):
    return client.post(reverse("spaces:space-submit"), data)


def approve(client, space: Space, decision: str = "approved", reason: str = ""):
    url = reverse("admin:spaces_space_moderate", args=[space.pk])
    return client.post(url, {"decision": decision, "reason": reason})


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


# A complete listing


def test_a_space_in_a_new_city_is_stored_whole_and_pending(client, db):
    laser = EquipmentFactory(name_en="Laser cutter")
    EquipmentFactory()  # offered, not chosen
    events = ServiceFactory(name_en="Events")

    response = post(client, form_data(equipment=[laser.pk], services=[events.pk]))

    space = Space.objects.get(name_en="Leeds Hackspace")
    assert response.status_code == 302
    assert space.status == Space.Status.PENDING
    assert (float(space.latitude), float(space.longitude)) == (53.8019, -1.5723)
    city = space.city
    assert (city.name_en, city.country, city.status) == ("Leeds", "GB", City.Status.PENDING)
    assert city.needs_review
    assert city.timezone == "Europe/London"
    assert city.latitude is not None and city.slug == "leeds"
    assert list(space.equipment.all()) == [laser]
    assert list(space.services.all()) == [events]
    hours = [
        (h.weekday, f"{h.opens:%H:%M}", f"{h.closes:%H:%M}") for h in space.opening_hours.all()
    ]
    assert hours == [(1, "18:00", "23:00"), (5, "10:00", "18:00")]
    plan = space.plans.get()
    assert (plan.name_en, plan.price, plan.currency) == ("Member", 25, "GBP")
    assert space.submission.email == "ada@example.com"


def test_a_submitted_photo_is_reencoded_without_its_exif_and_gets_its_renditions(
    client, db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the renditions come after it
        post(client, form_data())

    stored = SpacePhoto.objects.get()
    assert stored.caption_en == "The workshop"
    assert (stored.width, stored.height) == (640, 480)
    assert stored.thumbnail and stored.large
    with Image.open(stored.image.path) as image:
        assert image.format == "JPEG"
        assert not image.getexif()
    assert "workshop" not in stored.image.name  # a random name, not the uploader's


def test_a_chinese_city_name_is_placed_from_the_gazetteer(client, db):
    post(client, form_data(new_city_name="苏州", new_city_country="CN", latitude="", longitude=""))

    city = Space.objects.get().city
    assert (city.name_zh, city.name_en, city.country) == ("苏州", "Suzhou", "CN")
    assert city.timezone == "Asia/Shanghai"
    assert city.slug == "suzhou"


@pytest.mark.parametrize("typed", ["leeds", "LEEDS ", "利兹"])
def test_a_typed_city_already_stored_is_used_in_either_language_and_any_case(client, db, typed):
    leeds = CityFactory(name_en="Leeds", name_zh="利兹", slug="leeds", country="GB")

    post(client, form_data(new_city_name=typed))

    assert Space.objects.get().city == leeds
    assert City.objects.count() == 1


def test_moderators_are_told_the_space_brings_a_new_city(
    client, db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post(client, form_data())

    to_moderators = mail.outbox[0]
    assert "Leeds (a new city, proposed with this space" in to_moderators.body


def test_two_visitors_naming_the_same_new_city_share_it(client, db):
    post(client, form_data())
    post(client, form_data(name_en="Another Leeds space", latitude="", longitude=""))

    assert City.objects.filter(name_en="Leeds").count() == 1
    assert Space.objects.filter(city__name_en="Leeds").count() == 2


def test_a_town_the_gazetteer_does_not_know_takes_its_zone_from_the_spaces_point(client, db):
    post(client, form_data(new_city_name="Nowhereton-upon-Test"))

    city = Space.objects.get().city
    assert (city.name_en, city.latitude, city.status) == (
        "Nowhereton-upon-Test",
        None,
        City.Status.PENDING,
    )
    assert city.timezone == "Europe/London"


def test_a_listed_city_can_be_chosen_instead(client, db):
    shenzhen = CityFactory(name_en="Shenzhen")

    post(client, form_data(new_city_name="", new_city_country="", city=shenzhen.pk))

    assert Space.objects.get().city == shenzhen
    assert not City.objects.filter(status=City.Status.PENDING).exists()


# Moderation publishes both, or neither


def test_approving_the_space_publishes_its_new_city(client, editor_client, db):
    post(client, form_data())
    space = Space.objects.get()

    approve(editor_client, space)

    space.refresh_from_db()
    assert space.status == Space.Status.PUBLISHED
    assert space.city.status == City.Status.ACTIVE
    page = client.get(space.get_absolute_url())
    assert page.status_code == 200
    assert "Leeds" in page.content.decode()
    assert client.get(space.city.get_absolute_url()).status_code == 200
    assert space.city.history.first().history_user is not None


def test_a_rejected_space_keeps_its_city_hidden_and_deleting_it_removes_the_city(
    client, editor_client, db
):
    post(client, form_data())
    space = Space.objects.get()

    approve(editor_client, space, "rejected", "Not a makerspace.")

    space.refresh_from_db()
    assert space.status == Space.Status.REJECTED
    assert space.city.status == City.Status.PENDING
    assert client.get(space.city.get_absolute_url()).status_code == 404

    delete_spaces(spaces=[space])

    assert not City.objects.filter(name_en="Leeds").exists()


def test_deleting_a_rejected_space_keeps_a_pending_city_another_space_uses(client, db):
    post(client, form_data())
    post(client, form_data(name_en="Second", latitude="", longitude=""))
    first, second = Space.objects.order_by("pk")

    delete_spaces(spaces=[first])

    assert second.city.status == City.Status.PENDING
    assert City.objects.filter(pk=second.city_id).exists()


def test_deleting_a_space_in_admin_removes_its_unused_pending_city(client, admin_client, db):
    post(client, form_data())
    space = Space.objects.get()

    admin_client.post(
        reverse("admin:spaces_space_delete", args=[space.pk]), {"post": "yes"}, follow=True
    )

    assert not Space.objects.exists()
    assert not City.objects.filter(name_en="Leeds").exists()


# A pending city is shown nowhere


@pytest.fixture
def pending_city(client, db):
    CityFactory(name_en="Shenzhen", slug="shenzhen")
    SpaceFactory(city=City.objects.get(slug="shenzhen"))
    post(client, form_data())
    return City.objects.get(status=City.Status.PENDING)


def test_a_pending_city_is_on_no_public_page(client, pending_city):
    assert client.get(pending_city.get_absolute_url()).status_code == 404
    for name in ("spaces:city-list", "spaces:space-list", "spaces:home"):
        html = client.get(reverse(name)).content.decode()
        assert "Leeds" not in html, name
    search = client.get(reverse("spaces:search"), {"q": "Leeds"}).content.decode()
    assert pending_city.get_absolute_url() not in search
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/cities/leeds/" not in sitemap
    assert "Shenzhen" in client.get(reverse("spaces:city-list")).content.decode()


def test_a_pending_city_is_not_in_the_api(client, pending_city):
    cities = client.get(reverse("api:city-list")).json()
    slugs = {city["slug"] for city in cities["results"]}
    assert slugs == {"shenzhen"}
    assert client.get(reverse("api:city-detail", args=["leeds"])).status_code == 404
    spaces = client.get(reverse("api:space-list"), {"city": "leeds"})
    assert spaces.status_code == 400 or spaces.json()["results"] == []


def test_a_pending_city_is_not_offered_in_the_form(client, pending_city):
    html = client.get(reverse("spaces:space-submit")).content.decode()

    assert ">Shenzhen<" in html
    assert ">Leeds<" not in html


def test_a_pending_city_is_not_offered_to_makers_for_their_profile(client, pending_city):
    client.force_login(UserFactory())

    html = client.get(reverse("members:profile-edit")).content.decode()

    assert ">Shenzhen<" in html
    assert ">Leeds<" not in html


# Bad input: a field error, nothing saved


def assert_nothing_saved():
    assert not Space.objects.exists()
    assert not City.objects.filter(status=City.Status.PENDING).exists()
    assert not OpeningHours.objects.exists()
    assert not MembershipPlan.objects.exists()
    assert not SpacePhoto.objects.exists()
    assert not Submission.objects.exists()


def field_errors(response, formset: str, row: int) -> dict:
    return response.context[formset].forms[row].errors


def test_a_file_that_is_not_an_image_is_a_photo_error(client, db):
    data = form_data(**rows("photos", {"image": photo(b"<?php echo 1; ?>", "shell.jpg")}))

    response = post(client, data)

    assert response.status_code == 200
    assert "not one" in field_errors(response, "photos", 0)["image"][0]
    assert "Photos, photo 1, photo: Upload a JPEG" in response.content.decode()
    assert_nothing_saved()


def test_a_truncated_image_is_a_photo_error(client, db):
    data = form_data(**rows("photos", {"image": photo(jpeg_with_gps()[:2000])}))

    response = post(client, data)

    assert "damaged" in field_errors(response, "photos", 0)["image"][0]
    assert_nothing_saved()


def test_a_page_with_errors_asks_for_the_photos_again(client, db):
    response = post(client, form_data(submitter_email="nope"))

    assert "choose them once more" in response.content.decode()
    assert_nothing_saved()


@pytest.mark.parametrize(
    ("hours", "row", "field", "message"),
    [
        (  # overlapping on one day
            [{"weekday": "0", "opens": "09:00", "closes": "18:00"},
             {"weekday": "0", "opens": "17:00", "closes": "20:00"}],
            1, "opens", "Overlaps another period",
        ),
        (  # a night past midnight overlapping the next morning
            [{"weekday": "4", "opens": "20:00", "closes": "03:00"},
             {"weekday": "5", "opens": "02:00", "closes": "12:00"}],
            1, "opens", "Overlaps another period",
        ),
        (  # the same start twice
            [{"weekday": "2", "opens": "09:00", "closes": "12:00"},
             {"weekday": "2", "opens": "09:00", "closes": "18:00"}],
            1, "opens", "Overlaps another period",
        ),
        ([{"weekday": "2", "opens": "09:00", "closes": "09:00"}], 0, "closes", "around the clock"),
        ([{"weekday": "2", "opens": "25:00", "closes": "18:00"}], 0, "opens", "valid time"),
        ([{"weekday": "2", "opens": "09:00", "closes": ""}], 0, "closes", "required"),
        ([{"weekday": "9", "opens": "09:00", "closes": "18:00"}], 0, "weekday", "valid choice"),
    ],
)  # fmt: skip
def test_bad_opening_hours_are_errors_on_their_row(client, db, hours, row, field, message):
    response = post(client, form_data(**rows("hours", *hours)))

    assert response.status_code == 200
    assert message in " ".join(field_errors(response, "hours", row)[field])
    assert_nothing_saved()


def test_periods_that_only_touch_do_not_overlap(client, db):
    hours = [
        {"weekday": "0", "opens": "09:00", "closes": "12:00"},
        {"weekday": "0", "opens": "12:00", "closes": "18:00"},
        {"weekday": "6", "opens": "20:00", "closes": "09:00"},  # Sunday night into Monday
    ]

    assert post(client, form_data(**rows("hours", *hours))).status_code == 302
    assert OpeningHours.objects.count() == 3


@pytest.mark.parametrize(
    ("plan", "field", "message"),
    [
        ({"name_en": "", "price": "10", "currency": "CNY", "period": "day"}, "name_en", "name"),
        ({"name_en": "Day", "price": "-1", "currency": "CNY", "period": "day"}, "price", "0"),
        ({"name_en": "Day", "price": "ten", "currency": "CNY", "period": "day"}, "price", "number"),
        ({"name_en": "Day", "price": "10", "currency": "yuan", "period": "day"}, "currency", ""),
        ({"name_en": "Day", "price": "10", "currency": "CNY", "period": "decade"}, "period", ""),
    ],
)
def test_bad_plans_are_errors_on_their_row(client, db, plan, field, message):
    response = post(client, form_data(**rows("plans", plan)))

    errors = field_errors(response, "plans", 0)
    assert field in errors and message in " ".join(errors[field])
    assert_nothing_saved()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"new_city_name": ""}, "city", "Choose the city"),
        ({"new_city_name": "  ", "new_city_country": "GB"}, "city", "Choose the city"),
        ({"new_city_name": "!!!"}, "new_city_name", "letters"),
        ({"new_city_name": "London", "new_city_country": "CN"}, "new_city_country", "Kingdom"),
        ({"new_city_country": "XX"}, "new_city_country", "valid choice"),
        ({"latitude": "91"}, "latitude", "90"),
        ({"longitude": ""}, "longitude", "both"),
        ({"floor_area": "0"}, "floor_area", "1"),
        ({"founded": "2999-01-01"}, "founded", "passed"),
        ({"services": ["999999"]}, "services", "valid choice"),
    ],
)
def test_bad_space_fields_are_errors_on_their_field(client, db, changes, field, message):
    response = post(client, form_data(**changes))

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field])
    assert_nothing_saved()


def test_a_listed_city_and_a_typed_one_together_are_an_error(client, db):
    city = CityFactory(name_en="Shenzhen")

    response = post(client, form_data(city=city.pk))

    assert "Shenzhen in the list" in response.context["form"].errors["new_city_name"][0]
    assert_nothing_saved()


def test_a_pending_city_cannot_be_picked_from_the_list_by_its_id(client, db):
    post(client, form_data())
    pending = City.objects.get(status=City.Status.PENDING)

    response = post(client, form_data(name_en="Other", new_city_name="", city=pending.pk))

    assert "city" in response.context["form"].errors


def test_too_many_rows_are_an_error_not_a_crash(client, db):
    hours = [
        {"weekday": str(n % 7), "opens": f"{n // 7:02d}:00", "closes": f"{n // 7:02d}:30"}
        for n in range(30)
    ]

    response = post(client, form_data(**rows("hours", *hours)))

    assert response.status_code == 200
    assert response.context["hours"].non_form_errors()
    assert_nothing_saved()


def test_a_post_without_the_formsets_is_an_error_not_a_crash(client, db):
    data = {key: value for key, value in form_data().items() if not key.startswith("hours")}

    response = post(client, data)

    assert response.status_code == 200
    assert response.context["hours"].non_form_errors()
    assert_nothing_saved()


def test_a_bot_filling_the_honeypot_stores_nothing_even_with_parts(client, db):
    response = post(client, form_data(fax="buy now"))

    assert response.status_code == 302
    assert_nothing_saved()


# The page


def test_the_form_offers_the_new_city_fields_the_map_and_blank_rows(client, db):
    ServiceFactory(name_en="Incubation", name_zh="孵化")

    html = client.get(reverse("spaces:space-submit")).content.decode()

    assert 'name="new_city_name"' in html
    assert '<option value="CN" selected>China</option>' in html
    assert "data-location-picker" in html
    assert "js/location-picker.js" in html
    assert html.count('name="hours-0-opens"') == 1 and 'name="hours-6-opens"' in html
    assert 'name="plans-1-price"' in html and 'name="photos-2-image"' in html
    assert 'enctype="multipart/form-data"' in html
    assert ">Incubation</label>" in html or "Incubation</label>" in html


def test_the_form_speaks_chinese(client, db):
    ServiceFactory(name_en="Incubation", name_zh="孵化")

    html = client.get("/zh-hans/spaces/add/").content.decode()

    assert "孵化" in html
    assert "添加你的空间" in html


def test_the_status_page_of_a_space_in_a_new_city_names_the_city(client, db):
    response = post(client, form_data())

    page = client.get(response["Location"])
    assert "Leeds" in page.content.decode()
