"""A test station that is open: built, then unlocked by its first supervisor (synthetic test account)."""

from __future__ import annotations

from app.bootstrap import Station, build_station
from app.config import StationConfig

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
