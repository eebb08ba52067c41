"""The admin sign-in's lock-out after repeated wrong passwords (django-axes).

Only /admin/login/ is counted and locked: the site's own sign-in (allauth, for makers) has
allauth's rate limits, and the API authenticates by key, never by password. What is counted
and for how long is set in settings (ADMIN_LOGIN_FAILURE_LIMIT, ADMIN_LOGIN_COOLOFF_MINUTES);
the locked-out answer is templates/admin/login_locked_out.html, with status 429.
"""

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render


class AdminLoginBackend(AxesStandaloneBackend):
    """Refuses a sign-in while its account or address is locked out, before any password is
    checked. A sign-in with no request (a script or a test calling `authenticate()`) does not
    come from a browser, so there is nothing to count and it is let through."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


class AdminLoginHandler(AxesDatabaseHandler):
    """Records failures, sign-ins and sign-outs on the admin only, so that makers' failed
    sign-ins on the site never count against an address's admin sign-ins."""

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        if request is not None and self.is_admin_request(request):
            super().user_login_failed(sender, credentials, request, **kwargs)

    def user_logged_in(self, sender, request, user, **kwargs):
        if request is not None and self.is_admin_request(request):
            super().user_logged_in(sender, request, user, **kwargs)

    def user_logged_out(self, sender, request, user, **kwargs):
        if request is not None and self.is_admin_request(request):
            super().user_logged_out(sender, request, user, **kwargs)


def attempted_username(request, credentials: dict | None) -> str | None:
    """The account a sign-in tried, in lower case: "Admin" and "ADMIN" count as one account
    (the email backend matches addresses in any case)."""
    source = credentials if credentials is not None else getattr(request, "POST", {})
    username = source.get("username")
    return username.strip().lower() if isinstance(username, str) else None


def locked_out(request, original_response=None, credentials=None) -> HttpResponse:
    """The answer to a locked-out sign-in: a page in the site's look, 429 Too Many Requests.
    Retry-After is the whole cool-off: each try while locked out starts it again."""
    minutes = settings.ADMIN_LOGIN_COOLOFF_MINUTES
    response = render(request, "admin/login_locked_out.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response
