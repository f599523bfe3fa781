"""The log-in page's first-run form creates the first supervisor, and only while none exists."""

from __future__ import annotations

from app.bootstrap import Station
from ui.gui.context import GuiContext
from ui.gui.pages.login_page import LoginPage

from .conftest import SUPERVISOR

WAIT_MS = 20_000


def test_first_run_form_is_refused_once_a_supervisor_exists(qtbot, gui_context: GuiContext,
                                                             station: Station) -> None:
    page = LoginPage(gui_context)
    qtbot.addWidget(page)
    page.refresh()
    qtbot.waitUntil(lambda: page.first_run, timeout=WAIT_MS)
    # Another window (or the CLI) created the supervisor while this form stood open.
    station.operators.create_first_supervisor(*SUPERVISOR)
    page.first_full_name.setText("Penyusup")
    page.first_username.setText("penyusup")
    page.first_password.setText("rahasia-lain-123")
    page.first_confirm.setText("rahasia-lain-123")
    page.submit_first_run()
    qtbot.waitUntil(lambda: page.create_button.isEnabled(), timeout=WAIT_MS)
    assert "sudah memiliki supervisor" in page.first_message.text()
    assert [o.username for o in station.operators.list_operators()] == [SUPERVISOR[0]]
