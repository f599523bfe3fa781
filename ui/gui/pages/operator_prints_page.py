"""Operators' own prints (supervisors): captured so an operator's finger never slips into an applicant's record.

The supervisor picks an operator and confirms with their password; each finger
(both index fingers and thumbs) is scanned on the scanner's worker, judged on
the quality worker and fed to the service's ``OperatorPrintsCapture`` (best of
``max_attempts``, the applicants' NFIQ 2 thresholds), and the passing prints go to ``Station.operator_prints.store`` on
the storage worker, replacing that operator's earlier prints.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import Role
from app.quality.finger import FingerCapturePolicy, assess_finger
from app.quality.report import QualityReport
from app.services.operator_prints import DEFAULT_FINGERS, OperatorPrintsCapture, operator_subject
from app.services.views import OperatorView
from drivers.base import Device
from drivers.fingerprint.base import FingerImage, FingerPosition
from drivers.simulation import SimulatorControls
from ui.gui.context import GuiContext
from ui.gui.device_hub import as_scanner
from ui.gui.labels import shown
from ui.gui.style import FAIL_COLOUR, PASS_COLOUR
from ui.gui.widgets.common import MessageLabel, array_to_pixmap, title_label
from ui.gui.widgets.hand_diagram import finger_name
from ui.gui.widgets.supervisor_dialog import SupervisorDialog

CAPTURE_TIMEOUT_S = 10.0


class OperatorPrintsPage(QWidget):
    """Who has prints on file, and a guided capture of one operator's fingers."""

    def __init__(self, context: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.policy = FingerCapturePolicy(context.quality_settings)
        self.operators: list[OperatorView] = []
        self.on_file: dict[int, int] = {}
        self.capturing: int | None = None  # the operator whose fingers are being scanned
        self.supervisor_id: int | None = None
        self.capture = OperatorPrintsCapture(self.policy, ())
        self.stored: int | None = None  # prints stored by the last capture, for tests

        layout = QVBoxLayout(self)
        layout.addWidget(title_label(self.tr("Sidik jari petugas")))
        explanation = QLabel(self.tr(
            "Sidik jari petugas sendiri disimpan agar jari petugas yang terekam pada data pemohon terdeteksi "
            "sebagai data ganda. Pilih petugas, lalu supervisor memasukkan kata sandinya."))
        explanation.setWordWrap(True)
        layout.addWidget(explanation)
        body = QHBoxLayout()
        layout.addLayout(body, 1)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("operatorPrintsTable")
        self.table.setHorizontalHeaderLabels([self.tr("Nama pengguna"), self.tr("Nama lengkap"), self.tr("Peran"),
                                              self.tr("Sidik jari tersimpan")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        body.addWidget(self.table, 3)
        side = QVBoxLayout()
        self.image = QLabel()
        self.image.setObjectName("operatorFingerImage")
        self.image.setFixedSize(260, 300)
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image.setStyleSheet("background: #f4f4f4; border: 1px solid #bbbbbb;")
        self.fingers = QListWidget()
        self.fingers.setObjectName("operatorFingers")
        side.addWidget(self.image)
        side.addWidget(self.fingers, 1)
        body.addLayout(side, 2)
        buttons = QHBoxLayout()
        self.capture_button = QPushButton(self.tr("&Rekam sidik jari petugas ini"))
        buttons.addStretch(1)
        buttons.addWidget(self.capture_button)
        layout.addLayout(buttons)
        self.message = MessageLabel()
        layout.addWidget(self.message)
        self.capture_button.clicked.connect(self.ask_supervisor)
        self._show_fingers()

    # the list ---------------------------------------------------------------------------
    def refresh(self) -> None:
        operators, prints = self.context.station.operators, self.context.station.operator_prints
        self.context.storage.submit(lambda: (operators.list_operators(include_inactive=False),
                                             prints.prints_on_file()), self._loaded, self._error)

    def _loaded(self, loaded: tuple[list[OperatorView], dict[int, int]]) -> None:
        self.operators, self.on_file = list(loaded[0]), dict(loaded[1])
        selected = self.selected_operator_id()
        self.table.setRowCount(len(self.operators))
        for row, operator in enumerate(self.operators):
            count = self.on_file.get(operator.id, 0)
            prints = self.tr("{n} jari").format(n=count) if count else self.tr("belum ada")
            for column, value in enumerate((operator.username, operator.full_name, shown(Role(operator.role)), prints)):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, operator.id)
                if column == 3:
                    item.setForeground(QColor(PASS_COLOUR if count else FAIL_COLOUR))
                self.table.setItem(row, column, item)
        self.select_operator(selected if selected is not None else (self.operators[0].id if self.operators else -1))

    def select_operator(self, operator_id: int) -> bool:
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == operator_id:
                self.table.selectRow(row)
                return True
        return False

    def selected_operator_id(self) -> int | None:
        items = self.table.selectedItems()
        return int(items[0].data(Qt.ItemDataRole.UserRole)) if items else None

    def _error(self, error: BaseException) -> None:
        self.message.show_error(self.context.message(error))

    # capturing ----------------------------------------------------------------------------
    def ask_supervisor(self) -> SupervisorDialog | None:
        operator_id = self.selected_operator_id()
        if operator_id is None:
            self.message.show_error(self.tr("Pilih petugas di tabel dulu."))
            return None
        if self.capturing is not None:
            return None
        dialog = SupervisorDialog(self.context, self.tr(
            "Menyimpan sidik jari petugas memerlukan kata sandi supervisor."), self)
        dialog.accepted.connect(lambda: self.begin_capture(operator_id, dialog.approved.id))
        self.supervisor_dialog = dialog
        dialog.open()
        return dialog

    def begin_capture(self, operator_id: int, supervisor_id: int) -> None:
        """Scan each finger in turn (the supervisor is checked again when storing)."""
        self.capturing, self.supervisor_id = operator_id, supervisor_id
        self.capture, self.stored = OperatorPrintsCapture(self.policy, DEFAULT_FINGERS), None
        self.capture_button.setEnabled(False)
        self.message.clear_message()
        self._show_fingers()
        subject = operator_subject(operator_id)

        def show_operator(scanner: Device) -> None:  # simulators: the operator's own synthetic fingers
            if isinstance(scanner, SimulatorControls):
                scanner.present_subject(subject)

        if not self.context.devices.run("fingerprint", show_operator, lambda _r: self._scan_next(), self._failed):
            self._failed(RuntimeError(self.tr("Pemindai sidik jari tidak dikonfigurasi.")))

    @property
    def attempts(self) -> dict[FingerPosition, int]:
        """Attempts per finger scanned so far in this capture."""
        return self.capture.attempts

    def _scan_next(self) -> None:
        position = self.capture.current
        if position is None:
            self._store()
            return
        self.message.show_ok(self.tr("{finger}: letakkan jari di kaca pemindai.").format(finger=finger_name(position)))
        self.context.devices.run(
            "fingerprint", lambda scanner: as_scanner(scanner).capture_finger(position, timeout=CAPTURE_TIMEOUT_S),
            lambda image: self._on_image(position, image), self._failed)

    def _on_image(self, position: FingerPosition, image: FingerImage) -> None:
        pixels: np.ndarray = image.pixels
        self.image.setPixmap(array_to_pixmap(pixels, self.image.width(), self.image.height()))
        settings, ppi = self.context.quality_settings, image.ppi
        self.context.quality.submit(lambda: assess_finger(pixels, position, settings, ppi=ppi),
                                    lambda report: self._on_report(position, pixels, report), self._failed)

    def _on_report(self, position: FingerPosition, pixels: np.ndarray, report: QualityReport) -> None:
        if self.capture.current != position:
            return  # a late answer from a capture that was given up
        self.capture.record(pixels, report)
        self._show_fingers()
        self._scan_next()

    def _passing(self) -> dict[FingerPosition, tuple[np.ndarray, QualityReport]]:
        return self.capture.passing()

    def _store(self) -> None:
        operator_id, supervisor_id = self.capturing, self.supervisor_id
        assert operator_id is not None and supervisor_id is not None
        kept, prints = self.capture.passing(), self.context.station.operator_prints
        self.context.storage.submit(lambda: prints.store(operator_id, kept, supervisor_id), self._stored,
                                    self._failed)

    def _stored(self, count: int) -> None:
        self._finish()
        self.stored = int(count)
        skipped = [finger_name(p) for p in DEFAULT_FINGERS if p in self.attempts and p not in self._passing()]
        text = self.tr("{n} sidik jari petugas tersimpan.").format(n=count)
        if skipped:
            text += " " + self.tr("Tidak lolos mutu: {fingers}.").format(fingers=", ".join(skipped))
        self.message.show_ok(text)
        self.refresh()

    def _failed(self, error: BaseException) -> None:
        self._finish()
        self.message.show_error(self.context.message(error))

    def _finish(self) -> None:
        self.capturing, self.supervisor_id = None, None
        self.capture.remaining.clear()
        self.capture_button.setEnabled(True)
        self._show_fingers()

    def _show_fingers(self) -> None:
        self.fingers.clear()
        for position in DEFAULT_FINGERS:
            best = self.capture.best.get(position)
            attempts = self.capture.attempts.get(position, 0)
            if best is None:
                text, colour = self.tr("{finger}: belum dipindai").format(finger=finger_name(position)), None
            else:
                ok = self.policy.accepts(position, best[1])
                text = self.tr("{finger}: NFIQ 2 {score:.0f} (batas {limit}) · {n} percobaan").format(
                    finger=finger_name(position), score=best[1].score or 0, limit=self.policy.threshold(position),
                    n=attempts)
                colour = PASS_COLOUR if ok else FAIL_COLOUR
            self.fingers.addItem(text)
            if colour:
                self.fingers.item(self.fingers.count() - 1).setForeground(QColor(colour))
