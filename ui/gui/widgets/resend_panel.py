"""The sending page's "kirim ulang" list: packets the hub refused or the centre failed, sent again on request."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.bootstrap import Station
from app.domain import labels as names
from app.sync.resend import FailedPacket
from ui.gui.labels import colour, tr_label
from ui.gui.workers import SerialExecutor


def failure_label(packet: FailedPacket) -> names.Label:
    if packet.central_status is not None:
        return names.CENTRAL_STATUS[packet.central_status]
    return names.SEND_REFUSED


class ResendPanelWidget(QGroupBox):
    """Emits ``requeued(list of packet UUIDs)`` once the chosen packets are back in the queue."""

    requeued = Signal(list)
    failed = Signal(object)

    def __init__(self, station: Station, executor: SerialExecutor, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Perlu dikirim ulang"), parent)
        self.setObjectName("resendPanel")
        self.station = station
        self.executor = executor
        self.packets: list[FailedPacket] = []
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("resendTable")
        self.table.setHorizontalHeaderLabels([self.tr("Nama"), self.tr("NIK"), self.tr("Status di pusat")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.resend_button = QPushButton(self.tr("Kirim &ulang yang dipilih"))
        self.resend_button.setObjectName("resendButton")
        self.resend_all_button = QPushButton(self.tr("Kirim ulang &semua"))
        self.resend_all_button.setObjectName("secondary")
        buttons.addWidget(self.resend_button)
        buttons.addWidget(self.resend_all_button)
        layout.addLayout(buttons)
        self.resend_button.clicked.connect(self.resend_selected)
        self.resend_all_button.clicked.connect(lambda: self.resend([p.packet_uuid for p in self.packets]))
        self._enable()

    def refresh(self) -> None:
        self.executor.submit(self.station.sync.failed_packets, self.show_packets, self.failed.emit)

    def show_packets(self, packets: list[FailedPacket]) -> None:
        self.packets = list(packets)
        self.table.setRowCount(len(self.packets))
        for row, packet in enumerate(self.packets):
            label = failure_label(packet)
            for column, value in enumerate((packet.applicant_name, packet.nik_masked, tr_label(label))):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, packet.packet_uuid)
                item.setBackground(QColor(colour(label)))
                item.setForeground(QColor("#111111"))
                self.table.setItem(row, column, item)
        self.setVisible(bool(self.packets))
        self._enable()

    def _enable(self) -> None:
        self.resend_button.setEnabled(bool(self.packets))
        self.resend_all_button.setEnabled(len(self.packets) > 1)

    def resend_selected(self) -> None:
        rows = sorted({index.row() for index in self.table.selectedIndexes()})
        uuids = [self.packets[row].packet_uuid for row in rows if row < len(self.packets)]
        self.resend(uuids or [p.packet_uuid for p in self.packets[:1]])

    def resend(self, uuids: list[str]) -> None:
        if not uuids:
            return
        sync = self.station.sync
        self.resend_button.setEnabled(False)

        def work() -> list[str]:
            return [sync.requeue(uuid).packet_uuid for uuid in uuids]

        self.executor.submit(work, self._requeued, self._failed)

    def _requeued(self, uuids: list[str]) -> None:
        self.requeued.emit(uuids)
        self.refresh()

    def _failed(self, error: BaseException) -> None:
        self._enable()
        self.failed.emit(error)
