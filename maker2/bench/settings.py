"""The real settings, with URLs that add the naive reference (maker2/bench/naive.py)."""

from maker2.settings import *  # noqa: F403

ROOT_URLCONF = "maker2.bench.urls"
