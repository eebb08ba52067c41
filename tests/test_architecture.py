"""Dependencies point one way (README, "Layout"): the import contracts in pyproject.toml hold.

`make lint` runs the same contracts; here they run with the suite, so that an import against
the arrows (a lazy one inside a function too) fails CI wherever it is caught first.
"""

from pathlib import Path

from importlinter.cli import EXIT_STATUS_SUCCESS, lint_imports

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def test_every_import_contract_is_kept(capsys):
    status = lint_imports(config_filename=str(PYPROJECT), no_cache=True, no_logo=True)

    assert status == EXIT_STATUS_SUCCESS, capsys.readouterr().out
