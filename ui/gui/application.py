"""Start the Qt application for a built station: style, translations, main window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from app.bootstrap import Station
from ui.gui.first_screen import shoot_first_screen
from ui.gui.i18n import install_translator
from ui.gui.main_window import MainWindow
from ui.gui.style import apply_style


def run_gui(station: Station, screenshot: Path | None = None) -> int:
    """Run the GUI until it is closed; with ``screenshot``, save the first screen there and quit."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    apply_style(app)
    translator = install_translator(app, station.config.identity.language)  # noqa: F841 (kept alive)
    window = MainWindow(station)
    window.show()
    if screenshot is not None:
        shoot_first_screen(app, window, screenshot)
    return app.exec()
