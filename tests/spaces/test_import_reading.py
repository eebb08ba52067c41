"""Reading files and cells without the database: encodings, delimiters, numbers, dates and
slugs (spaces/spreadsheets.py, maker2/slugs.py)."""

from datetime import date
from decimal import Decimal

import pytest

from maker2.slugs import chinese_words, slug_text
from spaces import spreadsheets
from spaces.spreadsheets import SpreadsheetError, decode, parse_date, parse_number, read_table

TEXTS = {
    "utf-8": "Name,Town\nZoë’s Lab,Leeds\n北京创客空间,北京\n",
    "gb18030": "名称,城市\n北京创客空间,北京\n柴火创客空间,深圳\n",
    "big5": "名稱,城市\n台北創客空間,台北\n新竹自造者基地,新竹\n",
    "cp1252": "Name,Town\nFrederick’s Workshop,Leeds\nCafé Électronique,York\n",
    "mac_roman": "Name,Town\nFrederick’s Workshop,Leeds\nCafé “Ünd” Co – Bath,Bath\n",
    "utf-16": "名称\tTown\nZoë’s Lab\tLeeds\n",
}


@pytest.mark.parametrize("encoding", TEXTS)
def test_each_encoding_is_detected_and_read_exactly(encoding):
    reading = decode(TEXTS[encoding].encode(encoding))

    assert reading.text.lstrip("\ufeff") == TEXTS[encoding]
    assert reading.encoding == encoding and not reading.uncertain


def test_a_bom_says_utf8():
    reading = decode("Name\nZoë\n".encode("utf-8-sig"))

    assert (reading.text, reading.label) == ("Name\nZoë\n", "UTF-8 (with a BOM)")


def test_windows_1252_is_never_read_as_gb18030():
    data = "Name\nFrederick’s\n".encode("cp1252")
    assert data.decode("gb18030") == "Name\nFrederick抯\n"  # valid bytes there too

    reading = decode(data)

    assert reading.encoding != "gb18030"
    assert "抯" not in reading.text and "抯" not in str(reading.alternatives)


def test_two_plausible_readings_are_uncertain_and_show_the_line_both_ways():
    reading = decode("Name\nFrederick’s\n".encode("cp1252"))

    assert reading.uncertain
    assert reading.sample == "Frederick’s"
    assert ("Mac Roman (Excel on a Mac, “CSV for Macintosh”)", "Frederickís") in (
        reading.alternatives
    )


def test_the_editors_encoding_is_used_and_a_wrong_one_refused():
    data = "Name\nFrederick’s\n".encode("cp1252")

    assert decode(data, "cp1252").text == "Name\nFrederick’s\n"
    with pytest.raises(SpreadsheetError, match="not valid UTF-8"):
        decode(data, "utf-8")


@pytest.mark.parametrize(
    ("delimiter", "label"), [(",", "commas"), (";", "semicolons"), ("\t", "tabs")]
)
def test_delimiters_are_sniffed_and_quoted_line_breaks_kept(delimiter, label):
    text = delimiter.join(["Name", "Address", "Town"]) + "\r"
    text += delimiter.join(['"A, the lab"', '"1 Road\rLeeds"', "Leeds"]) + "\r"

    table = read_table(text.encode("mac_roman"))

    assert table.delimiter_label == label
    assert table.rows == [["A, the lab", "1 Road\rLeeds", "Leeds"]]


def test_blank_rows_are_skipped_and_rows_keep_their_spreadsheet_numbers():
    table = read_table(b"Name,Town,,\n,\nA,York\n\nB,Leeds,extra\n")

    assert table.headers == ["Name", "Town", ""]  # a filled cell makes a column, not a loss
    assert table.rows == [["A", "York", None], ["B", "Leeds", "extra"]]
    assert table.sheet_rows == [3, 5]


def test_a_binary_file_is_refused_in_a_sentence():
    with pytest.raises(SpreadsheetError, match="not a spreadsheet"):
        read_table(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")


@pytest.mark.parametrize(
    ("value", "number", "noted"),
    [
        ("1,200", Decimal(1200), False),
        ("12,000,000", Decimal(12000000), False),
        ("1.200,5", Decimal("1200.5"), False),
        ("10,5", Decimal("10.5"), False),
        ("１２００", Decimal(1200), False),
        ("Circa 150", Decimal(150), True),
        ("约200平方米", Decimal(200), True),
        ("approx. 80 m²", Decimal(80), True),
        ("100+", Decimal(100), True),
        ("1500 sq ft", Decimal(139), True),
        (42.0, Decimal("42.0"), False),
    ],
)
def test_numbers_as_people_write_them(value, number, noted):
    cell = parse_number(value, unit="area")

    assert cell.value == number and bool(cell.note) == noted


@pytest.mark.parametrize("value", ["lots", "100-150", "1,20,0", "12 desks and a sofa"])
def test_what_is_not_one_number_is_refused(value):
    with pytest.raises(SpreadsheetError):
        parse_number(value)


def test_a_fraction_in_a_whole_number_is_rounded_half_up_and_said():
    cell = spreadsheets.whole_number(Decimal("10.5"), "10.5")

    assert (cell.value, cell.note) == (11, "10.5 rounded to 11: this figure is a whole number.")
    assert spreadsheets.whole_number(Decimal(12), "12").note == ""


@pytest.mark.parametrize(
    ("value", "day_first", "found"),
    [
        ("2016-03-16", True, date(2016, 3, 16)),
        ("16/03/2016", True, date(2016, 3, 16)),
        ("03/16/2016", False, date(2016, 3, 16)),
        ("03/04/2016", True, date(2016, 4, 3)),
        ("03/04/2016", False, date(2016, 3, 4)),
        ("2016/3/16", True, date(2016, 3, 16)),
        ("2016年3月16日", True, date(2016, 3, 16)),
        ("16.03.2016 00:00", True, date(2016, 3, 16)),
        ("4th May 2013", True, date(2013, 5, 4)),
        ("May 4, 2013", True, date(2013, 5, 4)),
        (42445, True, date(2016, 3, 16)),
    ],
)
def test_dates_in_every_format(value, day_first, found):
    assert parse_date(value, day_first=day_first).value == found


def test_a_date_without_a_day_is_the_first_and_said():
    cell = parse_date("2014年5月")

    assert cell.value == date(2014, 5, 1) and "stored as 2014-05-01" in cell.note


@pytest.mark.parametrize("value", ["31/02/2016", "someday", "16/03/16"])
def test_what_is_not_a_date_is_refused(value):
    with pytest.raises(SpreadsheetError, match="is not a date"):
        parse_date(value)


def test_the_day_first_evidence_of_a_column():
    assert spreadsheets.day_first_evidence(["01/02/2016", "16/03/2016"]) == (True, "16/03/2016")
    assert spreadsheets.day_first_evidence(["03/16/2016"]) == (False, "03/16/2016")
    assert spreadsheets.day_first_evidence(["01/02/2016", "2016-05-05"]) == (None, "")
    assert spreadsheets.day_first_evidence(["16/03/2016", "03/16/2016"]) == (None, "03/16/2016")


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("北京创客空间", "beijing-chuangke-kongjian"),
        ("柴火创客空间", "chaihuo-chuangke-kongjian"),
        ("深圳开放创新实验室", "shenzhen-kaifang-chuangxin-shiyanshi"),
        ("优客工场 UrWork", "youke-gongchang-urwork"),
        ("Frederick’s Café", "fredericks-cafe"),
        ("Zürich Straße", "zurich-strasse"),
        ("★", ""),
    ],
)
def test_slugs_from_names_in_any_script(name, slug):
    assert slug_text(name) == slug


def test_chinese_is_cut_into_known_words_and_pairs():
    assert chinese_words("北京创客空间") == ["北京", "创客", "空间"]
    assert chinese_words("柴火创客空间") == ["柴火", "创客", "空间"]
    assert slug_text("林小明", person=True) == "lin-xiaoming"
    assert slug_text("欧阳娜娜", person=True) == "ouyang-nana"
