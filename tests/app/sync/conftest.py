"""Fixtures for sync tests: a real hub on 127.0.0.1 (SQLite, and PostgreSQL when DATABASE_URL is set),
a fault-injecting proxy in front of it, and a station whose [sync] table is tuned for fast tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from app.bootstrap import Station
from app.config import from_mapping
from app.paths import StationPaths
from server.keys import init_hub_key
from server.local import LocalHub
from server.netfaults import FaultProxy
from tests.support.station import unlocked_station

SITE = "SMAN-CONTOH-1"


@pytest.fixture
def local_hub(hub_db_url: str, tmp_path: Path) -> Iterator[LocalHub]:
    data = tmp_path / "hub-data"
    init_hub_key(data)
    hub = LocalHub(hub_db_url, data).start()
    yield hub
    hub.stop()


@pytest.fixture
def proxy(local_hub: LocalHub) -> Iterator[FaultProxy]:
    with FaultProxy(local_hub.port) as running:
        yield running


@pytest.fixture
def make_station(station_home: Path) -> Iterator[Callable[..., Station]]:
    built: list[Station] = []

    def make(**sync: Any) -> Station:
        paths = StationPaths.default()
        paths.ensure()
        table = {"chunk_size": 16384, "require_approval": False, "tries_per_run": 6, "timeout_s": 10.0,
                 "backoff_base_s": 1.0, **sync}
        station = unlocked_station(from_mapping({"sync": table}, paths))
        built.append(station)
        return station

    yield make
    for station in built:
        station.close()


@pytest.fixture
def registered(make_station: Callable[..., Station], local_hub: LocalHub, proxy: FaultProxy) -> Station:
    """A station registered at the hub through the proxy."""
    assert local_hub.hub is not None
    station = make_station()
    station.sync.register(proxy.url, local_hub.hub.invite(SITE))
    return station
