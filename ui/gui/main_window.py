"""The station's main window: header with station and visit, pages, device status bar."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from app.bootstrap import Station


class MainWindow(QMainWindow):
    def __init__(self, station: Station) -> None:
        super().__init__()
        self.station = station
        identity = station.config.identity
        self.setWindowTitle(self.tr("Perekaman e-KTP — {name}").format(name=identity.name))
        central = QWidget()
        layout = QVBoxLayout(central)
        self.header = QLabel(
            self.tr("{name} · Stasiun {code}").format(name=identity.name, code=identity.station_code)
        )
        self.header.setObjectName("stationHeader")
        self.visit_label = QLabel(self.tr("Belum ada kunjungan aktif / No active visit"))
        self.visit_label.setObjectName("visitLabel")
        self.pages = QStackedWidget()
        layout.addWidget(self.header)
        layout.addWidget(self.visit_label)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self.statusBar().showMessage(self.tr("Siap / Ready"))
        self.resize(1200, 800)
