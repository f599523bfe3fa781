"""Configuration from the hub: whitelisted keys only, validated whole, merged into station.toml atomically."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from sqlalchemy import select

from app.bootstrap import Station
from app.config import StationConfig, load_config
from app.domain.enums import AuditAction
from app.paths import StationPaths
from app.settings import validate_station_data
from app.storage.models import AuditEvent
from app.sync.central_config import CentralConfigRefused, apply_central_config, validate_central_config
from server.local import LocalHub
from tests.support.cli import station_cli

LOCAL_FILE: dict[str, Any] = {
    "station": {"name": "Stasiun Uji", "office_code": "3573", "station_number": 4, "timezone": "WIB"},
    "database": {"url": ""},
    "devices": {"camera": {"backend": "sim", "seed": 11}, "fingerprint": {"backend": "sim", "seed": 12}},
    "quality": {"max_attempts": 3, "finger": {"right_little": 25}},
    "sync": {"hub_url": "http://127.0.0.1:9", "chunk_size": 65536, "retention_days": 30},
}


@pytest.fixture
def station_file(station_home: Path) -> Path:
    paths = StationPaths.default()
    paths.ensure()
    paths.config_file.write_text(tomli_w.dumps(LOCAL_FILE), encoding="utf-8")
    return paths.config_file


@pytest.fixture
def local_config(station_file: Path) -> StationConfig:
    return load_config(station_file)


def read(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def test_whitelisted_keys_are_merged_and_validated(local_config: StationConfig, station_file: Path) -> None:
    before = station_file.read_bytes()
    central = {"quality": {"max_attempts": 5, "finger": {"left_little": 28}, "face": {"min_sharpness": 20.0}},
               "sync": {"retention_days": 7, "require_approval": False},
               "eligibility": {"polling_day": "2024-11-27"}, "documents": {"birth_certificate": True}}
    result, new_config = apply_central_config(local_config, 3, central, validate_station_data)

    assert result.version == 3 and result.refused is None
    assert set(result.changed) == {"quality.max_attempts", "quality.finger.left_little", "quality.face.min_sharpness",
                                   "sync.retention_days", "sync.require_approval", "eligibility.polling_day",
                                   "documents.birth_certificate"}
    assert not any(key.startswith("sync.") for key in result.restart_needed)
    written = read(station_file)
    for local in ("station", "database", "devices"):
        assert written[local] == LOCAL_FILE[local]
    assert written["quality"]["finger"] == {"right_little": 25, "left_little": 28}  # merged, not replaced
    assert written["sync"]["hub_url"] == "http://127.0.0.1:9" and written["sync"]["chunk_size"] == 65536
    assert station_file.with_name("station.toml.bak").read_bytes() == before
    assert new_config.section("sync")["retention_days"] == 7
    assert load_config(station_file).section("quality")["max_attempts"] == 5


def test_the_same_configuration_again_changes_nothing(local_config: StationConfig, station_file: Path) -> None:
    central = {"quality": {"max_attempts": 3}, "sync": {"retention_days": 30}}
    stat_before = station_file.stat()
    result, _config = apply_central_config(local_config, 1, central, validate_station_data)
    assert result.changed == ()
    assert station_file.stat().st_mtime_ns == stat_before.st_mtime_ns
    assert not station_file.with_name("station.toml.bak").exists()


@pytest.mark.parametrize("central, words", [
    ({"devices": {"camera": {"backend": "opencv", "source": "rtsp://203.0.113.9/"}}}, "[devices]"),
    ({"station": {"station_number": 9}}, "[station]"),
    ({"database": {"url": "sqlite:////tmp/elsewhere.sqlite3"}}, "[database]"),
    ({"sync": {"hub_url": "http://203.0.113.9:8470"}}, "sync.hub_url"),
    ({"sync": {"retention_days": 7, "chunk_size": 4096}}, "sync.chunk_size"),
    ({"eligibility": {"surprise": 1}}, "eligibility.surprise"),
    ({"quality": {"max_attempts": 99}}, "max_attempts"),
    ({"quality": {"unknown_gate": 1}}, "unknown_gate"),
    ({"quality": {"finger": {"sixth_finger": 40}}}, "sixth_finger"),
    ({"sync": {"retention_days": -1}}, "retention_days"),
    ({"sync": {"require_approval": "no"}}, "require_approval"),
    ({"eligibility": {"polling_day": "27/11/2024"}}, "eligibility"),
    ({"operators": {"min_password_length": 2}}, "operators"),
    ({"duplicates": {"threshold": 0}}, "duplicates"),
    ({"quality": 5}, "[quality]"),
    (["quality"], "tabel"),
    ({"eligibility": {"polling_day": None}}, "TOML"),
])
def test_forbidden_or_invalid_configuration_is_refused_and_changes_nothing(
        local_config: StationConfig, station_file: Path, central: Any, words: str) -> None:
    before = station_file.read_bytes()
    with pytest.raises(CentralConfigRefused) as refused:
        apply_central_config(local_config, 2, {"quality": {"max_attempts": 4}, **central}
                             if isinstance(central, dict) else central, validate_station_data)
    error = refused.value
    assert error.message_id.startswith("Konfigurasi dari pusat ditolak")
    assert error.message_en.startswith("The configuration from the hub was refused")
    assert words in error.message_id + error.message_en
    assert error.action_id and error.action_en
    assert station_file.read_bytes() == before
    assert not station_file.with_name("station.toml.bak").exists()


def test_hub_side_check_turns_toml_dates_into_text() -> None:
    import datetime as dt

    tables = validate_central_config({"eligibility": {"polling_day": dt.date(2024, 11, 27)}}, validate_station_data)
    assert tables == {"eligibility": {"polling_day": "2024-11-27"}}
    with pytest.raises(CentralConfigRefused):
        validate_central_config({"devices": {"iris": {"backend": "sbi"}}}, validate_station_data)


def audit_events(station: Station) -> list[AuditEvent]:
    with station.db.session() as session:
        return list(session.scalars(select(AuditEvent).where(AuditEvent.action == AuditAction.SETTINGS_CHANGED)))


def test_sync_applies_the_pulled_configuration_once_and_audits_it(registered: Station, local_hub: LocalHub,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert local_hub.hub is not None
    config_file = registered.config.paths.config_file
    version = local_hub.hub.push_config({"sync": {"retention_days": 14}, "quality": {"max_attempts": 5}})
    report = registered.sync.sync_now()

    assert report.config is not None and report.config.version == version
    assert set(report.config.changed) == {"sync.retention_days", "quality.max_attempts"}
    assert report.config.restart_needed == ("quality.max_attempts",)
    assert registered.sync.settings.retention_days == 14  # [sync] policy applies at once
    assert read(config_file)["quality"]["max_attempts"] == 5
    [event] = audit_events(registered)
    assert event.subject == "hub-config" and event.details["config_version"] == version
    assert set(event.details["changed"]) == {"sync.retention_days", "quality.max_attempts"}
    assert report.to_dict()["config"]["changed"]

    again = registered.sync.sync_now()
    assert again.config is None and len(audit_events(registered)) == 1
    assert registered.sync.summary().hub_config["version"] == version


def test_sync_refuses_a_bad_configuration_and_tells_the_operator(registered: Station, local_hub: LocalHub,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert local_hub.hub is not None
    config_file = registered.config.paths.config_file
    capsys.readouterr()
    assert station_cli(*["sync"]) == 0  # the CLI writes the default station.toml first
    before = config_file.read_bytes()
    # A hub that publishes without checking (an older hub, or edited in its database).
    version = local_hub.hub.push_config({"devices": {"fingerprint": {"backend": "r30x", "port": "/dev/ttyUSB9"}},
                                         "quality": {"max_attempts": 4}})
    capsys.readouterr()
    assert station_cli(*["sync"]) == 0
    out = capsys.readouterr().out
    assert f"hub configuration version {version} REFUSED" in out and "[devices]" in out
    assert config_file.read_bytes() == before
    assert not audit_events(registered)

    fixed = local_hub.hub.push_config({"quality": {"max_attempts": 4}})
    assert station_cli(*["sync"]) == 0
    out = capsys.readouterr().out
    assert f"hub configuration version {fixed} applied" in out and "quality.max_attempts" in out
    assert "after a restart: quality.max_attempts" in out
    assert read(config_file)["quality"]["max_attempts"] == 4


def test_a_local_toml_date_equals_the_same_day_as_text(station_file: Path) -> None:
    station_file.write_text(tomli_w.dumps(LOCAL_FILE) + "\n[eligibility]\npolling_day = 2024-11-27\n", encoding="utf-8")
    result, _config = apply_central_config(load_config(station_file), 5, {"eligibility": {"polling_day": "2024-11-27"}},
                                          validate_station_data)
    assert result.changed == ()
