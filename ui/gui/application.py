"""Start the Qt application for a built station: style, translations, main window."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication

from app.bootstrap import Station
from ui.gui.i18n import install_translator
from ui.gui.main_window import MainWindow
from ui.gui.style import apply_style


def run_gui(station: Station) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    apply_style(app)
    translator = install_translator(app, station.config.identity.language)  # noqa: F841 (kept alive)
    window = MainWindow(station)
    window.show()
    return app.exec()
