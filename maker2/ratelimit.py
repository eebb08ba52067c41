"""Per-client hourly limits for the site's public forms, counted in Django's cache.

One mechanism for every form a stranger can post (tour requests, space submissions), so
they count clients the same way. Behind several server processes the cache must be shared
(CACHE_URL), or each process counts apart. While a shared cache is out of reach it reads as
empty and drops writes (maker2/settings.py's cache_from_url, each failure logged), so the
limits count nothing and let every post through rather than refuse visitors.
"""

import ipaddress
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

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
    """At most `getattr(settings, setting)` posts of one kind per client and hour."""

    kind: str
    setting: str

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
