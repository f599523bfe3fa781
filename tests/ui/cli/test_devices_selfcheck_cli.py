"""``station devices list`` and ``station selfcheck`` on simulators configured by a TOML file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import tomli_w

from tests.support.cli import station_cli


def write_config(path: Path, devices: dict) -> Path:
    path.write_text(tomli_w.dumps({"devices": devices}))
    return path


def test_devices_list_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = write_config(tmp_path / "station.toml", {"fingerprint": {"backend": "sim", "seed": 7}})
    assert station_cli(*["devices", "list", "--json", "--config", str(config)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["configured"] == [{"family": "fingerprint", "backend": "sim", "settings": {"seed": 7},
                                   "valid": True, "error": None}]
    assert isinstance(data["devices"], list) and isinstance(data["problems"], list)


def test_devices_list_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = write_config(tmp_path / "station.toml", {"camera": {"backend": "sim"}, "iris": {"backend": "zzz"}})
    assert station_cli(*["--config", str(config), "devices", "list"]) == 0
    out = capsys.readouterr().out
    assert "camera" in out and "Discovered" in out and "zzz" in out


def test_selfcheck_passes_with_exit_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = write_config(tmp_path / "station.toml", {"iris": {"backend": "sim"}, "signature": {"backend": "sim"}})
    assert station_cli(*["selfcheck", "--config", str(config), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is True and [r["family"] for r in data["results"]] == ["iris", "signature"]


@pytest.mark.parametrize(("fault", "advice"), [
    ("dirty_sensor", "Clean the fingerprint sensor glass"),
    ("disconnected", "Reconnect the USB/serial cable"),
])
def test_selfcheck_fails_with_exit_1_and_advice(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                fault: str, advice: str) -> None:
    config = write_config(tmp_path / "station.toml", {
        "fingerprint": {"backend": "sim", "fault": fault}, "iris": {"backend": "sim"}})
    assert station_cli(*["selfcheck", "--config", str(config)]) == 1
    out = capsys.readouterr().out
    assert "GAGAL / FAIL" in out and advice in out and "1/2" in out


def test_selfcheck_history(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = write_config(tmp_path / "station.toml", {"iris": {"backend": "sim"}})
    assert station_cli(*["selfcheck", "--config", str(config)]) == 0
    capsys.readouterr()
    assert station_cli(*["selfcheck", "--config", str(config), "--history", "5", "--json"]) == 0
    history = json.loads(capsys.readouterr().out)
    assert [h["family"] for h in history] == ["iris"] and history[0]["ok"] is True
