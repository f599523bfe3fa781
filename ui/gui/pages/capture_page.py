"""The guided capture: face, fingerprints, iris, signature, then review and save.

Each step advances to the next when it has what it needs; the operator can
also jump between steps (Ctrl+1…5, or the step buttons). Everything captured is
stored at once in the enrolment draft, so a crash loses nothing.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtGui import QHideEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from app.domain.documents import photo_background
from app.services.enrolment_types import CaptureSummary, SaveResult
from app.services.limits import LimitsReport
from app.services.views import ApplicantView
from ui.gui.context import GuiContext
from ui.gui.pages.capture.face_step import FaceStep
from ui.gui.pages.capture.finger_step import FingerStep
from ui.gui.pages.capture.iris_step import IrisStep
from ui.gui.pages.capture.review_step import ReviewStep
from ui.gui.pages.capture.signature_step import SignatureStep
from ui.gui.pages.capture.step import CaptureStep
from ui.gui.widgets.common import shortcut
from ui.gui.widgets.freeze_banner import FreezeBannerWidget


class CapturePage(QWidget):
    finished = Signal(object)  # SaveResult
    cancelled = Signal()

    def __init__(self, context: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.enrolment_uuid: str | None = None
        self.applicant: ApplicantView | None = None
        layout = QVBoxLayout(self)
        self.applicant_label = QLabel(self.tr("Belum ada pemohon dipilih."))
        self.applicant_label.setObjectName("visitLabel")
        layout.addWidget(self.applicant_label)
        self.freeze_banner = FreezeBannerWidget(context.language)
        layout.addWidget(self.freeze_banner)

        self.face = FaceStep(context)
        self.fingers = FingerStep(context)
        self.iris = IrisStep(context)
        self.signature = SignatureStep(context)
        self.review = ReviewStep(context)
        self.steps: list[CaptureStep] = [self.face, self.fingers, self.iris, self.signature, self.review]
        titles = [self.tr("1 Wajah"), self.tr("2 Sidik jari"), self.tr("3 Iris"), self.tr("4 Tanda tangan"),
                  self.tr("5 Periksa")]
        bar = QHBoxLayout()
        self.step_buttons: list[QPushButton] = []
        for index, title in enumerate(titles):
            button = QPushButton(title)
            button.setCheckable(True)
            button.setObjectName("secondary")
            button.clicked.connect(lambda _checked=False, i=index: self.go_to(i))
            bar.addWidget(button)
            self.step_buttons.append(button)
            shortcut(QKeySequence(f"Ctrl+{index + 1}"), self, partial(self.go_to, index))
        bar.addStretch(1)
        self.cancel_button = QPushButton(self.tr("Batalkan perekaman"))
        self.cancel_button.setObjectName("danger")
        bar.addWidget(self.cancel_button)
        layout.addLayout(bar)

        self.stack = QStackedWidget()
        for step in self.steps:
            self.stack.addWidget(step)
        layout.addWidget(self.stack, 1)
        nav = QHBoxLayout()
        self.back_button = QPushButton(self.tr("◀ Sebelumnya (Ctrl+PgUp)"))
        self.back_button.setObjectName("secondary")
        self.next_button = QPushButton(self.tr("Berikutnya ▶ (Ctrl+PgDown)"))
        nav.addWidget(self.back_button)
        nav.addStretch(1)
        nav.addWidget(self.next_button)
        layout.addLayout(nav)

        self.back_button.clicked.connect(lambda: self.go_to(self.stack.currentIndex() - 1))
        self.next_button.clicked.connect(lambda: self.go_to(self.stack.currentIndex() + 1))
        shortcut(QKeySequence("Ctrl+PgUp"), self, self.back_button.click)
        shortcut(QKeySequence("Ctrl+PgDown"), self, self.next_button.click)
        self.cancel_button.clicked.connect(self.cancel)
        for index, step in enumerate(self.steps[:-1]):
            step.completed.connect(lambda i=index: self._step_completed(i))
        self.review.saved.connect(self._saved)
        self.fingers.changed.connect(self._fingers_changed)
        self._current = 0
        self._update_buttons()

    # starting -----------------------------------------------------------------------
    def begin(self, enrolment_uuid: str, applicant: ApplicantView, captures: list[CaptureSummary] | None = None) -> None:
        """Work on an enrolment: a new one, or a recovered draft with its ``captures``."""
        self.current_step.deactivate()
        self.enrolment_uuid = enrolment_uuid
        self.applicant = applicant
        backdrop = photo_background(applicant.birth_date, applicant.citizenship)
        self.context.devices.present_subject(int(applicant.id), str(backdrop))
        self.applicant_label.setText(self.tr("Merekam: {name} · NIK {nik}").format(
            name=applicant.name, nik=applicant.nik))
        for step in self.steps:
            step.begin(enrolment_uuid, applicant)
            if captures:
                step.restore(captures)
        first = 0
        if captures:
            done = [self.face.saved, self.fingers.done, self.iris.done, self.signature.saved]
            first = next((i for i, finished in enumerate(done) if not finished), 4)
        self._current = -1
        self.go_to(first)

    def show_limits(self, report: LimitsReport) -> None:
        """The registration freeze: the recording on screen may be finished, the banner says why no new one."""
        self.freeze_banner.show_report(report)

    @property
    def current_step(self) -> CaptureStep:
        return self.steps[max(self._current, 0)]

    def go_to(self, index: int) -> None:
        if self.enrolment_uuid is None or not 0 <= index < len(self.steps):
            return
        if index == self._current:
            return
        if 0 <= self._current < len(self.steps):
            self.steps[self._current].deactivate()
        self._current = index
        self.stack.setCurrentIndex(index)
        self._update_buttons()
        if self.isVisible():
            self.steps[index].activate()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.enrolment_uuid is not None:
            self.current_step.activate()

    def hideEvent(self, event: QHideEvent) -> None:
        self.current_step.deactivate()
        super().hideEvent(event)

    def _update_buttons(self) -> None:
        for index, button in enumerate(self.step_buttons):
            button.setChecked(index == self._current)
        self.back_button.setEnabled(self._current > 0)
        self.next_button.setEnabled(0 <= self._current < len(self.steps) - 1)

    def _step_completed(self, index: int) -> None:
        if index == self._current:
            self.go_to(index + 1)

    def _fingers_changed(self) -> None:
        """Every finger is done (or changed after): search for duplicates now, off the GUI thread, so
        the review already has the answer and the save reuses it."""
        if self.enrolment_uuid is None or not self.fingers.done:
            return
        uuid = self.enrolment_uuid
        enrolments = self.context.station.enrolments
        self.context.duplicates.submit(lambda: enrolments.search_duplicates(uuid))

    # ending -----------------------------------------------------------------------------
    def _saved(self, result: SaveResult) -> None:
        self.finished.emit(result)

    def cancel(self) -> None:
        if self.enrolment_uuid is None:
            return
        uuid = self.enrolment_uuid
        enrolments = self.context.station.enrolments
        self.context.storage.submit(lambda: enrolments.cancel(uuid), lambda _r: self._cancelled(),
                                    self.current_step.show_error)

    def _cancelled(self) -> None:
        self.current_step.deactivate()
        self.enrolment_uuid = None
        self.applicant_label.setText(self.tr("Perekaman dibatalkan."))
        self.cancelled.emit()

    def close_steps(self) -> None:
        """Stop every stream and wait for its thread (closing the window, logging out)."""
        for step in self.steps:
            step.deactivate()
            step.wait_for_threads()
