"""Signature step: ink drawn live as the pad reports it; clear and redo; mouse or touch without a pad."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.domain.enums import Modality
from app.quality.signature import SignatureReport, assess_signature
from app.services.enrolment_types import CaptureSummary
from app.services.views import ApplicantView
from drivers.errors import DeviceTimeoutError, StationError
from drivers.signature.base import PadRanges, PenPoint, SignaturePad
from ui.gui.context import GuiContext
from ui.gui.device_hub import as_signature_pad
from ui.gui.pages.capture.step import CaptureStep
from ui.gui.widgets.common import title_label
from ui.gui.widgets.signature_canvas import MOUSE_RANGES, SignatureCanvasWidget


@dataclass(frozen=True)
class PenBatch:
    """Pen points read together from the pad, in order."""

    points: tuple[PenPoint, ...]


class PenReaderThread(QThread):
    """Starts the pad and forwards its points in batches until stopped or the pad goes away."""

    started_with = Signal(object)  # PadRanges
    points_ready = Signal(object)  # PenBatch
    failed = Signal(object)  # StationError

    def __init__(self, pad: SignaturePad, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pad = pad
        self._stop = threading.Event()

    def request_stop(self) -> None:
        self._stop.set()

    def run(self) -> None:
        if self._stop.is_set():
            return
        try:
            if not self._pad.is_open:
                self._pad.open()
            self.started_with.emit(self._pad.ranges())
            self._pad.start()
            while not self._stop.is_set():
                try:
                    first = self._pad.wait_point(timeout=0.2)
                except DeviceTimeoutError:
                    continue
                self.points_ready.emit(PenBatch((first, *self._pad.read_points())))
        except StationError as exc:
            if not self._stop.is_set():
                self.failed.emit(exc)
        finally:
            try:
                self._pad.stop()
            except StationError:
                pass  # the pad is already gone; the failure was reported above


class SignatureStep(CaptureStep):
    def __init__(self, context: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.reader: PenReaderThread | None = None
        self.active = False
        self.saved = False
        self.using_pad = False
        layout = QVBoxLayout(self)
        layout.addWidget(title_label(self.tr("Tanda tangan")))
        self.source = QLabel()
        self.source.setObjectName("hint")
        layout.addWidget(self.source)
        self.canvas = SignatureCanvasWidget()
        layout.addWidget(self.canvas, 1)
        buttons = QHBoxLayout()
        self.clear_button = QPushButton(self.tr("&Hapus dan ulangi"))
        self.clear_button.setObjectName("secondary")
        self.save_button = QPushButton(self.tr("&Simpan tanda tangan"))
        buttons.addStretch(1)
        buttons.addWidget(self.clear_button)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.clear_button.clicked.connect(self.clear)
        self.save_button.clicked.connect(self.save)
        context.devices.recovered.connect(self._device_recovered)

    def begin(self, enrolment_uuid: str, applicant: ApplicantView) -> None:
        super().begin(enrolment_uuid, applicant)
        self.saved = False
        self.canvas.clear()
        self.save_button.setEnabled(True)

    def restore(self, captures: list[CaptureSummary]) -> None:
        if any(str(c.modality) == Modality.SIGNATURE.value for c in captures):
            self.saved = True
            self.message.show_ok(self.tr("Tanda tangan sudah tersimpan; hapus untuk mengulang."))

    def activate(self) -> None:
        self.active = True
        self.start_pad()

    def deactivate(self) -> None:
        self.active = False
        self.stop_pad()

    # the pad ------------------------------------------------------------------------------
    def start_pad(self) -> None:
        self.when_streams_stopped(self._start_pad_now)

    def _start_pad_now(self) -> None:
        if not self.active:
            return
        pad = self.context.devices.device("signature")
        if not isinstance(pad, SignaturePad) or not self.context.devices.is_ready("signature"):
            self._use_mouse()
            return
        if self.reader is not None:
            return
        reader = PenReaderThread(pad, self)
        reader.started_with.connect(self._pad_started)
        reader.points_ready.connect(lambda batch: self.canvas.add_points(list(batch.points)))
        reader.failed.connect(self._pad_failed)
        self.reader = reader
        reader.start()

    def stop_pad(self) -> None:
        reader, self.reader = self.reader, None
        self.retire(reader)

    def _pad_started(self, ranges: PadRanges) -> None:
        self.using_pad = True
        self.canvas.mouse_enabled = False
        self.canvas.set_ranges(ranges)
        self.source.setText(self.tr("Minta pemohon menandatangani di pad tanda tangan."))

    def _use_mouse(self) -> None:
        self.using_pad = False
        self.canvas.mouse_enabled = True
        self.canvas.set_ranges(MOUSE_RANGES)
        self.source.setText(self.tr("Pad tanda tangan tidak ada: tanda tangani di layar dengan mouse atau sentuhan."))

    def _pad_failed(self, error: BaseException) -> None:
        self.stop_pad()
        self.context.devices.report_failure("signature", error)
        self.show_device_down(error)
        self.canvas.clear()
        self._use_mouse()

    def _device_recovered(self, family: str) -> None:
        if family == "signature" and self.active and not self.saved:
            self.canvas.clear()
            self.message.show_ok(self.tr("Pad tanda tangan tersambung lagi; silakan tanda tangan ulang."))
            self.start_pad()

    # actions ---------------------------------------------------------------------------------
    def clear(self) -> None:
        self.canvas.clear()
        self.saved = False
        self.save_button.setEnabled(True)
        self.message.clear_message()
        if self.reader is not None:
            self.context.devices.run("signature", lambda pad: as_signature_pad(pad).clear())

    def save(self) -> None:
        if self.enrolment_uuid is None:
            return
        points = list(self.canvas.points)
        if not points:
            self.message.show_error(self.tr("Belum ada tanda tangan."))
            return
        ranges = self.canvas.ranges
        settings = self.quality_settings
        self.save_button.setEnabled(False)
        self.context.quality.submit(lambda: assess_signature(points, ranges, settings),
                                    lambda report: self._on_report(points, ranges, report), self._failed)

    def _on_report(self, points: list[PenPoint], ranges: PadRanges, report: SignatureReport) -> None:
        if not report.passed:
            self.save_button.setEnabled(True)
            advice = " ".join(report.guidance(self.context.language))
            self.message.show_error(advice or self.tr("Tanda tangan kurang jelas; ulangi."))
            return
        uuid = self.recording()
        enrolments = self.context.station.enrolments
        self.context.storage.submit(lambda: enrolments.record_signature(uuid, points, ranges, report),
                                    lambda _result: self._saved(), self._failed)

    def _saved(self) -> None:
        self.saved = True
        self.message.show_ok(self.tr("Tanda tangan tersimpan."))
        self.changed.emit()
        self.completed.emit()

    def _failed(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.show_error(error)
