"""``station CMD`` imports only CMD's module; ``--help`` still lists every command."""

from __future__ import annotations

import argparse
import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.cli import station_cli
from ui.cli.main import COMMAND_MODULES, COMMAND_TABLE, build_parser

ROOT = Path(__file__).resolve().parents[3]
HEAVY = ("app.bootstrap", "app.storage.db", "sqlalchemy", "PySide6", "cv2", "nbis", "ui.cli.commands.gui")


def test_the_table_names_exactly_what_each_module_registers() -> None:
    parser = build_parser()
    subparsers = next(a for a in parser._actions if a.dest == "command")
    registered = {action.dest: action.help for action in subparsers._choices_actions}
    assert registered == {name: help_text for name, (_module, help_text) in COMMAND_TABLE.items()}
    assert {module for module, _help in COMMAND_TABLE.values()} == set(COMMAND_MODULES)
    for module in COMMAND_MODULES:
        alone = argparse.ArgumentParser().add_subparsers()
        importlib.import_module(module).register(alone)
        assert set(alone.choices) == {name for name, (owner, _help) in COMMAND_TABLE.items() if owner == module}


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        station_cli("--help")
    assert exited.value.code == 0
    out = capsys.readouterr().out
    for name, (_module, help_text) in COMMAND_TABLE.items():
        assert name in out
        assert help_text.split(" / ")[0] in out


def test_an_unknown_command_is_refused_in_both_languages(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        station_cli("frobnicate")
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "Galat: perintah tidak valid" in err and "invalid choice" in err


def _imported_after(argv: list[str], tmp_path: Path, stdin: str = "") -> tuple[int, list[str]]:
    code = (
        "import json, sys\n"
        "from ui.cli.main import main\n"
        f"try:\n    rc = main({argv!r})\nexcept SystemExit as e:\n    rc = e.code\n"
        "print(json.dumps([rc, sorted(sys.modules)]))\n"
    )
    env = {**os.environ, "STATION_HOME": str(tmp_path), "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                            check=True, timeout=60, input=stdin)
    rc, modules = json.loads(result.stdout.strip().splitlines()[-1])
    return rc, modules


@pytest.mark.parametrize("argv", [["--version"], ["--help"], ["nik", "3573014503080001", "--on", "2024-11-27", "--json"]])
def test_version_help_and_nik_import_none_of_the_station(argv: list[str], tmp_path: Path) -> None:
    rc, modules = _imported_after(argv, tmp_path)
    assert rc == 0
    loaded = [name for name in modules if any(name == h or name.startswith(h + ".") for h in HEAVY)]
    assert loaded == []
    if argv[0] == "nik":
        assert "ui.cli.commands.nik" in modules
        assert not [m for m in modules if m.startswith("ui.cli.commands.") and m not in ("ui.cli.commands.nik", "ui.cli.commands._args")]


def test_a_data_command_still_builds_the_station(tmp_path: Path) -> None:
    rc, modules = _imported_after(["operator", "add", "spv", "--role", "supervisor", "--name", "Siti Supervisor",
                                   "--password-stdin", "--json"], tmp_path, stdin="rahasia-spv-123\n")
    assert rc == 0
    assert "app.bootstrap" in modules
