"""Review: everything captured, the documents seen, the warnings (possible duplicate, forced, exceptions,
missing, a required document not ticked), and save."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
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

from drivers.fingerprint.base import FingerPosition
from ui.gui.context import GuiContext
from ui.gui.pages.capture.step import CaptureStep
from ui.gui.style import FAIL_COLOUR, WARN_COLOUR
from ui.gui.widgets.common import title_label
from ui.gui.widgets.documents_checklist import DocumentsChecklistWidget
from ui.gui.widgets.hand_diagram import finger_name


def modality_label(modality: str) -> str:
    return {
        "face": QCoreApplication.translate("ReviewStep", "Wajah"),
        "finger": QCoreApplication.translate("ReviewStep", "Sidik jari"),
        "iris": QCoreApplication.translate("ReviewStep", "Iris"),
        "signature": QCoreApplication.translate("ReviewStep", "Tanda tangan"),
        "document": QCoreApplication.translate("ReviewStep", "Dokumen"),
    }.get(modality, modality)


def position_label(modality: str, position: str) -> str:
    if modality == "finger":
        try:
            return finger_name(FingerPosition.parse(position))
        except (KeyError, ValueError):
            return position
    if modality == "iris":
        return {"right": QCoreApplication.translate("ReviewStep", "Mata kanan"),
                "left": QCoreApplication.translate("ReviewStep", "Mata kiri")}.get(position, position)
    return ""


class ReviewStep(CaptureStep):
    """Emits ``saved(SaveResult)`` once the enrolment and its outbox entry are written."""

    saved = Signal(object)

    def __init__(self, context: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.review: Any = None
        layout = QVBoxLayout(self)
        layout.addWidget(title_label(self.tr("Periksa dan simpan")))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.documents = DocumentsChecklistWidget(context.language, context.station.people_settings.documents)
        self.documents.toggled_by_operator.connect(self._documents_ticked)
        layout.addWidget(self.documents)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("reviewCaptures")
        self.table.setHorizontalHeaderLabels([self.tr("Jenis"), self.tr("Posisi"), self.tr("Skor"), self.tr("Catatan")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
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

    def begin(self, enrolment_uuid: str, applicant: Any) -> None:
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

    def _text(self, item: Any) -> str:
        return item.message_en if self.context.language == "en" else item.message_id

    def show_review(self, review: Any) -> None:
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
                notes.append(self.tr("pengecualian: {reason}").format(reason=capture.exception_reason))
            if capture.attempts and capture.attempts > 1:
                notes.append(self.tr("{n} percobaan").format(n=capture.attempts))
            score = "—" if capture.quality_score is None else f"{capture.quality_score:.0f}"
            values = (modality_label(capture.modality), position_label(capture.modality, capture.position), score,
                      ", ".join(notes))
            for column, value in enumerate(values):
                cell = QTableWidgetItem(value)
                if not capture.passed and not capture.exception_reason:
                    cell.setForeground(QColor(FAIL_COLOUR))
                self.table.setItem(row, column, cell)
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

    def _saved(self, result: Any) -> None:
        text = self.tr("Perekaman tersimpan dan masuk antrean kirim.")
        if result.possible_duplicate_of:
            text += " " + self.tr("PERINGATAN: kemungkinan data ganda (skor {score:.0f}).").format(
                score=result.duplicate_score or 0)
            item = QListWidgetItem("⚠ " + self.tr("Kemungkinan data ganda dengan perekaman {uuid}.").format(
                uuid=result.possible_duplicate_of[:8]))
            item.setForeground(QColor(WARN_COLOUR))
            item.setData(Qt.ItemDataRole.UserRole, "possible_duplicate")
            self.warnings.addItem(item)
        self.message.show_ok(text)
        self.saved.emit(result)

    def _failed(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.show_error(error)
