"""Small helpers shared by test files (fixtures live in tests/conftest.py)."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from django.urls import reverse

BASE_DIR = Path(__file__).resolve().parent.parent


def admin_url(model, view: str, *args) -> str:
    """An admin page of a model: admin_url(Space, "change", space.pk)."""
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def json_ld(response) -> list[dict]:
    """The structured data of a page: each <script type="application/ld+json">, parsed."""
    scripts = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    return [json.loads(script) for script in scripts]


def run_python(code: str, environment: dict[str, str]) -> subprocess.CompletedProcess:
    """`code` run by a new Python in the project folder with exactly `environment`, as a
    server starts: for settings read once, at start-up, and what they refuse."""
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def start_up(**settings: str) -> subprocess.CompletedProcess:
    """The settings read by a new Python, with these environment variables on top of the test
    run's (and a secret key)."""
    return run_python("import maker2.settings", {**os.environ, "SECRET_KEY": "x", **settings})
