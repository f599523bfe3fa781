"""Apply the station configuration the office publishes on the hub, safely.

Only an explicit whitelist of policy keys may be set centrally (quality
thresholds, sync policy, people and document rules, duplicate matching); the
station's identity, database and devices stay local. A pulled configuration is
merged into the current station.toml in memory, the whole result is validated
by the same parsers the station uses at start, and only then written atomically
(the previous file kept as ``station.toml.bak``). Anything wrong refuses the
whole configuration and changes nothing.
"""

from __future__ import annotations

import copy
import datetime as dt
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomli_w

from app.config import DEFAULT_CONFIG, StationConfig, from_mapping, save_config_data
from app.errors import ConfigError
from app.paths import StationPaths
from app.storage.atomic import atomic_write_bytes

# Every feature's parser over a whole station.toml mapping (app.settings.validate_station_data, passed in:
# that list names the sync's own parser beside the services', so it sits above the sync).
StationValidator = Callable[[Mapping[str, Any], StationConfig, Path | None], StationConfig]

# Table -> keys the office may set (None: every key; that table's parser refuses unknown ones).
CENTRAL_KEYS: dict[str, frozenset[str] | None] = {
    "quality": None,
    "sync": frozenset({"retention_days", "require_approval", "auto_send", "poll_interval_s"}),
    "eligibility": frozenset({"polling_day", "early_by_polling_day", "early_min_age"}),
    "documents": frozenset({"birth_certificate"}),
    "operators": frozenset({"max_failed_logins", "lockout_minutes", "min_password_length"}),
    "duplicates": frozenset({"threshold", "candidates", "people"}),
    "enrolment": frozenset({"destination", "require_face"}),
    "limits": None,  # the registration freeze (app/services/limits.py)
}
# Tables that take effect at once in the sync service; the others at the next start.
LIVE_TABLES = frozenset({"sync"})


class CentralConfigRefused(ConfigError):
    """The hub's configuration is not applied: it sets forbidden keys or fails validation."""

    default_action_id = ("Konfigurasi stasiun tidak diubah. Minta kantor memperbaiki konfigurasi di server pusat "
                         "(station-hub config push).")
    default_action_en = ("The station configuration was not changed. Ask the office to fix it on the hub "
                         "(station-hub config push).")


@dataclass(frozen=True)
class CentralConfigResult:
    """What applying one hub configuration version did."""

    version: int
    changed: tuple[str, ...]  # dotted keys whose value changed, e.g. "quality.max_attempts"
    restart_needed: tuple[str, ...]  # of those, the ones that apply at the next start
    path: str
    refused: dict[str, str] | None = None


def _refuse(message_id: str, message_en: str) -> CentralConfigRefused:
    return CentralConfigRefused(f"Konfigurasi dari pusat ditolak: {message_id}",
                                f"The configuration from the hub was refused: {message_en}")


def normalise_values(data: Any) -> Any:
    """Dates (from a TOML file) become ISO strings, so the configuration travels as JSON."""
    if isinstance(data, Mapping):
        return {str(key): normalise_values(value) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [normalise_values(value) for value in data]
    if isinstance(data, dt.date | dt.time):
        return data.isoformat()
    return data


def check_central_keys(data: Any) -> dict[str, dict[str, Any]]:
    """Refuse anything outside the whitelist; returns the configuration as plain dicts.

    Raises:
        CentralConfigRefused: not a table of tables, or a table/key the office may not set.
    """
    if not isinstance(data, Mapping):
        raise _refuse("isinya bukan tabel.", "it is not a table.")
    forbidden: list[str] = []
    for table, values in data.items():
        if not isinstance(values, Mapping):
            raise _refuse(f"[{table}] harus berupa tabel.", f"[{table}] must be a table.")
        allowed = CENTRAL_KEYS.get(str(table), frozenset())
        if str(table) not in CENTRAL_KEYS:
            forbidden.append(f"[{table}]")
        elif allowed is not None:
            forbidden.extend(f"{table}.{key}" for key in values if key not in allowed)
    if forbidden:
        names = ", ".join(sorted(forbidden))
        raise _refuse(f"kunci ini hanya boleh diatur di stasiun: {names}.",
                      f"these keys may only be set on the station: {names}.")
    return {str(table): copy.deepcopy(dict(values)) for table, values in data.items()}


def _merge(base: dict[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    merged = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = _merge(dict(merged[key]), value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def _changed_keys(before: Mapping[str, Any], after: Mapping[str, Any], prefix: str = "") -> list[str]:
    changed: list[str] = []
    for key, value in after.items():
        name = f"{prefix}{key}"
        old = before.get(key) if isinstance(before, Mapping) else None
        if isinstance(value, Mapping):
            changed.extend(_changed_keys(old if isinstance(old, Mapping) else {}, value, name + "."))
        elif old != value:
            changed.append(name)
    return changed


def validate_central_config(data: Any, validate: StationValidator) -> dict[str, dict[str, Any]]:
    """Whitelist and parse a configuration before the hub publishes it (``station-hub config push``).

    It is checked on top of the station defaults; each station checks it again on top of its own file.
    ``validate`` is every feature's parser (``app.settings.validate_station_data``).

    Raises:
        CentralConfigRefused: forbidden keys or values a station would refuse.
    """
    tables = check_central_keys(normalise_values(data))
    nowhere = Path("/nonexistent-station")
    base = from_mapping({}, StationPaths(nowhere, nowhere, nowhere))
    _checked_toml(_validated(_merge(dict(base.raw), tables), base, None, validate))
    return tables


def _validated(merged: dict[str, Any], config: StationConfig, path: Path | None,
               validate: StationValidator) -> dict[str, Any]:
    try:
        validate(merged, config, path)
    except ConfigError as error:
        raise _refuse(error.message_id, error.message_en) from None
    return merged


def _checked_toml(merged: dict[str, Any]) -> str:
    try:
        return tomli_w.dumps(merged)
    except (TypeError, ValueError) as exc:
        raise _refuse(f"nilai yang tidak dapat ditulis ke TOML ({exc}).",
                      f"a value cannot be written as TOML ({exc}).") from None


def _read_file(path: Path) -> dict[str, Any]:
    if not path.exists():
        return copy.deepcopy(DEFAULT_CONFIG)
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"Berkas konfigurasi {path} tidak dapat dibaca: {exc}",
                          f"Cannot read configuration file {path}: {exc}") from exc


def apply_central_config(config: StationConfig, version: int, data: Any,
                         validate: StationValidator) -> tuple[CentralConfigResult, StationConfig]:
    """Merge the hub's configuration into station.toml when all of it is allowed and valid (``validate``).

    The file is the one the station was loaded from (the default station.toml when
    it was built in memory). Returns what changed and the new configuration.

    Raises:
        CentralConfigRefused: forbidden keys or invalid values; the file is untouched.
        ConfigError / StorageError: the local file cannot be read or written.
    """
    path = config.path or config.paths.config_file
    tables = check_central_keys(normalise_values(data))
    current = _read_file(path)
    merged = _validated(_merge(current, tables), config, path, validate)
    _checked_toml(merged)
    for local in ("station", "database", "devices"):
        if merged.get(local) != current.get(local):  # the whitelist makes this impossible; never write if not
            raise _refuse(f"[{local}] tidak boleh diubah dari pusat.", f"[{local}] may not be changed centrally.")
    changed = tuple(_changed_keys(normalise_values(current), tables))  # a TOML date equals its text
    if changed:
        if path.exists():
            atomic_write_bytes(path.with_name(path.name + ".bak"), path.read_bytes())
        save_config_data(path, merged)
    candidate = validate(merged, config, path)
    restart = tuple(key for key in changed if key.split(".", 1)[0] not in LIVE_TABLES)
    return CentralConfigResult(version, changed, restart, str(path)), candidate
