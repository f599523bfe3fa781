"""Two stations and a processing hub on 127.0.0.1: the office's view of a campaign."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app.bootstrap import Station
from app.config import from_mapping
from app.paths import StationPaths
from server.keys import init_hub_key
from server.local import LocalHub
from server.processing.pipeline import ProcessingSettings
from tests.support.station import unlocked_station


@pytest.fixture
def hub_data(tmp_path: Path) -> Path:
    data = tmp_path / "hub-data"
    init_hub_key(data)
    return data


@pytest.fixture
def processing_hub(hub_db_url: str, hub_data: Path) -> Iterator[LocalHub]:
    """A hub that processes what it receives (in-process on SQLite, procrastinate jobs on PostgreSQL)."""
    hub = LocalHub(hub_db_url, hub_data, processing=True).start()
    yield hub
    hub.stop()


@pytest.fixture
def field_station(tmp_path: Path) -> Iterator[Callable[[str, int], Station]]:
    """``make(name, number)``: a station with its own home folder, sending without approval."""
    built: list[Station] = []

    def make(name: str, number: int) -> Station:
        root = tmp_path / name
        paths = StationPaths(root / "config", root / "data", root / "logs")
        paths.ensure()
        config = from_mapping({"station": {"station_number": number, "name": f"Stasiun {number}"},
                               "sync": {"require_approval": False, "timeout_s": 10.0}}, paths)
        station = unlocked_station(config)
        built.append(station)
        return station

    yield make
    for station in built:
        station.close()


@pytest.fixture
def strict_settings() -> ProcessingSettings:
    return ProcessingSettings()
