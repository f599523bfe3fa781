"""The type checker and the linter run with the tests: mypy strict on the typed layers and the GUI, ruff on the whole tree.

Their settings live in pyproject.toml ([tool.mypy], [tool.ruff]); mypy keeps its cache in
.mypy_cache, so a run after the first takes seconds.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True, timeout=240)


def test_mypy_strict_finds_nothing_in_drivers_domain_and_sync() -> None:
    result = _run("mypy")  # files, strictness and warn_unused_ignores come from [tool.mypy]
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success: no issues found" in result.stdout


def test_mypy_checks_the_layers_it_is_meant_to() -> None:
    """The configuration cannot quietly shrink to nothing: it names the layers and is strict."""
    import tomllib

    settings = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    assert {"drivers", "app/domain", "app/sync"} <= set(settings["files"])
    assert settings["strict"] is True and settings["warn_unused_ignores"] is True


GUI_MYPY = ("mypy", "--follow-imports=silent")  # strict from [tool.mypy]; imported layers are read, not reported


def test_mypy_strict_finds_nothing_in_the_gui() -> None:
    """ui/gui reads the services' frozen views, so a misspelt or missing field is a type error here."""
    result = _run(*GUI_MYPY, "ui/gui")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success: no issues found" in result.stdout


def test_mypy_on_the_gui_catches_a_field_a_view_lacks(tmp_path: Path) -> None:
    """The GUI check is live: reading a column the view does not carry (the password hash) fails it."""
    sample = tmp_path / "gui_sample.py"
    sample.write_text(
        "from app.services.views import OperatorView\n\n\n"
        "def shown(operator: OperatorView) -> str:\n"
        "    return operator.password_hash\n", encoding="utf-8")
    result = _run(*GUI_MYPY, str(sample))
    assert result.returncode == 1, result.stdout + result.stderr
    assert '"OperatorView" has no attribute "password_hash"' in result.stdout


def test_ruff_finds_nothing_in_the_tree() -> None:
    result = _run("ruff", "check", "--no-cache", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_would_catch_an_unused_import_and_a_stale_noqa(tmp_path: Path) -> None:
    """The linter is live with this configuration (not so loose that it checks nothing)."""
    sample = tmp_path / "sample.py"
    sample.write_text("import os\n\nVALUE = 1  # noqa: E501\n", encoding="utf-8")
    result = _run("ruff", "check", "--no-cache", "--config", str(ROOT / "pyproject.toml"), str(sample))
    assert result.returncode == 1
    assert "F401" in result.stdout and "RUF100" in result.stdout
