"""Approval (supervisors): the day's saved records, checked and approved before they are sent."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.approvals import PendingRecord
from ui.gui.context import GuiContext
from ui.gui.style import WARN_COLOUR
from ui.gui.widgets.common import MessageLabel, title_label


class ApprovalPage(QWidget):
    """Lists ApprovalService.pending(); approving needs the logged-in supervisor."""

    approved = Signal(int)  # how many records were approved (the freeze is measured again)

    def __init__(self, context: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.records: list[PendingRecord] = []
        layout = QVBoxLayout(self)
        layout.addWidget(title_label(self.tr("Persetujuan supervisor")))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("pendingTable")
        self.table.setHorizontalHeaderLabels([self.tr("Nama"), self.tr("NIK"), self.tr("Direkam"), self.tr("Petugas"),
                                              self.tr("Catatan")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.approve_selected_button = QPushButton(self.tr("Setujui yang &dipilih"))
        self.approve_selected_button.setObjectName("secondary")
        self.approve_all_button = QPushButton(self.tr("Setujui &semua"))
        buttons.addWidget(self.approve_selected_button)
        buttons.addWidget(self.approve_all_button)
        layout.addLayout(buttons)
        self.message = MessageLabel()
        layout.addWidget(self.message)
        self.approve_selected_button.clicked.connect(self.approve_selected)
        self.approve_all_button.clicked.connect(lambda: self.approve([r.uuid for r in self.records]))
        context.enrolment_saved.connect(lambda _uuid: self.refresh() if self.isVisible() else None)

    def refresh(self) -> None:
        approvals = self.context.station.approvals

        def load() -> tuple[bool, list[PendingRecord]]:
            return approvals.required, approvals.pending()

        self.context.storage.submit(load, self._show, self._error)

    def _show(self, loaded: tuple[bool, list[PendingRecord]]) -> None:
        required, records = loaded
        self.records = list(records)
        if required:
            self.summary.setText(self.tr("{n} perekaman menunggu persetujuan sebelum dikirim ke pusat.").format(
                n=len(records)))
        else:
            self.summary.setText(self.tr("Persetujuan tidak diwajibkan di stasiun ini; perekaman langsung dikirim."))
        self.table.setRowCount(len(records))
        for row, record in enumerate(records):
            note = ""
            if record.possible_duplicate_of:
                note = self.tr("kemungkinan data ganda (skor {score:.0f})").format(score=record.duplicate_score or 0)
            values = (record.name, record.nik_masked, record.captured_local, record.operator, note)
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, record.uuid)
                if note:
                    item.setForeground(QColor(WARN_COLOUR))
                self.table.setItem(row, column, item)
        allowed = self.context.is_supervisor and bool(records)
        self.approve_all_button.setEnabled(allowed)
        self.approve_selected_button.setEnabled(allowed)

    def _error(self, error: BaseException) -> None:
        self.message.show_error(self.context.message(error))

    def approve_selected(self) -> None:
        rows = sorted({index.row() for index in self.table.selectedIndexes()})
        items = [self.table.item(row, 0) for row in rows]
        uuids = [str(item.data(Qt.ItemDataRole.UserRole)) for item in items if item is not None]
        if not uuids:
            self.message.show_error(self.tr("Pilih perekaman di tabel dulu."))
            return
        self.approve(uuids)

    def approve(self, uuids: list[str]) -> None:
        supervisor = self.context.operator
        if not uuids or supervisor is None or not self.context.is_supervisor:
            return
        supervisor_id = supervisor.id
        approvals = self.context.station.approvals
        self.context.storage.submit(lambda: approvals.approve(uuids, supervisor_id), self._approved, self._error)

    def _approved(self, count: int) -> None:
        self.message.show_ok(self.tr("{n} perekaman disetujui dan siap dikirim.").format(n=count))
        self.approved.emit(count)
        self.refresh()
