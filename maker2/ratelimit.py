"""The guard of the site's public forms: per-client hourly limits, counted in Django's cache,
and the honeypot.

One guard for every form a stranger can post (tour requests, space submissions), so they
count clients and turn bots away the same way. Behind several server processes the cache must
be shared (CACHE_URL), or each process counts apart. While a shared cache is out of reach it
reads as empty and drops writes (maker2/settings.py's cache_from_url, each failure logged), so
the limits count nothing and let every post through rather than refuse visitors.
"""

import enum
import ipaddress
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.cache import cache

from maker2.forms import filled_honeypot

WINDOW = 60 * 60  # seconds


def client_ip(request) -> str:
    """The visitor's address: the one settings.TRUSTED_PROXY_COUNT proxies saw, else the peer."""
    forwarded = request.headers.get("X-Forwarded-For", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if settings.TRUSTED_PROXY_COUNT and len(hops) >= settings.TRUSTED_PROXY_COUNT:
        try:
            return str(ipaddress.ip_address(hops[-settings.TRUSTED_PROXY_COUNT]))
        except ValueError:
            pass  # not an address: count the peer's
    return request.META.get("REMOTE_ADDR", "")


@dataclass(frozen=True)
class HourlyLimit:
    """At most `getattr(settings, setting)` posts of one kind per client and hour; `message`
    tells a client over it to wait."""

    kind: str
    setting: str
    message: str

    def key(self, request) -> str:
        return f"{self.kind}:{client_ip(request)}"

    def left(self, request) -> int:
        return getattr(settings, self.setting) - cache.get(self.key(request), 0)

    def count(self, request) -> None:
        key = self.key(request)
        cache.add(key, 0, WINDOW)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, WINDOW)


class Post(enum.Enum):
    """What became of a request to a public form (guard_post)."""

    FORM = "form"  # a GET, or a post with errors: the form is shown (again)
    LIMITED = "limited"  # over the hourly limit: the form is shown with the message, as 429
    SPAM = "spam"  # a honeypot was filled: the bot is thanked as people are, nothing is kept
    ACCEPTED = "accepted"  # valid and counted: the view acts on it

    @property
    def status(self) -> int:
        return 429 if self is Post.LIMITED else 200


def guard_post(request, limit: HourlyLimit, form: forms.BaseForm, *formsets) -> Post:
    """Check a public form's request: a post over the client's hourly `limit` is refused,
    any other is validated with its formsets (all of them, so that one page shows every
    error at once), and a valid one is counted, then told apart from a bot's."""
    if request.method != "POST":
        return Post.FORM
    if limit.left(request) <= 0:
        form.add_error(None, limit.message)
        return Post.LIMITED
    if not all([form.is_valid(), *(formset.is_valid() for formset in formsets)]):
        return Post.FORM
    limit.count(request)
    return Post.SPAM if filled_honeypot(form) else Post.ACCEPTED
