"""The real settings, with URLs that stand in for the media and tile servers
(maker2/bench/lighthouse_urls.py), for `make lighthouse`."""

from maker2.settings import *  # noqa: F403

ROOT_URLCONF = "maker2.bench.lighthouse_urls"
# Served by this site, so the Content-Security-Policy's img-src 'self' covers them.
MAP_TILE_URL = "/lighthouse/tiles/{z}/{x}/{y}.png"
