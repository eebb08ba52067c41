"""Who may do what through the API: API keys, their scopes, and request rates.

Anyone reads public data without a key, at the anonymous rate. A partner's key
(`Authorization: Api-Key m2_…`) raises the rate, and its scopes add what it may see
(`contact`: spaces' email and phone) or do (`manage`: update the spaces its user manages).
Keys are never logged: nothing here writes the header or the key anywhere.
"""

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions, throttling
from rest_framework.settings import api_settings

KEYWORD = "Api-Key"


class ApiKeyAuthentication(authentication.BaseAuthentication):
    """`Authorization: Api-Key m2_<prefix>_<secret>`; other schemes are left alone."""

    def authenticate(self, request):
        # Imported here: the spaces app's API modules use this one, and spaces never imports
        # members (where the key model lives) at import time.
        from members.models import ApiKey

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


def api_key(request):
    """The request's `members.models.ApiKey`, None without one (the only auth is by key)."""
    return request.auth


def may_see_contact(request) -> bool:
    key = api_key(request)
    return key is not None and key.has_scope("contact")


class ManagesTheSpace(permissions.BasePermission):
    """A key with the manage scope whose user manages the space (see `ApiKey.may_manage`)."""

    message = _("This key may not update this space.")

    def has_permission(self, request, view) -> bool:
        if request.method in permissions.SAFE_METHODS:  # OPTIONS describes; GET is a 405
            return True
        if api_key(request) is None:
            raise exceptions.NotAuthenticated(_("Updating a space needs an API key."))
        return True

    def has_object_permission(self, request, view, space) -> bool:
        return api_key(request).may_manage(space)


class RateThrottle(throttling.SimpleRateThrottle):
    """Rates come from settings at request time, so a changed setting applies at once."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]


class AnonymousThrottle(RateThrottle):
    """Requests without a key, counted per client address."""

    scope = "anonymous"

    def get_cache_key(self, request, view):
        if api_key(request) is not None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class PartnerThrottle(RateThrottle):
    """Requests with a key, counted per key whatever address they come from."""

    scope = "partner"

    def get_cache_key(self, request, view):
        key = api_key(request)
        if key is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": key.prefix}
