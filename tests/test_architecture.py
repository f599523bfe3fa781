"""The layer fence (ui -> app -> drivers, no Qt below ui) is enforced by import-linter."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_linter_contracts_hold() -> None:
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint_imports)], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_every_module_of_app_has_its_place_in_the_order() -> None:
    """A new top-level module or package in app/ must be named in the layers contract, or it would sit outside it."""
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]["contracts"]
    [inside_app] = [c for c in contracts if c.get("containers") == ["app"]]
    placed = {name.strip() for layer in inside_app["layers"] for name in layer.split("|")}
    present = {path.stem for path in (ROOT / "app").iterdir()
               if (path.suffix == ".py" and path.stem != "__init__") or (path / "__init__.py").exists()}
    assert present - placed == set()
    assert placed - present == set()
