"""The log-in page's first-run form creates the first supervisor (and shows the recovery code once),
only while none exists; the log-in opens the encrypted station and a wrong password opens nothing."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QMessageBox

from app.bootstrap import Station, build_station
from app.config import from_mapping
from app.paths import StationPaths
from ui.gui.context import GuiContext
from ui.gui.pages.login_page import LoginPage

from .conftest import SUPERVISOR

WAIT_MS = 20_000


@pytest.fixture
def fresh_station(station_home) -> Iterator[Station]:
    """A new station as the installer leaves it: no account, no key, nothing stored, locked."""
    paths = StationPaths.default()
    paths.ensure()
    built = build_station(from_mapping({"devices": {}}, paths), log_to_file=False)
    yield built
    built.close()


@pytest.fixture
def fresh_page(qtbot, fresh_station: Station) -> Iterator[LoginPage]:
    context = GuiContext(fresh_station)
    page = LoginPage(context)
    qtbot.addWidget(page)
    yield page
    context.shutdown()


def fill_first_run(page: LoginPage, full_name: str, username: str, password: str) -> None:
    page.first_full_name.setText(full_name)
    page.first_username.setText(username)
    page.first_password.setText(password)
    page.first_confirm.setText(password)


def test_first_run_creates_the_supervisor_unlocks_and_shows_the_code_once(qtbot, fresh_page: LoginPage,
                                                                         fresh_station: Station) -> None:
    fresh_page.refresh()
    qtbot.waitUntil(lambda: fresh_page.first_run, timeout=WAIT_MS)
    assert fresh_station.locked
    fill_first_run(fresh_page, SUPERVISOR[1], SUPERVISOR[0], SUPERVISOR[2])
    with qtbot.waitSignal(fresh_page.logged_in, timeout=WAIT_MS) as signal:
        fresh_page.submit_first_run()
    assert signal.args[0].username == SUPERVISOR[0]
    assert not fresh_station.locked
    box = fresh_page.recovery_box
    assert isinstance(box, QMessageBox) and box.objectName() == "recoveryCode"
    assert "-" in box.text() and fresh_station.operators.take_recovery_code() is None  # shown once


def test_first_run_form_is_refused_once_a_supervisor_exists(qtbot, fresh_page: LoginPage,
                                                             fresh_station: Station) -> None:
    fresh_page.refresh()
    qtbot.waitUntil(lambda: fresh_page.first_run, timeout=WAIT_MS)
    # Another window (or the CLI) created the supervisor while this form stood open.
    fresh_station.operators.create_first_supervisor(*SUPERVISOR)
    fill_first_run(fresh_page, "Penyusup", "penyusup", "rahasia-lain-123")
    fresh_page.submit_first_run()
    qtbot.waitUntil(lambda: fresh_page.create_button.isEnabled(), timeout=WAIT_MS)
    assert "sudah memiliki supervisor" in fresh_page.first_message.text()
    assert [o.username for o in fresh_station.operators.list_operators()] == [SUPERVISOR[0]]


def test_a_wrong_password_on_the_login_form_leaves_the_station_locked(qtbot, fresh_page: LoginPage,
                                                                      fresh_station: Station) -> None:
    fresh_station.operators.create_first_supervisor(*SUPERVISOR)
    fresh_station.lock()
    fresh_page.refresh()
    qtbot.waitUntil(lambda: not fresh_page.first_run and fresh_page.username.hasFocus() or True, timeout=WAIT_MS)
    fresh_page.username.setText(SUPERVISOR[0])
    fresh_page.password.setText("bukan-kata-sandinya")
    fresh_page.submit_login()
    qtbot.waitUntil(lambda: fresh_page.login_button.isEnabled(), timeout=WAIT_MS)
    assert "salah" in fresh_page.login_message.text()
    assert fresh_station.locked
    fresh_page.password.setText(SUPERVISOR[2])
    with qtbot.waitSignal(fresh_page.logged_in, timeout=WAIT_MS):
        fresh_page.submit_login()
    assert not fresh_station.locked
