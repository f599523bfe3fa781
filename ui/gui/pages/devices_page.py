"""Devices: each device's state and identity, the self-check with progress, and its history.

The self-check borrows the device hub's open devices (a serial port has one owner
at a time): each is checked on its own device thread, one after another; a device
that fails is reopened by the hub. The history is read and the results are stored
on the GUI's one storage executor.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.selfcheck import SelfCheckItem, SelfCheckRecord, SelfCheckRun
from app.timezones import to_local
from drivers.errors import DeviceConfigError
from ui.gui.context import GuiContext
from ui.gui.device_hub import DeviceState
from ui.gui.style import FAIL_COLOUR, PASS_COLOUR
from ui.gui.widgets.common import MessageLabel, title_label
from ui.gui.widgets.device_status import device_identity, family_label, status_label


class _ProgressRelay(QObject):
    """The self-check's progress (family, done, total), for the progress bar."""

    progressed = Signal(str, int, int)


class DevicesPage(QWidget):
    def __init__(self, context: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.relay = _ProgressRelay(self)
        self.running = False
        self.last_run: SelfCheckRun | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(title_label(self.tr("Perangkat")))
        self.state_table = QTableWidget(0, 4)
        self.state_table.setObjectName("deviceStates")
        self.state_table.setHorizontalHeaderLabels(
            [self.tr("Perangkat"), self.tr("Status"), self.tr("Model"), self.tr("Keterangan / tindakan")])
        self._plain_table(self.state_table, stretch=3)
        layout.addWidget(self.state_table, 1)
        row = QHBoxLayout()
        self.run_button = QPushButton(self.tr("&Jalankan uji perangkat"))
        self.progress = QProgressBar()
        self.progress.setObjectName("selfcheckProgress")
        self.progress_label = QLabel()
        row.addWidget(self.run_button)
        row.addWidget(self.progress, 1)
        row.addWidget(self.progress_label)
        layout.addLayout(row)
        history_title = QLabel(self.tr("Riwayat uji perangkat"))
        history_title.setStyleSheet("font-weight: bold; font-size: 17px;")
        layout.addWidget(history_title)
        self.history_table = QTableWidget(0, 5)
        self.history_table.setObjectName("selfcheckHistory")
        self.history_table.setHorizontalHeaderLabels(
            [self.tr("Waktu"), self.tr("Perangkat"), self.tr("Hasil"), self.tr("Waktu tanggap"), self.tr("Rincian")])
        self._plain_table(self.history_table, stretch=4)
        layout.addWidget(self.history_table, 2)
        self.message = MessageLabel()
        layout.addWidget(self.message)
        self.run_button.clicked.connect(self.run_selfcheck)
        self.relay.progressed.connect(self._progressed)
        context.devices.state_changed.connect(lambda _state: self._show_states())
        self._show_states()

    @staticmethod
    def _plain_table(table: QTableWidget, stretch: int) -> None:
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.verticalHeader().setVisible(False)
        table.setWordWrap(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)

    def refresh(self) -> None:
        self._show_states()
        service = self.context.station.selfcheck
        self.context.storage.submit(lambda: service.history(50), self._show_history, self._error)

    def _show_states(self) -> None:
        states: list[DeviceState] = self.context.devices.states()
        self.state_table.setRowCount(len(states))
        for row, state in enumerate(states):
            model = device_identity(state)
            note = state.error.localized(self.context.language) if state.error else ""
            values = (family_label(state.family), status_label(state.status), model, note)
            for column, value in enumerate(values):
                self.state_table.setItem(row, column, QTableWidgetItem(value))

    def _show_history(self, results: list[SelfCheckRecord]) -> None:
        self.history_table.setRowCount(len(results))
        for row, result in enumerate(results):
            zone_name = self.context.station.config.identity.timezone
            when = f"{to_local(result.at, zone_name):%d-%m-%Y %H:%M} {zone_name.upper()}" if result.at else ""
            latency = "" if result.latency_s is None else self.tr("{s:.2f} dtk").format(s=result.latency_s)
            verdict = self.tr("lulus") if result.ok else self.tr("gagal")
            details = self.tr("skor mutu {score:.0f}").format(score=result.quality) if result.quality is not None else ""
            if result.error:
                english = self.context.language == "en"
                message = result.error.get("message_en" if english else "message_id", "")
                action = result.error.get("action_en" if english else "action_id", "")
                details = " — ".join(part for part in (message, action) if part)
            values = (when, family_label(result.family), verdict, latency, details)
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column == 2:
                    item.setForeground(QColor(PASS_COLOUR if result.ok else FAIL_COLOUR))
                self.history_table.setItem(row, column, item)

    def _error(self, error: BaseException) -> None:
        self.message.show_error(self.context.message(error))

    # the self-check ------------------------------------------------------------------------
    def run_selfcheck(self) -> None:
        """Check every configured device in turn on the hub's open devices, each on its own device thread.

        The hub keeps its devices open (a serial port cannot be opened a second time); the results are
        stored on the storage thread.
        """
        if self.running:
            return
        self.running = True
        self.run_button.setEnabled(False)
        self.progress.setRange(0, 0)
        self.message.clear_message()
        hub = self.context.devices
        service = self.context.station.selfcheck
        rows = service.configured()
        results: list[SelfCheckItem] = []

        def next_device() -> None:
            done = len(results)
            if done == len(rows):
                self.relay.progressed.emit("", done, len(rows))
                self._store(service.new_run(results))
                return
            row = rows[done]
            self.relay.progressed.emit(row.family, done, len(rows))
            if row.error is not None:
                results.append(service.misconfigured(row))
                next_device()
                return
            if not hub.run(row.family, service.check_borrowed, checked, self._failed):
                state_error = hub.state(row.family).error if row.family in hub.families else None
                results.append(service.unavailable(row, state_error or DeviceConfigError(
                    "Perangkat tidak dapat disiapkan.", "The device could not be set up.")))
                next_device()

        def checked(item: SelfCheckItem) -> None:
            results.append(item)
            if not item.ok:
                hub.reopen(item.family)  # a fresh connection; the hub shows it down if that fails too
            next_device()

        next_device()

    def _store(self, run: SelfCheckRun) -> None:
        service = self.context.station.selfcheck

        def store() -> SelfCheckRun:
            service.store(run)
            return run

        self.context.storage.submit(store, self._finished, self._failed)

    def _progressed(self, family: str, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        if family:
            self.progress_label.setText(self.tr("Menguji {device} ({done}/{total})").format(
                device=family_label(family), done=done + 1, total=total))

    def _finished(self, run: SelfCheckRun) -> None:
        self.last_run = run
        self._done()
        failed = [r for r in run.results if not r.ok]
        if failed:
            self.message.show_error(self.tr("Gagal: {names}. Lihat rincian di riwayat.").format(
                names=", ".join(family_label(r.family) for r in failed)))
        else:
            self.message.show_ok(self.tr("Semua perangkat lulus uji."))

    def _failed(self, error: BaseException) -> None:
        self._done()
        self._error(error)

    def _done(self) -> None:
        self.running = False
        self.run_button.setEnabled(True)
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.progress_label.setText("")
        self.refresh()
