"""API keys as the partner API's authentication: `Authorization: Api-Key m2_…`.

What a key may see or do, and the rates, are maker2/api_access.py's; this reads the key.
Keys are never logged: nothing here writes the header or the key anywhere.
"""

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from .models import ApiKey

KEYWORD = "Api-Key"


class ApiKeyAuthentication(authentication.BaseAuthentication):
    """`Authorization: Api-Key m2_<prefix>_<secret>`; other schemes are left alone."""

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() != KEYWORD.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                _("Send the key as: Authorization: Api-Key <key>.")
            )
        try:
            marker, prefix, secret = parts[1].decode("ascii").split("_")
        except (UnicodeDecodeError, ValueError):
            marker = prefix = secret = ""
        key = None
        if marker == "m2" and prefix and secret:
            key = ApiKey.objects.select_related("user").filter(prefix=prefix).first()
        if key is None or not key.matches(secret):
            raise exceptions.AuthenticationFailed(_("This API key is not valid."))
        if not key.is_active:
            raise exceptions.AuthenticationFailed(_("This API key has been revoked."))
        if key.user is not None and not key.user.is_active:
            raise exceptions.AuthenticationFailed(_("The account of this API key is disabled."))
        return (key.user or AnonymousUser(), key)

    def authenticate_header(self, request) -> str:
        return KEYWORD


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = ApiKeyAuthentication
    name = "ApiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": (
                'Send "Api-Key <key>". Optional for reading; it raises the rate limit and, '
                "with the contact scope, shows spaces' email and phone."
            ),
        }
