"""A language saved in the settings applies at once: the window is rebuilt, the session goes on."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from app.bootstrap import Station
from ui.gui.application import StationWindows
from ui.gui.i18n import install_translator

from .conftest import SUPERVISOR

ROOT = Path(__file__).resolve().parents[3]
WAIT_MS = 20_000


def test_switching_to_english_needs_no_restart(qtbot, qapp: QApplication, station: Station,
                                               supervisor) -> None:
    subprocess.run([sys.executable, str(ROOT / "scripts" / "build_translations.py")], check=True)
    windows = StationWindows(qapp, station)
    try:
        window = windows.window
        window.show()
        qtbot.waitUntil(lambda: not window.login_page.first_run, timeout=WAIT_MS)
        window.login_page.username.setText(SUPERVISOR[0])
        window.login_page.password.setText(SUPERVISOR[2])
        window.login_page.submit_login()
        qtbot.waitUntil(lambda: window.context.operator is not None and window.current_page_key() == "visit",
                        timeout=WAIT_MS)
        qtbot.wait(1500)  # the visit and drafts are read after log-in
        assert window.navigation.item(1).text().endswith("Antrean")
        window.show_page("settings")
        settings = window.settings_page
        settings.language.setCurrentIndex(settings.language.findData("en"))
        with qtbot.waitSignal(window.language_changed, timeout=WAIT_MS):
            settings.save()
        qtbot.waitUntil(lambda: windows.window is not window, timeout=WAIT_MS)
        rebuilt = windows.window
        qtbot.waitUntil(lambda: rebuilt.current_page_key() == "settings", timeout=WAIT_MS)
        assert rebuilt.context.operator is not None and rebuilt.context.operator.username == SUPERVISOR[0]
        assert rebuilt.root.currentIndex() == 1  # still logged in
        assert rebuilt.navigation.item(1).text().endswith("Queue")
        assert rebuilt.context.language == "en"
        assert "Supervisor" in rebuilt.operator_label.text() or "supervisor" in rebuilt.operator_label.text()
        assert "Operator" in rebuilt.operator_label.text()
    finally:
        windows.window.close()
        if windows.translator is not None:
            qapp.removeTranslator(windows.translator)
        install_translator(qapp, "id")
