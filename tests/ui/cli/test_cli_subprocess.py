"""``station`` as a real process: bad input gives a message and a non-zero exit, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def station(*args: str, home: Path, stdin: str = "", drop: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "STATION_HOME": str(home), "PYTHONWARNINGS": "error"}
    for name in drop:
        env.pop(name, None)
    return subprocess.run([sys.executable, "-m", "ui.cli.main", *args], cwd=ROOT, env=env, input=stdin,
                          capture_output=True, text=True, timeout=120, check=False)


def test_version(station_home: Path) -> None:
    result = station("--version", home=station_home)
    assert result.returncode == 0 and result.stdout.startswith("station ")


def test_nik_example_end_to_end(station_home: Path) -> None:
    result = station("nik", "3573014503080001", "--on", "2024-11-27", "--json", home=station_home)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["valid"] and report["age"] == 16 and report["eligibility"]["status"] == "eligible_early"


@pytest.mark.parametrize("args", [
    ("nik", "35730145"),
    ("nik", "3573014503080001", "--on", "kemarin"),
    ("roster", "import", "/nonexistent/siswa.csv", "--site", "SMAN 1"),
    ("site", "frobnicate"),
])
def test_bad_input_never_shows_a_traceback(station_home: Path, args: tuple[str, ...]) -> None:
    result = station(*args, home=station_home)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stderr.strip() or "INVALID" in result.stdout


def test_broken_config_file_is_explained(station_home: Path, tmp_path: Path) -> None:
    config = tmp_path / "station.toml"
    config.write_text('[station]\ntimezone = "CET"\n', encoding="utf-8")
    result = station("--config", str(config), "site", "list", home=station_home)
    assert result.returncode == 2
    assert "WIB" in result.stderr and "Traceback" not in result.stderr


def test_operator_add_reads_the_password_from_stdin(station_home: Path) -> None:
    result = station("operator", "add", "kasi", "--role", "supervisor", "--name", "Kasi", "--password-stdin",
                     home=station_home, stdin="rahasia-123\n")
    assert result.returncode == 0, result.stderr
    assert "rahasia" not in result.stdout + result.stderr


def test_station_home_that_is_a_file_is_explained(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "home"
    not_a_folder.write_text("oops", encoding="utf-8")
    result = station("site", "list", home=not_a_folder)
    assert result.returncode == 2
    assert "Cannot access" in result.stderr and "Traceback" not in result.stderr


def test_without_a_display_the_gui_explains_how_to_run_it(station_home: Path) -> None:
    result = station(home=station_home, drop=("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))
    assert result.returncode == 2
    assert "xvfb-run" in result.stderr and "Traceback" not in result.stderr
