"""Real spreadsheets through the admin's import: every encoding Excel writes, the headers and
values people type, new cities from the gazetteer, slugs from names in any script, and errors
as sentences naming their row and column (spaces/resources.py, spaces/spreadsheets.py).

The UK files in tests/spaces/data are one made-up table of 97 makerspaces in real towns, as
Excel on a Mac and on Windows saves it (tests/spaces/data/make_files.py writes them)."""

import csv
import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from spaces.models import City, Service, Space
from tests.factories import (
    CityFactory,
    NetworkFactory,
    ServiceFactory,
    SpaceFactory,
    UserFactory,
)

DATA = Path(__file__).parent / "data"
CSV, XLSX, AUTOMATIC = "0", "1", ""
IMPORT_URL = reverse("admin:spaces_space_import")
CONFIRM_URL = reverse("admin:spaces_space_process_import")
CITY_IMPORT_URL = reverse("admin:spaces_city_import")
CITY_CONFIRM_URL = reverse("admin:spaces_city_process_import")


def preview(client, content: bytes, name: str = "spaces.csv", url: str = IMPORT_URL, **fields):
    upload = SimpleUploadedFile(name, content)
    data = {"resource": "0", "format": CSV, "import_file": upload, **fields}
    return client.post(url, data)


def confirm(client, response, url: str = CONFIRM_URL):
    assert "confirm_form" in response.context, report_of(response)
    return client.post(url, response.context["confirm_form"].initial)


def report_of(response):
    result = response.context.get("result") if response.context else None
    report = getattr(result, "report", None)
    if report is None:
        return response.context["form"].errors if response.context else response
    return report.error_sentences(50)


def csv_bytes(rows: list[list], encoding: str = "utf-8", delimiter: str = ",") -> bytes:
    text = io.StringIO()
    csv.writer(text, delimiter=delimiter).writerows(rows)
    return text.getvalue().encode(encoding)


def uk_source() -> list[dict]:
    return list(csv.DictReader(io.StringIO((DATA / "uk_makerspaces.csv").read_text("utf-8"))))


def one_line(text: str) -> str:
    return ", ".join(line.strip() for line in text.splitlines() if line.strip())


# The UK list, as each program saves it

UK_FILES = [
    ("uk_makerspaces.mac-roman.csv", CSV, "Mac Roman"),
    ("uk_makerspaces.windows-1252.csv", CSV, "Windows-1252"),
    ("uk_makerspaces.utf16.txt", AUTOMATIC, "UTF-16"),
    ("uk_makerspaces.utf8-bom.csv", CSV, "UTF-8 (with a BOM)"),
    ("uk_makerspaces.xlsx", XLSX, "Excel workbook"),
]


@pytest.mark.parametrize(("name", "file_format", "encoding"), UK_FILES)
def test_a_uk_list_of_97_spaces_lands_whole_from_every_way_excel_saves_it(
    admin_client, db, name, file_format, encoding
):
    london = CityFactory(slug="london", name_en="London", country="GB", timezone="Europe/London")

    response = preview(admin_client, (DATA / name).read_bytes(), name, format=file_format)

    page = response.content.decode()
    assert encoding in page
    result = response.context["result"]
    assert not result.has_errors() and not result.has_validation_errors(), report_of(response)
    assert result.totals["new"] == 97
    report = result.report
    assert "Twitter" in report.ignored_columns and "County" in report.ignored_columns
    assert len(report.ignored_columns) == 33
    assert report.date_order == ("" if file_format == XLSX else "day")  # date cells need none
    assert "new" in page and "Hebden Bridge" in page
    assert confirm(admin_client, response).status_code == 302

    assert Space.objects.count() == 97
    spaces = {space.name_en: space for space in Space.objects.select_related("city")}
    for row in uk_source():
        space = spaces[row["Space name"]]  # exact text: no mojibake
        assert space.city.name_en == row["Town"]
        assert space.city.country == "GB" and space.city.timezone == "Europe/London"
        assert space.address_en == f"{one_line(row['Street address'])}, {row['Postcode']}"
        assert space.description_en == row["Description"]
        day, month, year = (int(part) for part in row["Founded"].split("/"))
        assert space.founded == date(year, month, day)
        assert space.email == row["E-mail"].strip()
        assert space.website.startswith("https://")
        assert space.kind in {"makerspace", "hackerspace", "fablab", "coworking"}
        assert space.latitude is None and space.status == "draft"
    assert {city.pk for city in City.objects.filter(name_en="London")} == {london.pk}
    london.refresh_from_db()
    assert not london.needs_review
    created = City.objects.exclude(pk=london.pk)
    assert created.count() == 61 and all(city.needs_review for city in created)
    leeds = City.objects.get(name_en="Leeds")
    assert (round(leeds.latitude), round(leeds.longitude)) == (54, -2)
    hebden = City.objects.get(name_en="Hebden Bridge")  # not in the gazetteer: its country
    assert (hebden.country, hebden.timezone, hebden.latitude) == ("GB", "Europe/London", None)


def test_the_uk_list_reads_its_free_text_figures_and_says_how(admin_client, db):
    response = preview(admin_client, (DATA / "uk_makerspaces.utf8-bom.csv").read_bytes())
    notes = " ".join(note for _, notes in response.context["result"].report.rows_with_notes()
                     for note in notes)  # fmt: skip
    confirm(admin_client, response)

    rows = uk_source()
    by_name = {space.name_en: space for space in Space.objects.all()}
    first = by_name[rows[0]["Space name"]]  # Circa 150, 12 desks, ~40 members
    assert (first.floor_area, first.desks, first.resident_makers) == (150, 12, 40)
    second = by_name[rows[1]["Space name"]]  # 1,200 sq m, 10.7 desks, no members
    assert (second.floor_area, second.desks, second.resident_makers) == (1200, 11, None)
    fifth = by_name[rows[4]["Space name"]]  # an empty area stays unknown
    assert fifth.floor_area is None
    sixth = by_name[rows[5]["Space name"]]  # 2,500 sq ft, 8.2 desks
    assert (sixth.floor_area, sixth.desks) == (232, 8)
    assert "Column “Floor area”: “Circa 150” read as 150 (approximate)." in notes
    assert "Column “Desks”: 10.7 rounded to 11: this figure is a whole number." in notes
    assert "2,500 sq ft converted to 232 m²." in notes
    assert "Column “Website / URL”: “www." in notes


def test_a_file_of_126_columns_imports(admin_client, db):
    headers = ["Name", "Town", "Country"] + [f"Column {n}" for n in range(123)]
    rows = [headers] + [[f"Space {n}", "York", "UK"] + ["x"] * 123 for n in range(5)]

    response = preview(admin_client, csv_bytes(rows))

    assert len(response.context["result"].report.ignored_columns) == 123
    confirm(admin_client, response)
    assert Space.objects.filter(city__name_en="York").count() == 5


# Encodings


CHINESE_FILES = [("cn_makerspaces.gb18030.csv", "GB18030"), ("tw_makerspaces.big5.csv", "Big5")]


@pytest.mark.parametrize(("name", "encoding"), CHINESE_FILES)
def test_chinese_lists_in_gb18030_and_big5_land_with_their_text(admin_client, db, name, encoding):
    content = (DATA / name).read_bytes()
    with pytest.raises(UnicodeDecodeError):
        content.decode("utf-8")

    response = preview(admin_client, content, name)

    assert encoding in response.content.decode()
    confirm(admin_client, response)
    text = content.decode("gb18030" if encoding == "GB18030" else "big5")
    source = list(csv.reader(io.StringIO(text)))[1:]
    for row in source:
        space = Space.objects.select_related("city").get(name_zh=row[0])
        assert space.address_zh == row[3]
        assert space.city.name_zh == row[2].removesuffix("市")


def test_chinese_values_read_as_people_write_them(admin_client, db):
    response = preview(admin_client, (DATA / "cn_makerspaces.gb18030.csv").read_bytes())
    confirm(admin_client, response)

    beijing = Space.objects.get(name_zh="北京创客空间")
    assert beijing.slug == "beijing-chuangke-kongjian"
    assert (beijing.kind, beijing.founded, beijing.floor_area) == (
        "makerspace",
        date(2016, 3, 16),
        6000,
    )
    assert beijing.website == "https://bjmakerspace.example.cn"
    chaihuo = Space.objects.get(name_zh="柴火创客空间")
    assert (chaihuo.slug, chaihuo.city.name_en, chaihuo.city.timezone) == (
        "chaihuo-chuangke-kongjian",
        "Shenzhen",
        "Asia/Shanghai",
    )
    assert (chaihuo.email, chaihuo.desks, chaihuo.founded) == (
        "team@chaihuo.example.cn",
        37,  # 36.5, rounded half up, with a note
        date(2011, 10, 8),
    )
    assert Space.objects.get(name_zh="杭州洋葱胶囊").kind == "coworking"
    assert Space.objects.get(name_zh="成都梦工场").founded == date(2014, 5, 1)


def test_windows_1252_curly_quotes_are_not_read_as_chinese(admin_client, db):
    rows = [["Name", "Town"], ["Frederick’s Workshop", "Leeds"], ["Café Électronique", "York"]]

    response = preview(admin_client, csv_bytes(rows, "cp1252"))

    assert "Windows-1252" in response.content.decode()
    confirm(admin_client, response)
    assert set(Space.objects.values_list("name_en", flat=True)) == {
        "Frederick’s Workshop",
        "Café Électronique",
    }


def test_mac_roman_is_read_not_refused(admin_client, db):
    rows = [["Name", "Town"], ["Zoë’s “Open” Lab – Bath", "Bath"]]

    response = preview(admin_client, csv_bytes(rows, "mac_roman").replace(b"\r\n", b"\r"))

    assert "Mac Roman" in response.content.decode()
    confirm(admin_client, response)
    assert Space.objects.get().name_en == "Zoë’s “Open” Lab – Bath"


def test_an_uncertain_encoding_is_the_editors_choice_never_a_guess(admin_client, db):
    # Frederick’s in Windows-1252 is as plausible as Frederickís in Mac Roman.
    content = csv_bytes([["Name", "Town"], ["Frederick’s", "Leeds"]], "cp1252")

    response = preview(admin_client, content)

    page = response.content.decode()
    assert "confirm_form" not in response.context
    assert "Uncertain" in page and "Frederickís" in page and "Frederick’s" in page
    assert 'name="encoding"' in page  # the form is there to choose
    assert not Space.objects.exists()

    chosen = preview(admin_client, content, encoding="cp1252")

    assert "as chosen" in chosen.content.decode()
    confirm(admin_client, chosen)
    assert Space.objects.get().name_en == "Frederick’s"


def test_an_encoding_the_file_is_not_in_is_a_form_error(admin_client, db):
    content = csv_bytes([["名称", "城市"], ["北京创客空间", "北京"]], "gb18030")

    response = preview(admin_client, content, encoding="utf-8")

    assert "not valid UTF-8" in str(response.context["form"].errors["encoding"])


def test_semicolons_tabs_and_line_breaks_in_cells_are_read(admin_client, db):
    rows = [["Name", "Address", "Town"], ["Semi Lab", "1 Quay\nRoad", "Leeds"]]
    for delimiter in (";", "\t"):
        response = preview(admin_client, csv_bytes(rows, delimiter=delimiter))
        assert response.context["result"].report.delimiter in ("semicolons", "tabs")
    confirm(admin_client, response)

    assert Space.objects.get().address_en == "1 Quay, Road"


# Values


def test_dates_in_every_format_and_month_first_when_the_file_shows_it(admin_client, db):
    rows = [["Name", "Town", "Founded"]]
    founded = ["2016-03-16", "03/16/2016", "2016/3/16", "2016年3月16日", "March 16, 2016"]
    rows += [[f"Space {n}", "York", value] for n, value in enumerate(founded)]

    response = preview(admin_client, csv_bytes(rows))

    report = response.context["result"].report
    assert report.date_order == "month" and "03/16/2016" in report.date_order_reason
    confirm(admin_client, response)
    assert set(Space.objects.values_list("founded", flat=True)) == {date(2016, 3, 16)}


def test_dates_nothing_tells_are_read_day_first_and_the_preview_says_so(admin_client, db):
    rows = [["Name", "Town", "Founded"], ["A", "York", "03/04/2016"]]

    response = preview(admin_client, csv_bytes(rows))

    assert "no date in the file has a day above 12" in response.content.decode()
    confirm(admin_client, response)
    assert Space.objects.get().founded == date(2016, 4, 3)


def test_the_form_can_say_dates_are_month_first(admin_client, db):
    rows = [["Name", "Town", "Founded"], ["A", "York", "03/04/2016"], ["B", "York", "16/03/2016"]]

    response = preview(admin_client, csv_bytes(rows), date_order="month")

    errors = response.context["result"].report.error_sentences()
    assert errors == [
        "Row 3, column “Founded”: “16/03/2016” has no month 16: this file’s dates are read "
        "month first."
    ]


def test_excel_date_cells_import(admin_client, db):
    book = openpyxl.Workbook()
    book.active.append(["Name", "City", "Founded"])
    book.active.append(["Cell Lab", "York", date(2013, 5, 4)])
    buffer = io.BytesIO()
    book.save(buffer)

    response = preview(admin_client, buffer.getvalue(), "spaces.xlsx", format=XLSX)

    confirm(admin_client, response)
    assert Space.objects.get().founded == date(2013, 5, 4)


@pytest.mark.parametrize(
    ("area", "stored"),
    [
        ("1,200", 1200),
        ("Circa 150", 150),
        ("approx. 80 m²", 80),
        ("约200平方米", 200),
        ("~ 45 sq m", 45),
        ("150.5", 151),
        ("1 000", 1000),
        ("", None),
    ],
)
def test_floor_areas_as_people_write_them(admin_client, db, area, stored):
    response = preview(admin_client, csv_bytes([["Name", "Town", "面积"], ["A", "York", area]]))

    confirm(admin_client, response)
    assert Space.objects.get().floor_area == stored


def test_a_decimal_in_a_whole_number_is_rounded_with_a_warning_never_cut(admin_client, db):
    response = preview(admin_client, csv_bytes([["Name", "Town", "工位"], ["A", "York", "10.7"]]))

    ((row, notes),) = response.context["result"].report.rows_with_notes()
    assert row == 2
    assert "Column “工位”: 10.7 rounded to 11: this figure is a whole number." in notes
    assert "10.7 rounded to 11" in response.content.decode()
    confirm(admin_client, response)
    assert Space.objects.get().desks == 11


@pytest.mark.parametrize("kind", ["Makerspace", "makerspace", "创客空间", " MAKERSPACE "])
def test_choices_in_any_case_and_either_language(admin_client, db, kind):
    response = preview(admin_client, csv_bytes([["Name", "Town", "Type"], ["A", "York", kind]]))

    confirm(admin_client, response)
    assert Space.objects.get().kind == "makerspace"


def test_a_bad_choice_lists_the_valid_ones(admin_client, db):
    response = preview(admin_client, csv_bytes([["Name", "Town", "Type"], ["A", "York", "Café"]]))

    (error,) = response.context["result"].report.error_sentences()
    assert error.startswith("Row 2, column “Type”: “Café” is not a kind of space. Use one of: ")
    assert "makerspace (Makerspace, 创客空间)" in error and "fablab (Fab lab" in error


def test_whitespace_is_trimmed_and_empty_figures_stay_unknown(admin_client, db):
    rows = [
        ["Name", "Town", "Email", "Desks", "Members", "Area"],
        ["  Trim Lab ", " York ", "  hi@trim.example ", " ", "", ""],
    ]
    confirm(admin_client, preview(admin_client, csv_bytes(rows)))

    space = Space.objects.get()
    assert (space.name_en, space.city.name_en, space.email) == (
        "Trim Lab",
        "York",
        "hi@trim.example",
    )
    assert (space.desks, space.resident_makers, space.floor_area) == (None, None, None)


def test_networks_and_services_by_name_in_either_language(admin_client, db):
    NetworkFactory(slug="makers-uk", name_en="Makers UK", name_zh="英国创客")
    ServiceFactory(slug="events", name_en="Events", name_zh="活动")
    rows = [["Name", "Town", "Network", "Services"], ["A", "York", "英国创客", "events; 活动"]]

    confirm(admin_client, preview(admin_client, csv_bytes(rows)))

    space = Space.objects.get()
    assert [n.slug for n in space.networks.all()] == ["makers-uk"]
    assert [s.slug for s in space.services.all()] == ["events"]


# Cities


def test_cities_match_by_name_in_either_language_slug_and_spelling(admin_client, db):
    beijing = CityFactory(slug="beijing", name_en="Beijing", name_zh="北京", country="CN")
    london = CityFactory(slug="london", name_en="London", country="GB", timezone="Europe/London")
    rows = [["Name", "City"]]
    rows += [[f"S{n}", city] for n, city in enumerate(["北京市", "BEIJING", "Peking", "beijing"])]
    rows += [["L1", "london"], ["L2", " London "]]

    confirm(admin_client, preview(admin_client, csv_bytes(rows)))

    assert Space.objects.filter(city=beijing).count() == 4
    assert Space.objects.filter(city=london).count() == 2
    assert City.objects.count() == 2


def test_a_country_column_narrows_the_city(admin_client, db):
    CityFactory(slug="cambridge", name_en="Cambridge", country="GB", timezone="Europe/London")
    rows = [["Name", "City", "Country"], ["MIT Lab", "Cambridge", "United States"]]

    response = preview(admin_client, csv_bytes(rows))

    assert [city.country for city in response.context["result"].report.new_cities] == ["US"]
    confirm(admin_client, response)
    city = Space.objects.get().city
    assert (city.country, city.timezone, city.needs_review) == ("US", "America/New_York", True)
    assert city.slug == "cambridge-us"


def test_a_space_s_coordinates_tell_towns_of_the_same_name_apart(admin_client, db):
    CityFactory(slug="cambridge", name_en="Cambridge", country="GB", timezone="Europe/London")
    rows = [["Name", "City", "Latitude", "Longitude"]]
    rows += [["Tyne Lab", "Newcastle", "54.9738", "-1.6131"]]
    rows += [["Hunter Lab", "Newcastle", "-32.9283", "151.7817"]]
    rows += [["MIT Lab", "Cambridge", "42.3601", "-71.0942"]]
    rows += [["Mill Road Lab", "Cambridge", "52.2000", "0.1400"]]

    confirm(admin_client, preview(admin_client, csv_bytes(rows)))

    cities = {space.name_en: space.city for space in Space.objects.select_related("city")}
    assert (cities["Tyne Lab"].country, cities["Tyne Lab"].timezone) == ("GB", "Europe/London")
    assert cities["Hunter Lab"].country == "AU"
    assert cities["Hunter Lab"].timezone == "Australia/Sydney"
    assert (cities["MIT Lab"].country, cities["MIT Lab"].timezone) == ("US", "America/New_York")
    assert cities["Mill Road Lab"].slug == "cambridge"


def test_a_village_the_gazetteer_lacks_is_placed_by_its_space_in_the_nearest_town_s_country(
    admin_client, db
):
    rows = [["Name", "Town", "Lat", "Lon"], ["Moulin", "Xyzzy-sur-Dordogne", "45.0589", "1.6744"]]

    response = preview(admin_client, csv_bytes(rows))
    confirm(admin_client, response)

    city = Space.objects.get().city
    assert (city.name_en, city.country, city.timezone) == (
        "Xyzzy-sur-Dordogne",
        "FR",
        "Europe/Paris",
    )
    assert (city.latitude, city.longitude, city.needs_review) == (
        Decimal("45.058900"),
        Decimal("1.674400"),
        True,
    )


def test_coordinates_beyond_six_decimal_places_are_rounded_with_a_note(admin_client, db):
    CityFactory(slug="perth", name_en="Perth", country="AU", timezone="Australia/Perth")
    rows = [
        ["Name", "City", "Latitude", "Longitude"],
        ["Artifactory", "Perth", "-31.9018526705", "115.810307264"],
    ]

    response = preview(admin_client, csv_bytes(rows))

    notes = dict(response.context["result"].report.rows_with_notes())[2]
    assert any("-31.9018526705 rounded to -31.901853" in note for note in notes), notes
    confirm(admin_client, response)
    space = Space.objects.get()
    assert (space.latitude, space.longitude) == (Decimal("-31.901853"), Decimal("115.810307"))


def test_an_unknown_city_without_a_country_is_an_error_naming_it_and_its_column(admin_client, db):
    rows = [["Name", "Town"], ["A", "Xyzzyville"]]

    response = preview(admin_client, csv_bytes(rows))

    assert response.context["result"].report.error_sentences() == [
        "Row 2, column “Town”: No city called “Xyzzyville” is listed, and the gazetteer does "
        "not know it: add a “country” column to create it, or add the city first."
    ]


def test_a_new_city_is_shown_as_new_and_not_created_by_the_preview(admin_client, db):
    response = preview(admin_client, csv_bytes([["Name", "城市"], ["A", "杭州"]]))

    page = response.content.decode()
    assert "Hangzhou / 杭州" in page and "Asia/Shanghai" in page
    assert not City.objects.exists()
    confirm(admin_client, response)
    city = City.objects.get()
    assert (city.name_en, city.name_zh, city.country, city.needs_review) == (
        "Hangzhou",
        "杭州",
        "CN",
        True,
    )


def test_a_city_list_imports_on_its_own_with_the_gazetteers_help(admin_client, db):
    rows = [["City", "Country"], ["Leeds", "UK"], ["Zürich", "CH"], ["Hebden Bridge", "GB"]]

    response = preview(admin_client, csv_bytes(rows), url=CITY_IMPORT_URL)
    confirm(admin_client, response, url=CITY_CONFIRM_URL)

    leeds = City.objects.get(slug="leeds")
    assert (leeds.country, leeds.timezone, leeds.needs_review) == ("GB", "Europe/London", True)
    assert leeds.latitude is not None
    assert City.objects.get(slug="zurich").timezone == "Europe/Zurich"
    hebden = City.objects.get(slug="hebden-bridge")
    assert (hebden.timezone, hebden.latitude) == ("Europe/London", None)


def test_a_city_export_imports_back_without_changes(admin_client, db):
    CityFactory(slug="york", name_en="York", country="GB", timezone="Europe/London")
    CityFactory(slug="beijing", name_en="Beijing", name_zh="北京", timezone="Asia/Shanghai")
    fields = {f"cityresource_{name}": "on" for name in ["slug", "name_en", "country"]}
    exported = admin_client.post(
        reverse("admin:spaces_city_export"), {"resource": "0", "format": CSV, **fields}
    ).content

    response = preview(admin_client, exported, url=CITY_IMPORT_URL)

    assert response.context["result"].totals["skip"] == 2, report_of(response)


# Slugs and duplicates


def test_slugs_are_made_from_names_when_the_file_has_none(admin_client, db):
    SpaceFactory(slug="frederick-s-workshop")
    rows = [["Name", "Town"], ["Frederick’s Workshop", "Leeds"], ["北京创客空间", "北京"]]

    confirm(admin_client, preview(admin_client, csv_bytes(rows)))

    assert Space.objects.get(name_en="Frederick’s Workshop").slug == "fredericks-workshop"
    assert Space.objects.get(name_zh="北京创客空间").slug == "beijing-chuangke-kongjian"


def test_an_empty_slug_cell_gets_one_and_same_names_elsewhere_get_the_city(admin_client, db):
    rows = [["slug", "Name", "Town"], ["", "Makerspace", "Leeds"], ["", "Makerspace", "York"]]

    confirm(admin_client, preview(admin_client, csv_bytes(rows)))

    assert sorted(Space.objects.values_list("slug", flat=True)) == [
        "makerspace",
        "makerspace-york",
    ]


def test_a_file_without_slugs_updates_the_spaces_it_names_again(admin_client, db):
    rows = [["Name", "Town", "Desks"], ["Leeds Lab", "Leeds", "4"]]
    confirm(admin_client, preview(admin_client, csv_bytes(rows)))

    rows[1][2] = "6"
    response = preview(admin_client, csv_bytes(rows))

    assert response.context["result"].totals["update"] == 1
    confirm(admin_client, response)
    assert Space.objects.get().desks == 6


def test_the_same_slug_twice_is_an_error_on_both_rows(admin_client, db):
    rows = [
        ["slug", "Name", "Town"],
        ["lab", "A", "York"],
        ["x", "B", "York"],
        ["lab", "C", "York"],
    ]

    response = preview(admin_client, csv_bytes(rows))

    message = "Rows 2 and 4 have the same slug “lab”: each space needs its own."
    assert response.context["result"].report.error_sentences() == [
        f"Row 2, column “slug”: {message}",
        f"Row 4, column “slug”: {message}",
    ]


def test_the_same_space_twice_without_slugs_is_an_error_on_both_rows(admin_client, db):
    rows = [["Name", "Town"], ["Twin Lab", "York"], ["Twin Lab", "York"]]

    response = preview(admin_client, csv_bytes(rows))

    errors = response.context["result"].report.error_sentences()
    assert len(errors) == 2 and all(
        "Rows 2 and 3 both list “Twin Lab” in York" in e for e in errors
    )
    assert "confirm_form" not in response.context


# Headers and errors


def test_common_headers_are_understood_and_the_postcode_kept(admin_client, db):
    rows = [
        ["Space name", "Web", "邮箱", "电话", "Post code", "地址", "Town", "成立时间", "Size"],
        ["Hdr Lab", "hdr.example", "a@hdr.example", "0113 000", "LS1 1AA", "1 Road", "Leeds",
         "2016", "90"],
    ]  # fmt: skip

    confirm(admin_client, preview(admin_client, csv_bytes(rows)))

    space = Space.objects.get()
    assert (space.website, space.email, space.phone) == (
        "https://hdr.example",
        "a@hdr.example",
        "0113 000",
    )
    assert (space.address_en, space.founded, space.floor_area) == (
        "1 Road, LS1 1AA",
        date(2016, 1, 1),
        90,
    )


def test_a_missing_name_is_a_sentence_not_a_constraint_name(admin_client, db):
    rows = [["Name", "Town"], ["", "York"]]

    response = preview(admin_client, csv_bytes(rows))

    assert response.context["result"].report.error_sentences() == [
        "Row 2, column “Name”: Give a name in English or Chinese."
    ]
    assert "_in_some_language" not in response.content.decode()


def test_a_file_that_cannot_be_read_is_a_sentence_on_the_form(admin_client, db):
    response = preview(admin_client, b"\x89PNG\r\n\x1a\n\x00\x00\x00", "photo.png")

    assert "not a spreadsheet" in str(response.context["form"].errors["import_file"])
    assert "UnicodeDecodeError" not in response.content.decode()


def test_a_failure_when_confirming_names_the_row_and_saves_nothing(admin_client, db):
    ServiceFactory(slug="laser-cutting", name_en="Laser cutting")
    rows = [["Name", "Town", "Services"], ["A", "York", ""], ["B", "York", "Laser cutting"]]
    response = preview(admin_client, csv_bytes(rows))
    Service.objects.all().delete()  # meanwhile, an editor removes the service

    confirmed = confirm(admin_client, response)

    page = admin_client.get(confirmed.url).content.decode()
    assert "Nothing was imported" in page
    assert "Row 3, column “Services”: No services are called: Laser cutting." in page
    assert not Space.objects.exists() and not City.objects.exists()


def test_only_staff_who_may_add_cities_import_them(client, db):
    user = UserFactory(is_staff=True)
    user.user_permissions.set(Permission.objects.filter(codename__in=["view_city", "change_city"]))
    client.force_login(user)

    assert client.get(CITY_IMPORT_URL).status_code == 403
    assert client.post(CITY_CONFIRM_URL, {}).status_code == 403
    user.user_permissions.add(Permission.objects.get(codename="add_city"))
    assert client.get(CITY_IMPORT_URL).status_code == 200


def test_a_country_that_is_none_is_an_error_on_its_column(admin_client, db):
    rows = [["Name", "Town", "Country"], ["A", "York", "Narnia"]]

    response = preview(admin_client, csv_bytes(rows))

    errors = response.context["result"].report.error_sentences()
    assert (
        "Row 2, column “Country”: “Narnia” is not a country’s name or two-letter ISO code "
        "(such as GB)."
    ) in errors


def test_a_chinese_address_keeps_its_postcode_in_the_chinese_field(admin_client, db):
    rows = [
        ["名称", "城市", "地址", "邮编"],
        ["北京创客空间", "北京", "朝阳区酒仙桥路4号", "100015"],
    ]

    confirm(admin_client, preview(admin_client, csv_bytes(rows, "gb18030")))

    space = Space.objects.get()
    assert (space.name_en, space.address_en) == ("", "")
    assert space.address_zh == "朝阳区酒仙桥路4号, 100015"


def test_unknown_columns_are_listed_once_and_a_repeated_one_says_which_is_used(admin_client, db):
    rows = [["Name", "City", "Town", "Notes", ""], ["A", "York", "Leeds", "n", "x"]]

    response = preview(admin_client, csv_bytes(rows))

    assert response.context["result"].report.ignored_columns == [
        "Town (“City” gives the same)",
        "Notes",
        "(column 5, no header)",
    ]
    assert "ignored" in response.content.decode().lower()
    confirm(admin_client, response)
    assert Space.objects.get().city.name_en == "York"


def test_a_town_with_its_county_or_country_after_it_is_found(admin_client, db):
    york = CityFactory(slug="york", name_en="York", country="GB", timezone="Europe/London")
    rows = [["Name", "Town"], ["A", "York (UK)"], ["B", "Leeds, West Yorkshire"]]

    confirm(admin_client, preview(admin_client, csv_bytes(rows)))

    assert Space.objects.get(name_en="A").city == york
    assert Space.objects.get(name_en="B").city.name_en == "Leeds"
