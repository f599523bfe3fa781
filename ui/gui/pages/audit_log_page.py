"""Audit log (supervisors): who did what and when, in the station's time zone, and whether the chain is whole."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
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

from app.services.audit_log import AuditEntry, ChainReport
from ui.gui.context import GuiContext
from ui.gui.style import FAIL_COLOUR, PASS_COLOUR
from ui.gui.widgets.common import MessageLabel, title_label

SHOWN_EVENTS = 500
LABEL_CONTEXT = "AuditLabels"  # resources/i18n/station_en.ts translates app.services.audit_labels' Indonesian


@dataclass(frozen=True)
class AuditLogView:
    """What the page shows, loaded together on the storage worker."""

    report: ChainReport
    entries: tuple[AuditEntry, ...]


def event_words(entry: AuditEntry) -> str:
    """The event kind in the GUI's language (Indonesian source, English from the Qt translation)."""
    return QCoreApplication.translate(LABEL_CONTEXT, entry.label_id)


class AuditLogPage(QWidget):
    """Newest events first, and the chain's verification result in plain words."""

    def __init__(self, context: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.view: AuditLogView | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(title_label(self.tr("Log audit")))
        self.chain_label = QLabel()
        self.chain_label.setObjectName("auditChain")
        self.chain_label.setWordWrap(True)
        layout.addWidget(self.chain_label)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("auditTable")
        self.table.setHorizontalHeaderLabels([self.tr("Waktu"), self.tr("Petugas"), self.tr("Kejadian"),
                                              self.tr("Tentang")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.count_label = QLabel()
        buttons.addWidget(self.count_label)
        buttons.addStretch(1)
        self.refresh_button = QPushButton(self.tr("&Periksa ulang"))
        self.refresh_button.clicked.connect(self.refresh)
        buttons.addWidget(self.refresh_button)
        layout.addLayout(buttons)
        self.message = MessageLabel()
        layout.addWidget(self.message)

    def refresh(self) -> None:
        if not self.context.is_supervisor:  # the navigation hides the page from officers; this is the lock
            self.table.setRowCount(0)
            self.chain_label.clear()
            return
        audit_log = self.context.station.audit_log

        def load() -> AuditLogView:
            return AuditLogView(audit_log.verify(), tuple(audit_log.entries(limit=SHOWN_EVENTS)))

        self.refresh_button.setEnabled(False)
        self.chain_label.setText(self.tr("Memeriksa log audit…"))
        self.context.storage.submit(load, self._show, self._error)

    def _show(self, view: AuditLogView) -> None:
        self.view = view
        self.refresh_button.setEnabled(True)
        self.message.clear_message()
        self._show_report(view.report)
        english = self.context.language == "en"
        broken = view.report.problem.event_id if view.report.problem else None
        self.table.setRowCount(len(view.entries))
        for row, entry in enumerate(view.entries):
            about = entry.subject_en if english else entry.subject_id
            for column, value in enumerate((entry.at_local, entry.operator or self.tr("stasiun"),
                                            event_words(entry), about)):
                item = QTableWidgetItem(value)
                if broken is not None and entry.event_id == broken:
                    item.setForeground(QColor(FAIL_COLOUR))  # the event where the chain breaks
                self.table.setItem(row, column, item)
        self.count_label.setText(self.tr("{shown} kejadian terbaru dari {total}").format(
            shown=len(view.entries), total=view.report.events))

    def _show_report(self, report: ChainReport) -> None:
        if report.problem is None:
            text = self.tr("Log audit utuh: {n} kejadian, tidak ada yang diubah, dihapus atau disisipkan.").format(
                n=report.verified)
            colour = PASS_COLOUR
        else:
            problem = report.problem.message_en if self.context.language == "en" else report.problem.message_id
            text = self.tr("Log audit RUSAK. {problem} Laporkan ke kantor Dinas; jangan hapus data stasiun.").format(
                problem=problem)
            colour = FAIL_COLOUR
        self.chain_label.setText(text)
        self.chain_label.setStyleSheet(f"color: {QColor(colour).name()}; font-weight: bold;")

    def _error(self, error: BaseException) -> None:
        self.refresh_button.setEnabled(True)
        self.chain_label.clear()
        self.message.show_error(self.context.message(error))
