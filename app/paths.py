"""Where the station keeps its configuration, data and logs.

Per-user directories from platformdirs; ``STATION_HOME`` puts all three under
one folder (tests, portable installs, a second station on one laptop).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "ektp-station"


@dataclass(frozen=True)
class StationPaths:
    config_dir: Path
    data_dir: Path
    log_dir: Path

    @property
    def config_file(self) -> Path:
        return self.config_dir / "station.toml"

    @property
    def database_file(self) -> Path:
        return self.data_dir / "station.sqlite3"

    @property
    def blob_dir(self) -> Path:
        return self.data_dir / "blobs"

    def ensure(self) -> None:
        for folder in (self.config_dir, self.data_dir, self.log_dir):
            folder.mkdir(parents=True, exist_ok=True)

    @classmethod
    def default(cls) -> StationPaths:
        home = os.environ.get("STATION_HOME")
        if home:
            root = Path(home)
            return cls(root / "config", root / "data", root / "logs")
        return cls(
            Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
            Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
            Path(platformdirs.user_log_dir(APP_NAME, appauthor=False)),
        )
