"""Review: everything captured, the documents seen, the warnings (possible duplicate, forced, exceptions,
missing, a required document not ticked), and save."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QSize, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import CaptureException, Modality
from app.services.enrolment_thumbnails import Thumbnails, capture_thumbnails
from app.services.enrolment_types import EnrolmentReview, ReviewWarning, SaveResult
from app.services.views import ApplicantView
from ui.gui.context import GuiContext
from ui.gui.labels import position as position_words
from ui.gui.labels import shown
from ui.gui.pages.capture.step import CaptureStep
from ui.gui.style import FAIL_COLOUR, WARN_COLOUR
from ui.gui.widgets.common import array_to_pixmap, title_label
from ui.gui.widgets.documents_checklist import DocumentsChecklistWidget

THUMB_SIZE = 48


def modality_label(modality: str) -> str:
    if modality == "document":
        return QCoreApplication.translate("ReviewStep", "Dokumen")
    return shown(Modality(modality))


def position_label(modality: str, position: str) -> str:
    if modality in ("finger", "iris"):
        return position_words(modality, position)
    return ""


def exception_label(reason: str) -> str:
    try:
        return shown(CaptureException(reason))
    except ValueError:
        return reason


class ReviewStep(CaptureStep):
    """Emits ``saved(SaveResult)`` once the enrolment and its outbox entry are written."""

    saved = Signal(object)

    def __init__(self, context: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.review: EnrolmentReview | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(title_label(self.tr("Periksa dan simpan")))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.documents = DocumentsChecklistWidget(context.language, context.station.people_settings.documents)
        self.documents.toggled_by_operator.connect(self._documents_ticked)
        layout.addWidget(self.documents)
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("reviewCaptures")
        self.table.setHorizontalHeaderLabels([self.tr("Gambar"), self.tr("Jenis"), self.tr("Posisi"), self.tr("Skor"),
                                              self.tr("Catatan")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setIconSize(QSize(THUMB_SIZE, THUMB_SIZE))
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(THUMB_SIZE + 6)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
        self.table.setColumnWidth(0, THUMB_SIZE + 12)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.thumbnails_shown = 0
        layout.addWidget(self.table, 2)
        warnings_title = QLabel(self.tr("Peringatan"))
        warnings_title.setStyleSheet("font-weight: bold; font-size: 17px;")
        layout.addWidget(warnings_title)
        self.warnings = QListWidget()
        self.warnings.setObjectName("reviewWarnings")
        self.warnings.setWordWrap(True)
        layout.addWidget(self.warnings, 1)
        buttons = QHBoxLayout()
        self.refresh_button = QPushButton(self.tr("Perba&rui"))
        self.refresh_button.setObjectName("secondary")
        self.save_button = QPushButton(self.tr("&Simpan perekaman (Ctrl+S)"))
        self.save_button.setShortcut("Ctrl+S")
        buttons.addStretch(1)
        buttons.addWidget(self.refresh_button)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.refresh_button.clicked.connect(self.refresh)
        self.save_button.clicked.connect(self.save)

    def begin(self, enrolment_uuid: str, applicant: ApplicantView) -> None:
        super().begin(enrolment_uuid, applicant)
        self.review = None
        self.documents.set_applicant(applicant, self.context.station.applicants.today())
        self.documents.set_seen(())
        self.table.setRowCount(0)
        self.warnings.clear()
        self.save_button.setEnabled(False)

    def activate(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        if self.enrolment_uuid is None:
            return
        uuid = self.enrolment_uuid
        enrolments = self.context.station.enrolments
        self.context.storage.submit(lambda: enrolments.review(uuid), self.show_review, self.show_error)

    def _text(self, item: ReviewWarning) -> str:
        return item.message_en if self.context.language == "en" else item.message_id

    def show_review(self, review: EnrolmentReview) -> None:
        if review.uuid != self.enrolment_uuid:
            return  # a late answer about the previous applicant
        self.review = review
        self.summary.setText(self.tr("Pemohon: {name} · {count} tangkapan").format(
            name=review.applicant_name, count=len(review.captures)))
        self.table.setRowCount(len(review.captures))
        for row, capture in enumerate(review.captures):
            notes = []
            if capture.forced:
                notes.append(self.tr("dipaksa"))
            if capture.exception_reason:
                notes.append(self.tr("pengecualian: {reason}").format(reason=exception_label(capture.exception_reason)))
            if capture.attempts and capture.attempts > 1:
                notes.append(self.tr("{n} percobaan").format(n=capture.attempts))
            score = "—" if capture.quality_score is None else f"{capture.quality_score:.0f}"
            values = ("", modality_label(capture.modality), position_label(capture.modality, capture.position), score,
                      ", ".join(notes))
            for column, value in enumerate(values):
                cell = QTableWidgetItem(value)
                if not capture.passed and not capture.exception_reason:
                    cell.setForeground(QColor(FAIL_COLOUR))
                if column == 0:
                    cell.setData(Qt.ItemDataRole.UserRole, (capture.modality, capture.position))
                self.table.setItem(row, column, cell)
        self._load_thumbnails(review.uuid)
        self.documents.set_seen(review.documents_seen)
        self.warnings.clear()
        for warning in review.warnings:
            item = QListWidgetItem(("✖ " if warning.blocking else "⚠ ") + self._text(warning))
            item.setForeground(QColor(FAIL_COLOUR if warning.blocking else WARN_COLOUR))
            item.setData(Qt.ItemDataRole.UserRole, warning.code)
            self.warnings.addItem(item)
        if not review.warnings:
            self.warnings.addItem(QListWidgetItem(self.tr("Tidak ada peringatan.")))
        self.save_button.setEnabled(review.can_save)
        if not review.can_save:
            self.message.show_error(self.tr("Belum bisa disimpan: selesaikan yang bertanda ✖."))
        else:
            self.message.clear_message()

    def _load_thumbnails(self, uuid: str) -> None:
        """Small pictures of every capture, read on the storage worker, set when they arrive."""
        station = self.context.station
        self.context.storage.submit(lambda: capture_thumbnails(station.db, station.blobs, uuid, max_side=THUMB_SIZE),
                                    lambda thumbs: self._show_thumbnails(uuid, thumbs), self.show_error)

    def _show_thumbnails(self, uuid: str, thumbnails: Thumbnails) -> None:
        if uuid != self.enrolment_uuid:
            return
        shown_now = 0
        for row in range(self.table.rowCount()):
            cell = self.table.item(row, 0)
            if cell is None:
                continue
            image = thumbnails.get(tuple(cell.data(Qt.ItemDataRole.UserRole) or ()))
            if image is not None:
                cell.setData(Qt.ItemDataRole.DecorationRole, array_to_pixmap(image, THUMB_SIZE, THUMB_SIZE))
                shown_now += 1
        self.thumbnails_shown = shown_now

    def _documents_ticked(self, kinds: list[str]) -> None:
        """Store the ticks at once (the draft keeps them across a crash), then re-read the warnings."""
        if self.enrolment_uuid is None:
            return
        uuid = self.enrolment_uuid
        enrolments = self.context.station.enrolments
        self.context.storage.submit(lambda: enrolments.set_documents_seen(uuid, kinds),
                                    lambda _kinds: self.refresh(), self.show_error)

    def warning_codes(self) -> list[str]:
        return [str(self.warnings.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.warnings.count())
                if self.warnings.item(i).data(Qt.ItemDataRole.UserRole)]

    def save(self) -> None:
        if self.enrolment_uuid is None or not self.save_button.isEnabled():
            return
        self.save_button.setEnabled(False)
        uuid = self.enrolment_uuid
        enrolments = self.context.station.enrolments
        self.message.show_ok(self.tr("Menyimpan…"))
        self.context.storage.submit(lambda: enrolments.save(uuid), self._saved, self._failed)

    def _saved(self, result: SaveResult) -> None:
        text = self.tr("Perekaman tersimpan dan masuk antrean kirim.")
        if result.possible_duplicate_of:
            text += " " + self.tr("PERINGATAN: kemungkinan data ganda (skor {score:.0f}).").format(
                score=result.duplicate_score or 0)
            other = (self.tr("jari petugas sendiri") if result.possible_duplicate_of.startswith("operator:")
                     else self.tr("rekaman lain di stasiun ini"))
            item = QListWidgetItem("⚠ " + self.tr("Kemungkinan data ganda dengan {other}.").format(other=other))
            item.setForeground(QColor(WARN_COLOUR))
            item.setData(Qt.ItemDataRole.UserRole, "possible_duplicate")
            self.warnings.addItem(item)
        self.message.show_ok(text)
        self.saved.emit(result)

    def _failed(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.show_error(error)
