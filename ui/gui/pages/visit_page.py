"""Today's visit: continue the open one, or pick or create a site and open a visit there."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import SiteKind
from app.services.sites import SiteSummary
from app.services.views import SiteView, VisitView
from ui.gui.context import GuiContext
from ui.gui.labels import shown
from ui.gui.pages.roster_import_dialog import RosterImportDialog
from ui.gui.pages.site_dialog import SiteDialog, default_polling_day
from ui.gui.widgets.common import MessageLabel, date_to_qdate, qdate_to_date, title_label
from ui.gui.widgets.planned_visits import PlannedVisitsWidget
from ui.gui.widgets.site_form import SiteFormWidget


class VisitPage(QWidget):
    """Where the day starts. Emits ``visit_started`` once a visit is open."""

    visit_started = Signal(object)  # Visit

    def __init__(self, context: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        layout = QVBoxLayout(self)
        layout.addWidget(title_label(self.tr("Kunjungan hari ini")))

        self.active_box = QGroupBox(self.tr("Kunjungan yang masih terbuka"))
        active_layout = QHBoxLayout(self.active_box)
        self.active_label = QLabel()
        self.active_label.setWordWrap(True)
        self.continue_button = QPushButton(self.tr("&Lanjutkan kunjungan"))
        self.close_button = QPushButton(self.tr("&Tutup kunjungan"))
        self.close_button.setObjectName("secondary")
        active_layout.addWidget(self.active_label, 1)
        active_layout.addWidget(self.continue_button)
        active_layout.addWidget(self.close_button)
        layout.addWidget(self.active_box)

        self.planned = PlannedVisitsWidget(context)  # the office's plan, pulled at sync
        self.planned.visit_started.connect(self.visit_started.emit)
        self.planned.failed.connect(self._error)
        layout.addWidget(self.planned)

        columns = QHBoxLayout()
        layout.addLayout(columns, 1)

        pick_box = QGroupBox(self.tr("Pilih lokasi"))
        pick_layout = QVBoxLayout(pick_box)
        self.site_list = QListWidget()
        self.site_list.setObjectName("siteList")
        pick_layout.addWidget(self.site_list, 1)
        polling_row = QHBoxLayout()
        self.use_polling_day = QCheckBox(self.tr("Hari pemungutan suara"))
        self.polling_day = QDateEdit(QDate.currentDate())
        self.polling_day.setCalendarPopup(True)
        self.polling_day.setDisplayFormat("dd-MM-yyyy")
        self.polling_day.setEnabled(False)
        self.use_polling_day.toggled.connect(self.polling_day.setEnabled)
        polling_row.addWidget(self.use_polling_day)
        polling_row.addWidget(self.polling_day, 1)
        pick_layout.addLayout(polling_row)
        site_buttons = QHBoxLayout()
        self.edit_site_button = QPushButton(self.tr("&Ubah lokasi…"))
        self.edit_site_button.setObjectName("secondary")
        self.import_button = QPushButton(self.tr("&Impor daftar peserta…"))
        self.import_button.setObjectName("secondary")
        site_buttons.addWidget(self.edit_site_button)
        site_buttons.addWidget(self.import_button)
        pick_layout.addLayout(site_buttons)
        self.start_button = QPushButton(self.tr("&Mulai kunjungan di lokasi ini"))
        pick_layout.addWidget(self.start_button)
        columns.addWidget(pick_box, 3)

        new_box = QGroupBox(self.tr("Lokasi baru"))
        new_layout = QVBoxLayout(new_box)
        self.site_form = SiteFormWidget()
        self.site_form.name.setObjectName("siteName")
        self.add_site_button = QPushButton(self.tr("&Tambah lokasi"))
        new_layout.addWidget(self.site_form)
        new_layout.addWidget(self.add_site_button)
        new_layout.addStretch(1)
        columns.addWidget(new_box, 2)

        self.message = MessageLabel()
        layout.addWidget(self.message)

        self.continue_button.clicked.connect(self._continue_visit)
        self.close_button.clicked.connect(self._close_visit)
        self.start_button.clicked.connect(self.start_visit)
        self.site_list.itemActivated.connect(lambda _item: self.start_visit())
        self.add_site_button.clicked.connect(self.add_site)
        self.site_form.name.returnPressed.connect(self.add_site)
        self.edit_site_button.clicked.connect(self.edit_site)
        self.import_button.clicked.connect(self.import_roster)
        self.site_list.currentRowChanged.connect(lambda _row: self._site_selected())
        self._active: VisitView | None = None
        self.sites: dict[int, SiteSummary] = {}

    # loading ------------------------------------------------------------------
    def refresh(self) -> None:
        sites = self.context.station.sites

        def load() -> tuple[VisitView | None, list[SiteSummary]]:
            return sites.active_visit(), sites.list_sites()

        self.context.storage.submit(load, self._show, self._error)
        self.planned.refresh()

    def _show(self, loaded: tuple[VisitView | None, list[SiteSummary]]) -> None:
        active, site_list = loaded
        self._active = active
        self.active_box.setVisible(active is not None)
        if active is not None:
            self.active_label.setText(self.tr("{site} — dibuka {date}").format(
                site=active.site.name, date=active.visit_date.strftime("%d-%m-%Y")))
        previous = self.selected_site()
        self.sites = {site.id: site for site in site_list}
        self.site_list.clear()
        for site in site_list:
            item = QListWidgetItem(self.tr("{name} · {kind} · {roster} pemohon · {recorded}/{target} direkam").format(
                name=site.name, kind=shown(SiteKind(site.kind)), roster=site.applicant_count,
                recorded=site.recorded_count, target=site.target_count or site.applicant_count))
            item.setData(Qt.ItemDataRole.UserRole, site.id)
            self.site_list.addItem(item)
        if self.site_list.count():
            rows = [self.site_list.item(r).data(Qt.ItemDataRole.UserRole) for r in range(self.site_list.count())]
            self.site_list.setCurrentRow(rows.index(previous.id) if previous is not None and previous.id in rows else 0)
        self._site_selected()

    def selected_site(self) -> SiteSummary | None:
        item = self.site_list.currentItem()
        return self.sites.get(int(item.data(Qt.ItemDataRole.UserRole))) if item is not None else None

    def _site_selected(self) -> None:
        """The polling day follows the chosen site, else ``[eligibility] polling_day``."""
        site = self.selected_site()
        self.edit_site_button.setEnabled(site is not None)
        self.import_button.setEnabled(site is not None)
        polling = default_polling_day(self.context, site)
        self.use_polling_day.setChecked(polling is not None)
        self.polling_day.setDate(date_to_qdate(polling) if polling is not None else QDate.currentDate())

    def edit_site(self) -> SiteDialog | None:
        site = self.selected_site()
        if site is None:
            self.message.show_error(self.tr("Pilih lokasi dulu, atau tambah lokasi baru."))
            return None
        dialog = SiteDialog(self.context, site, self)
        dialog.saved.connect(lambda changed: self._site_changed(changed))
        dialog.open()
        return dialog

    def _site_changed(self, site: SiteView) -> None:
        self.message.show_ok(self.tr("Lokasi {name} disimpan.").format(name=site.name))
        self.refresh()

    def import_roster(self) -> RosterImportDialog | None:
        site = self.selected_site()
        if site is None:
            self.message.show_error(self.tr("Pilih lokasi dulu, atau tambah lokasi baru."))
            return None
        dialog = RosterImportDialog(self.context, site.name, SiteKind(site.kind), self)
        dialog.imported.connect(lambda _result: self.refresh())
        dialog.open()
        return dialog

    def _error(self, error: BaseException) -> None:
        self.message.show_error(self.context.message(error))

    # actions ------------------------------------------------------------------
    def _continue_visit(self) -> None:
        if self._active is not None:
            self.visit_started.emit(self._active)

    def _close_visit(self) -> None:
        if self._active is None:
            return
        visit_id = self._active.id
        closed_by = self.context.operator.id if self.context.operator is not None else None
        self.context.storage.submit(lambda: self.context.station.sites.close_visit(visit_id, closed_by=closed_by),
                                    lambda _result: self._closed(), self._error)

    def _closed(self) -> None:
        self.context.set_visit(None)
        self.message.show_ok(self.tr("Kunjungan ditutup."))
        self.refresh()

    def start_visit(self) -> None:
        item = self.site_list.currentItem()
        if item is None:
            self.message.show_error(self.tr("Pilih lokasi dulu, atau tambah lokasi baru."))
            return
        site_id = int(item.data(Qt.ItemDataRole.UserRole))
        polling = qdate_to_date(self.polling_day.date()) if self.use_polling_day.isChecked() else None
        operator_id = self.context.operator.id if self.context.operator is not None else None
        sites = self.context.station.sites

        def open_visit() -> VisitView:
            operator_ids = [operator_id] if operator_id is not None else []
            return sites.open_visit(site_id, operator_ids=operator_ids, polling_date=polling, opened_by=operator_id)

        self.context.storage.submit(open_visit, self.visit_started.emit, self._error)

    def add_site(self) -> None:
        values = self.site_form.values()
        if isinstance(values, str):
            self.message.show_error(values)
            return
        operator_id = self.context.operator.id if self.context.operator is not None else None
        sites = self.context.station.sites

        def create() -> SiteView:
            return sites.create_site(values.name, values.kind, region_code=values.region_code,
                                     target_count=values.target_count, address=values.address,
                                     operator_id=operator_id)

        self.context.storage.submit(create, self._site_added, self._error)

    def _site_added(self, site: SiteView) -> None:
        self.message.show_ok(self.tr("Lokasi {name} ditambahkan.").format(name=site.name))
        self.site_form.clear_name()
        self.refresh()
