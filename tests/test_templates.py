"""Templates stay readable by a person: no line longer than 160 characters.

Where attributes or conditions pile up, a template puts one element per line; a sentence too
long for a line goes in `{% blocktranslate trimmed %}`, which keeps its message as it was.
"""

from pathlib import Path

import pytest
from django.conf import settings

LONGEST_LINE = 160
# The site's templates and any app's own (APP_DIRS): third-party packages' are not ours.
TEMPLATE_DIRS = [
    *(Path(folder) for folder in settings.TEMPLATES[0]["DIRS"]),
    *Path(settings.BASE_DIR).glob("*/templates"),
]
TEMPLATES = sorted(path for folder in TEMPLATE_DIRS for path in folder.rglob("*") if path.is_file())


def _name(path: Path) -> str:
    folder = next(folder for folder in TEMPLATE_DIRS if path.is_relative_to(folder))
    return path.relative_to(folder).as_posix()


def test_the_project_has_templates_to_check():
    assert len(TEMPLATES) > 100


@pytest.mark.parametrize("path", [pytest.param(path, id=_name(path)) for path in TEMPLATES])
def test_no_template_line_is_longer_than_160_characters(path):
    long_lines = [
        f"{_name(path)}:{number}: {len(line)} characters"
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if len(line) > LONGEST_LINE
    ]

    assert not long_lines, "\n".join(long_lines)
