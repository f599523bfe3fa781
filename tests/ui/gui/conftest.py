"""GUI fixtures: a GuiContext over the test station, with its workers shut down after each test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.bootstrap import Station
from app.config import from_mapping
from app.paths import StationPaths
from tests.support.station import TEST_SUPERVISOR, unlocked_station
from ui.gui.context import GuiContext

SUPERVISOR = TEST_SUPERVISOR  # the station fixture's first supervisor
OFFICER = ("petugas1", "Budi Petugas", "rahasia-ptg-123")


@pytest.fixture
def station(station_home) -> Iterator[Station]:
    """A station without devices, unlocked by ``SUPERVISOR``: the pages here need none (capture tests build their own)."""
    paths = StationPaths.default()
    paths.ensure()
    built = unlocked_station(from_mapping({"devices": {}}, paths))
    yield built
    built.close()


@pytest.fixture
def gui_context(station: Station, qtbot) -> Iterator[GuiContext]:  # pytest-qt fixture
    context = GuiContext(station)
    yield context
    context.shutdown()


@pytest.fixture
def supervisor(station: Station):  # an Operator row
    return station.operators.find(SUPERVISOR[0])


@pytest.fixture
def officer(station: Station):
    username, full_name, password = OFFICER
    return station.operators.create_operator(username, full_name, "officer", password)
