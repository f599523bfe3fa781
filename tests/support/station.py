"""A test station that is open: built, then unlocked by its first supervisor (synthetic test account).

Migrating the database, hashing the first supervisor's password (argon2) and making
the data key take most of a station fixture's time, so the fixtures build one
template data folder per session (``build_template``) and copy it into each test's
home (``unlocked_copy``). Every copy shares the template's data key and keys: fine
for tests; tests of a fresh station (first run, first supervisor, recovery code
shown once, upgrade in place) build their own with ``build_station``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from app.bootstrap import Station, build_station
from app.config import StationConfig, from_mapping
from app.paths import StationPaths

# The supervisor every ``station`` fixture has, and that ``station_cli`` logs in with: test data only.
TEST_SUPERVISOR = ("spv", "Siti Supervisor", "rahasia-spv-123")


def unlocked_station(config: StationConfig) -> Station:
    """A built station, unlocked by ``TEST_SUPERVISOR`` (created when the home has no supervisor yet)."""
    built = build_station(config, log_to_file=False)
    username, full_name, password = TEST_SUPERVISOR
    if built.operators.has_supervisor():
        built.operators.authenticate(username, password)
    else:
        built.operators.create_first_supervisor(username, full_name, password)
        built.operators.take_recovery_code()  # written down by the test's supervisor: no dialog later
    return built


def build_template(home: Path) -> Path:
    """A closed station data folder under ``home``: migrated, with ``TEST_SUPERVISOR`` and its data key."""
    paths = StationPaths(home / "config", home / "data", home / "logs")
    paths.ensure()
    unlocked_station(from_mapping({}, paths)).close()
    return paths.data_dir


def unlocked_copy(template: Path, config: StationConfig) -> Station:
    """The template data folder copied into ``config``'s home, then opened by ``TEST_SUPERVISOR`` (log-in only)."""
    shutil.copytree(template, config.paths.data_dir, dirs_exist_ok=True)
    return unlocked_station(config)
