"""Face step: live preview with a guide, each quality check live, auto-capture, manual capture, retake.

Frames come from a CameraPreviewThread (newest frame wins); each is shown at
once, and the quality check runs on a worker for the newest frame only, so the
preview stays fluid while checks run.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.documents import photo_background
from app.quality.face import AutoCapture, FaceReport, assess_face, make_token_image
from app.quality.labels import check_label
from app.services.enrolment_types import CaptureSummary
from app.services.views import ApplicantView
from drivers.camera.base import Camera
from ui.gui.context import GuiContext
from ui.gui.device_hub import DeviceState, DeviceStatus, LatestValueThread, camera_preview
from ui.gui.pages.capture.step import CaptureStep
from ui.gui.widgets.common import array_to_pixmap, shortcut, title_label
from ui.gui.widgets.preview import PreviewWidget
from ui.gui.workers import LatestOnlyExecutor


class FaceStep(CaptureStep):
    """Emits ``photo_saved`` when the face photo is stored with the enrolment."""

    photo_saved = Signal()

    def __init__(self, context: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.checker = LatestOnlyExecutor("face-quality", self)
        self.auto = AutoCapture(required_consecutive=5)
        self.preview_thread: LatestValueThread | None = None
        self.last_report: FaceReport | None = None
        self.last_image: np.ndarray | None = None
        self.saved = False
        self.active = False
        self.reports_seen = 0
        self.device_message_shown = False

        layout = QVBoxLayout(self)
        layout.addWidget(title_label(self.tr("Foto wajah")))
        body = QHBoxLayout()
        layout.addLayout(body, 1)
        self.preview = PreviewWidget(show_guide=True)
        self.preview.setObjectName("facePreview")
        body.addWidget(self.preview, 3)
        side = QVBoxLayout()
        body.addLayout(side, 2)
        self.background_hint = QLabel()
        self.background_hint.setWordWrap(True)
        side.addWidget(self.background_hint)
        self.checks = QListWidget()
        self.checks.setObjectName("faceChecks")
        self.checks.setWordWrap(True)
        self.checks.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        side.addWidget(self.checks, 3)
        self.photo = QLabel()
        self.photo.setFixedSize(150, 200)
        self.photo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.photo.setStyleSheet("border: 2px solid #555555;")
        side.addWidget(self.photo, 0, Qt.AlignmentFlag.AlignHCenter)
        self.auto_capture = QCheckBox(self.tr("Ambil otomatis bila semua syarat terpenuhi"))
        self.auto_capture.setChecked(True)
        side.addWidget(self.auto_capture)
        buttons = QHBoxLayout()
        self.capture_button = QPushButton(self.tr("&Ambil foto (Spasi)"))
        self.retake_button = QPushButton(self.tr("&Ulangi foto"))
        self.retake_button.setObjectName("secondary")
        self.retake_button.setEnabled(False)
        buttons.addWidget(self.capture_button)
        buttons.addWidget(self.retake_button)
        side.addLayout(buttons)
        self.continue_button = QPushButton(self.tr("Foto sudah &benar, lanjut (Enter)"))
        self.continue_button.setObjectName("faceContinue")
        self.continue_button.setEnabled(False)
        side.addWidget(self.continue_button)
        layout.addWidget(self.message)
        self.continue_button.clicked.connect(self.accept_photo)
        shortcut(QKeySequence(Qt.Key.Key_Return), self, self.accept_photo)
        shortcut(QKeySequence(Qt.Key.Key_Enter), self, self.accept_photo)

        self.capture_button.clicked.connect(self.capture_now)
        self.retake_button.clicked.connect(self.retake)
        shortcut(QKeySequence(Qt.Key.Key_Space), self, self.capture_now)
        context.devices.recovered.connect(self._device_recovered)
        context.devices.state_changed.connect(self._device_state)

    # lifecycle ------------------------------------------------------------------
    def begin(self, enrolment_uuid: str, applicant: ApplicantView) -> None:
        super().begin(enrolment_uuid, applicant)
        self.saved = False
        self.last_report = None
        self.last_image = None
        self.photo.clear()
        self.photo.setText(self.tr("Belum ada foto"))
        self.retake_button.setEnabled(False)
        self.continue_button.setEnabled(False)
        self.capture_button.setEnabled(True)
        self.auto.reset()
        self.checks.clear()
        if applicant is not None:
            colour = photo_background(applicant.birth_date, applicant.citizenship)
            names = {"red": self.tr("MERAH"), "blue": self.tr("BIRU"), "orange": self.tr("ORANYE")}
            self.background_hint.setText(self.tr("Latar foto: {colour} (menurut tahun lahir).").format(
                colour=names.get(str(colour), str(colour))))

    def restore(self, captures: list[CaptureSummary]) -> None:
        if any(str(capture.modality) == "face" for capture in captures):
            self.saved = True
            self.photo.setText(self.tr("Foto sudah tersimpan"))
            self.retake_button.setEnabled(True)
            self.continue_button.setEnabled(True)
            self.capture_button.setEnabled(False)

    def activate(self) -> None:
        self.active = True
        if not self.saved:
            self.start_preview()

    def deactivate(self) -> None:
        self.active = False
        self.stop_preview()

    # preview ----------------------------------------------------------------------
    def start_preview(self) -> None:
        self.when_streams_stopped(self._start_preview_now)

    def _start_preview_now(self) -> None:
        if not self.active or self.saved:
            return
        camera = self.context.devices.device("camera")
        if not isinstance(camera, Camera):
            self.preview.clear(self.tr("Kamera tidak dikonfigurasi."))
            return
        if self.preview_thread is not None:
            return
        if not self.context.devices.is_ready("camera"):
            self.preview.clear(self.tr("Menyalakan kamera…"))
            return  # started by _device_state once the camera is ready
        self.preview.clear(self.tr("Menyalakan kamera…"))
        thread = camera_preview(camera, self)
        thread.value_ready.connect(self._on_frame)
        thread.failed.connect(self._on_preview_failed)
        self.preview_thread = thread
        thread.start()

    def stop_preview(self) -> None:
        thread, self.preview_thread = self.preview_thread, None
        self.retire(thread)

    def _on_frame(self) -> None:
        thread = self.preview_thread
        if thread is None:
            return
        frame = thread.take()
        if frame is None:
            return
        if self.device_message_shown:  # frames again: the camera problem is over
            self.device_message_shown = False
            self.message.clear_message()
        self.preview.set_image(frame.image)
        # Every frame is offered; the checker runs one and keeps only the newest waiting, so the
        # next check starts the moment one ends instead of waiting for the following frame.
        image = frame.image
        birth = self.applicant.birth_date if self.applicant is not None else None
        citizenship = self.applicant.citizenship if self.applicant is not None else "WNI"
        settings = self.quality_settings
        self.checker.submit(
            lambda: (image, assess_face(image, birth_date=birth, citizenship=citizenship, settings=settings)),
            self._on_report, self.show_error)

    def _on_preview_failed(self, error: BaseException) -> None:
        self.stop_preview()
        self.preview.clear(self.context.message(error))
        self.context.devices.report_failure("camera", error)
        self.show_device_down(error)
        self.device_message_shown = True

    def _device_state(self, state: DeviceState) -> None:
        if state.family == "camera" and state.status == DeviceStatus.READY and self.preview_thread is None:
            self.start_preview()

    def _device_recovered(self, family: str) -> None:
        if family == "camera" and self.active and not self.saved:
            self.message.show_ok(self.tr("Kamera tersambung lagi."))
            self.start_preview()

    # checks ----------------------------------------------------------------------------
    def _on_report(self, result: tuple[np.ndarray, FaceReport]) -> None:
        image, report = result
        self.reports_seen += 1
        if self.saved or self.preview_thread is None:
            return
        self.last_report, self.last_image = report, image
        self.preview.set_face(report.face_box, report.passed)
        self.checks.clear()
        for check in sorted(report.checks, key=lambda c: c.passed):  # what to fix comes first
            guidance = check.guidance_en if self.context.language == "en" else check.guidance_id
            mark = "✔" if check.passed else "✘"
            label = check_label(check.name).text(self.context.language)
            item = QListWidgetItem(f"{mark} {label}" + ("" if check.passed else f" — {guidance}"))
            item.setForeground(Qt.GlobalColor.white)
            item.setBackground(Qt.GlobalColor.darkGreen if check.passed else Qt.GlobalColor.darkRed)
            item.setData(Qt.ItemDataRole.UserRole, check.passed)
            self.checks.addItem(item)
        if self.auto_capture.isChecked() and self.auto.feed(report):
            self._save(image, report)

    def capture_now(self) -> None:
        """Manual capture: the newest assessed frame, even if a check fails (the report says which)."""
        if self.saved or not self.isVisible():
            return
        if self.last_image is None or self.last_report is None:
            self.message.show_error(self.tr("Belum ada gambar dari kamera."))
            return
        self._save(self.last_image, self.last_report)

    def _save(self, image: np.ndarray, report: FaceReport) -> None:
        if self.enrolment_uuid is None:
            return
        self.saved = True
        self.stop_preview()
        self.capture_button.setEnabled(False)
        uuid = self.enrolment_uuid
        enrolments = self.context.station.enrolments

        def store() -> np.ndarray:
            enrolments.record_face(uuid, image, report)
            return make_token_image(image, report) if report.face_box is not None else image

        self.context.storage.submit(store, lambda token: self._saved(report, token), self._save_failed)

    def _saved(self, report: FaceReport, token: np.ndarray) -> None:
        """The kept photo stays on screen, large, until the operator accepts it or takes another."""
        self.photo.setPixmap(array_to_pixmap(token, self.photo.width(), self.photo.height()))
        self.preview.set_face(None, None)
        self.preview.set_image(token)
        self.retake_button.setEnabled(True)
        self.continue_button.setEnabled(True)
        self.message.show_ok((self.tr("Foto wajah tersimpan.") if report.passed else
                              self.tr("Foto wajah tersimpan (tidak lolos semua pemeriksaan).")) + " "
                             + self.tr("Periksa foto, lalu tekan Lanjut (Enter) atau Ulangi foto."))
        self.changed.emit()
        self.photo_saved.emit()

    def accept_photo(self) -> None:
        """The operator has seen the kept photo: move on to the fingers."""
        if self.saved and self.continue_button.isEnabled() and self.isVisible():
            self.completed.emit()

    def _save_failed(self, error: BaseException) -> None:
        self.saved = False
        self.capture_button.setEnabled(True)
        self.show_error(error)
        if self.active:
            self.start_preview()

    def retake(self) -> None:
        self.saved = False
        self.auto.reset()
        self.last_report = self.last_image = None
        self.photo.clear()
        self.retake_button.setEnabled(False)
        self.continue_button.setEnabled(False)
        self.capture_button.setEnabled(True)
        if self.active:
            self.start_preview()
