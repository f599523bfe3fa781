"""Operators' own prints from the GUI: pick, supervisor's password, scan on the worker, store, shown on file."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.bootstrap import Station
from app.config import from_mapping
from app.paths import StationPaths
from app.services.operator_prints import DEFAULT_FINGERS, operator_subject
from tests.support.station import unlocked_station
from ui.gui.context import GuiContext
from ui.gui.pages.operator_prints_page import OperatorPrintsPage

from .conftest import OFFICER, SUPERVISOR

WAIT_MS = 60_000


@pytest.fixture
def scanner_station(station_home) -> Iterator[Station]:
    """Only a simulated fingerprint scanner."""
    paths = StationPaths.default()
    paths.ensure()
    built = unlocked_station(from_mapping({"devices": {"fingerprint": {"backend": "sim"}}}, paths))
    yield built
    built.close()


@pytest.fixture
def page(qtbot, scanner_station: Station) -> Iterator[OperatorPrintsPage]:
    context = GuiContext(scanner_station)
    context.devices.open_all()
    qtbot.waitUntil(lambda: context.devices.is_ready("fingerprint"), timeout=WAIT_MS)
    widget = OperatorPrintsPage(context)
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    context.storage.wait_idle()
    context.shutdown()


def prints_cell(page: OperatorPrintsPage, username: str) -> str:
    table = page.table
    return next(table.item(r, 3).text() for r in range(table.rowCount()) if table.item(r, 0).text() == username)


def test_a_supervisor_stores_an_operators_prints_and_the_list_shows_them(
        qtbot, page: OperatorPrintsPage, scanner_station: Station) -> None:
    station = scanner_station
    supervisor = station.operators.find(SUPERVISOR[0])  # the station fixture's first supervisor
    officer = station.operators.create_operator(OFFICER[0], OFFICER[1], "officer", OFFICER[2])
    page.context.set_operator(supervisor)
    page.refresh()
    qtbot.waitUntil(lambda: page.table.rowCount() == 2, timeout=WAIT_MS)
    assert prints_cell(page, OFFICER[0]) == "belum ada"
    assert page.select_operator(officer.id)

    dialog = page.ask_supervisor()
    assert dialog is not None and dialog.username.text() == SUPERVISOR[0]
    dialog.password.setText("salah-sekali-123")
    dialog.verify()
    qtbot.waitUntil(lambda: dialog.buttons.isEnabled() and dialog.message.text() != "", timeout=WAIT_MS)
    assert page.capturing is None  # a wrong password scans nothing
    dialog.password.setText(SUPERVISOR[2])
    dialog.verify()
    qtbot.waitUntil(lambda: page.stored is not None or (page.capturing is None and page.attempts != {}),
                    timeout=WAIT_MS)
    assert page.stored, page.message.text()
    assert page.stored == len(page._passing())
    assert "sidik jari petugas tersimpan" in page.message.text()
    assert set(page.attempts) == set(DEFAULT_FINGERS)
    scanner = page.context.devices.device("fingerprint")
    assert scanner._subject == operator_subject(officer.id)  # the simulator showed the operator's own fingers
    qtbot.waitUntil(lambda: prints_cell(page, OFFICER[0]) == f"{page.stored} jari", timeout=WAIT_MS)
    assert station.operator_prints.prints_on_file() == {officer.id: page.stored}
    assert page.capture_button.isEnabled()


def test_storing_refuses_someone_who_is_not_a_supervisor(qtbot, page: OperatorPrintsPage,
                                                        scanner_station: Station) -> None:
    officer = scanner_station.operators.create_operator(OFFICER[0], OFFICER[1], "officer", OFFICER[2])
    page.refresh()
    qtbot.waitUntil(lambda: page.table.rowCount() == 2, timeout=WAIT_MS)  # the fixture's supervisor and the officer
    page.begin_capture(officer.id, officer.id)  # an officer's id where a supervisor's belongs
    qtbot.waitUntil(lambda: page.capturing is None and page.attempts != {}, timeout=WAIT_MS)
    assert page.stored is None
    assert "supervisor" in page.message.text().lower()
    assert scanner_station.operator_prints.prints_on_file() == {}
