"""Spaces as spreadsheet rows: what staff import and export in the admin (django-import-export).

One row per space, keyed by its slug: a row whose slug exists updates that space, any other
creates one. Cities, networks, services and equipment are named by their slugs (several
separated by commas). Every row is checked as the admin form would (the model's full_clean,
its database constraints included) and the preview lists each row's errors; a file with any
error saves nothing. CSV may be UTF-8 (with or without a BOM) or GB18030, which Excel on a
Chinese Windows writes; exports are UTF-8 with a BOM, so that Excel shows Chinese right.
"""

from datetime import datetime

from django.core.exceptions import ValidationError
from import_export import resources, widgets
from import_export.fields import Field
from import_export.formats import base_formats

from .models import City, Equipment, Network, Service, Space


def decode_text(data: bytes) -> str:
    """UTF-8 when the bytes are UTF-8 (a BOM is dropped), else GB18030 (a superset of GBK and
    GB2312). Chinese text in one is almost never valid in the other."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030")


class CSV(base_formats.CSV):
    """CSV whose encoding is detected (see `decode_text`), written as UTF-8 with a BOM."""

    def is_binary(self) -> bool:
        # The admin then hands create_dataset the file's bytes instead of decoding them
        # with its one `from_encoding`.
        return True

    def get_read_mode(self) -> str:
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, bytes):
            in_stream = decode_text(in_stream)
        return super().create_dataset(in_stream, **kwargs)

    def export_data(self, dataset, **kwargs) -> bytes:
        return super().export_data(dataset, **kwargs).encode("utf-8-sig")


FORMATS = [CSV, base_formats.XLSX]


class SlugWidget(widgets.ForeignKeyWidget):
    """A related row named by its slug; an unknown slug is an error in that cell."""

    def __init__(self, model) -> None:
        super().__init__(model, field="slug")

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except self.model.DoesNotExist:
            raise ValueError(
                f"No {self.model._meta.verbose_name} has the slug “{value}”."
            ) from None


class SlugsWidget(widgets.ManyToManyWidget):
    """Related rows named by their slugs, separated by commas; every slug must exist."""

    def __init__(self, model) -> None:
        super().__init__(model, field="slug", separator=",")

    def clean(self, value, row=None, **kwargs):
        found = super().clean(value, row, **kwargs)
        wanted = {slug.strip() for slug in str(value or "").split(",") if slug.strip()}
        missing = sorted(wanted - {term.slug for term in found})
        if missing:
            plural = self.model._meta.verbose_name_plural
            raise ValueError(f"No {plural} have the slugs: {', '.join(missing)}.")
        return found


class IntegerWidget(widgets.IntegerWidget):
    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except (ArithmeticError, TypeError, ValueError):  # Decimal("many") is an ArithmeticError
            raise ValueError(f"Enter a whole number, not “{value}”.") from None


class DecimalWidget(widgets.DecimalWidget):
    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except (ArithmeticError, TypeError, ValueError):
            raise ValueError(f"Enter a number, not “{value}”.") from None


class DateWidget(widgets.DateWidget):
    """Dates as 2013-05-04, or 2013/5/4 as Excel shows them in China, or Excel's own dates."""

    def __init__(self) -> None:
        super().__init__()
        self.formats = ("%Y-%m-%d", "%Y/%m/%d")

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime):  # an Excel date cell
            return value.date()
        try:
            return super().clean(value, row, **kwargs)
        except ValueError:
            raise ValueError(f"Enter a date as YYYY-MM-DD, not “{value}”.") from None


class SpaceResource(resources.ModelResource):
    # Widgets for the model's own fields, by field type: text cells left empty (Excel leaves
    # no value at all) are blank text, and a number that is not one is an error in its cell.
    WIDGETS_MAP = {
        **resources.ModelResource.WIDGETS_MAP,
        "TextField": widgets.CharWidget,
        "DecimalField": DecimalWidget,
        "PositiveIntegerField": IntegerWidget,
    }

    city = Field(attribute="city", column_name="city", widget=SlugWidget(City))
    networks = Field(attribute="networks", column_name="networks", widget=SlugsWidget(Network))
    services = Field(attribute="services", column_name="services", widget=SlugsWidget(Service))
    equipment = Field(attribute="equipment", column_name="equipment", widget=SlugsWidget(Equipment))
    founded = Field(attribute="founded", column_name="founded", widget=DateWidget())

    class Meta:
        model = Space
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "name_en",
            "name_zh",
            "kind",
            "status",
            "city",
            "networks",
            "address_en",
            "address_zh",
            "latitude",
            "longitude",
            "floor_area",
            "desks",
            "resident_makers",
            "website",
            "email",
            "phone",
            "founded",
            "services",
            "equipment",
            "description_en",
            "description_zh",
        ]
        export_order = fields
        clean_model_instances = True  # full_clean: field validators and the DB constraints
        skip_unchanged = True  # re-importing an export changes nothing
        report_skipped = True

    def import_data(self, dataset, **kwargs):
        # All or nothing when confirming too: rows checked at the preview may fail now if the
        # data changed meanwhile, and then no row is saved.
        kwargs["rollback_on_validation_errors"] = True
        return super().import_data(dataset, **kwargs)

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("city").prefetch_related("networks", "services", "equipment")

    def import_instance(self, instance, row, **kwargs):
        """Check the many-to-many cells with the others, so the preview shows their errors
        (django-import-export only reads them after saving the row)."""
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row:
                try:
                    field.clean(row, **kwargs)
                except ValueError as error:
                    errors[field.attribute] = ValidationError(str(error), code="invalid")
        if errors:
            raise ValidationError(errors)
