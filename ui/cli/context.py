"""What every command gets: parsed arguments and a lazily built station."""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from app.config import StationConfig, load_config

if TYPE_CHECKING:
    from app.bootstrap import Station


@dataclass
class CommandContext:
    args: argparse.Namespace
    _config: StationConfig | None = field(default=None, init=False)
    _station: Station | None = field(default=None, init=False)

    @property
    def config_path(self) -> Path | None:
        return getattr(self.args, "config", None)

    @property
    def config(self) -> StationConfig:
        if self._config is None:
            self._config = load_config(self.config_path)
        return self._config

    @property
    def station(self) -> Station:
        """The station with its database migrated (built on first use)."""
        if self._station is None:
            from app.bootstrap import build_station  # imported on first use: `station nik` never needs it

            self._station = build_station(self.config)
        return self._station

    def close(self) -> None:
        if self._station is not None:
            self._station.close()
