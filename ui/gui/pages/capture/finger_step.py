"""Fingerprint step: a two-hand diagram, per finger the image and its NFIQ 2 score in colour,
retries up to the allowed attempts, exceptions with a reason, and forcing with a supervisor.
A scanner that takes slaps is offered the 4-4-2 flow first (``finger_slaps.py``)."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.domain.enums import CaptureException, Modality
from app.quality.finger import FingerCapturePolicy, assess_finger
from app.quality.report import QualityReport
from app.services.enrolment_types import CaptureSummary, FingerAttemptOutcome
from app.services.views import ApplicantView, OperatorView
from drivers.fingerprint.base import TEN_FINGERS, FingerImage, FingerPosition, FingerprintScanner
from ui.gui.context import GuiContext
from ui.gui.device_hub import DeviceState, DeviceStatus, LatestValueThread, as_scanner, finger_preview
from ui.gui.pages.capture.finger_slaps import SlapFlowMixin
from ui.gui.pages.capture.step import CaptureStep
from ui.gui.style import FAIL_COLOUR, PASS_COLOUR
from ui.gui.widgets.common import array_to_pixmap, shortcut, title_label
from ui.gui.widgets.hand_diagram import FingerState, HandDiagramWidget, finger_name
from ui.gui.widgets.supervisor_dialog import ExceptionFormWidget, SupervisorDialog

CAPTURE_TIMEOUT_S = 15.0


class FingerStep(SlapFlowMixin, CaptureStep):
    def __init__(self, context: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.policy = FingerCapturePolicy(self.quality_settings)
        self.current: FingerPosition = FingerPosition.RIGHT_THUMB
        self.attempts: dict[FingerPosition, int] = {}
        self.may_force: dict[FingerPosition, bool] = {}
        self.scanning = False
        self.active = False
        self.pending_dialog: SupervisorDialog | None = None
        self.preview_thread: LatestValueThread | None = None
        self.preview_frames = 0
        self.last_slap_scores: dict[FingerPosition, float | None] = {}

        layout = QVBoxLayout(self)
        layout.addWidget(title_label(self.tr("Sidik jari")))
        self.diagram = HandDiagramWidget()
        self.diagram.setObjectName("handDiagram")
        layout.addWidget(self.diagram)
        body = QHBoxLayout()
        layout.addLayout(body, 1)
        self.image = QLabel()
        self.image.setObjectName("fingerImage")
        self.image.setFixedSize(220, 250)
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image.setStyleSheet("border: 2px solid #555555; background: #f0f0f0;")
        body.addWidget(self.image)
        info = QVBoxLayout()
        body.addLayout(info, 1)
        self.finger_label = QLabel()
        self.finger_label.setObjectName("pageTitle")
        self.score_label = QLabel("—")
        self.score_label.setObjectName("fingerScore")
        self.score_label.setStyleSheet("font-size: 40px; font-weight: bold;")
        self.attempt_label = QLabel()
        self.guidance = QLabel()
        self.guidance.setWordWrap(True)
        info.addWidget(self.finger_label)
        info.addWidget(self.score_label)
        info.addWidget(self.attempt_label)
        info.addWidget(self.guidance)
        info.addStretch(1)
        buttons = QHBoxLayout()
        self.scan_button = QPushButton(self.tr("&Pindai jari (Spasi)"))
        self.force_button = QPushButton(self.tr("&Paksa simpan…"))
        self.force_button.setObjectName("danger")
        self.force_button.setEnabled(False)
        self.exception_button = QPushButton(self.tr("Pen&gecualian…"))
        self.exception_button.setObjectName("secondary")
        buttons.addWidget(self.scan_button)
        buttons.addWidget(self.force_button)
        buttons.addWidget(self.exception_button)
        self.back_to_slaps_button = QPushButton(self.tr("Kembali ke &4-4-2"))
        self.back_to_slaps_button.setObjectName("secondary")
        self.back_to_slaps_button.setVisible(False)
        buttons.addWidget(self.back_to_slaps_button)
        info.addLayout(buttons)
        layout.addWidget(self.message)

        self.diagram.finger_selected.connect(self.select_single)
        self.back_to_slaps_button.clicked.connect(self.back_to_slaps)
        self.scan_button.clicked.connect(self.scan)
        self.force_button.clicked.connect(self.ask_force)
        self.exception_button.clicked.connect(self.ask_exception)
        shortcut(QKeySequence(Qt.Key.Key_Space), self, self.scan)
        context.devices.recovered.connect(self._device_recovered)
        context.devices.state_changed.connect(self._device_state)

    # lifecycle ------------------------------------------------------------------------
    def begin(self, enrolment_uuid: str, applicant: ApplicantView) -> None:
        super().begin(enrolment_uuid, applicant)
        self.attempts = {}
        self.may_force = {}
        for position in TEN_FINGERS:
            self.diagram.set_state(position, FingerState.PENDING)
        self.image.clear()
        self.slap = None
        self.advance_after_capture()

    def restore(self, captures: list[CaptureSummary]) -> None:
        for capture in captures:
            if str(capture.modality) != Modality.FINGER.value:
                continue
            try:
                position = FingerPosition.parse(capture.position)
            except (KeyError, ValueError):
                continue
            if capture.exception_reason:
                state = FingerState.EXCEPTION
            elif capture.forced:
                state = FingerState.FORCED
            else:
                state = FingerState.PASSED
            self.diagram.set_state(position, state, capture.quality_score)
            self.attempts[position] = int(capture.attempts or 0)
        if self.next_pending() is not None:
            self.advance_after_capture()

    def activate(self) -> None:
        self.active = True
        self.scan_button.setFocus()
        self.start_preview()

    def deactivate(self) -> None:
        self.active = False
        self.stop_preview()

    # live image ----------------------------------------------------------------------------
    def start_preview(self) -> None:
        """Show the finger on the glass live until the operator scans it."""
        self.when_streams_stopped(self._start_preview_now)

    def _start_preview_now(self) -> None:
        scanner = self.context.devices.device("fingerprint")
        if (not self.active or self.scanning or self.preview_thread is not None or self.slap is not None
                or not isinstance(scanner, FingerprintScanner) or not self.context.devices.is_ready("fingerprint")):
            return
        thread = finger_preview(scanner, self.current, self)
        thread.value_ready.connect(self._on_preview)
        thread.failed.connect(self._on_preview_failed)
        self.preview_thread = thread
        thread.start()

    def stop_preview(self) -> None:
        thread, self.preview_thread = self.preview_thread, None
        self.retire(thread)

    def _on_preview(self) -> None:
        thread = self.preview_thread
        image = thread.take() if thread is not None else None
        if image is None or self.scanning:
            return
        self.preview_frames += 1
        self.image.setPixmap(array_to_pixmap(image.pixels, self.image.width(), self.image.height()))

    def _on_preview_failed(self, error: BaseException) -> None:
        self.stop_preview()
        self.context.devices.report_failure("fingerprint", error)
        self.show_device_down(error)

    @property
    def done(self) -> bool:
        return self.next_pending() is None

    def next_pending(self) -> FingerPosition | None:
        for position in TEN_FINGERS:
            if self.diagram.states[position] in (FingerState.PENDING, FingerState.CURRENT, FingerState.LOW_QUALITY):
                return position
        return None

    def select_finger(self, position: FingerPosition) -> None:
        if self.scanning:
            return
        previous = self.current
        if self.diagram.states.get(previous) == FingerState.CURRENT:
            self.diagram.set_state(previous, FingerState.PENDING)
        self.current = FingerPosition(position)
        if self.diagram.states.get(self.current) in (FingerState.PENDING, None):
            self.diagram.set_state(self.current, FingerState.CURRENT)
        card = self.tr(" (untuk chip kartu)") if self.policy.is_card_finger(self.current) else ""
        self.finger_label.setText(finger_name(self.current) + card)
        self.score_label.setText("—")
        self.score_label.setStyleSheet("font-size: 40px; font-weight: bold;")
        self._show_attempts()
        self.guidance.setText(self.tr("Letakkan {finger} di kaca pemindai, lalu tekan Spasi.").format(
            finger=finger_name(self.current).lower()))
        self.force_button.setEnabled(self.may_force.get(self.current, False))
        if self.preview_thread is not None:
            self.stop_preview()
        self.start_preview()

    def _show_attempts(self) -> None:
        used = self.attempts.get(self.current, 0)
        self.attempt_label.setText(self.tr("Percobaan {used} dari {limit} · batas NFIQ 2: {threshold}").format(
            used=used, limit=self.quality_settings.max_attempts, threshold=self.policy.threshold(self.current)))

    # scanning ----------------------------------------------------------------------------
    def scan(self) -> None:
        if self.scanning or self.enrolment_uuid is None or not self.isVisible():
            return
        if self.slap is not None:
            self.scan_slap()
            return
        position = self.current
        self.stop_preview()
        self.scanning = True
        self.scan_button.setEnabled(False)
        self.message.clear_message()
        self.guidance.setText(self.tr("Memindai… tahan jari tetap di kaca."))
        started = self.context.devices.run(
            "fingerprint", lambda scanner: as_scanner(scanner).capture_finger(position, timeout=CAPTURE_TIMEOUT_S),
            lambda image: self._on_image(position, image), self._on_scan_failed)
        if not started:
            self._on_scan_failed(RuntimeError(self.tr("Pemindai sidik jari tidak dikonfigurasi.")))

    def _on_image(self, position: FingerPosition, image: FingerImage) -> None:
        pixels: np.ndarray = image.pixels
        self.image.setPixmap(array_to_pixmap(pixels, self.image.width(), self.image.height()))
        settings, ppi = self.quality_settings, image.ppi
        self.context.quality.submit(lambda: assess_finger(pixels, position, settings, ppi=ppi),
                                    lambda report: self._on_report(position, pixels, report), self._on_scan_failed)

    def _on_report(self, position: FingerPosition, pixels: np.ndarray, report: QualityReport) -> None:
        colour = PASS_COLOUR if report.passed else FAIL_COLOUR
        score = report.score if report.score is not None else 0
        self.score_label.setText(self.tr("NFIQ 2: {score:.0f}").format(score=score))
        self.score_label.setStyleSheet(f"font-size: 40px; font-weight: bold; color: {colour};")
        uuid = self.recording()
        enrolments = self.context.station.enrolments
        self.context.storage.submit(lambda: enrolments.record_finger_attempt(uuid, position, pixels, report),
                                    lambda outcome: self._on_outcome(position, report, outcome),
                                    self._on_scan_failed)

    def _on_outcome(self, position: FingerPosition, report: QualityReport, outcome: FingerAttemptOutcome) -> None:
        self.scanning = False
        self.scan_button.setEnabled(True)
        self.attempts[position] = int(outcome.attempts)
        self.may_force[position] = bool(outcome.may_force)
        self._show_attempts()
        if outcome.passed:
            self.diagram.set_state(position, FingerState.PASSED, outcome.best_score)
            self.guidance.setText(self.tr("Bagus. Lanjut ke jari berikutnya."))
            self.changed.emit()
            self._advance()
            return
        self.diagram.set_state(position, FingerState.LOW_QUALITY, outcome.best_score)
        advice = " ".join(report.guidance(self.context.language))
        if outcome.may_force:
            advice += " " + self.tr("Batas percobaan tercapai: paksa simpan (supervisor) atau tandai pengecualian.")
        self.guidance.setText(advice or self.tr("Kualitas kurang; bersihkan kaca dan ulangi."))
        self.force_button.setEnabled(bool(outcome.may_force))
        self.changed.emit()

    def _on_scan_failed(self, error: BaseException) -> None:
        self.scanning = False
        self.scan_button.setEnabled(True)
        self.guidance.setText("")
        self.show_device_down(error)
        self.start_preview()

    def _device_state(self, state: DeviceState) -> None:
        if state.family == "fingerprint" and state.status == DeviceStatus.READY and self.preview_thread is None:
            self.start_preview()

    def _device_recovered(self, family: str) -> None:
        if family == "fingerprint" and self.active:
            self.message.show_ok(self.tr("Pemindai sidik jari tersambung lagi. Tekan Spasi untuk memindai."))
            self.start_preview()

    def _advance(self) -> None:
        self.advance_after_capture()

    # forcing and exceptions ------------------------------------------------------------------
    def ask_force(self) -> SupervisorDialog:
        position = self.current
        dialog = SupervisorDialog(self.context, self.tr(
            "{finger}: kualitas di bawah batas setelah semua percobaan. Simpan percobaan terbaik?").format(
            finger=finger_name(position)), self)
        dialog.accepted.connect(lambda: self._force(position, dialog.approved))
        self.pending_dialog = dialog
        dialog.open()
        return dialog

    def _force(self, position: FingerPosition, supervisor: OperatorView) -> None:
        uuid = self.recording()
        enrolments = self.context.station.enrolments
        self.context.storage.submit(lambda: enrolments.force_finger(uuid, position, supervisor.id),
                                    lambda _result: self._forced(position), self.show_error)

    def _forced(self, position: FingerPosition) -> None:
        self.diagram.set_state(position, FingerState.FORCED)
        self.force_button.setEnabled(False)
        self.changed.emit()
        self._advance()

    def ask_exception(self) -> SupervisorDialog:
        position = self.current
        form = ExceptionFormWidget()
        dialog = SupervisorDialog(self.context, self.tr("Tandai {finger} sebagai pengecualian.").format(
            finger=finger_name(position)), self, form)
        dialog.accepted.connect(lambda: self._mark_exception(position, *form.chosen, dialog.approved))
        self.pending_dialog = dialog
        dialog.open()
        return dialog

    def _mark_exception(self, position: FingerPosition, reason: CaptureException, note: str, supervisor: OperatorView) -> None:
        uuid = self.recording()
        enrolments = self.context.station.enrolments
        self.context.storage.submit(
            lambda: enrolments.mark_exception(uuid, Modality.FINGER, position, reason, note, supervisor.id),
            lambda _result: self._excepted(position), self.show_error)

    def _excepted(self, position: FingerPosition) -> None:
        self.diagram.set_state(position, FingerState.EXCEPTION)
        self.changed.emit()
        self._advance()
