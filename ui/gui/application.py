"""Start the Qt application for a built station."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication

from app.bootstrap import Station
from ui.gui.main_window import MainWindow


def run_gui(station: Station) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = MainWindow(station)
    window.show()
    return app.exec()
