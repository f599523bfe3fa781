"""``station register`` and ``station sync`` against a real hub on 127.0.0.1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.config import load_config
from app.sync.synthetic import add_synthetic_enrolment
from server.local import LocalHub
from tests.support.cli import station_cli
from tests.support.station import unlocked_station


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    path = tmp_path / "station.toml"
    path.write_text("[sync]\nrequire_approval = false\nchunk_size = 16384\ntries_per_run = 1\n", encoding="utf-8")
    return path


def test_sync_before_registration_explains_what_to_do(config_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert station_cli(*["--config", str(config_file), "sync"]) == 2
    err = capsys.readouterr().err
    assert "belum terdaftar" in err and "station register" in err and "Traceback" not in err


def test_register_then_sync_prints_what_was_sent(hub: LocalHub, config_file: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert hub.hub is not None
    assert station_cli(*["--config", str(config_file), "register", "--hub", hub.url, "--code", "XXXX-YYYY"]) == 2
    assert "invalid_code" not in capsys.readouterr().out
    code = hub.hub.invite("SMAN-1")
    assert station_cli(*["--config", str(config_file), "register", "--hub", hub.url, "--code", code.lower()]) == 0
    assert "SMAN-1" in capsys.readouterr().out

    station = unlocked_station(load_config(config_file))
    uuids = [add_synthetic_enrolment(station.db, station.blobs, serial=i) for i in range(2)]
    station.close()
    assert station_cli(*["--config", str(config_file), "sync"]) == 0
    out = capsys.readouterr().out
    assert "Terkirim / sent: 2" in out and out.count("OK ") == 2

    assert station_cli(*["--config", str(config_file), "sync", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is True and report["sent"] == []
    assert station_cli(*["--config", str(config_file), "sync", "--status", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["sent"] == len(uuids)


def test_sync_with_the_hub_down_says_what_failed_and_why(hub: LocalHub, config_file: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert hub.hub is not None
    assert station_cli(*["--config", str(config_file), "register", "--hub", hub.url, "--code", hub.hub.invite("S")]) == 0
    station = unlocked_station(load_config(config_file))
    add_synthetic_enrolment(station.db, station.blobs, serial=1)
    station.close()
    hub.stop()
    capsys.readouterr()
    assert station_cli(*["--config", str(config_file), "sync", "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is False and report["failed"][0]["error"]["kind"] == "unreachable"
    assert station_cli(*["--config", str(config_file), "sync"]) == 1
    out = capsys.readouterr().out
    assert "GAGAL" in out and "tidak terjangkau" in out and "cannot be reached" in out
