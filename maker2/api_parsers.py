"""How the API reads request bodies: JSON through orjson, never more than Django's
DATA_UPLOAD_MAX_MEMORY_SIZE of it.

DRF reads the body from the request's stream, which skips the size check Django makes on
`request.body`, so without this a partner's PUT could be as large as the proxy lets it be.
"""

import io

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from drf_orjson_renderer.parsers import ORJSONParser
from rest_framework import status
from rest_framework.exceptions import APIException


class RequestTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"
    default_detail = _("The request body is larger than the {limit} the API accepts.")

    def __init__(self, limit: int):
        super().__init__(str(self.default_detail).format(limit=filesizeformat(limit)))


class BoundedJSONParser(ORJSONParser):
    """orjson's strict JSON (no NaN; nesting past 1,024 levels is a 400, not a
    RecursionError), from a body of at most DATA_UPLOAD_MAX_MEMORY_SIZE bytes (a 413)."""

    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is None or stream is None:
            return super().parse(stream, media_type, parser_context)
        body = stream.read(limit + 1)  # a body without Content-Length is read this far only
        if len(body) > limit:
            raise RequestTooLarge(limit)
        return super().parse(io.BytesIO(body), media_type, parser_context)
