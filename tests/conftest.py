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
from tests.support.postgres import PostgresUnavailable, start_postgres
from tests.support.station import build_template, unlocked_copy


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


@pytest.fixture(scope="session")
def station_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated data folder with ``TEST_SUPERVISOR`` per session, copied by every ``station`` fixture."""
    return build_template(tmp_path_factory.mktemp("station-template"))


@pytest.fixture
def station(station_config: StationConfig, station_template: Path) -> Iterator[Station]:
    """An open, unlocked station with one supervisor (``tests.support.station.TEST_SUPERVISOR``), copied from the template."""
    built = unlocked_copy(station_template, station_config)
    yield built
    built.close()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A PostgreSQL database for the session: ``DATABASE_URL``, or a throw-away server started here.

    In CI a machine without PostgreSQL fails these tests; elsewhere they are skipped with the reason.
    """
    url = os.environ.get("DATABASE_URL", "")
    if url:
        if not url.startswith("postgresql"):
            pytest.fail(f"DATABASE_URL must be a postgresql+psycopg:// URL, not {url.split(':', 1)[0]}")
        yield url
        return
    try:
        server = start_postgres()
    except PostgresUnavailable as missing:
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required in CI: {missing}")
        pytest.skip(str(missing))
    try:
        yield server.create_database("hubtest")
    finally:
        server.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def hub_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The hub database for a test: SQLite, and the session's PostgreSQL database (emptied first)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'hub.sqlite3'}"
    url = str(request.getfixturevalue("postgres_url"))
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
