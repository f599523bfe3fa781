"""GUI fixtures: a GuiContext over the test station, with its workers shut down after each test.

Every GUI test runs under ``GuiThreadDatabaseGuard``: GUI code that touches the
database on the Qt main thread fails the test (storage work belongs on
``GuiContext.storage``).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QThread

from app.bootstrap import Station
from app.config import from_mapping
from app.paths import StationPaths
from tests.support.gui_thread_guard import GuiThreadDatabaseGuard
from tests.support.station import TEST_SUPERVISOR, unlocked_copy
from ui.gui.context import GuiContext
from ui.gui.pages.sync_page import SyncPage

SUPERVISOR = TEST_SUPERVISOR  # the station fixture's first supervisor
OFFICER = ("petugas1", "Budi Petugas", "rahasia-ptg-123")


@pytest.fixture(autouse=True)
def database_off_the_gui_thread(qapp) -> Iterator[GuiThreadDatabaseGuard]:  # pytest-qt's QApplication
    """Fails the test when GUI code ran a database statement on the thread that owns the QApplication."""
    assert QThread.currentThread() == qapp.thread()
    guard = GuiThreadDatabaseGuard(threading.get_ident())
    with guard.installed():
        yield guard
    assert not guard.touches, guard.report()


@pytest.fixture
def station_settings() -> dict[str, Any]:
    """The station.toml tables of ``station``; a test module overrides this fixture for its page's settings."""
    return {"devices": {}}


@pytest.fixture
def station(station_home, station_template: Path, station_settings: dict[str, Any]) -> Iterator[Station]:
    """A station (by default without devices), unlocked by ``SUPERVISOR``: the pages here need none
    (capture tests build their own)."""
    paths = StationPaths.default()
    paths.ensure()
    built = unlocked_copy(station_template, from_mapping(station_settings, paths))
    yield built
    built.close()


@pytest.fixture
def gui_context(station: Station, qtbot) -> Iterator[GuiContext]:  # pytest-qt fixture
    context = GuiContext(station)
    yield context
    context.shutdown()


@pytest.fixture
def sync_page(gui_context: GuiContext, qtbot) -> Iterator[SyncPage]:
    """The sending page (its removable-media panel included), its network thread stopped after the test."""
    widget = SyncPage(gui_context)
    qtbot.addWidget(widget)
    yield widget
    widget.shutdown()


@pytest.fixture
def supervisor(station: Station):  # an Operator row
    return station.operators.find(SUPERVISOR[0])


@pytest.fixture
def officer(station: Station):
    username, full_name, password = OFFICER
    return station.operators.create_operator(username, full_name, "officer", password)
