"""Every feature's settings parser, in one list: what a whole station.toml must pass.

Each feature keeps its own table's parser beside its code (``[quality]`` in
``app/quality/settings.py``, ``[sync]`` in ``app/sync/settings.py``, the people
tables in ``app/services/settings.py`` ...); a new settings table is added here
too. The list spans services and sync, so it sits above both, beside the
wiring (``app/bootstrap.py``); the sync's central configuration is handed
:func:`validate_station_data` rather than importing it.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol

from app.biometrics.duplicates import DuplicateSettings
from app.config import StationConfig, from_mapping
from app.quality.settings import QualitySettings
from app.services.enrolment_types import EnrolmentSettings
from app.services.limits import LimitsSettings
from app.services.settings import PeopleSettings
from app.sync.settings import SyncSettings


class SettingsParser(Protocol):
    """One station.toml table's parser: raises ConfigError for a value the station would refuse."""

    @classmethod
    def from_config(cls, config: StationConfig) -> object: ...


SETTINGS_PARSERS: tuple[type[SettingsParser], ...] = (
    QualitySettings, SyncSettings, PeopleSettings, EnrolmentSettings, DuplicateSettings, LimitsSettings,
)


def validate_station_data(data: Mapping[str, Any], config: StationConfig, path: Path | None) -> StationConfig:
    """Parse a whole station.toml mapping with every feature's settings parser.

    Raises:
        ConfigError: the first table that does not parse, with its bilingual reason.
    """
    candidate = from_mapping(data, config.paths, path)
    for parser in SETTINGS_PARSERS:
        parser.from_config(candidate)
    return candidate
