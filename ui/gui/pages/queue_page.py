"""The applicant queue: the site's roster, searchable, with each row's state.

The roster is read a page at a time (``ApplicantService.queue_slice``): the first
page opens at once however large the roster, scrolling to the end reads the next.
While the whole roster is loaded the search filters it on the spot; otherwise the
search runs in the database (after a short pause in typing).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain import labels as names
from app.domain.enums import EligibilityStatus, QueueState
from app.services.applicants import QUEUE_PAGE_SIZE, QueueRow, QueueSlice
from app.services.limits import LimitsReport
from app.services.views import ApplicantView
from ui.gui.context import GuiContext
from ui.gui.labels import colour, shown, tr_label
from ui.gui.pages.manual_entry_dialog import ManualEntryDialog
from ui.gui.widgets.common import MessageLabel, shortcut, title_label
from ui.gui.widgets.freeze_banner import FreezeBannerWidget, freeze_reasons


def state_label(state: QueueState) -> str:
    return shown(QueueState(state))


def eligibility_label(status: EligibilityStatus) -> str:
    return shown(EligibilityStatus(status))


def row_status(row: QueueRow) -> tuple[str, str, names.Label | None]:
    """The queue's status cell: the centre's words, the colour of its tone, and what to do (or None)."""
    status, action = names.queue_status(row.state, row.enrolment_status, row.central_status,
                                        row.send_refused)
    text = tr_label(status)
    if action is not None:
        text = f"{text} — {tr_label(action)}"
    return text, colour(status), action


def may_record(row: QueueRow) -> bool:
    return EligibilityStatus(row.eligibility) != EligibilityStatus.NOT_YET


def matches(row: QueueRow, query: str) -> bool:
    """Search by name, NIK or student number (NIS), case-insensitive."""
    if not query:
        return True
    query = query.casefold()
    person = row.applicant
    return any(query in str(value or "").casefold() for value in (person.name, person.nik, person.student_number))


SEARCH_PAUSE_MS = 250  # typing pause before a search of a roster too large to hold
MORE_ROWS_MARGIN = 20  # read the next page when the last rows come this close to the view


class QueuePage(QWidget):
    """Emits ``record_requested(applicant_id)`` when the operator starts a recording."""

    record_requested = Signal(int)  # applicant id: start a new recording
    resume_requested = Signal(str, int)  # draft uuid, applicant id: continue an unfinished one
    resend_requested = Signal(str)  # packet uuid put back in the queue: send it now

    COLUMNS = ("Nama", "NIK", "NIS", "Kelas", "Status", "Usia")

    def __init__(self, context: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.rows: list[QueueRow] = []
        self.page_size = QUEUE_PAGE_SIZE
        self.total = 0  # rows matching the query loaded last (all of the roster without one)
        self.complete = True  # the whole roster is in ``rows``: search filters it locally
        self.loaded_query = ""
        self._request = 0  # answers to older requests are dropped
        self._loading_more = False
        layout = QVBoxLayout(self)
        layout.addWidget(title_label(self.tr("Antrean pemohon")))
        self.freeze_banner = FreezeBannerWidget(context.language)
        layout.addWidget(self.freeze_banner)
        self.limits_report: LimitsReport | None = None
        top = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("queueSearch")
        self.search.setPlaceholderText(self.tr("Cari nama, NIK atau NIS… (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.record_button = QPushButton(self.tr("&Rekam pemohon ini"))
        self.manual_button = QPushButton(self.tr("&Tambah manual"))
        self.manual_button.setObjectName("secondary")
        self.resend_button = QPushButton(self.tr("&Kirim ulang"))
        self.resend_button.setObjectName("secondary")
        self.resend_button.setEnabled(False)
        self.resend_button.setToolTip(self.tr("Kirim lagi data yang gagal di pusat atau ditolak server pusat."))
        top.addWidget(self.search, 1)
        top.addWidget(self.record_button)
        top.addWidget(self.resend_button)
        top.addWidget(self.manual_button)
        layout.addLayout(top)
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setObjectName("queueTable")
        self.table.setHorizontalHeaderLabels([
            self.tr("Nama"), self.tr("NIK"), self.tr("NIS"), self.tr("Kelas"), self.tr("Status"), self.tr("Usia")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setAlternatingRowColors(False)
        layout.addWidget(self.table, 1)
        self.message = MessageLabel()
        layout.addWidget(self.message)

        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_PAUSE_MS)
        self.search_timer.timeout.connect(self._search_database)
        self.search.textChanged.connect(self._search_changed)
        self.table.verticalScrollBar().valueChanged.connect(self._scrolled)
        self.search.returnPressed.connect(self._record_current)
        self.table.itemActivated.connect(lambda _item: self._record_current())
        self.record_button.clicked.connect(self._record_current)
        self.manual_button.clicked.connect(self.open_manual_entry)
        self.resend_button.clicked.connect(self.resend_current)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        shortcut(QKeySequence.StandardKey.Find, self, self.search.setFocus)
        shortcut(QKeySequence.StandardKey.New, self, self.open_manual_entry)

    @property
    def frozen(self) -> bool:
        return self.limits_report is not None and self.limits_report.frozen

    def show_limits(self, report: LimitsReport) -> None:
        """The registration freeze: banner, and no new recording while a limit is breached."""
        self.limits_report = report
        self.freeze_banner.show_report(report)
        self.record_button.setEnabled(not self.frozen)
        self.record_button.setToolTip("\n".join(freeze_reasons(report, self.context.language)))

    def refresh(self) -> None:
        visit = self.context.visit
        if visit is None:
            self.rows, self.total, self.complete, self.loaded_query = [], 0, True, ""
            self._fill()
            self.message.show_error(self.tr("Belum ada kunjungan aktif: buka halaman Kunjungan."))
            return
        self._load(self.search.text().strip() if not self.complete else "")

    def _load(self, query: str) -> None:
        """Read the first page of the queue for ``query`` ("" = the whole roster)."""
        visit = self.context.visit
        if visit is None:
            return
        site_id, page_size = visit.site_id, self.page_size
        applicants = self.context.station.applicants
        self._request += 1
        request = self._request
        self._loading_more = False
        self.context.storage.submit(lambda: applicants.queue_slice(site_id, query=query, limit=page_size),
                                    lambda page: self._loaded(request, query, page), self._error)

    def _loaded(self, request: int, query: str, page: QueueSlice) -> None:
        if request != self._request:
            return
        self.rows = list(page.rows)
        self.total = page.total
        self.loaded_query = query
        self.complete = page.complete and not query
        self._fill()
        self._show_count()
        QTimer.singleShot(0, self._fill_the_view)

    def _scrolled(self, value: int) -> None:
        """Near the end of what is loaded: read the next page."""
        bar = self.table.verticalScrollBar()
        rows_left = (bar.maximum() - value) / max(1, bar.singleStep())
        if rows_left > MORE_ROWS_MARGIN or self._loading_more or len(self.rows) >= self.total:
            return
        visit = self.context.visit
        if visit is None:
            return
        site_id, query, offset, page_size = visit.site_id, self.loaded_query, len(self.rows), self.page_size
        applicants = self.context.station.applicants
        request = self._request
        self._loading_more = True
        self.context.storage.submit(lambda: applicants.queue_slice(site_id, query=query, offset=offset,
                                                                             limit=page_size),
                                    lambda page: self._more_loaded(request, page), self._error)

    def _more_loaded(self, request: int, page: QueueSlice) -> None:
        self._loading_more = False
        if request != self._request or page.offset != len(self.rows):
            return
        selected = self.table.currentRow()
        self.rows.extend(page.rows)
        self.total = page.total
        self._fill()
        if selected >= 0:
            self.table.selectRow(selected)
        self._show_count()
        QTimer.singleShot(0, self._fill_the_view)

    def _fill_the_view(self) -> None:
        """A tall window may show every loaded row without a scroll bar: read on until it has one."""
        self._scrolled(self.table.verticalScrollBar().value())

    def _show_count(self) -> None:
        if len(self.rows) < self.total:
            self.message.show_ok(self.tr("Menampilkan {shown} dari {total} pemohon: gulir ke bawah untuk "
                                         "berikutnya, atau cari nama, NIK atau NIS.").format(
                shown=len(self.rows), total=self.total))
        else:
            self.message.clear_message()

    def _search_changed(self, *_args: object) -> None:
        if self.complete:
            self._fill()
        else:
            self.search_timer.start()

    def _search_database(self) -> None:
        self._load(self.search.text().strip())

    def _error(self, error: BaseException) -> None:
        self._loading_more = False
        self.message.show_error(self.context.message(error))

    def visible_rows(self) -> list[QueueRow]:
        if not self.complete:
            return self.rows  # already the database's answer to the search
        query = self.search.text().strip()
        return [row for row in self.rows if matches(row, query)]

    def _fill(self, *_args: object) -> None:
        visible = self.visible_rows()
        self.table.clearSelection()
        self.table.setRowCount(len(visible))
        for index, row in enumerate(visible):
            person = row.applicant
            status, background, _action = row_status(row)
            if row.has_draft:
                status += self.tr(" · ada rekaman belum selesai")
            values = (person.name, person.nik, person.student_number or "", person.class_name or "", status,
                      f"{row.age} · {eligibility_label(row.eligibility)}")
            for column, value in enumerate(values):
                item = QTableWidgetItem(str(value))
                item.setData(Qt.ItemDataRole.UserRole, person.id)
                item.setBackground(QColor(background))
                item.setForeground(QColor("#111111"))
                self.table.setItem(index, column, item)
        # Pre-select the first person who may be recorded and is not yet: never someone too young.
        first = next((i for i, row in enumerate(visible)
                      if may_record(row) and QueueState(row.state) == QueueState.NOT_RECORDED), None)
        if first is None and self.search.text().strip():  # a search found someone already recorded
            first = next((i for i, row in enumerate(visible) if may_record(row)), None)
        if first is not None:
            self.table.selectRow(first)
        self._selection_changed()

    def selected_row(self) -> QueueRow | None:
        items = self.table.selectedItems()
        if not items:
            return None
        applicant_id = int(items[0].data(Qt.ItemDataRole.UserRole))
        return next((r for r in self.rows if r.applicant.id == applicant_id), None)

    def _selection_changed(self) -> None:
        row = self.selected_row()
        self.resend_button.setEnabled(row is not None and row.resendable)

    def resend_current(self) -> None:
        """Put the selected person's failed packet back in the sending queue, then ask for it to be sent."""
        row = self.selected_row()
        if row is None or not row.resendable or not row.packet_uuid:
            self.message.show_error(self.tr("Pilih pemohon yang datanya gagal di pusat atau ditolak server pusat."))
            return
        packet_uuid, name = row.packet_uuid, row.applicant.name
        self.context.storage.submit(lambda: self.context.station.sync.requeue(packet_uuid),
                                    lambda _requeued: self._requeued(packet_uuid, name), self._error)

    def _requeued(self, packet_uuid: str, name: str) -> None:
        self.message.show_ok(self.tr("Data {name} masuk antrean kirim lagi dan sedang dikirim.").format(name=name))
        self.resend_requested.emit(packet_uuid)
        self.refresh()

    def _record_current(self) -> None:
        items = self.table.selectedItems()
        if not items:
            self.message.show_error(self.tr("Pilih pemohon di tabel dulu."))
            return
        applicant_id = int(items[0].data(Qt.ItemDataRole.UserRole))
        row = self.selected_row()
        if row is not None and EligibilityStatus(row.eligibility) == EligibilityStatus.NOT_YET:
            self.message.show_error(self.tr("{name} belum boleh direkam (usia {age}): perekaman mulai umur 17, "
                                            "atau lebih awal menjelang pemilu, atau bila sudah kawin.").format(
                name=row.applicant.name, age=row.age))
            return
        if row is not None and row.has_draft and row.enrolment_uuid and QueueState(row.state) == QueueState.NOT_RECORDED:
            self.resume_requested.emit(row.enrolment_uuid, applicant_id)
            return
        if self.frozen:  # an unfinished recording may still be finished, a new one may not start
            self.message.show_error(self.tr("Perekaman dibekukan; lihat alasan dan langkahnya di atas."))
            return
        if row is not None and QueueState(row.state) != QueueState.NOT_RECORDED:
            self._confirm_rerecord(row)
            return
        self.record_requested.emit(applicant_id)

    def _confirm_rerecord(self, row: QueueRow) -> None:
        """Recording someone again makes a second record: ask first (Enter keeps the safe answer)."""
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Sudah direkam"),
                          self.tr("{name} sudah direkam ({state}). Rekam ulang?").format(
                              name=row.applicant.name, state=row_status(row)[0]),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setObjectName("rerecordConfirm")
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("&Rekam ulang"))
        box.button(QMessageBox.StandardButton.No).setText(self.tr("&Batal"))
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.accepted.connect(lambda: self.record_requested.emit(row.applicant.id))
        self.confirm_box = box
        box.open()

    def open_manual_entry(self) -> ManualEntryDialog | None:
        visit = self.context.visit
        if visit is None:
            self.message.show_error(self.tr("Belum ada kunjungan aktif: buka halaman Kunjungan."))
            return None
        dialog = ManualEntryDialog(self.context, visit.site_id, visit.polling_date, parent=self)
        dialog.applicant_added.connect(self._manual_added)
        dialog.open()
        return dialog

    def _manual_added(self, applicant: ApplicantView) -> None:
        self.message.show_ok(self.tr("{name} ditambahkan ke antrean.").format(name=applicant.name))
        self.refresh()
