"""Who may do what through the API: API keys, their scopes, and request rates.

Anyone reads public data without a key, at the anonymous rate. A partner's key
(`Authorization: Api-Key m2_…`) raises the rate, and its scopes add what it may see
(`contact`: spaces' email and phone) or do (`manage`: update the spaces its user manages).
Keys are never logged: nothing here writes the header or the key anywhere. The key itself
is read by `members.authentication.ApiKeyAuthentication` (the key model is members'); here
a key is whatever the request carries as `request.auth`.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, permissions, throttling
from rest_framework.settings import api_settings


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
