"""Configuration: default file created, bad TOML / values give a clear ConfigError."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.biometrics.duplicates import DuplicateSettings
from app.bootstrap import build_station
from app.config import DEFAULT_CONFIG, from_mapping, load_config
from app.errors import ConfigError
from app.paths import StationPaths
from app.quality.settings import QualitySettings
from app.services.enrolment_types import EnrolmentSettings
from app.services.limits import LimitsSettings
from app.services.settings import LoginPolicy, PeopleSettings
from app.sync.settings import SyncSettings


@pytest.fixture
def paths(station_home: Path) -> StationPaths:
    return StationPaths.default()


def test_default_file_is_created_on_first_start(paths: StationPaths) -> None:
    assert not paths.config_file.exists()
    config = load_config(paths=paths)
    assert paths.config_file.exists()
    assert config.identity.timezone == "WIB"
    assert config.identity.station_code == "3573-01"
    assert load_config(paths=paths).raw == config.raw  # read back unchanged


def test_station_home_puts_everything_under_one_folder(station_home: Path, paths: StationPaths) -> None:
    assert paths.config_dir.parent == paths.data_dir.parent == paths.log_dir.parent == station_home


def test_database_defaults_to_sqlite_in_the_data_directory(paths: StationPaths) -> None:
    assert from_mapping({}, paths).database_url == f"sqlite:///{paths.database_file}"


def test_bad_toml_is_a_config_error(paths: StationPaths, tmp_path: Path) -> None:
    path = tmp_path / "station.toml"
    path.write_text("[station\nname = 'x'\n", encoding="utf-8")
    with pytest.raises(ConfigError) as error:
        load_config(path, paths)
    assert str(path) in error.value.message_en and error.value.action_id


def test_a_file_in_another_encoding_is_a_config_error(paths: StationPaths, tmp_path: Path) -> None:
    path = tmp_path / "station.toml"
    path.write_bytes("[station]\nname = 'Stasiun Dép'\n".encode("cp1252"))
    with pytest.raises(ConfigError):
        load_config(path, paths)


def test_missing_named_file_is_a_config_error(paths: StationPaths, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="tidak ada"):
        load_config(tmp_path / "nope.toml", paths)


@pytest.mark.parametrize("station", [
    {"timezone": "CET"}, {"timezone": "UTC+7"}, {"office_code": "35A3"}, {"office_code": "357"},
    {"station_number": 0}, {"station_number": "satu"}, {"language": "jv"},
])
def test_bad_station_values_are_config_errors(paths: StationPaths, station: dict) -> None:
    with pytest.raises(ConfigError):
        from_mapping({"station": station}, paths)


def test_timezone_is_case_insensitive(paths: StationPaths) -> None:
    assert from_mapping({"station": {"timezone": "wita"}}, paths).identity.timezone == "WITA"


def test_devices_must_be_tables(paths: StationPaths) -> None:
    with pytest.raises(ConfigError):
        from_mapping({"devices": {"camera": "sim"}}, paths)


def test_default_config_is_complete_and_its_rules_parse(paths: StationPaths) -> None:
    assert set(DEFAULT_CONFIG) >= {"station", "database", "devices", "eligibility", "documents", "operators"}
    assert PeopleSettings.from_config(from_mapping({}, paths)) == PeopleSettings.defaults()


def test_people_settings_read_their_tables(paths: StationPaths) -> None:
    config = from_mapping({"operators": {"max_failed_logins": 3, "lockout_minutes": 30},
                           "eligibility": {"polling_day": "2024-11-27", "early_min_age": False},
                           "documents": {"birth_certificate": True}}, paths)
    settings = PeopleSettings.from_config(config)
    assert settings.login == LoginPolicy(max_failed_logins=3, lockout_minutes=30)
    assert settings.eligibility.early_min_age is None and settings.documents.birth_certificate


@pytest.mark.parametrize("table", [{"operators": {"max_failed_logins": 0}}, {"operators": {"lockout_minutes": "x"}},
                                   {"eligibility": {"polling_day": "besok"}}, {"documents": {"birth_certificate": 1}},
                                   {"operators": "strict"}])
def test_bad_people_settings_name_their_table(paths: StationPaths, table: dict) -> None:
    with pytest.raises(ConfigError) as error:
        PeopleSettings.from_config(from_mapping(table, paths))
    assert f"[{next(iter(table))}]" in error.value.message_en


@pytest.mark.parametrize(("table", "parse"), [
    ("sync", lambda config: SyncSettings.from_config(config)),
    ("limits", lambda config: LimitsSettings.from_config(config)),
    ("enrolment", lambda config: EnrolmentSettings.from_config(config)),
    ("quality", lambda config: QualitySettings.from_config(config)),
    ("duplicates", lambda config: DuplicateSettings.from_config(config)),
])
def test_a_misspelt_key_is_refused_naming_its_table(paths: StationPaths, table: str, parse: Any) -> None:
    config = from_mapping({table: {"retension_days": 3}}, paths)
    with pytest.raises(ConfigError) as caught:
        parse(config)
    error = caught.value
    assert "retension_days" in error.message_id and f"[{table}]" in error.message_en
    assert f"[{table}]" in error.action_en and error.action_id


def test_quality_settings_are_parsed_once_for_the_whole_station(station: Any) -> None:
    assert station.enrolments.quality_settings is station.quality_settings
    assert station.selfcheck.quality_settings is station.quality_settings


def test_a_bad_table_stops_the_station_at_start_not_mid_session(paths: StationPaths) -> None:
    """[limits] is first read after log-in (the freeze watch): its mistakes must surface when the station is built."""
    with pytest.raises(ConfigError) as caught:
        build_station(from_mapping({"limits": {"max_pending_approval": -5}}, paths), log_to_file=False)
    assert "[limits] max_pending_approval" in caught.value.message_en
