"""Every API error has one shape: {"errors": [{"field", "code", "message"}, …]}.

`field` names the query parameter or body field at fault (nested ones joined by dots,
`hours.2.opens`), or is null when the whole request is; `code` is stable and meant for
programs (`invalid`, `required`, `not_found`, `throttled`…); `message` is for people and
follows Accept-Language (English or Chinese).
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views import csrf
from django.views.decorators.csrf import csrf_exempt
from rest_framework import status
from rest_framework.views import exception_handler as drf_exception_handler

ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "field": {
                        "type": "string",
                        "nullable": True,
                        "description": "The parameter or body field at fault; null for the "
                        "request as a whole.",
                    },
                    "code": {"type": "string", "description": "Stable, for programs."},
                    "message": {"type": "string", "description": "For people."},
                },
                "required": ["field", "code", "message"],
            },
        }
    },
    "required": ["errors"],
}


def flatten(detail, field: str | None = None) -> list[dict]:
    """DRF's nested error detail as a flat list of {field, code, message}."""
    if isinstance(detail, dict):
        errors = []
        for key, value in detail.items():
            name = None if key in ("non_field_errors", "__all__") else str(key)
            errors += flatten(value, f"{field}.{name}" if field and name else (name or field))
        return errors
    if isinstance(detail, list):
        if all(isinstance(item, str) for item in detail):
            return [error for item in detail for error in flatten(item, field)]
        errors = []
        for index, item in enumerate(detail):
            if item:  # DRF puts an empty dict for each valid item of a list
                errors += flatten(item, f"{field}.{index}" if field else str(index))
        return errors
    code = getattr(detail, "code", None) or "invalid"  # form errors may come without a code
    return [{"field": field, "code": code, "message": str(detail)}]


def exception_handler(exc, context):
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    detail = getattr(exc, "detail", response.data)
    if isinstance(detail, dict) and set(detail) == {"detail"}:
        detail = detail["detail"]
    if not isinstance(detail, (dict, list)):  # NotFound, PermissionDenied, Throttled…
        detail = [detail]
    response.data = {"errors": flatten(detail)}
    return response


def error_response(code: str, message: str, status_code: int) -> JsonResponse:
    return JsonResponse(
        {"errors": [{"field": None, "code": code, "message": message}]}, status=status_code
    )


@csrf_exempt  # it changes nothing, so a write to an address that is no endpoint is a 404 too
def not_found(request, *args, **kwargs) -> JsonResponse:
    """Any /api/ address that is not an endpoint: the same JSON as a missing object."""
    message = _("There is no such endpoint; the list is at /api/docs/.")
    return error_response("not_found", message, status.HTTP_404_NOT_FOUND)


def csrf_failure(request, reason: str = ""):
    """Django's CSRF refusal (settings.CSRF_FAILURE_VIEW): under /api/ in the API's shape,
    elsewhere Django's own page."""
    if not request.path.startswith("/api/"):
        return csrf.csrf_failure(request, reason)
    message = _(
        "This request was refused as a possible cross-site request forgery. "
        "The API is used with an API key (the Authorization header), not a browser's session."
    )
    return error_response("csrf_failed", message, status.HTTP_403_FORBIDDEN)


# The database cannot be reached (restarting, failing over, out of connections): an outage
# the client should wait out, not a bug.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 5


def server_error(request):
    """handler500. While the database is down: 503 with Retry-After, under /api/ in the API's
    shape, elsewhere a page saying so (templates/503.html, which needs no database). Any
    other failure: the 500 page."""
    error = sys.exc_info()[1]
    if not isinstance(error, DATABASE_UNAVAILABLE):
        return error_page(request, "500.html", status.HTTP_500_INTERNAL_SERVER_ERROR)
    if request.path.startswith("/api/"):
        message = _("The service is briefly unavailable. Try again in a few seconds.")
        response = error_response("unavailable", message, status.HTTP_503_SERVICE_UNAVAILABLE)
    else:
        response = error_page(request, "503.html", status.HTTP_503_SERVICE_UNAVAILABLE)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def error_page(request, template_name: str, status_code: int) -> HttpResponse:
    """A page rendered without the database or context processors, whatever broke: its only
    context is the Content-Security-Policy nonce that lets its inline styles apply."""
    context = {"CSP_NONCE": getattr(request, "csp_nonce", "")}
    return HttpResponse(loader.get_template(template_name).render(context), status=status_code)
