"""Iris step: the right and the left eye, each with its image, score and a rescan."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.domain.enums import CaptureException, Modality
from app.quality.iris import assess_iris
from app.quality.report import QualityReport
from app.services.enrolment_types import CaptureSummary
from app.services.views import ApplicantView, OperatorView
from drivers.iris.base import Eye, IrisImage
from ui.gui.context import GuiContext
from ui.gui.device_hub import as_iris_scanner
from ui.gui.pages.capture.step import CaptureStep
from ui.gui.style import FAIL_COLOUR, PASS_COLOUR
from ui.gui.widgets.common import array_to_pixmap, shortcut, title_label
from ui.gui.widgets.supervisor_dialog import ExceptionFormWidget, SupervisorDialog

CAPTURE_TIMEOUT_S = 15.0


class _EyePanel(QGroupBox):
    def __init__(self, title: str, eye: Eye, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.eye = eye
        layout = QVBoxLayout(self)
        self.image = QLabel()
        self.image.setObjectName(f"iris_{eye.slug}")
        self.image.setFixedSize(280, 210)
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image.setStyleSheet("border: 2px solid #555555; background: #202020; color: #ffffff;")
        self.score = QLabel("—")
        self.score.setStyleSheet("font-size: 28px; font-weight: bold;")
        self.guidance = QLabel()
        self.guidance.setWordWrap(True)
        self.button = QPushButton()
        self.exception_button = QPushButton(QCoreApplication.translate("IrisStep", "Pengecualian…"))
        self.exception_button.setObjectName("secondary")
        layout.addWidget(self.image, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.score)
        layout.addWidget(self.guidance)
        row = QHBoxLayout()
        row.addWidget(self.button, 2)
        row.addWidget(self.exception_button, 1)
        layout.addLayout(row)
        self.saved = False


class IrisStep(CaptureStep):
    def __init__(self, context: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.scanning: Eye | None = None
        self.active = False
        self.pending_dialog: SupervisorDialog | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(title_label(self.tr("Iris mata")))
        hint = QLabel(self.tr("Minta pemohon melepas kacamata, membuka mata lebar dan menatap alat."))
        hint.setObjectName("hint")
        layout.addWidget(hint)
        row = QHBoxLayout()
        self.panels = {
            Eye.RIGHT: _EyePanel(self.tr("Mata kanan"), Eye.RIGHT),
            Eye.LEFT: _EyePanel(self.tr("Mata kiri"), Eye.LEFT),
        }
        self._label_buttons()
        for eye, panel in self.panels.items():
            panel.button.clicked.connect(lambda _checked=False, e=eye: self.scan(e))
            panel.exception_button.clicked.connect(lambda _checked=False, e=eye: self.ask_exception(e))
            row.addWidget(panel)
        layout.addLayout(row, 1)
        layout.addWidget(self.message)
        shortcut(QKeySequence(Qt.Key.Key_Space), self, self.scan_next)
        context.devices.recovered.connect(self._device_recovered)

    def begin(self, enrolment_uuid: str, applicant: ApplicantView) -> None:
        super().begin(enrolment_uuid, applicant)
        self.scanning = None
        for panel in self.panels.values():
            panel.saved = False
            panel.image.clear()
            panel.image.setText(self.tr("Belum dipindai"))
            panel.score.setText("—")
            panel.score.setStyleSheet("font-size: 28px; font-weight: bold;")
            panel.guidance.clear()
        self._label_buttons()

    def _label_buttons(self) -> None:
        """Each button says what it will do: "Pindai" before an eye is kept, "Pindai ulang" after."""
        right, left = self.panels[Eye.RIGHT], self.panels[Eye.LEFT]
        right.button.setText(self.tr("Pindai ulang mata &kanan") if right.saved else self.tr("Pindai mata &kanan"))
        left.button.setText(self.tr("Pindai ulang mata k&iri") if left.saved else self.tr("Pindai mata k&iri"))

    def restore(self, captures: list[CaptureSummary]) -> None:
        for capture in captures:
            if str(capture.modality) == Modality.IRIS.value and capture.position in ("right", "left"):
                panel = self.panels[Eye.RIGHT if capture.position == "right" else Eye.LEFT]
                panel.saved = True
                panel.image.setText(self.tr("Pengecualian") if capture.exception_reason else self.tr("Sudah tersimpan"))
                if capture.quality_score is not None:
                    panel.score.setText(self.tr("Skor: {score:.0f}").format(score=capture.quality_score))
        self._label_buttons()

    def activate(self) -> None:
        self.active = True

    def deactivate(self) -> None:
        self.active = False

    @property
    def done(self) -> bool:
        return all(panel.saved for panel in self.panels.values())

    def scan_next(self) -> None:
        if not self.isVisible():
            return
        for eye in (Eye.RIGHT, Eye.LEFT):
            if not self.panels[eye].saved:
                self.scan(eye)
                return

    def scan(self, eye: Eye) -> None:
        if self.scanning is not None or self.enrolment_uuid is None:
            return
        self.scanning = eye
        self.message.clear_message()
        panel = self.panels[eye]
        panel.guidance.setText(self.tr("Memindai…"))
        for each in self.panels.values():
            each.button.setEnabled(False)
        started = self.context.devices.run("iris", lambda scanner: as_iris_scanner(scanner).capture_eye(eye, timeout=CAPTURE_TIMEOUT_S),
                                           lambda image: self._on_image(eye, image), self._on_failed)
        if not started:
            self._on_failed(RuntimeError(self.tr("Pemindai iris tidak dikonfigurasi.")))

    def _on_image(self, eye: Eye, image: IrisImage) -> None:
        pixels: np.ndarray = image.pixels
        panel = self.panels[eye]
        panel.image.setPixmap(array_to_pixmap(pixels, panel.image.width(), panel.image.height()))
        settings = self.quality_settings
        self.context.quality.submit(lambda: assess_iris(pixels, settings),
                                    lambda report: self._on_report(eye, pixels, report), self._on_failed)

    def _on_report(self, eye: Eye, pixels: np.ndarray, report: QualityReport) -> None:
        panel = self.panels[eye]
        colour = PASS_COLOUR if report.passed else FAIL_COLOUR
        score = report.score if report.score is not None else 0
        panel.score.setText(self.tr("Skor: {score:.0f}").format(score=score))
        panel.score.setStyleSheet(f"font-size: 28px; font-weight: bold; color: {colour};")
        panel.guidance.setText(" ".join(report.guidance(self.context.language)))
        uuid = self.recording()
        enrolments = self.context.station.enrolments
        self.context.storage.submit(lambda: enrolments.record_iris(uuid, eye, pixels, report),
                                    lambda _result: self._on_saved(eye, report), self._on_failed)

    def _on_saved(self, eye: Eye, report: QualityReport) -> None:
        self.scanning = None
        for each in self.panels.values():
            each.button.setEnabled(True)
        panel = self.panels[eye]
        panel.saved = True
        self._label_buttons()
        self.changed.emit()
        if self.done:
            self.completed.emit()

    def _on_failed(self, error: BaseException) -> None:
        if self.scanning is not None:
            self.panels[self.scanning].guidance.clear()
        self.scanning = None
        for each in self.panels.values():
            each.button.setEnabled(True)
        self.show_device_down(error)

    def ask_exception(self, eye: Eye) -> SupervisorDialog:
        """An eye that cannot be scanned (missing, injured): a supervisor records why."""
        form = ExceptionFormWidget()
        panel = self.panels[eye]
        dialog = SupervisorDialog(self.context, self.tr("Tandai {eye} sebagai pengecualian.").format(
            eye=panel.title().lower()), self, form)
        dialog.accepted.connect(lambda: self._mark_exception(eye, *form.chosen, dialog.approved))
        self.pending_dialog = dialog
        dialog.open()
        return dialog

    def _mark_exception(self, eye: Eye, reason: CaptureException, note: str, supervisor: OperatorView) -> None:
        uuid = self.recording()
        enrolments = self.context.station.enrolments
        self.context.storage.submit(
            lambda: enrolments.mark_exception(uuid, Modality.IRIS, eye, reason, note, supervisor.id),
            lambda _result: self._excepted(eye), self.show_error)

    def _excepted(self, eye: Eye) -> None:
        panel = self.panels[eye]
        panel.saved = True
        panel.image.clear()
        panel.image.setText(self.tr("Pengecualian"))
        panel.score.setText("—")
        self._label_buttons()
        self.changed.emit()
        if self.done:
            self.completed.emit()

    def _device_recovered(self, family: str) -> None:
        if family == "iris" and self.active:
            self.message.show_ok(self.tr("Pemindai iris tersambung lagi. Tekan Spasi untuk memindai."))
