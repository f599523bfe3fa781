"""Start the Qt application for a built station: style, translations, main window.

A language saved in the settings applies without a restart: the window is
rebuilt in the new language and the logged-in session continues on the same page.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication

from app.bootstrap import Station
from ui.gui.context import GuiContext
from ui.gui.first_screen import shoot_first_screen
from ui.gui.i18n import install_translator
from ui.gui.main_window import MainWindow
from ui.gui.style import apply_style


class StationWindows(QObject):
    """Owns the main window and its translator; swaps both when the language changes."""

    def __init__(self, app: QApplication, station: Station) -> None:
        super().__init__()
        self.app = app
        self.station = station
        self.translator = install_translator(app, station.config.identity.language)
        self.window = self._build(GuiContext(station))

    def _build(self, context: GuiContext) -> MainWindow:
        window = MainWindow(self.station, context)
        window.language_changed.connect(self.switch_language)
        return window

    def switch_language(self, language: str) -> MainWindow:
        """Rebuild the window in ``language``; the operator stays logged in on the same page."""
        old = self.window
        operator, page, geometry = old.context.operator, old.current_page_key(), old.geometry()
        old.close()  # releases its devices and workers before the new window opens them
        old.deleteLater()
        if self.translator is not None:
            self.app.removeTranslator(self.translator)
        self.translator = install_translator(self.app, language)
        context = GuiContext(self.station)
        context.language = language
        self.window = self._build(context)
        self.window.setGeometry(geometry)
        self.window.show()
        if operator is not None:
            self.window.restore_session(operator, page)
        return self.window


def run_gui(station: Station, screenshot: Path | None = None) -> int:
    """Run the GUI until it is closed; with ``screenshot``, save the first screen there and quit."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    apply_style(app)
    windows = StationWindows(app, station)
    windows.window.show()
    if screenshot is not None:
        shoot_first_screen(app, windows.window, screenshot)
    return app.exec()
