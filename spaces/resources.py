"""Spaces and cities as spreadsheet rows: what staff import and export in the admin
(django-import-export), from files as people really keep them.

One row per space (or city), keyed by its slug: a row whose slug exists updates that row, any
other creates one. A file without slugs gets them from the names (Chinese romanised), and a
row naming a space already listed in the same city updates it. Headers are matched
forgivingly (`Name`, `Website / URL`, `Postcode`, `名称`, `地址`…: HEADERS); columns that match
nothing are listed in the preview and ignored. Cells are read by spaces/spreadsheets.py
(encodings, dates, numbers with units, choices in either language), which also says how it
read what it had to interpret; the preview shows those notes per row and column.

Cities are named by slug or by name in either language or any spelling the gazetteer knows
("Peking", "北京市"), narrowed by a country column when the file has one. A city nobody listed
yet is created with its country, place, time zone and Chinese name from the gazetteer and
marked for an editor to review.

Every row is checked as the admin form checks it (the model's full_clean, its database
constraints included, in words: CONSTRAINT_MESSAGES), and every problem is a sentence naming
its row and column. A file with any error saves nothing, at the preview and at confirming.
Exported CSV is UTF-8 with a BOM (so that Excel shows Chinese right) in the model's own
column names; importing an export changes nothing.
"""

import logging
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DatabaseError, IntegrityError
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from import_export import forms as import_forms
from import_export import resources, widgets
from import_export.fields import Field
from import_export.formats import base_formats
from import_export.instance_loaders import CachedInstanceLoader
from import_export.results import Error

from maker2.slugs import unique_slug

from . import gazetteer, spreadsheets
from .models import City, Equipment, Network, Service, Space
from .spreadsheets import Cell, SpreadsheetError, fold, has_chinese, one_line, text_of

logger = logging.getLogger(__name__)


# Formats


def dataset_from_bytes(data: bytes):
    """A tablib Dataset of the file's first sheet, read with the encoding detected; it keeps
    the file's bytes so that the resource can read them again in the editor's choice."""
    table = spreadsheets.read_table(data)
    dataset = base_formats.tablib.Dataset(headers=table.headers)
    for row in table.rows:
        dataset.append(row)
    dataset.spreadsheet = data
    return dataset


class CSV(base_formats.CSV):
    """Text spreadsheets: comma, semicolon or tab separated, in any encoding Excel writes
    (see spaces/spreadsheets.py); written as UTF-8 with a BOM."""

    def is_binary(self) -> bool:
        # The admin then hands create_dataset the file's bytes rather than decoding them
        # with its one `from_encoding`.
        return True

    def get_read_mode(self) -> str:
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, str):
            in_stream = in_stream.encode("utf-8")
        return dataset_from_bytes(in_stream)

    def export_data(self, dataset, **kwargs) -> bytes:
        return super().export_data(dataset, **kwargs).encode("utf-8-sig")


class XLSX(base_formats.XLSX):
    def create_dataset(self, in_stream, **kwargs):
        return dataset_from_bytes(in_stream)


FORMATS = [CSV, XLSX]
TEXT_EXTENSIONS = ("csv", "tsv", "txt", "tab")


# The import's forms


DATE_ORDERS = [
    ("", gettext_lazy("Automatic (from the file’s dates)")),
    ("day", gettext_lazy("Day first: 16/03/2016")),
    ("month", gettext_lazy("Month first: 03/16/2016")),
]


class ImportForm(import_forms.ImportForm):
    """The admin's import form, with the encoding and the order of dates to choose when the
    file does not tell them; the file is read here, so that one that cannot be read is an
    error on the form rather than an error page."""

    encoding = forms.ChoiceField(
        label=gettext_lazy("Encoding"),
        choices=[("", gettext_lazy("Automatic")), *spreadsheets.TEXT_ENCODINGS],
        required=False,
        help_text=gettext_lazy(
            "For CSV and text files; Automatic names the one it finds in the preview and asks "
            "when the file could be read in more than one."
        ),
    )
    date_order = forms.ChoiceField(
        label=gettext_lazy("Dates such as 03/04/2016"),
        choices=DATE_ORDERS,
        required=False,
    )

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.formats = formats
        # Chosen from the file's content when left empty (a .txt from Excel, a .tsv).
        self.fields["format"].required = False

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("import_file")
        if upload is None:
            return cleaned
        data = b"".join(upload.chunks())
        upload.seek(0)
        if not cleaned.get("format"):
            is_workbook = data.startswith(b"PK\x03\x04")
            wanted = XLSX if is_workbook else CSV
            cleaned["format"] = str(next(i for i, f in enumerate(self.formats) if f is wanted))
        try:
            spreadsheets.read_table(data, cleaned.get("encoding", ""))
        except SpreadsheetError as error:
            field = "encoding" if cleaned.get("encoding") else "import_file"
            self.add_error(field, str(error))
        return cleaned


class ConfirmImportForm(import_forms.ConfirmImportForm):
    """Carries the encoding and date order the preview read the file with, so that confirming
    reads it exactly so."""

    encoding = forms.CharField(widget=forms.HiddenInput(), required=False)
    date_order = forms.CharField(widget=forms.HiddenInput(), required=False)


# What the preview tells


@dataclass
class SheetReport:
    """How a file was read and what importing it does, beyond each row's diff."""

    encoding: str = ""  # the label of the encoding used ("" for a workbook)
    encoding_chosen: bool = False
    encoding_sample: str = ""
    encoding_alternatives: list[tuple[str, str]] = field(default_factory=list)
    delimiter: str = ""
    date_order: str = ""  # "day" or "month"; "" when the file has no date to read
    date_order_reason: str = ""
    matched_columns: list[tuple[str, str]] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    notes: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))
    file_errors: list[str] = field(default_factory=list)
    file_notes: list[str] = field(default_factory=list)
    new_cities: list[City] = field(default_factory=list)
    sheet_rows: list[int] = field(default_factory=list)  # the spreadsheet's row of each row
    totals: dict[str, int] = field(default_factory=dict)
    summary: str = ""

    @property
    def needs_encoding_choice(self) -> bool:
        return bool(self.encoding_alternatives) and not self.encoding_chosen

    def sheet_row(self, number: int) -> int:
        """The row number a spreadsheet program shows for row `number` of the import (1 = the
        first under the header)."""
        if 0 < number <= len(self.sheet_rows):
            return self.sheet_rows[number - 1]
        return number + 1

    def rows_with_notes(self) -> list[tuple[int, list[str]]]:
        return sorted((self.sheet_row(number), notes) for number, notes in self.notes.items())

    def rows_with_errors(self) -> list[tuple[int, list[str]]]:
        return sorted((self.sheet_row(number), errors) for number, errors in self.errors.items())

    def error_sentences(self, limit: int = 20) -> list[str]:
        sentences = list(self.file_errors)
        for _row, errors in self.rows_with_errors():
            sentences += errors
        return sentences[:limit]


class Keep:
    """A cell the file does not give, so the stored value stays: a column the file lacks, or
    the other language's field of a row whose "Name" was in one language."""

    def __str__(self) -> str:
        return ""


KEEP = Keep()


# Constraints in words, by the name the database gives them: (the column, the sentence).
CONSTRAINT_MESSAGES = {
    "space_name_in_some_language": ("name_en", gettext_lazy("Give a name in English or Chinese.")),
    "city_name_in_some_language": ("name_en", gettext_lazy("Give a name in English or Chinese.")),
    "space_latitude_in_range": ("latitude", gettext_lazy("A latitude lies between -90 and 90.")),
    "city_latitude_in_range": ("latitude", gettext_lazy("A latitude lies between -90 and 90.")),
    "space_longitude_in_range": (
        "longitude",
        gettext_lazy("A longitude lies between -180 and 180."),
    ),
    "city_longitude_in_range": (
        "longitude",
        gettext_lazy("A longitude lies between -180 and 180."),
    ),
    "space_full_point": (
        "latitude",
        gettext_lazy("Give both the latitude and the longitude, or neither."),
    ),
    "city_full_point": (
        "latitude",
        gettext_lazy("Give both the latitude and the longitude, or neither."),
    ),
    "space_floor_area_positive": (
        "floor_area",
        gettext_lazy("The floor area must be more than 0 m², or left empty if unknown."),
    ),
    "city_country_code": ("country", gettext_lazy("Use a country’s two-letter ISO code.")),
    "spaces_space_slug_key": ("slug", gettext_lazy("Another space has this slug.")),
    "spaces_city_slug_key": ("slug", gettext_lazy("Another city has this slug.")),
}


def readable_database_error(error: Exception) -> str:
    """A database error in words, without the names only the database knows."""
    text = str(error)
    for name, (_column, message) in CONSTRAINT_MESSAGES.items():
        if name in text:
            return str(message)
    if isinstance(error, IntegrityError) and "unique" in text:
        return _("Another row already holds one of its values that must be unique.")
    return _("The database refused it.")


# Widgets: cells arrive cleaned by SheetResource.read_row, so they only pass the value on on
# import, and write it as before on export.


class CleanedMixin:
    def clean(self, value, row=None, **kwargs):
        if isinstance(value, Keep):
            return None
        return None if value == "" else value


class TextWidget(CleanedMixin, widgets.CharWidget):
    def clean(self, value, row=None, **kwargs):
        return "" if value is None or isinstance(value, Keep) else value


class NumberWidget(CleanedMixin, widgets.DecimalWidget):
    pass


class WholeNumberWidget(CleanedMixin, widgets.IntegerWidget):
    pass


class DateWidget(CleanedMixin, widgets.DateWidget):
    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class BooleanWidget(CleanedMixin, widgets.BooleanWidget):
    pass


class RelatedWidget(CleanedMixin, widgets.ForeignKeyWidget):
    def __init__(self, model) -> None:
        super().__init__(model, field="slug")


class RelatedListWidget(widgets.ManyToManyWidget):
    def __init__(self, model) -> None:
        super().__init__(model, field="slug", separator=",")

    def clean(self, value, row=None, **kwargs):
        return list(value) if isinstance(value, list | tuple) else []


# Reading rows


def choice_labels(choices) -> list[tuple[str, list[str]]]:
    """Each choice's stored value with its labels in English and Chinese."""
    labelled = []
    for value, label in choices:
        labels = []
        for language in ("en", "zh-hans"):
            with translation.override(language):
                labels.append(str(label))
        labelled.append((value, list(dict.fromkeys(labels))))
    return labelled


TOWN_QUALIFIER = re.compile(r"\s*[,(（/]")


class CityFinder:
    """Cities named in a file, found among those listed (one query), else in the gazetteer
    and created, each once per import."""

    def __init__(self) -> None:
        self.by_name: dict[str, list[City]] = defaultdict(list)
        for city in City.objects.all():
            for name in {city.slug, city.name_en, city.name_zh, city.name_zh.removesuffix("市")}:
                if fold(name):
                    self.by_name[fold(name)].append(city)
        self.created: list[City] = []

    def listed(self, name: str, country: str, point: tuple | None = None) -> City | None:
        """A listed city of that name (in `country`, if given); with a point, not one that
        is placed far from it (another town of the same name)."""
        cities = self.by_name.get(fold(name)) or self.by_name.get(fold(name.removesuffix("市")))
        cities = [city for city in cities or [] if not country or city.country == country]
        if point is not None:  # a slug names one city: only a name may be another town's
            cities = [c for c in cities if c.slug == name or self.could_hold(c, point)]
        return cities[0] if cities else None

    @staticmethod
    def could_hold(city: City, point: tuple) -> bool:
        """Whether a space at `point` can be in `city`: near it, or, for a city not placed
        yet, in its country (as far as the nearest town the gazetteer knows tells)."""
        if city.latitude is not None:
            distance = gazetteer.distance_km(city.latitude, city.longitude, *point)
            return distance <= gazetteer.SAME_PLACE_KM
        near = gazetteer.nearest_city(*point)
        return near is None or near.country == city.country

    def find(self, name: str, country: str, point: tuple | None = None) -> tuple[City, bool]:
        """The city called `name`, whether it was created now; SpreadsheetError when it is not
        listed and neither the gazetteer, the file's country nor the row's point (the
        country of the nearest place the gazetteer knows) tells where it is."""
        original = name
        city = self.listed(name, country, point)
        if city is not None:
            return city, False
        place = gazetteer.find_city(name, country, point)
        short = TOWN_QUALIFIER.split(name)[0].strip()  # "Leeds, West Yorkshire", "York (UK)"
        if place is None and short and short != name:
            city = self.listed(short, country, point)
            if city is not None:
                self.remember(city, name)
                return city, False
            place = gazetteer.find_city(short, country, point)
            name = short  # a new city is named without what followed
        if place is not None:
            for known in (place.name, place.chinese_name):
                city = self.listed(known, place.country, point) if known else None
                if city is not None:
                    self.remember(city, name)
                    return city, False
            return self.create(name, place=place, country=place.country), True
        near = gazetteer.nearest_city(*point) if point and not country else None
        country = country or getattr(near, "country", "")
        if not country:
            raise SpreadsheetError(
                _(
                    "No city called “%(name)s” is listed, and the gazetteer does not know it: "
                    "add a “country” column to create it, or add the city first."
                )
                % {"name": original}
            )
        return self.create(name, place=None, country=country, point=point), True

    def create(self, name: str, *, place, country: str, point: tuple | None = None) -> City:
        """A new city, flagged for review: placed where the gazetteer says, or else at the
        first space's point (its time zone read there), or else only in its country."""
        chinese = name if has_chinese(name) else ""
        if place is not None:
            point = (place.latitude, place.longitude)
        latitude = longitude = None
        if point is not None:
            latitude, longitude = (round(Decimal(str(part)), 6) for part in point)
        city = City(
            name_en=place.name if place else ("" if chinese else name),
            name_zh=(place.chinese_name if place else "") or chinese,
            country=country,
            latitude=latitude,
            longitude=longitude,
            timezone=place.timezone if place else gazetteer.country_timezone(country),
            needs_review=True,
        )
        if place is None and point is not None:
            city.timezone = gazetteer.timezone_at(latitude, longitude) or city.timezone
        if not city.timezone:
            raise SpreadsheetError(
                _("The gazetteer knows no time zone for “%(name)s” in %(country)s.")
                % {"name": name, "country": country}
            )
        city.slug = unique_slug(
            City,
            city.name_en or city.name_zh,
            taken={created.slug for created in self.created},
            alternatives=(country,),
        )
        city.save()
        self.created.append(city)
        self.remember(city, name)
        return city

    def remember(self, city: City, *names: str) -> None:
        for name in {city.slug, city.name_en, city.name_zh, *names}:
            if fold(name) and city not in self.by_name[fold(name)]:
                self.by_name[fold(name)].insert(0, city)


class SheetResource(resources.ModelResource):
    """What the space and city resources share: reading a real file into the resource's own
    columns, and telling the editor, row by row and column by column, what happened."""

    # Each column of the resource (and the few read only to fill others) with the headers
    # that name it, compared as `fold` compares them.
    HEADERS: dict[str, list[str]] = {}
    # Headers of a floor area given in square feet.
    FEET_HEADERS: list[str] = []
    TEXT_FIELDS: set[str] = set()
    LONG_TEXT_FIELDS: set[str] = set()
    NUMBER_FIELDS: set[str] = set()
    WHOLE_NUMBER_FIELDS: set[str] = set()
    # Read as one column each and spread per row by language: name → name_en or name_zh.
    BILINGUAL = ("name", "address", "description")

    def import_data(self, dataset, **kwargs):
        # All or nothing when confirming too: rows checked at the preview may fail now if the
        # data changed meanwhile, and then no row is saved.
        kwargs["rollback_on_validation_errors"] = True
        return super().import_data(dataset, **kwargs)

    def export_field(self, field, instance, **kwargs):
        # Anyone may propose a space, and an editor opens the export in a spreadsheet.
        return spreadsheets.spreadsheet_safe(super().export_field(field, instance, **kwargs))

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.report = SheetReport()
        self.columns: dict[str, str] = {}  # the resource's column → the file's header
        self.cell_errors: dict[int, dict[str, str]] = defaultdict(dict)
        self.cities: CityFinder | None = None

    # The file

    def before_import(self, dataset, **kwargs):
        try:
            self.read_file(dataset, **kwargs)
        except Exception:
            dataset.wipe()  # no row is imported from a file that could not be read whole
            raise

    def read_file(self, dataset, **kwargs) -> None:
        """The file again, read as the editor chose, into the resource's own columns."""
        data = getattr(dataset, "spreadsheet", None)
        encoding = kwargs.get("encoding") or ""
        if data is not None:
            table = spreadsheets.read_table(data, encoding)
        else:  # a Dataset built in code
            table = spreadsheets.Table(list(dataset.headers or []), [list(r) for r in dataset], "")
        self.describe_reading(table)
        rows = self.map_columns(table)
        self.report.sheet_rows = self.sheet_rows(table, rows)
        self.prepare(rows, **kwargs)
        # Every column of the resource; those the file lacks leave their values alone (KEEP).
        headers = [field.column_name for field in self.get_import_fields()]
        cleaned = [self.read_row(number, row, **kwargs) for number, row in enumerate(rows, 1)]
        self.check_file(cleaned)
        dataset.wipe()
        dataset.headers = headers
        for row in cleaned:
            dataset.append([row.get(column, KEEP) for column in headers])

    def prepare(self, rows: list[dict], **kwargs) -> None:
        """Decisions for the whole file, before its rows are read: each resource its own."""

    def sheet_rows(self, table, rows) -> list[int]:
        return table.sheet_rows or [number + 1 for number in range(1, len(rows) + 1)]

    def describe_reading(self, table) -> None:
        reading = table.reading
        if reading is not None:
            self.report.encoding = reading.label
            self.report.encoding_chosen = reading.chosen
            self.report.encoding_sample = reading.sample
            self.report.encoding_alternatives = reading.alternatives
            self.report.delimiter = table.delimiter_label

    def map_columns(self, table) -> list[dict]:
        """Each row as {resource column: cell}; headers that name nothing are listed."""
        aliases = {fold(alias): column for column, names in self.HEADERS.items() for alias in names}
        aliases |= {fold(alias): "floor_area" for alias in self.FEET_HEADERS}
        self.feet = False
        positions: dict[str, int] = {}
        for position, header in enumerate(table.headers):
            column = aliases.get(fold(header))
            if column is None:
                if header or any(not spreadsheets.is_blank(row[position]) for row in table.rows):
                    self.report.ignored_columns.append(
                        header or _("(column %(n)d, no header)") % {"n": position + 1}
                    )
                continue
            if column in positions:
                self.report.ignored_columns.append(
                    _("%(header)s (“%(used)s” gives the same)")
                    % {"header": header, "used": self.columns[column]}
                )
                continue
            positions[column] = position
            self.columns[column] = header
            self.report.matched_columns.append((header, column))
            if column == "floor_area" and fold(header) in {fold(a) for a in self.FEET_HEADERS}:
                self.feet = True
        return [
            {column: row[position] for column, position in positions.items()} for row in table.rows
        ]

    def column_label(self, column: str) -> str:
        for bilingual in self.BILINGUAL:
            if column.startswith(f"{bilingual}_") and column not in self.columns:
                column = bilingual if bilingual in self.columns else column
        return self.columns.get(column, column)

    def note(self, number: int, column: str | None, text: str) -> None:
        if column is None:
            self.report.notes[number].append(text)
        else:
            self.report.notes[number].append(
                _("Column “%(column)s”: %(note)s")
                % {"column": self.column_label(column), "note": text}
            )

    def fail(self, number: int, column: str, message: str) -> None:
        self.cell_errors[number].setdefault(column, message)

    # A row

    def read_row(self, number: int, row: dict, **kwargs) -> dict:
        """The row in the resource's columns with clean values; notes and errors recorded."""
        cleaned = {}
        for bilingual in self.BILINGUAL:
            if bilingual in row:
                self.spread(row, bilingual)
        if "postcode" in row:
            self.add_postcode(row)
        for column, value in row.items():
            try:
                cell = self.read_cell(column, value, row, **kwargs)
            except SpreadsheetError as error:
                self.fail(number, column, str(error))
                cleaned[column] = KEEP
                continue
            if cell.note:
                self.note(number, column, cell.note)
            cleaned[column] = cell.value
        return cleaned

    def spread(self, row: dict, bilingual: str) -> None:
        """A column such as "Name" goes, row by row, to the Chinese or the English field, by
        the script its text is in; a column of that language given too wins."""
        value = row.pop(bilingual)
        language = "zh" if has_chinese(text_of(value)) else "en"
        other = "en" if language == "zh" else "zh"
        target = f"{bilingual}_{language}"
        if spreadsheets.is_blank(row.get(target)):
            row[target] = value
        row.setdefault(f"{bilingual}_{other}", KEEP)

    def add_postcode(self, row: dict) -> None:
        """There is no postcode field: it ends the address, unless the address holds it."""
        postcode = one_line(row.pop("postcode"))
        english_address = one_line(row.get("address_en") or "") != ""
        chinese_address = one_line(row.get("address_zh") or "") != ""
        language = "zh" if chinese_address and not english_address else "en"
        target = f"address_{language}"
        address = "" if isinstance(row.get(target), Keep) else one_line(row.get(target) or "")
        if postcode and fold(postcode) not in fold(address):
            row[target] = f"{address}, {postcode}" if address else postcode
        elif target not in row:
            row[target] = address

    def read_cell(self, column: str, value, row: dict, **kwargs) -> Cell:
        """A cell as its field takes it, with a note on how it was read (a SpreadsheetError
        says what is wrong with it): what every column shares, then read_value."""
        if isinstance(value, Keep):
            return Cell(KEEP)
        if column == "slug":
            return Cell(one_line(value))
        return self.read_value(column, value, row, blank=spreadsheets.is_blank(value))

    def read_value(self, column: str, value, row: dict, *, blank: bool) -> Cell:
        """A cell of one of the resource's own columns (a resource reads its special ones,
        then calls this for the rest: text, numbers)."""
        if column in self.LONG_TEXT_FIELDS:
            return Cell(text_of(value))
        if column in self.TEXT_FIELDS:
            return Cell(one_line(value))
        if blank:
            return Cell(None)
        if column in self.NUMBER_FIELDS or column in self.WHOLE_NUMBER_FIELDS:
            unit = ""
            if column == "floor_area":
                unit = "area-feet" if self.feet else "area"
            cell = spreadsheets.parse_number(value, unit=unit)
            if column in ("latitude", "longitude"):
                return spreadsheets.coordinate(cell)
            if column in self.WHOLE_NUMBER_FIELDS:
                whole = spreadsheets.whole_number(cell.value, value)
                return Cell(whole.value, " ".join(filter(None, [cell.note, whole.note])))
            return cell
        return Cell(one_line(value))

    def point_of(self, row: dict) -> tuple[Decimal, Decimal] | None:
        """The row's coordinates, when both read as numbers in range (their own cells say
        what is wrong with them otherwise)."""
        try:
            point = tuple(
                spreadsheets.parse_number(row[column]).value for column in ("latitude", "longitude")
            )
        except (KeyError, SpreadsheetError):
            return None
        latitude, longitude = point
        return point if abs(latitude) <= 90 and abs(longitude) <= 180 else None

    def country_of(self, row: dict) -> str:
        value = row.get("country")
        if value is None or spreadsheets.is_blank(value) or isinstance(value, Keep):
            return ""
        code = gazetteer.find_country(text_of(value))
        if not code:
            raise SpreadsheetError(
                _("“%(value)s” is not a country’s name or two-letter ISO code (such as GB).")
                % {"value": text_of(value)}
            )
        return code

    def check_file(self, rows: list[dict]) -> None:
        """Checks across rows: each resource adds its own."""

    # django-import-export's steps

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if isinstance(row.get(field.column_name), Keep):
            return
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for column, message in self.cell_errors.get(kwargs.get("row_number"), {}).items():
            errors[column] = [ValidationError(message, code="invalid")]
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        try:
            super().validate_instance(instance, import_validation_errors, validate_unique)
        except ValidationError as error:
            raise ValidationError(self.in_words(error.message_dict)) from None

    def in_words(self, errors: dict[str, list[str]]) -> dict[str, list[str]]:
        """Errors with each database constraint told as a sentence on its column."""
        worded: dict[str, list[str]] = defaultdict(list)
        for column, messages in errors.items():
            for message in messages:
                for name, (target, sentence) in CONSTRAINT_MESSAGES.items():
                    if f"“{name}”" in message or f'"{name}"' in message:
                        column, message = target, str(sentence)
                        break
                if message not in worded[column]:
                    worded[column].append(message)
        return dict(worded)

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        report = self.report
        report.new_cities = list(self.cities.created) if self.cities else []
        report.totals = dict(result.totals)
        report.summary = self.summary(result.totals)
        if report.needs_encoding_choice:  # shown with the encoding; here it stops the import
            choices = "; ".join(
                f"{label}: “{sample}”" for label, sample in report.encoding_alternatives
            )
            message = _(
                "This file reads as plausibly in more than one encoding. As %(encoding)s, a line "
                "reads “%(sample)s”; as %(choices)s. Choose the encoding in which it reads right "
                "and send the file again."
            ) % {"encoding": report.encoding, "sample": report.encoding_sample, "choices": choices}
            result.append_base_error(Error(SpreadsheetError(message)))
        for base_error in result.base_errors:
            if not report.needs_encoding_choice or base_error is not result.base_errors[-1]:
                report.file_errors.append(self.file_error_in_words(base_error.error))
        for invalid in result.invalid_rows:
            sheet_row = report.sheet_row(invalid.number)
            for column, messages in invalid.error_dict.items():
                for message in messages:
                    report.errors[invalid.number].append(self.sentence(sheet_row, column, message))
        for number, errors in result.row_errors():
            sheet_row = report.sheet_row(number)
            for error in errors:
                logger.info("Import row %s failed", sheet_row, exc_info=error.error)
                report.errors[number].append(
                    _("Row %(row)d could not be saved: %(reason)s")
                    % {"row": sheet_row, "reason": readable_error(error.error)}
                )
        result.report = report

    def summary(self, totals: dict) -> str:
        """What confirming does, in a sentence."""
        model = self._meta.model._meta
        return _("%(things)s: %(new)s, %(update)s, %(skip)s.") % {
            "things": str(model.verbose_name_plural).capitalize(),
            "new": ngettext("%(count)d created", "%(count)d created", totals["new"])
            % {"count": totals["new"]},
            "update": ngettext("%(count)d changed", "%(count)d changed", totals["update"])
            % {"count": totals["update"]},
            "skip": ngettext("%(count)d unchanged", "%(count)d unchanged", totals["skip"])
            % {"count": totals["skip"]},
        }

    def file_error_in_words(self, error: Exception) -> str:
        if isinstance(error, SpreadsheetError):
            return str(error)
        logger.info("Import failed", exc_info=error)
        return _("The file could not be imported: %(reason)s") % {"reason": readable_error(error)}

    def sentence(self, sheet_row: int, column: str, message: str) -> str:
        if column == NON_FIELD_ERRORS:
            return _("Row %(row)d: %(message)s") % {"row": sheet_row, "message": message}
        label = self.column_label(column)
        if column not in self.columns and label == column:
            return _("Row %(row)d, “%(column)s” (not in the file): %(message)s") % {
                "row": sheet_row,
                "column": column,
                "message": message,
            }
        return _("Row %(row)d, column “%(column)s”: %(message)s") % {
            "row": sheet_row,
            "column": label,
            "message": message,
        }


def readable_error(error: Exception) -> str:
    if isinstance(error, DatabaseError):
        return readable_database_error(error)
    if isinstance(error, ValidationError | SpreadsheetError):
        return " ".join(getattr(error, "messages", [str(error)]))
    return _("an unexpected error (%(kind)s); nothing was saved.") % {"kind": type(error).__name__}


# Spaces

KIND_SYNONYMS = {
    "makerspace": ["maker space", "makerspaces", "众创空间", "創客空間"],
    "coworking": [
        "co-working",
        "coworking space",
        "cowork",
        "shared office",
        "联合办公",
        "共享办公",
    ],
    "fablab": ["fab lab", "fabrication laboratory", "fab-lab", "微观装配实验室"],
    "hackerspace": ["hackspace", "hacker space", "hack space", "hacklab"],
    "incubator": ["business incubator", "孵化器"],
    "accelerator": ["加速器"],
}
STATUS_SYNONYMS = {
    "published": ["live", "public", "open", "listed", "发布"],
    "closed": ["closed down", "shut", "permanently closed", "已关闭", "关闭"],
    "pending": ["pending", "to review"],
}

SPACE_HEADERS = {
    "slug": ["slug", "url slug"],
    "name": ["name", "space name", "makerspace name", "hackspace name", "organisation",
             "organization", "organisation name", "organization name", "venue", "名称", "名字",
             "空间名称", "空间名", "机构名称", "名稱"],
    "name_en": ["name_en", "name (English)", "English name", "name in English", "英文名",
                "英文名称"],
    "name_zh": ["name_zh", "name (Chinese)", "Chinese name", "name in Chinese", "中文名",
                "中文名称"],
    "kind": ["kind", "type", "category", "space type", "kind of space", "类型", "类别", "類型"],
    "status": ["status", "状态", "狀態"],
    "city": ["city", "town", "town / city", "city / town", "locality", "城市", "所在城市"],
    "country": ["country", "country code", "nation", "国家", "國家"],
    "networks": ["networks", "network", "operator", "brand", "chain", "所属网络", "网络", "运营商"],
    "address": ["address", "street address", "street", "address line 1", "full address",
                "地址", "详细地址"],
    "address_en": ["address_en", "address (English)", "English address", "英文地址"],
    "address_zh": ["address_zh", "address (Chinese)", "Chinese address", "中文地址"],
    "postcode": ["postcode", "post code", "postal code", "zip", "zip code", "邮编", "邮政编码"],
    "latitude": ["latitude", "lat", "纬度", "緯度"],
    "longitude": ["longitude", "lng", "lon", "long", "经度", "經度"],
    "floor_area": ["floor_area", "floor area", "floor area (m²)", "area", "area (m²)", "size",
                   "size (m²)", "floor space", "sq m", "square metres", "面积", "面積",
                   "建筑面积", "场地面积", "使用面积", "面积（平方米）"],
    "desks": ["desks", "desks / seats", "seats", "workstations", "desk count",
              "number of desks", "工位", "工位数", "工位数量", "座位", "座位数"],
    "resident_makers": ["resident_makers", "resident makers", "members", "member count",
                        "number of members", "residents", "驻场创客", "创客人数", "会员数"],
    "website": ["website", "website / url", "url", "web", "web site", "homepage", "home page",
                "site", "网站", "网址", "官网", "網站"],
    "email": ["email", "e-mail", "email address", "e-mail address", "mail", "contact email",
              "邮箱", "电子邮件", "电子邮箱", "邮件"],
    "phone": ["phone", "telephone", "tel", "phone number", "contact number", "mobile", "电话",
              "联系电话", "手机", "電話"],
    "founded": ["founded", "established", "founding date", "date founded", "year founded",
                "opened", "opening date", "since", "成立时间", "成立日期", "成立年份",
                "创立时间", "創立時間"],
    "services": ["services", "服务", "服務"],
    "equipment": ["equipment", "tools", "machines", "设备", "設備"],
    "description": ["description", "about", "summary", "简介", "介绍", "描述", "簡介"],
    "description_en": ["description_en", "description (English)", "English description"],
    "description_zh": ["description_zh", "description (Chinese)", "Chinese description"],
}  # fmt: skip


class SpaceResource(SheetResource):
    HEADERS = SPACE_HEADERS
    FEET_HEADERS = ["floor area (sq ft)", "area (sq ft)", "size (sq ft)", "sq ft", "square feet"]
    TEXT_FIELDS = {"name_en", "name_zh", "address_en", "address_zh", "phone"}
    LONG_TEXT_FIELDS = {"description_en", "description_zh"}
    NUMBER_FIELDS = {"latitude", "longitude"}
    WHOLE_NUMBER_FIELDS = {"floor_area", "desks", "resident_makers"}

    WIDGETS_MAP = {
        **resources.ModelResource.WIDGETS_MAP,
        "CharField": TextWidget,
        "TextField": TextWidget,
        "URLField": TextWidget,
        "EmailField": TextWidget,
        "SlugField": TextWidget,
        "DecimalField": NumberWidget,
        "PositiveIntegerField": WholeNumberWidget,
    }

    city = Field(attribute="city", column_name="city", widget=RelatedWidget(City))
    networks = Field(
        attribute="networks", column_name="networks", widget=RelatedListWidget(Network)
    )
    services = Field(
        attribute="services", column_name="services", widget=RelatedListWidget(Service)
    )
    equipment = Field(
        attribute="equipment", column_name="equipment", widget=RelatedListWidget(Equipment)
    )
    founded = Field(attribute="founded", column_name="founded", widget=DateWidget())

    class Meta:
        model = Space
        import_id_fields = ["slug"]
        # All of Space.SHEET_COLUMNS but the API's CSV's own: a file names a space by slug
        # (ids differ from site to site), `verified` is the moderators' mark (set by their
        # admin actions, never by a file), and url and updated_at are the API's.
        fields = [
            column
            for column in Space.SHEET_COLUMNS
            if column not in {"id", "verified", "url", "updated_at"}
        ]
        export_order = fields
        clean_model_instances = True  # full_clean: field validators and the DB constraints
        skip_unchanged = True  # re-importing an export changes nothing
        report_skipped = True
        instance_loader_class = CachedInstanceLoader  # the file's spaces in one query

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("city").prefetch_related("networks", "services", "equipment")

    def before_import(self, dataset, **kwargs):
        self.cities = CityFinder()
        self.vocabularies = {
            "networks": self.vocabulary(Network),
            "services": self.vocabulary(Service),
            "equipment": self.vocabulary(Equipment),
        }
        self.kinds = choice_labels(Space.Kind.choices)
        self.statuses = choice_labels(Space.Status.choices)
        self.day_first = True
        super().before_import(dataset, **kwargs)
        if "kind" not in self.columns:
            self.report.file_notes.append(
                _("No column gives the kind: new spaces are makerspaces.")
            )
        if "status" not in self.columns:
            self.report.file_notes.append(
                _("No column gives the status: new spaces are drafts, to publish in admin.")
            )

    def after_init_instance(self, instance, new, row, **kwargs):
        if new and not instance.kind:
            instance.kind = Space.Kind.MAKERSPACE  # unless the row says otherwise

    def vocabulary(self, model) -> dict[str, object]:
        terms = {}
        for term in model.objects.all():
            for name in (term.name_en, term.name_zh, term.slug):
                if fold(name):
                    terms.setdefault(fold(name), term)
        return terms

    def prepare(self, rows: list[dict], **kwargs) -> None:
        self.decide_date_order([row.get("founded") for row in rows], kwargs.get("date_order", ""))

    def decide_date_order(self, values: list, chosen: str) -> None:
        """Day or month first for this file: the editor's choice, else what its dates prove,
        else day first (most of the world's way), said so in the preview."""
        self.report.date_order = chosen or ""
        if chosen:
            self.day_first = chosen == "day"
            self.report.date_order_reason = _("as chosen on the form")
            return
        if not any(spreadsheets.ambiguous_order(value) for value in values):
            return
        day_first, example = spreadsheets.day_first_evidence(values)
        self.day_first = day_first is not False
        self.report.date_order = "day" if self.day_first else "month"
        if day_first is None and example:
            self.report.date_order_reason = _(
                "the file’s dates contradict each other (“%(example)s” puts the month first): "
                "they are read day first"
            ) % {"example": example}
        elif day_first is None:
            self.report.date_order_reason = _(
                "no date in the file has a day above 12 to tell: they are read day first; "
                "choose “Month first” on the form if they are not"
            )
        else:
            self.report.date_order_reason = _("“%(example)s” shows it") % {"example": example}

    def read_value(self, column: str, value, row: dict, *, blank: bool) -> Cell:
        if column == "kind":
            if blank:
                return Cell(KEEP, _("empty: a new space is listed as a makerspace."))
            return Cell(
                spreadsheets.parse_choice(value, self.kinds, _("kind of space"), KIND_SYNONYMS)
            )
        if column == "status":
            if blank:  # a new space is a draft; a listed one keeps its status
                return Cell(KEEP)
            return Cell(
                spreadsheets.parse_choice(value, self.statuses, _("status"), STATUS_SYNONYMS)
            )
        if column == "city":
            if blank:
                return Cell(None)
            try:
                country = self.country_of(row)
            except SpreadsheetError:
                raise SpreadsheetError(_("Correct the country to find this city.")) from None
            city, created = self.cities.find(one_line(value), country, self.point_of(row))
            if created:
                note = _(
                    "New city %(city)s (%(country)s, %(timezone)s) from the gazetteer, for "
                    "an editor to review."
                ) % {
                    "city": city.name_en or city.name_zh,
                    "country": city.country,
                    "timezone": city.timezone,
                }
                return Cell(city, note)
            return Cell(city)
        if column == "country":
            return Cell(self.country_of(row))
        if column in self.vocabularies:
            return self.read_terms(column, value)
        if column == "founded":
            if blank:
                return Cell(None)
            try:
                return spreadsheets.parse_date(value, day_first=self.day_first)
            except SpreadsheetError:
                parts = spreadsheets.ambiguous_order(value)
                order_wrong = parts and (parts[1] if self.day_first else parts[0]) > 12
                if order_wrong:
                    raise SpreadsheetError(
                        _(
                            "“%(value)s” has no month %(month)d: this file’s dates are read "
                            "%(order)s."
                        )
                        % {
                            "value": text_of(value),
                            "month": parts[1] if self.day_first else parts[0],
                            "order": _("day first") if self.day_first else _("month first"),
                        }
                    ) from None
                raise
        if column == "website":
            return spreadsheets.parse_url(value)
        if column == "email":
            return spreadsheets.parse_email(value)
        return super().read_value(column, value, row, blank=blank)

    def read_terms(self, column: str, value) -> Cell:
        terms = self.vocabularies[column]
        found, missing = [], []
        for name in spreadsheets.split_list(value):
            term = terms.get(fold(name))
            if term is None:
                missing.append(name)
            elif term not in found:
                found.append(term)
        if missing:
            model = {"networks": Network, "services": Service, "equipment": Equipment}[column]
            known = ", ".join(sorted({term.slug for term in terms.values()})[:30])
            raise SpreadsheetError(
                _("No %(what)s are called: %(missing)s. Known: %(known)s.")
                % {
                    "what": model._meta.verbose_name_plural,
                    "missing": ", ".join(missing),
                    "known": known or _("none yet"),
                }
            )
        return Cell(found)

    def check_file(self, rows: list[dict]) -> None:
        """Slugs for rows without one, and rows that name the same space twice."""
        self.rows_by_number = dict(enumerate(rows, 1))
        existing = self.existing_by_name(rows)
        slugs: dict[str, int] = {}
        places: dict[tuple, int] = {}
        for number, row in self.rows_by_number.items():
            city = row.get("city") if isinstance(row.get("city"), City) else None
            names = [row.get(f"name_{language}") for language in ("en", "zh")]
            names = [name for name in names if isinstance(name, str) and name]
            slug = row.get("slug") if isinstance(row.get("slug"), str) else ""
            if not slug:
                place = (tuple(sorted(fold(name) for name in names)), getattr(city, "pk", None))
                if names and place in places:
                    self.duplicate(
                        number,
                        places[place],
                        _(
                            "Rows %(first)d and %(second)d both list “%(name)s” in %(city)s: "
                            "remove one, or give each its own slug."
                        ),
                    )
                    continue
                places[place] = number
                slug = row["slug"] = self.slug_for(names, city, existing, taken=set(slugs))
            if slug in slugs:
                self.duplicate(
                    number,
                    slugs[slug],
                    _(
                        "Rows %(first)d and %(second)d have the same slug “%(slug)s”: each space "
                        "needs its own."
                    ),
                )
                continue
            slugs[slug] = number

    def duplicate(self, number: int, other: int, template: str) -> None:
        row = self.rows_by_number[number]
        values = {
            "first": self.report.sheet_row(other),
            "second": self.report.sheet_row(number),
            "slug": row.get("slug", ""),
            "name": row.get("name_en") or row.get("name_zh") or "",
            "city": row.get("city") or _("the same city"),
        }
        for each in (number, other):
            self.cell_errors[each]["slug"] = template % values

    def existing_by_name(self, rows: list[dict]) -> dict[tuple[str, int], str]:
        """Listed spaces bearing a name the file gives without a slug: (name, city) → slug."""
        names = {
            row[key].lower()
            for row in rows
            if not row.get("slug")
            for key in ("name_en", "name_zh")
            if isinstance(row.get(key), str) and row[key]
        }
        if not names:
            return {}
        spaces = Space.objects.annotate(en=Lower("name_en"), zh=Lower("name_zh")).filter(
            Q(en__in=names) | Q(zh__in=names)
        )
        found = {}
        for slug, name_en, name_zh, city_id in spaces.values_list(
            "slug", "name_en", "name_zh", "city_id"
        ):
            for name in (name_en, name_zh):
                if name:
                    found.setdefault((fold(name), city_id), slug)
        return found

    def slug_for(self, names: list[str], city, existing: dict, *, taken: set[str]) -> str:
        """The slug of the space listed under this name in this city, or a new one (a row
        without a name gets one too, so that its only error is the missing name). The city's
        slug is tried before numbering: two "Makerspace"s become `makerspace` and
        `makerspace-leeds`."""
        for name in names:
            slug = existing.get((fold(name), getattr(city, "pk", None)))
            if slug and slug not in taken:
                return slug
        return unique_slug(
            Space,
            names[0] if names else "",
            taken=taken,
            alternatives=(city.slug,) if city is not None else (),
        )


# Cities

CITY_HEADERS = {
    "slug": ["slug", "url slug"],
    "name": ["name", "city", "town", "city name", "town / city", "名称", "城市", "城市名称"],
    "name_en": ["name_en", "name (English)", "English name", "英文名"],
    "name_zh": ["name_zh", "name (Chinese)", "Chinese name", "中文名"],
    "province_en": ["province_en", "province", "state", "region", "county", "province (English)"],
    "province_zh": ["province_zh", "province (Chinese)", "省份", "省", "地区"],
    "country": ["country", "country code", "nation", "国家", "國家"],
    "timezone": ["timezone", "time zone", "tz", "时区"],
    "latitude": ["latitude", "lat", "纬度"],
    "longitude": ["longitude", "lng", "lon", "long", "经度"],
    "status": ["status", "状态"],
    "needs_review": ["needs_review", "needs review", "to review", "待核对"],
}
CITY_STATUS_SYNONYMS = {"active": ["open", "listed", "开放"], "planned": ["coming", "soon"]}
TRUE_WORDS = {"1", "true", "yes", "y", "x", "是", "对", "✓"}
FALSE_WORDS = {"0", "false", "no", "n", "否", "不"}


class CityResource(SheetResource):
    """Cities on their own: those a file names without coordinates or time zone get them
    from the gazetteer, with a note, and are marked for review."""

    HEADERS = CITY_HEADERS
    BILINGUAL = ("name",)
    TEXT_FIELDS = {"name_en", "name_zh", "province_en", "province_zh", "timezone"}
    NUMBER_FIELDS = {"latitude", "longitude"}

    WIDGETS_MAP = {
        **resources.ModelResource.WIDGETS_MAP,
        "CharField": TextWidget,
        "SlugField": TextWidget,
        "DecimalField": NumberWidget,
        "BooleanField": BooleanWidget,
    }

    class Meta:
        model = City
        import_id_fields = ["slug"]
        # All of City.COLUMNS but the API's own: a file names a city by slug (ids differ
        # from site to site), and url, created_at and updated_at are the API's.
        fields = [c for c in City.COLUMNS if c not in {"id", "url", "created_at", "updated_at"}]
        export_order = fields
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        instance_loader_class = CachedInstanceLoader

    def before_import(self, dataset, **kwargs):
        self.cities = CityFinder()
        self.statuses = choice_labels(City.Status.choices)
        super().before_import(dataset, **kwargs)

    def read_value(self, column: str, value, row: dict, *, blank: bool) -> Cell:
        if column == "country":
            return Cell(self.country_of(row) or KEEP)
        if column == "status":
            if blank:
                return Cell(KEEP)
            return Cell(
                spreadsheets.parse_choice(
                    value, self.statuses, _("city status"), CITY_STATUS_SYNONYMS
                )
            )
        if column == "needs_review":
            if blank:
                return Cell(KEEP)
            word = fold(value) if not isinstance(value, bool) else str(int(value))
            if word in TRUE_WORDS or word in FALSE_WORDS:
                return Cell(word in TRUE_WORDS)
            raise SpreadsheetError(_("Write yes or no, not “%(value)s”.") % {"value": value})
        return super().read_value(column, value, row, blank=blank)

    def check_file(self, rows: list[dict]) -> None:
        """Slugs from names (a listed city of that name and country keeps its own), places
        and time zones from the gazetteer, and cities named twice."""
        self.rows_by_number = dict(enumerate(rows, 1))
        slugs: dict[str, int] = {}
        for number, row in self.rows_by_number.items():
            if number in self.cell_errors:
                continue
            names = [row.get(key) for key in ("name_en", "name_zh")]
            names = [name for name in names if isinstance(name, str) and name]
            country = row.get("country") if isinstance(row.get("country"), str) else ""
            listed = next(
                (
                    self.cities.listed(name, country)
                    for name in names
                    if self.cities.listed(name, country)
                ),
                None,
            )
            slug = row.get("slug") if isinstance(row.get("slug"), str) else ""
            if not slug:
                if listed is not None:
                    slug = listed.slug
                else:
                    slug = unique_slug(
                        City,
                        names[0] if names else "",
                        taken=set(slugs),
                        alternatives=(country,) if country else (),
                    )
                row["slug"] = slug
            if slug in slugs:
                message = _(
                    "Rows %(first)d and %(second)d are the same city (slug “%(slug)s”): remove one."
                ) % {
                    "first": self.report.sheet_row(slugs[slug]),
                    "second": self.report.sheet_row(number),
                    "slug": slug,
                }
                for each in (number, slugs[slug]):
                    self.cell_errors[each]["slug"] = message
                continue
            slugs[slug] = number
            if listed is None and names:
                self.fill_from_gazetteer(number, row, names, country)

    def fill_from_gazetteer(self, number: int, row: dict, names: list[str], country: str) -> None:
        """What a new city's row leaves out, from the gazetteer; the city is then for an
        editor to review."""
        wanted = [
            key
            for key in ("country", "latitude", "longitude", "timezone", "name_zh", "name_en")
            if row.get(key) in (None, "") or isinstance(row.get(key), Keep)
        ]
        if not wanted:
            return
        place = next(
            (
                gazetteer.find_city(name, country)
                for name in names
                if gazetteer.find_city(name, country)
            ),
            None,
        )
        if place is None:
            if "country" in wanted:
                self.fail(
                    number,
                    "country",
                    _("The gazetteer does not know “%(name)s”: give its country.")
                    % {"name": names[0]},
                )
            return
        found = {
            "country": place.country,
            "latitude": round(Decimal(str(place.latitude)), 6),
            "longitude": round(Decimal(str(place.longitude)), 6),
            "timezone": place.timezone,
            "name_zh": place.chinese_name,
            "name_en": place.name,
        }
        if row.get("latitude") not in (None, "") and not isinstance(row.get("latitude"), Keep):
            wanted = [key for key in wanted if key not in ("latitude", "longitude")]
        filled = [key for key in wanted if found[key]]
        for key in filled:
            row[key] = found[key]
        if filled:
            if "needs_review" not in self.columns:
                row["needs_review"] = True
            self.note(
                number,
                None,
                _("From the gazetteer, for an editor to review: %(values)s.")
                % {"values": ", ".join(f"{key} {found[key]}" for key in filled)},
            )
