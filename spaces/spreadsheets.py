"""Reading real spreadsheets: their encoding, delimiter and cells as people type them.

Knows no model: spaces/resources.py maps what is read here onto cities and spaces.

- **Encodings.** A byte-order mark or valid UTF-8 is certain. Otherwise every encoding that
  Excel writes (GB18030, Big5, Windows-1252, Mac Roman) is tried; each reading is scored by
  how many of its characters would be odd in real text (a Chinese character glued to Latin
  letters, as "Frederick’s" read as GB18030 gives "Frederick抯"; a capital in the middle of a
  word, as Mac Roman read as Windows-1252 gives "FrederickÕs"; rare characters in place of
  common ones), with charset-normalizer's measure of mess to break near ties. When two readings
  are as plausible and differ, the reading is *uncertain* and the editor chooses: text is
  never silently mis-decoded.
- **Tables.** Comma, semicolon or tab separated (sniffed from the data), line breaks inside
  quoted cells, any line endings (Excel on a Mac still writes CR); or an .xlsx workbook.
- **Cells.** Dates, numbers with units and approximations, choices in either language: each
  parser returns the value and, when it had to interpret, a note the preview shows.
"""

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from charset_normalizer import from_bytes
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class SpreadsheetError(ValueError):
    """The file or a cell cannot be read; the message is a sentence for the editor."""


# Encodings

TEXT_ENCODINGS = [
    ("utf-8", gettext_lazy("UTF-8")),
    ("gb18030", gettext_lazy("GB18030 / GBK (simplified Chinese, Excel on a Chinese Windows)")),
    ("big5", gettext_lazy("Big5 (traditional Chinese)")),
    ("cp1252", gettext_lazy("Windows-1252 (Western European, Excel on Windows)")),
    ("mac_roman", gettext_lazy("Mac Roman (Excel on a Mac, “CSV for Macintosh”)")),
    ("utf-16", gettext_lazy("UTF-16 (Excel’s “Unicode text”)")),
]
ENCODING_LABELS = dict(TEXT_ENCODINGS)
# Tried, in this order, on bytes that are not UTF-8.
LEGACY_ENCODINGS = ["gb18030", "big5", "cp1252", "mac_roman"]
# Mess charset-normalizer must see in one reading more than in another to decide between two
# readings that look equally plausible character by character.
CLEAR_MESS_GAP = 0.1

PLAIN_SYMBOLS = set("’‘“”„–—…•€£$©®°·«»¡¿§¶†™×±²³¹¼½¾µ\u00a0")


@dataclass
class Reading:
    """A file's bytes as text, with the encoding that gave it."""

    text: str
    encoding: str
    label: str
    chosen: bool = False  # named by the editor rather than detected
    # Other encodings that read the file as plausibly, with a sample line as each reads it.
    alternatives: list[tuple[str, str]] = field(default_factory=list)
    sample: str = ""  # the same line as this reading gives it

    @property
    def uncertain(self) -> bool:
        return bool(self.alternatives)


def odd_characters(text: str, encoding: str) -> int:
    """How many characters of `text` would be odd in text someone typed (see the module's
    docstring): the fewer, the likelier the encoding."""
    odd = 0
    for index, char in enumerate(text):
        if char.isascii():
            continue
        before = text[index - 1] if index else " "
        after = text[index + 1] if index + 1 < len(text) else " "
        category = unicodedata.category(char)
        if is_han(char):
            if (before.isascii() and before.isalnum()) or (after.isascii() and after.isalnum()):
                odd += 1
            elif encoding == "gb18030" and not _encodable(char, "gb2312"):
                odd += 1  # outside the 6,763 characters of everyday simplified Chinese
            elif encoding == "big5" and _encodable(char, "big5") and char.encode("big5")[0] > 0xC6:
                odd += 1  # among Big5's less frequently used characters
        elif category[0] == "C":
            odd += 1
        elif category[0] == "L":
            if char.isupper() and before.isalpha() and before.islower():
                odd += 1  # "FrederickÕs", "CafÈ"
            elif not ("\u00c0" <= char <= "\u024f" or is_cjk_script(char)):
                odd += 1  # Greek or other letters inside Western text: "π", "Ω"
        elif char not in PLAIN_SYMBOLS and not ("\u3000" <= char <= "\u303f" or char >= "\uff00"):
            odd += 1  # "∂", "¬", "◊", "ˇ"…
    return odd


def _encodable(char: str, encoding: str) -> bool:
    try:
        char.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def is_han(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff"


def is_cjk_script(char: str) -> bool:
    return is_han(char) or "\u3040" <= char <= "\u30ff" or "\uac00" <= char <= "\ud7af"


def has_chinese(text: str) -> bool:
    return any(is_han(char) for char in str(text))


def decode(data: bytes, encoding: str = "") -> Reading:
    """The file's text in `encoding`, or in the encoding detected when it is ""."""
    if encoding:
        return _decode_as(data, encoding)
    if data.startswith(b"\xef\xbb\xbf"):
        return Reading(data[3:].decode("utf-8", "strict"), "utf-8", _("UTF-8 (with a BOM)"))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode_as(data, "utf-16")
    utf16 = _utf16_without_bom(data)
    if utf16:
        return Reading(data.decode(utf16), utf16, str(ENCODING_LABELS["utf-16"]))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        label = _("UTF-8") if not text.isascii() else _("ASCII (plain Latin letters: UTF-8)")
        return Reading(text, "utf-8", label)
    return _guess_legacy(data)


def _decode_as(data: bytes, encoding: str) -> Reading:
    codec = {"utf-8": "utf-8-sig"}.get(encoding, encoding)
    label = str(ENCODING_LABELS.get(encoding, encoding))
    try:
        text = data.decode(codec)
    except (UnicodeDecodeError, LookupError) as error:
        position = getattr(error, "start", 0)
        line = data[:position].count(b"\n") + 1
        raise SpreadsheetError(
            _(
                "This file is not valid %(encoding)s (line %(line)d holds bytes it cannot "
                "have): choose another encoding, or Automatic."
            )
            % {"encoding": label, "line": line}
        ) from None
    return Reading(text, encoding, label, chosen=True)


def _utf16_without_bom(data: bytes) -> str:
    """UTF-16 without its byte-order mark: most of its Latin text has a zero byte beside it."""
    head = data[:2000]
    if len(head) < 4 or head.count(0) < len(head) // 4:
        return ""
    odd, even = head[1::2].count(0), head[0::2].count(0)
    encoding = "utf-16-le" if odd > even else "utf-16-be"
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return ""
    return encoding


def _guess_legacy(data: bytes) -> Reading:
    readings = {}
    for encoding in LEGACY_ENCODINGS:
        try:
            readings[encoding] = data.decode(encoding)
        except UnicodeDecodeError:
            continue
    if not readings:
        raise SpreadsheetError(
            _("This file's encoding could not be recognised: choose it in the form.")
        )
    mess = {
        match.encoding: match.chaos
        for match in from_bytes(data, cp_isolation=list(readings), preemptive_behaviour=False)
    }
    # Encodings charset-normalizer rules out (too messy to consider) come after the others.
    scores = {
        encoding: (odd_characters(text, encoding), mess.get(encoding, 1.0))
        for encoding, text in readings.items()
    }
    ranked = sorted(readings, key=lambda encoding: scores[encoding])
    best = ranked[0]
    rivals = [
        encoding
        for encoding in ranked[1:]
        if scores[encoding][0] == scores[best][0]
        and scores[encoding][1] - scores[best][1] < CLEAR_MESS_GAP
        and readings[encoding] != readings[best]
    ]
    reading = Reading(readings[best], best, str(ENCODING_LABELS[best]))
    if rivals:
        line = _first_differing_line([readings[best], *(readings[r] for r in rivals)])
        reading.sample = _line(readings[best], line)
        reading.alternatives = [
            (str(ENCODING_LABELS[rival]), _line(readings[rival], line)) for rival in rivals
        ]
    return reading


def _first_differing_line(texts: list[str]) -> int:
    for number, lines in enumerate(zip(*(text.splitlines() for text in texts), strict=False)):
        if len(set(lines)) > 1:
            return number
    return 0


def _line(text: str, number: int) -> str:
    lines = text.splitlines()
    line = lines[number] if number < len(lines) else ""
    return line if len(line) <= 120 else line[:119] + "…"


# Tables


DELIMITERS = {
    ",": gettext_lazy("commas"),
    ";": gettext_lazy("semicolons"),
    "\t": gettext_lazy("tabs"),
}


@dataclass
class Table:
    """A sheet as read: its header, its rows (as long as the header) and how it was read."""

    headers: list[str]
    rows: list[list]
    kind: str  # "text" or "xlsx"
    reading: Reading | None = None
    delimiter: str = ""
    # Each row's number as a spreadsheet program shows it (blank rows are left out).
    sheet_rows: list[int] = field(default_factory=list)

    @property
    def delimiter_label(self) -> str:
        return str(DELIMITERS.get(self.delimiter, ""))


def read_table(data: bytes, encoding: str = "") -> Table:
    """The first sheet of an .xlsx workbook, or a delimited text file in any encoding."""
    if data.startswith(b"PK\x03\x04"):
        return read_workbook(data)
    reading = decode(data, encoding)
    if "\x00" in reading.text:
        raise SpreadsheetError(
            _(
                "This file is not a spreadsheet saved as text (CSV, or tab-separated “Unicode "
                "text”), nor an Excel workbook (.xlsx)."
            )
        )
    text = reading.text.lstrip("\ufeff")
    delimiter = sniff_delimiter(text)
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    return _table(records, "text", reading=reading, delimiter=delimiter)


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first records into the most, equally long, columns."""
    sample = text[:20000]

    def fit(delimiter: str) -> tuple[int, int]:
        records = []
        try:
            for record in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter):
                records.append(len(record))
                if len(records) == 20:
                    break
        except csv.Error:
            return (0, 0)
        if not records:
            return (0, 0)
        same_length = sum(1 for length in records if length == records[0])
        return (same_length if records[0] > 1 else 0, records[0])

    return max(DELIMITERS, key=fit)


def read_workbook(data: bytes) -> Table:
    import zipfile

    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise SpreadsheetError(
            _("This file is not an Excel workbook (.xlsx) that can be read.")
        ) from None
    try:
        records = [list(row) for row in book.active.iter_rows(values_only=True)]
    finally:
        book.close()
    return _table(records, "xlsx")


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _table(records: list[list], kind: str, **how) -> Table:
    numbered = [
        (number, record)
        for number, record in enumerate(records, start=1)
        if not all(is_blank(value) for value in record)
    ]
    if not numbered:
        raise SpreadsheetError(_("This file has no rows: not even a header."))
    headers = ["" if value is None else str(value).strip() for value in numbered[0][1]]
    data = numbered[1:]
    # As wide as the last column with a header or a filled cell: cells past the header are a
    # column without one, which the preview lists, rather than dropped unsaid.
    width = max(len(record) for _number, record in numbered)
    while width and not _column_used(headers, [record for _n, record in data], width - 1):
        width -= 1
    headers = (headers + [""] * width)[:width]
    rows = [(list(record) + [None] * width)[:width] for _number, record in data]
    return Table(headers, rows, kind, sheet_rows=[number for number, _record in data], **how)


def _column_used(headers: list[str], records: list[list], index: int) -> bool:
    if index < len(headers) and headers[index]:
        return True
    return any(index < len(record) and not is_blank(record[index]) for record in records)


# Headers


def fold(text) -> str:
    """A header or a value as compared: case, accents, spacing and punctuation ignored, full-
    width letters as ordinary ones ("Website / URL" → "websiteurl", "Ｅｍａｉｌ" → "email")."""
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", str(text))).casefold()
    return "".join(char for char in text if char.isalnum())


# Cells


@dataclass
class Cell:
    """A cell's value as stored, and what the editor should know about how it was read."""

    value: object
    note: str = ""


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?")


def spreadsheet_safe(value):
    """Text a spreadsheet would run as a formula ("=HYPERLINK(…)", "+…", "@…") is written
    with a leading ', which Excel and LibreOffice read as "this is text" and do not show; a
    plain number ("-0.125") stays a number. `text_of` takes the ' off again on import."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        if not PLAIN_NUMBER.fullmatch(value):
            return "'" + value
    return value


def text_of(value) -> str:
    """A cell as trimmed text (Excel's numbers without a trailing .0, without the ' that
    `spreadsheet_safe` put before a formula-like text)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = unicodedata.normalize("NFC", str(value)).replace("\u00a0", " ").replace("\r\n", "\n")
    if text.startswith("'") and text[1:].startswith(FORMULA_START):
        text = text[1:]
    return text.replace("\r", "\n").strip()


def one_line(value) -> str:
    """Text for a one-line field: line breaks inside the cell become commas."""
    lines = [re.sub(r"\s+", " ", line).strip(" ,") for line in text_of(value).split("\n")]
    return ", ".join(line for line in lines if line)


APPROXIMATE = re.compile(
    r"^(?:approx(?:imately)?\.?|circa|ca\.|c\.|about|around|roughly|some|over|more than|"
    r"nearly|almost|up to|~|≈|约|大约|近|超过|逾|左右)\s*",
    re.IGNORECASE,
)
APPROXIMATE_AFTER = re.compile(r"\s*(?:\+|左右|多|余|approx\.?|or so)$", re.IGNORECASE)
SQUARE_METRES = re.compile(
    r"\s*(?:m2|m\^2|sq\.?\s*m(?:etres?|eters?)?|sqm|square\s*m(?:etres?|eters?)|平方米|平米|"
    r"平方|米2)\.?$",
    re.IGNORECASE,
)
SQUARE_FEET = re.compile(
    r"\s*(?:ft2|ft\^2|sq\.?\s*f(?:ee)?t|sqft|square\s*f(?:ee|oo)t)\.?$", re.IGNORECASE
)
SQUARE_METRES_PER_SQUARE_FOOT = Decimal("0.09290304")


def parse_number(value, *, unit: str = "") -> Cell:
    """A number as people write it: "1,200", "1 200", "Circa 150", "约200平方米", "10,5".

    `unit` "area" accepts square metres (the unit stored) and square feet, converted with a
    note; "area-feet" when the column's header says its figures are in square feet.
    """
    if isinstance(value, bool):
        raise SpreadsheetError(_("Enter a number, not “%(value)s”.") % {"value": value})
    if isinstance(value, int | float | Decimal):
        return Cell(Decimal(str(value)))
    original = text_of(value)
    text = unicodedata.normalize("NFKC", original).strip()
    notes = []
    feet = unit == "area-feet"
    if unit.startswith("area"):
        if SQUARE_FEET.search(text):
            feet, text = True, SQUARE_FEET.sub("", text)
        elif SQUARE_METRES.search(text):
            feet, text = False, SQUARE_METRES.sub("", text)
    approximate = False
    while True:
        stripped = APPROXIMATE_AFTER.sub("", APPROXIMATE.sub("", text)).strip()
        if stripped == text:
            break
        approximate, text = True, stripped
    if re.fullmatch(r"[\d.,\s]+\s*(?:-|–|—|to|至|~)\s*[\d.,\s]+", text):
        raise SpreadsheetError(
            _("Give one number, not the range “%(value)s”.") % {"value": original}
        )
    number = _plain_number(text)
    if number is None:
        raise SpreadsheetError(_("Enter a number, not “%(value)s”.") % {"value": original})
    if approximate:
        notes.append(_("“%(value)s” read as %(number)s (approximate).") % {
            "value": original, "number": _show(number)})  # fmt: skip
    if feet:
        metres = (number * SQUARE_METRES_PER_SQUARE_FOOT).quantize(Decimal("1"), ROUND_HALF_UP)
        notes.append(
            _("%(feet)s sq ft converted to %(metres)s m².")
            % {"feet": _show(number), "metres": _show(metres)}
        )
        number = metres
    return Cell(number, " ".join(notes))


COORDINATE_STEP = Decimal("0.000001")  # the six decimal places stored, about 11 cm


def coordinate(cell: Cell) -> Cell:
    """A latitude or longitude to the six decimal places stored: GPS and map exports give
    more, which would not fit, so they are rounded and the preview says so."""
    rounded = cell.value.quantize(COORDINATE_STEP, ROUND_HALF_UP)
    if rounded == cell.value:
        return cell
    note = _("%(value)s rounded to %(rounded)s (six decimal places, about 11 cm).") % {
        "value": cell.value,
        "rounded": rounded,
    }
    return Cell(rounded, " ".join(filter(None, [cell.note, note])))


def _plain_number(text: str) -> Decimal | None:
    text = text.replace(" ", "").replace("'", "").replace("\u2212", "-")
    if not re.fullmatch(r"[-+]?[\d.,]*\d[\d.,]*", text):
        return None
    if "," in text and "." in text:  # 1,200.5 or 1.200,5: the last mark is the decimal point
        if text.rfind(",") > text.rfind("."):
            text = text.replace(".", "").replace(",", ".")
        else:
            text = text.replace(",", "")
    elif "," in text:
        groups = text.split(",")
        if len(groups) == 2 and len(groups[1]) != 3:
            text = text.replace(",", ".")  # 10,5: a decimal comma
        elif all(len(group) == 3 for group in groups[1:]):
            text = text.replace(",", "")  # 1,200 or 12,000,000
        else:
            return None
    elif text.count(".") > 1:
        if not all(len(group) == 3 for group in text.split(".")[1:]):
            return None
        text = text.replace(".", "")  # 1.200.000
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _show(number: Decimal) -> str:
    return format(number.normalize(), ",f") if number == number.to_integral() else str(number)


def whole_number(number: Decimal, original) -> Cell:
    """A number for a whole-number field: a fraction is rounded, and said so."""
    rounded = number.quantize(Decimal("1"), ROUND_HALF_UP)
    note = ""
    if rounded != number:
        note = _("%(value)s rounded to %(number)s: this figure is a whole number.") % {
            "value": text_of(original),
            "number": rounded,
        }
    return Cell(int(rounded), note)


MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
YEAR_FIRST = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*(?:[-/.月]\s*(\d{1,2})\s*日?)?\s*月?")
NUMBERS_FIRST = re.compile(r"(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4})")
DAY_MONTH_NAME = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})")
MONTH_NAME_DAY = re.compile(r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")
MONTH_NAME_YEAR = re.compile(r"([a-z]+)\.?,?\s+(\d{4})")
YEAR_ONLY = re.compile(r"(\d{4})\s*年?")
EXCEL_EPOCH = date(1899, 12, 30)


def ambiguous_order(value) -> tuple[int, int] | None:
    """The first two numbers of a date written 03/04/2016 (day and month in either order)."""
    match = NUMBERS_FIRST.fullmatch(text_of(value))
    return (int(match[1]), int(match[2])) if match else None


def day_first_evidence(values) -> tuple[bool | None, str]:
    """Whether a column's dates put the day first, and the value that shows it: a first
    number above 12 can only be a day (16/03/2016), a second one only a day (03/16/2016).
    (None, "") when no value tells; (None, value) when values contradict each other."""
    day_first = month_first = ""
    for value in values:
        parts = ambiguous_order(value)
        if parts is None:
            continue
        if parts[0] > 12 and not day_first:
            day_first = text_of(value)
        if parts[1] > 12 and not month_first:
            month_first = text_of(value)
    if day_first and month_first:
        return None, month_first
    if day_first:
        return True, day_first
    if month_first:
        return False, month_first
    return None, ""


def parse_date(value, *, day_first: bool = True) -> Cell:
    """A date in any of the ways spreadsheets hold them; a year alone, or a month, is the
    first day of it, with a note."""
    if isinstance(value, datetime):
        return Cell(value.date())
    if isinstance(value, date):
        return Cell(value)
    if isinstance(value, int | float) and 10000 < value < 100000:  # an Excel date serial
        return Cell(EXCEL_EPOCH + timedelta(days=int(value)), "")
    original = text_of(value)
    text = unicodedata.normalize("NFKC", original).casefold().strip()
    text = re.sub(r"\s+\d{1,2}:\d{2}(?::\d{2})?$", "", text)  # a time Excel added
    try:
        return _parse_date_text(text, original, day_first)
    except ValueError:  # a day or month out of range: 31/02/2016
        pass
    raise SpreadsheetError(
        _(
            "“%(value)s” is not a date this import reads: write it as 2016-03-16, 16/03/2016, "
            "2016年3月16日 or 16 March 2016."
        )
        % {"value": original}
    )


def _parse_date_text(text: str, original: str, day_first: bool) -> Cell:
    first_of = _("“%(value)s” gives no day: stored as %(date)s.")
    if match := YEAR_FIRST.fullmatch(text):
        year, month, day = int(match[1]), int(match[2]), match[3]
        if day is None:
            found = date(year, month, 1)
            return Cell(found, first_of % {"value": original, "date": found.isoformat()})
        return Cell(date(year, month, int(day)))
    if match := NUMBERS_FIRST.fullmatch(text):
        first, second, year = int(match[1]), int(match[2]), int(match[3])
        day, month = (first, second) if day_first else (second, first)
        return Cell(date(year, month, day))
    if (match := DAY_MONTH_NAME.fullmatch(text)) and match[2] in MONTHS:
        return Cell(date(int(match[3]), MONTHS[match[2]], int(match[1])))
    if (match := MONTH_NAME_DAY.fullmatch(text)) and match[1] in MONTHS:
        return Cell(date(int(match[3]), MONTHS[match[1]], int(match[2])))
    if (match := MONTH_NAME_YEAR.fullmatch(text)) and match[1] in MONTHS:
        found = date(int(match[2]), MONTHS[match[1]], 1)
        return Cell(found, first_of % {"value": original, "date": found.isoformat()})
    if match := YEAR_ONLY.fullmatch(text):
        found = date(int(match[1]), 1, 1)
        return Cell(
            found,
            _("Only the year is given in “%(value)s”: stored as %(date)s.")
            % {"value": original, "date": found.isoformat()},
        )
    raise ValueError(text)


def parse_choice(
    value, choices: list[tuple[str, list[str]]], what: str, synonyms: dict | None = None
) -> str:
    """The stored value of a choice named by its value, any of its labels or `synonyms`, in
    any case (`choices`: each value with its labels in every language)."""
    wanted = fold(value)
    for stored, labels in choices:
        names = [stored, *labels, *(synonyms or {}).get(stored, [])]
        if wanted in {fold(name) for name in names}:
            return stored
    valid = "; ".join(f"{stored} ({', '.join(labels)})" for stored, labels in choices)
    raise SpreadsheetError(
        _("“%(value)s” is not a %(what)s. Use one of: %(valid)s.")
        % {"value": text_of(value), "what": what, "valid": valid}
    )


def parse_url(value) -> Cell:
    """A website; "www.example.com" gains its "https://", with a note."""
    text = one_line(value)
    if text and not re.match(r"^[a-z][a-z0-9+.-]*:", text, re.IGNORECASE):
        if re.match(r"^[\w-]+(\.[\w-]+)+(/.*)?$", text):
            return Cell(
                f"https://{text}",
                _("“%(value)s” read as https://%(value)s.") % {"value": text},
            )
    return Cell(text)


def parse_email(value) -> Cell:
    """An address, "mailto:" and spaces dropped; of several, the first, with a note."""
    text = one_line(value).removeprefix("mailto:").strip()
    addresses = [part for part in re.split(r"[\s,;/]+", text) if part]
    if len(addresses) > 1:
        return Cell(
            addresses[0],
            _("Several addresses in “%(value)s”: only %(first)s is kept.")
            % {"value": text, "first": addresses[0]},
        )
    return Cell(addresses[0] if addresses else "")


def split_list(value) -> list[str]:
    """The items of a cell listing several: commas, semicolons, 、 or line breaks between."""
    return [part.strip() for part in re.split(r"[,;，；、\n|]+", text_of(value)) if part.strip()]
