"""The in-process command runner itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.cli import station_cli


def test_station_cli_runs_a_command_with_stdin(station_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = station_cli("operator", "add", "sup1", "--role", "supervisor", "--name", "Siti", "--password-stdin",
                       stdin="rahasia-supervisor-1\n")
    assert code == 0
    assert "sup1" in capsys.readouterr().out
