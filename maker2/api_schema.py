"""What drf-spectacular cannot infer about the API, added to the schema it generates.

`Schema`, the API's schema class (REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]), and hooks listed
in SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]: the error responses every operation may
give, in the shape of maker2/api_errors.py, and how empty query parameters are read.
"""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import is_list_serializer

from .api_errors import ERROR_SCHEMA


class Schema(AutoSchema):
    """drf-spectacular's, with what it leaves out of request bodies: the bounds of a nested
    list (`max_length`), and a serializer's `request_schema`, JSON Schema for a rule across
    its fields."""

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if schema and is_list_serializer(field):
            if field.max_length is not None:
                schema["maxItems"] = field.max_length
            if field.min_length is not None:
                schema["minItems"] = field.min_length
        return schema

    def _map_basic_serializer(self, serializer, direction):
        schema = super()._map_basic_serializer(serializer, direction)
        if direction == "request":
            schema.update(getattr(serializer, "request_schema", {}))
        return schema


class ExportSchema(Schema):
    """An export (CSV, GeoJSON) takes the list's filters, though it answers one document."""

    def get_filter_backends(self):
        return getattr(self.view, "filter_backends", [])


# What any operation may answer besides its success, and when.
COMMON_ERRORS = {
    "400": "A query parameter or body field is not valid; `field` names it.",
    "401": "The API key is not valid or has been revoked.",
    "404": "No such object, or it is not public.",
    "429": "Too many requests; retry after the number of seconds in Retry-After.",
}
WRITE_ERRORS = {
    "403": "The key may not update this space.",
    "413": "The body is larger than the API accepts (2.5 MB; `code: too_large`).",
}


def document_errors(result, generator, request, public):
    """drf-spectacular hook: the error shape, and which errors each operation may answer."""
    result["components"]["schemas"]["Error"] = ERROR_SCHEMA
    reference = {"$ref": "#/components/schemas/Error"}
    for operations in result["paths"].values():
        for method, operation in operations.items():
            errors = dict(COMMON_ERRORS)
            if method in ("put", "patch", "post", "delete"):
                errors.update(WRITE_ERRORS)
            for code, description in errors.items():
                operation["responses"].setdefault(
                    code,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": reference}},
                    },
                )
    return result


def document_empty_parameters(result, generator, request, public):
    """An empty optional query parameter (`?city=`) is ignored, as a form would send it;
    in a list of choices an empty item is an error."""
    for operations in result["paths"].values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter["in"] != "query" or parameter.get("required"):
                    continue
                if parameter["schema"].get("type") == "array":
                    parameter["schema"]["items"].setdefault("minLength", 1)
                else:
                    parameter["allowEmptyValue"] = True
    return result
