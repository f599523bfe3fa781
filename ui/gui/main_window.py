"""The station's main window: header with station, operator and visit; navigation; device status bar.

Before log-in only the log-in page shows. After log-in an unfinished enrolment
(a draft left by a crash or power cut) is offered back first.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.bootstrap import Station
from app.domain.enums import Role
from app.services.enrolment_types import CaptureSummary, DraftSummary, EnrolmentReview, SaveResult
from app.services.limits import RegistrationFrozenError
from app.services.views import ApplicantView, OperatorView, VisitView
from ui.gui.context import GuiContext
from ui.gui.idle import IdleWatcher, idle_minutes
from ui.gui.labels import position, shown
from ui.gui.limits_watch import LimitsWatcher
from ui.gui.pages.approval_page import ApprovalPage
from ui.gui.pages.audit_log_page import AuditLogPage
from ui.gui.pages.capture_page import CapturePage
from ui.gui.pages.devices_page import DevicesPage
from ui.gui.pages.login_page import LoginPage
from ui.gui.pages.operator_prints_page import OperatorPrintsPage
from ui.gui.pages.progress_page import ProgressPage
from ui.gui.pages.queue_page import QueuePage
from ui.gui.pages.report_page import ReportPage
from ui.gui.pages.settings_page import SettingsPage
from ui.gui.pages.sync_page import SyncPage
from ui.gui.pages.visit_page import VisitPage
from ui.gui.widgets.common import shortcut
from ui.gui.widgets.device_status import DeviceStatusWidget

SUPERVISOR_PAGES = ("approval", "operator_prints", "settings", "report", "audit")
TITLE_ROLE = Qt.ItemDataRole.UserRole + 1


def number_pages(navigation: QListWidget) -> None:
    """Number the pages the operator sees 1, 2, 3… (the Alt+N keys), skipping hidden ones."""
    number = 0
    for row in range(navigation.count()):
        item = navigation.item(row)
        if not item.isHidden():
            number += 1
            item.setText(f"{number}  {item.data(TITLE_ROLE)}")


def captured_words(captured: tuple[str, ...] | list[str]) -> str:
    """A draft's captures ("finger:right_index"…) as the operator says them: "foto wajah, 3 sidik jari"."""
    fingers = sum(1 for entry in captured if entry.startswith("finger:"))
    words = []
    for entry in captured:
        modality, _, slug = entry.partition(":")
        if modality == "finger":
            continue
        words.append(position(modality, slug))
    if fingers:
        words.append(QApplication.translate("MainWindow", "{n} sidik jari").format(n=fingers))
    return ", ".join(words) or "—"


class MainWindow(QMainWindow):
    language_changed = Signal(str)  # a supervisor saved another language: rebuild the window in it

    def __init__(self, station: Station, context: GuiContext | None = None, *, open_devices: bool = True) -> None:
        super().__init__()
        self.station = station
        self.context = context or GuiContext(station, parent=self)
        identity = station.config.identity
        self.setWindowTitle(self.tr("Perekaman e-KTP — {name}").format(name=identity.name))
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        self.header = QLabel(
            self.tr("{name} · Stasiun {code}").format(name=identity.name, code=identity.station_code)
        )
        self.header.setObjectName("stationHeader")
        self.visit_label = QLabel(self.tr("Belum ada kunjungan aktif"))
        self.visit_label.setObjectName("visitLabel")
        layout.addWidget(self.header)
        layout.addWidget(self.visit_label)

        self.root = QStackedWidget()
        layout.addWidget(self.root, 1)
        self.login_page = LoginPage(self.context)
        self.root.addWidget(self.login_page)
        workspace = QWidget()
        work_layout = QHBoxLayout(workspace)
        work_layout.setContentsMargins(0, 0, 0, 0)
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setFixedWidth(200)
        self.pages = QStackedWidget()
        work_layout.addWidget(self.navigation)
        work_layout.addWidget(self.pages, 1)
        self.root.addWidget(workspace)
        self.setCentralWidget(central)

        self.visit_page = VisitPage(self.context)
        self.queue_page = QueuePage(self.context)
        self.capture_page = CapturePage(self.context)
        self.progress_page = ProgressPage(self.context)
        self.page_keys: list[str] = []
        self._add_page("visit", self.tr("Kunjungan"), self.visit_page)
        self._add_page("queue", self.tr("Antrean"), self.queue_page)
        self._add_page("capture", self.tr("Perekaman"), self.capture_page)
        self._add_page("progress", self.tr("Progres"), self.progress_page)
        self._add_extra_pages()
        self.navigation.currentRowChanged.connect(self._navigate)

        self.device_status = DeviceStatusWidget(self.context.devices, self.context.language)
        self.statusBar().addPermanentWidget(self.device_status)
        self.operator_label = QLabel()
        self.statusBar().addWidget(self.operator_label)

        self.login_page.logged_in.connect(self._logged_in)
        self.visit_page.visit_started.connect(self._visit_started)
        self.queue_page.record_requested.connect(self.start_enrolment)
        self.queue_page.resume_requested.connect(self.resume_enrolment)
        self.queue_page.resend_requested.connect(lambda _uuid: self.sync_page.send_now())
        self.capture_page.finished.connect(self._enrolment_saved)
        self.capture_page.cancelled.connect(lambda: self.show_page("queue"))
        self.context.visit_changed.connect(self._show_visit)
        self.limits = LimitsWatcher(self.context, parent=self)  # the registration freeze, re-measured
        self.limits.report_changed.connect(self.queue_page.show_limits)
        self.limits.report_changed.connect(self.capture_page.show_limits)
        self.sync_page.sync_finished.connect(self.limits.check)
        self.settings_page.language_changed.connect(self.language_changed)
        self._restoring_page: str | None = None
        self.approval_page.approved.connect(self.limits.check)
        self.context.enrolment_saved.connect(self.limits.check)
        shortcut(QKeySequence("Ctrl+Shift+L"), self, self.logout)
        for index in range(min(len(self.page_keys), 10)):  # Alt+1…9, then Alt+0 for the tenth page
            shortcut(QKeySequence(f"Alt+{(index + 1) % 10}"), self, partial(self._shortcut_page, index))

        self.idle = IdleWatcher(idle_minutes(station.config), self)
        self.idle.warning.connect(lambda seconds: self.statusBar().showMessage(
            self.tr("Tidak ada aktivitas: keluar otomatis dalam {s} detik.").format(s=seconds), 60_000))
        self.idle.timed_out.connect(self.logout)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.idle)

        self.resize(1366, 768)  # the common field-laptop screen
        self.root.setCurrentIndex(0)
        self.login_page.refresh()
        if open_devices:
            self.context.devices.open_all()

    def _add_extra_pages(self) -> None:
        self.devices_page = DevicesPage(self.context)
        self._add_page("devices", self.tr("Perangkat"), self.devices_page)
        self.approval_page = ApprovalPage(self.context)
        self._add_page("approval", self.tr("Persetujuan"), self.approval_page)
        self.sync_page = SyncPage(self.context)
        self._add_page("sync", self.tr("Kirim ke pusat"), self.sync_page)
        self.operator_prints_page = OperatorPrintsPage(self.context)
        self._add_page("operator_prints", self.tr("Sidik jari petugas"), self.operator_prints_page)
        self.settings_page = SettingsPage(self.context)
        self._add_page("settings", self.tr("Pengaturan"), self.settings_page)
        self.report_page = ReportPage(self.context)
        self._add_page("report", self.tr("Laporan harian"), self.report_page)
        self.audit_log_page = AuditLogPage(self.context)
        self._add_page("audit", self.tr("Log audit"), self.audit_log_page)

    def _add_page(self, key: str, title: str, page: QWidget) -> None:
        self.page_keys.append(key)
        self.pages.addWidget(page)
        item = QListWidgetItem(f"{len(self.page_keys)}  {title}")
        item.setData(Qt.ItemDataRole.UserRole, key)
        item.setData(TITLE_ROLE, title)
        self.navigation.addItem(item)

    def page(self, key: str) -> QWidget:
        found = self.pages.widget(self.page_keys.index(key))
        assert found is not None  # one page per key, added in __init__
        return found

    def show_page(self, key: str) -> None:
        self.navigation.setCurrentRow(self.page_keys.index(key))

    def _shortcut_page(self, number: int) -> None:
        """Alt+N opens the N-th page the operator sees (hidden supervisor pages are not counted)."""
        visible = [row for row in range(self.navigation.count()) if not self.navigation.item(row).isHidden()]
        if self.root.currentIndex() == 1 and number < len(visible):
            self.navigation.setCurrentRow(visible[number])

    def _navigate(self, row: int) -> None:
        if row < 0:
            return
        self.pages.setCurrentIndex(row)
        page = self.pages.widget(row)
        refresh = getattr(page, "refresh", None)
        if callable(refresh) and page is not self.capture_page:
            refresh()

    # session ---------------------------------------------------------------------------
    def _logged_in(self, operator: OperatorView) -> None:
        self.context.set_operator(operator)
        self.idle.start()
        self.limits.start()
        for key in SUPERVISOR_PAGES:
            self.navigation.item(self.page_keys.index(key)).setHidden(not self.context.is_supervisor)
        number_pages(self.navigation)
        self.operator_label.setText(self.tr("Petugas: {name} ({role})").format(
            name=operator.full_name, role=shown(Role(operator.role))))
        self.root.setCurrentIndex(1)
        self.context.storage.submit(self.station.sites.active_visit, self._resume_visit, self._session_load_failed)

    def restore_session(self, operator: OperatorView, page_key: str) -> None:
        """Continue a logged-in session in a rebuilt window (language switch): same operator, visit and page."""
        self._restoring_page = page_key
        self._logged_in(operator)

    def current_page_key(self) -> str:
        return self.page_keys[self.pages.currentIndex()]

    def _resume_visit(self, visit: VisitView | None) -> None:
        if visit is not None:
            self.context.set_visit(visit)
        if self._restoring_page is not None:  # a rebuilt window: the operator stays where they were
            page, self._restoring_page = self._restoring_page, None
            self.show_page(page if page != "capture" else "queue")
            return
        self.show_page("queue" if visit is not None else "visit")
        self.context.storage.submit(self.station.enrolments.drafts, self._offer_drafts, self._session_load_failed)

    def _session_load_failed(self, error: BaseException) -> None:
        """The visit or the drafts could not be read after log-in: say so on the page shown, not only in the log."""
        if self.pages.currentWidget() is self.queue_page:
            self.queue_page.message.show_error(self.context.message(error))
            return
        self.show_page("visit")
        self.visit_page.message.show_error(self.context.message(error))

    def _offer_drafts(self, drafts: list[DraftSummary]) -> None:
        if not drafts:
            return
        draft = drafts[0]
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Perekaman belum selesai"),
                          self.tr("Perekaman {name} belum selesai (tersimpan: {captured}). Lanjutkan?").format(
                              name=draft.applicant_name, captured=captured_words(draft.captured)),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setObjectName("draftOffer")
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("&Lanjutkan"))
        box.button(QMessageBox.StandardButton.No).setText(self.tr("&Nanti saja"))
        box.accepted.connect(lambda: self.resume_draft(draft))
        self.draft_box = box
        box.open()

    def resume_draft(self, draft: DraftSummary) -> None:
        self.resume_enrolment(draft.uuid, draft.applicant_id)

    def resume_enrolment(self, uuid: str, applicant_id: int) -> None:
        """Continue an unfinished recording with what it already holds."""
        enrolments, applicants = self.station.enrolments, self.station.applicants

        def load() -> tuple[ApplicantView, EnrolmentReview]:
            return applicants.get(applicant_id), enrolments.review(uuid, check_duplicates=False)

        self.context.storage.submit(load, lambda loaded: self._open_capture(uuid, loaded[0], list(loaded[1].captures)),
                                    lambda error: self.queue_page.message.show_error(self.context.message(error)))

    def _visit_started(self, visit: VisitView) -> None:
        self.context.set_visit(visit)
        self.show_page("queue")

    def _show_visit(self, visit: VisitView | None) -> None:
        if visit is None:
            self.visit_label.setText(self.tr("Belum ada kunjungan aktif"))
        else:
            self.visit_label.setText(self.tr("Kunjungan: {site} · {date}").format(
                site=visit.site.name, date=visit.visit_date.strftime("%d-%m-%Y")))

    def logout(self) -> None:
        operator = self.context.operator
        if operator is None:
            return
        self.capture_page.close_steps()
        station = self.station

        def log_out() -> None:
            try:
                station.operators.logout(operator.id)
            finally:
                station.lock()  # the data key leaves memory; the next log-in opens the station again

        self.context.storage.submit(log_out)
        self.idle.stop()
        self.limits.stop()
        self.context.set_operator(None)
        self.operator_label.clear()
        self.root.setCurrentIndex(0)
        self.login_page.refresh()

    # enrolment ------------------------------------------------------------------------------
    def start_enrolment(self, applicant_id: int) -> None:
        visit, operator = self.context.visit, self.context.operator
        if visit is None or operator is None:
            return
        enrolments, applicants = self.station.enrolments, self.station.applicants

        documents = self.context.documents_shown.get(applicant_id)

        def start() -> tuple[str, ApplicantView]:
            uuid = enrolments.start(applicant_id, visit.id, operator.id)
            if documents:
                enrolments.set_documents_seen(uuid, documents)
            return uuid, applicants.get(applicant_id)

        def started(result: tuple[str, ApplicantView]) -> None:
            self.context.documents_shown.pop(applicant_id, None)
            self._open_capture(result[0], result[1], None)

        self.context.storage.submit(start, started, self._start_failed)

    def _start_failed(self, error: BaseException) -> None:
        if isinstance(error, RegistrationFrozenError):
            self.limits.apply(error.report)  # the banner shows why, the record button is disabled
        self.queue_page.message.show_error(self.context.message(error))

    def _open_capture(self, uuid: str, applicant: ApplicantView, captures: list[CaptureSummary] | None) -> None:
        self.capture_page.begin(uuid, applicant, captures)
        self.show_page("capture")

    def _enrolment_saved(self, result: SaveResult) -> None:
        self.context.enrolment_saved.emit(result.uuid)
        self.statusBar().showMessage(self.tr("Perekaman tersimpan."), 10_000)
        if result.possible_duplicate_of:
            return  # stay on the review so the duplicate warning is read
        self.show_page("queue")

    def closeEvent(self, event: QCloseEvent) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.idle)
        self.idle.stop()
        self.limits.stop()
        self.capture_page.close_steps()
        self.sync_page.shutdown()
        self.context.shutdown()
        super().closeEvent(event)
