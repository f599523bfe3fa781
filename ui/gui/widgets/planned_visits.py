"""The office's plan for this station on the visit page: today's and the coming planned visits, and starting one."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.planned_visits import PlannedVisitView
from app.services.views import VisitView
from ui.gui.context import GuiContext


class PlannedVisitsWidget(QGroupBox):
    """Lists the planned visits (from the hub, at sync); emits ``visit_started`` once today's is opened from it."""

    visit_started = Signal(object)  # VisitView
    failed = Signal(object)  # the error, for the page's message line

    def __init__(self, context: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Rencana kunjungan dari kantor"), parent)
        self.context = context
        layout = QVBoxLayout(self)
        self.list = QListWidget()
        self.list.setObjectName("plannedVisits")
        self.list.setMaximumHeight(110)
        layout.addWidget(self.list)
        row = QHBoxLayout()
        self.hint = QLabel()
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        self.start_button = QPushButton(self.tr("Mulai kunjungan &terencana hari ini"))
        row.addWidget(self.hint, 1)
        row.addWidget(self.start_button)
        layout.addLayout(row)
        self.start_button.clicked.connect(self.start_selected)
        self.list.itemActivated.connect(lambda _item: self.start_selected())
        self.list.currentRowChanged.connect(lambda _row: self._selected())
        self.planned: dict[int, PlannedVisitView] = {}

    def refresh(self) -> None:
        self.context.storage.submit(self.context.station.planned_visits.upcoming, self.show_planned, self.failed.emit)

    def show_planned(self, planned: tuple[PlannedVisitView, ...]) -> None:
        self.planned = {visit.id: visit for visit in planned}
        self.list.clear()
        self.setVisible(bool(planned))
        today = self.context.station.sites.today()
        for visit in planned:
            item = QListWidgetItem(self._line(visit, today))
            item.setData(Qt.ItemDataRole.UserRole, visit.id)
            self.list.addItem(item)
        first_today = next((row for row, visit in enumerate(planned) if visit.day == today and not visit.withdrawn), 0)
        if planned:
            self.list.setCurrentRow(first_today)
        self._selected()

    def _line(self, visit: PlannedVisitView, today: dt.date) -> str:
        day = self.tr("Hari ini") if visit.day == today else visit.day.strftime("%d-%m-%Y")
        line = self.tr("{day} · {site} · target {target} · {roster} di daftar peserta").format(
            day=day, site=visit.site_name, target=visit.target_count, roster=visit.roster_count)
        if visit.campaign:
            line += f" · {visit.campaign}"
        if visit.withdrawn:
            line += " · " + self.tr("dihapus dari rencana oleh kantor")
        return line

    def selected(self) -> PlannedVisitView | None:
        item = self.list.currentItem()
        return self.planned.get(int(item.data(Qt.ItemDataRole.UserRole))) if item is not None else None

    def _selected(self) -> None:
        visit = self.selected()
        startable = visit is not None and not visit.withdrawn and visit.day == self.context.station.sites.today()
        self.start_button.setEnabled(startable)
        self.hint.setText("" if startable or visit is None else
                          self.tr("Kunjungan terencana hanya dapat dimulai pada harinya."))

    def start_selected(self) -> None:
        visit = self.selected()
        if visit is None:
            return
        operator_id = self.context.operator.id if self.context.operator is not None else None
        planned = self.context.station.planned_visits

        def start() -> VisitView:
            operator_ids = [operator_id] if operator_id is not None else []
            return planned.start(visit.id, operator_ids=operator_ids, opened_by=operator_id)

        self.context.storage.submit(start, self.visit_started.emit, self.failed.emit)
