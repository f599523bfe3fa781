"""Shared fixtures: every test runs with its own station home (config, data, logs)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from app.bootstrap import Station
from app.config import StationConfig, from_mapping
from app.paths import StationPaths
from server.db import drop_hub_schema
from tests.support.station import unlocked_station


@pytest.fixture(autouse=True)
def station_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "station-home"
    monkeypatch.setenv("STATION_HOME", str(home))
    return home


@pytest.fixture
def station_config(station_home: Path) -> StationConfig:
    paths = StationPaths.default()
    paths.ensure()
    return from_mapping({}, paths)


@pytest.fixture
def station(station_config: StationConfig) -> Iterator[Station]:
    """An open, unlocked station with one supervisor (``tests.support.station.TEST_SUPERVISOR``)."""
    built = unlocked_station(station_config)
    yield built
    built.close()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def hub_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The hub database for a test: SQLite always, PostgreSQL too when DATABASE_URL points at one."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'hub.sqlite3'}"
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgresql"):
        pytest.skip("DATABASE_URL does not point at PostgreSQL")
    engine = create_engine(url)
    drop_hub_schema(engine)
    engine.dispose()
    return url


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--hardware", action="store_true", help="run tests that need real devices")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--hardware"):
        return
    skip = pytest.mark.skip(reason="needs real hardware (run with --hardware)")
    for item in items:
        if "hardware" in item.keywords:
            item.add_marker(skip)
