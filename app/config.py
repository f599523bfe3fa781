"""The station configuration file (TOML) and its typed core.

Each feature reads its own table through :meth:`StationConfig.section` and
parses it into its own settings dataclass, so this module stays the one place
that knows where the file is and how it is loaded and saved.
"""

from __future__ import annotations

import copy
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w

from app.errors import ConfigError
from app.paths import StationPaths
from app.timezones import ZONES

DEFAULT_CONFIG: dict[str, Any] = {
    "station": {
        "name": "Stasiun Perekaman 1",
        "office_code": "3573",  # originating agency: the Dispendukcapil's region code
        "station_number": 1,
        "timezone": "WIB",
        "language": "id",
    },
    "database": {"url": ""},  # empty: SQLite file in the user data directory
    "devices": {
        "camera": {"backend": "sim", "seed": 1},
        "fingerprint": {"backend": "sim", "seed": 7, "quality": "good"},
        "iris": {"backend": "sim", "seed": 3},
        "signature": {"backend": "sim", "seed": 5},
    },
    # People rules (app/services/settings.py). Add polling_day = "YYYY-MM-DD" before an election.
    "eligibility": {"early_by_polling_day": True, "early_min_age": 16},
    "documents": {"birth_certificate": False},
    "operators": {"max_failed_logins": 5, "lockout_minutes": 15, "min_password_length": 8},
}


@dataclass(frozen=True)
class StationIdentity:
    name: str
    office_code: str
    station_number: int
    timezone: str
    language: str

    @property
    def station_code(self) -> str:
        """Office code and station number, e.g. ``3573-01``: the originating station in records."""
        return f"{self.office_code}-{self.station_number:02d}"


@dataclass(frozen=True)
class StationConfig:
    identity: StationIdentity
    database_url: str
    paths: StationPaths
    raw: Mapping[str, Any] = field(repr=False)
    path: Path | None = None

    def section(self, name: str) -> dict[str, Any]:
        """A copy of one top-level table (``{}`` when absent)."""
        value = self.raw.get(name, {})
        if not isinstance(value, Mapping):
            raise ConfigError(f"[{name}] harus berupa tabel.", f"[{name}] must be a table.")
        return copy.deepcopy(dict(value))

    @property
    def devices(self) -> dict[str, dict[str, Any]]:
        return self.section("devices")


def reject_unknown_keys(table_name: str, table: Mapping[str, Any], known: Iterable[str]) -> None:
    """Refuse keys a settings table does not know: a misspelt key would otherwise be ignored silently.

    Raises:
        ConfigError: naming every unknown key and the table to fix.
    """
    unknown = sorted(set(table) - set(known))
    if unknown:
        names = ", ".join(unknown)
        raise ConfigError(f"Kunci tidak dikenal di [{table_name}]: {names}.", f"Unknown keys in [{table_name}]: {names}.",
                          action_id=f"Perbaiki tabel [{table_name}] di station.toml.",
                          action_en=f"Fix the [{table_name}] table in station.toml.")


def _merge(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    merged = copy.deepcopy(dict(base))
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping) and key != "devices":
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def _identity(table: Mapping[str, Any]) -> StationIdentity:
    try:
        identity = StationIdentity(
            name=str(table["name"]),
            office_code=str(table["office_code"]),
            station_number=int(table["station_number"]),
            timezone=str(table["timezone"]).upper(),
            language=str(table.get("language", "id")),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"[station] tidak lengkap: {exc}", f"[station] is incomplete: {exc}") from exc
    if identity.timezone not in ZONES:
        raise ConfigError(
            f"Zona waktu harus WIB, WITA atau WIT, bukan {identity.timezone}.",
            f"The time zone must be WIB, WITA or WIT, not {identity.timezone}.",
        )
    if not identity.office_code.isdigit() or len(identity.office_code) not in (4, 6):
        raise ConfigError(
            "Kode kantor harus 4 atau 6 angka (kode wilayah).",
            "The office code must be 4 or 6 digits (a region code).",
        )
    if not 1 <= identity.station_number <= 99:
        raise ConfigError("Nomor stasiun harus 1–99.", "The station number must be 1–99.")
    if identity.language not in ("id", "en"):
        raise ConfigError("Bahasa harus 'id' atau 'en'.", "The language must be 'id' or 'en'.")
    return identity


def from_mapping(data: Mapping[str, Any], paths: StationPaths, path: Path | None = None) -> StationConfig:
    """Validate a configuration mapping on top of the defaults."""
    raw = _merge(DEFAULT_CONFIG, data)
    devices = raw.get("devices", {})
    if not isinstance(devices, Mapping) or not all(isinstance(v, Mapping) for v in devices.values()):
        raise ConfigError("[devices.*] harus berupa tabel.", "[devices.*] must be tables.")
    url = str(raw.get("database", {}).get("url") or "")
    if not url:
        url = f"sqlite:///{paths.database_file}"
    return StationConfig(_identity(raw["station"]), url, paths, raw, path)


def load_config(path: Path | None = None, paths: StationPaths | None = None) -> StationConfig:
    """Load the configuration; create the default file at the default path when missing.

    Raises:
        ConfigError: the file cannot be read or is not valid TOML or has bad values.
    """
    paths = paths or StationPaths.default()
    if path is None:
        path = paths.config_file
        if not path.exists():
            paths.ensure()
            save_config_data(path, DEFAULT_CONFIG)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"Berkas konfigurasi tidak ada: {path}", f"Configuration file not found: {path}") from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(
            f"Berkas konfigurasi {path} tidak dapat dibaca: {exc}",
            f"Cannot read configuration file {path}: {exc}",
        ) from exc
    return from_mapping(data, paths, path)


def save_config_data(path: Path, data: Mapping[str, Any]) -> None:
    """Write a configuration mapping atomically (temp file, fsync, rename)."""
    from app.storage.atomic import atomic_write_bytes

    atomic_write_bytes(path, tomli_w.dumps(dict(data)).encode("utf-8"))
