"""The finger step's 4-4-2 flow, for scanners that take slaps: left four, right four, both thumbs.

Each slap is cut into single fingers by the scanner (or its segmentation), each finger
is judged with NFIQ 2 on the quality thread and recorded as one attempt of that finger on
the storage thread, so the best attempt per finger is kept. A slap is scanned again
(only for its fingers still wanted) until they pass; a finger may instead be taken
alone by clicking it in the hand diagram, which is also where forcing and exceptions
happen, exactly as in the one-finger flow.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from app.services.enrolment_types import FingerAttemptOutcome
from app.services.slaps import SlapFingerResult, assess_slap, fingers_to_capture, record_slap
from drivers.fingerprint.base import SLAP_LAYOUT, SLAP_SEQUENCE, FingerPosition, FingerprintScanner, SlapCapture
from ui.gui.device_hub import as_scanner
from ui.gui.style import FAIL_COLOUR, PASS_COLOUR
from ui.gui.widgets.common import array_to_pixmap
from ui.gui.widgets.hand_diagram import FingerState, finger_name

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtWidgets import QLabel, QPushButton

    from app.quality.settings import QualitySettings
    from ui.gui.context import GuiContext
    from ui.gui.widgets.common import MessageLabel
    from ui.gui.widgets.hand_diagram import HandDiagramWidget

SLAP_CAPTURE_TIMEOUT_S = 15.0
FINISHED = (FingerState.PASSED, FingerState.FORCED, FingerState.EXCEPTION)


def _tr(text: str) -> str:
    """Translated in the finger step's context (a mixin has no translation context of its own)."""
    return QCoreApplication.translate("FingerStep", text)


def slap_name(slap: FingerPosition) -> str:
    return {
        FingerPosition.PLAIN_LEFT_FOUR: QCoreApplication.translate("FingerStep", "Empat jari tangan kiri"),
        FingerPosition.PLAIN_RIGHT_FOUR: QCoreApplication.translate("FingerStep", "Empat jari tangan kanan"),
        FingerPosition.PLAIN_THUMBS: QCoreApplication.translate("FingerStep", "Kedua ibu jari"),
    }[FingerPosition(slap)]


class SlapFlowMixin:
    """Slap mode of ``FingerStep`` (which provides the widgets, ``diagram``, ``attempts`` and the rest)."""

    slap: FingerPosition | None = None  # the slap being captured; None in the one-finger flow

    if TYPE_CHECKING:  # what FingerStep provides
        context: GuiContext
        enrolment_uuid: str | None
        quality_settings: QualitySettings
        current: FingerPosition
        scanning: bool
        attempts: dict[FingerPosition, int]
        may_force: dict[FingerPosition, bool]
        diagram: HandDiagramWidget
        image: QLabel
        finger_label: QLabel
        score_label: QLabel
        attempt_label: QLabel
        guidance: QLabel
        message: MessageLabel
        scan_button: QPushButton
        force_button: QPushButton
        exception_button: QPushButton
        back_to_slaps_button: QPushButton
        changed: SignalInstance
        completed: SignalInstance

        def stop_preview(self) -> None: ...

        def next_pending(self) -> FingerPosition | None: ...

        def select_finger(self, position: FingerPosition) -> None: ...

        def _on_scan_failed(self, error: BaseException) -> None: ...

        def recording(self) -> str: ...

    @property
    def scanner_takes_slaps(self) -> bool:
        scanner = self.context.devices.device("fingerprint")
        return isinstance(scanner, FingerprintScanner) and scanner.supports_slaps

    def slap_fingers_wanted(self, slap: FingerPosition) -> tuple[FingerPosition, ...]:
        done = [p for p in SLAP_LAYOUT[slap] if self.diagram.states.get(p) in FINISHED]
        return fingers_to_capture(slap, done)

    def next_slap(self) -> FingerPosition | None:
        return next((s for s in SLAP_SEQUENCE if self.slap_fingers_wanted(s)), None)

    def enter_slap_mode(self, slap: FingerPosition) -> None:
        """Show ``slap`` as the next capture: its wanted fingers highlighted in the diagram."""
        if self.scanning:
            return
        self.stop_preview()
        for position, state in list(self.diagram.states.items()):
            if state == FingerState.CURRENT:
                self.diagram.set_state(position, FingerState.PENDING)
        self.slap = FingerPosition(slap)
        wanted = self.slap_fingers_wanted(self.slap)
        for position in wanted:
            if self.diagram.states.get(position) == FingerState.PENDING:
                self.diagram.set_state(position, FingerState.CURRENT)
        self.current = wanted[0] if wanted else self.current
        self.finger_label.setText(slap_name(self.slap))
        self.score_label.setText("—")
        self.score_label.setStyleSheet("font-size: 40px; font-weight: bold;")
        self.attempt_label.setText(_tr("4-4-2: jari yang sudah lolos tidak dipindai lagi; "
                                       "tiap jari dinilai sendiri (NFIQ 2)."))
        names = ", ".join(finger_name(p).lower() for p in wanted)
        self.guidance.setText(_tr("Letakkan {fingers} bersamaan di kaca, lalu tekan Spasi. "
                                  "Klik satu jari di gambar tangan untuk memindainya sendiri.").format(fingers=names))
        self.scan_button.setText(_tr("&Pindai {slap} (Spasi)").format(slap=slap_name(self.slap).lower()))
        self.force_button.setEnabled(False)
        self.exception_button.setEnabled(False)
        self.back_to_slaps_button.setVisible(False)

    def select_single(self, position: FingerPosition) -> None:
        """Take one finger alone (a click in the hand diagram): re-capture, force or exception."""
        if self.scanning:
            return
        self.leave_slap_mode()
        self.select_finger(position)

    def back_to_slaps(self) -> None:
        following = self.next_slap()
        if following is not None:
            self.enter_slap_mode(following)

    def leave_slap_mode(self) -> None:
        if self.slap is not None:
            for position in SLAP_LAYOUT[self.slap]:
                if self.diagram.states.get(position) == FingerState.CURRENT:
                    self.diagram.set_state(position, FingerState.PENDING)
        self.slap = None
        self.scan_button.setText(_tr("&Pindai jari (Spasi)"))
        self.exception_button.setEnabled(True)
        self.back_to_slaps_button.setVisible(self.scanner_takes_slaps)

    def scan_slap(self) -> None:
        slap = self.slap
        if slap is None:  # not in slap mode
            return
        wanted = self.slap_fingers_wanted(slap)
        if not wanted:
            self.advance_after_capture()
            return
        skipped = [p for p in SLAP_LAYOUT[slap] if p not in wanted]
        self.scanning = True
        self.scan_button.setEnabled(False)
        self.message.clear_message()
        self.guidance.setText(_tr("Memindai… tahan jari tetap di kaca."))
        started = self.context.devices.run(
            "fingerprint",
            lambda scanner: as_scanner(scanner).capture_slap(slap, exceptions=skipped, timeout=SLAP_CAPTURE_TIMEOUT_S),
            self._on_slap, self._on_scan_failed)
        if not started:
            self._on_scan_failed(RuntimeError(_tr("Pemindai sidik jari tidak dikonfigurasi.")))

    def _on_slap(self, capture: SlapCapture) -> None:
        shown = capture.image if capture.image is not None else capture.fingers[0].image.pixels
        self.image.setPixmap(array_to_pixmap(shown, self.image.width(), self.image.height()))
        settings = self.quality_settings
        self.context.quality.submit(lambda: assess_slap(capture, settings), self._on_slap_reports,
                                    self._on_scan_failed)

    def _on_slap_reports(self, results: tuple[SlapFingerResult, ...]) -> None:
        uuid = self.recording()
        enrolments = self.context.station.enrolments
        self.context.storage.submit(lambda: record_slap(enrolments, uuid, results),
                                    lambda outcomes: self._on_slap_outcomes(results, outcomes), self._on_scan_failed)

    def _on_slap_outcomes(self, results: tuple[SlapFingerResult, ...], outcomes: dict[FingerPosition, FingerAttemptOutcome]) -> None:
        self.scanning = False
        self.scan_button.setEnabled(True)
        lines, failing = [], []
        for result in results:
            outcome = outcomes[result.position]
            self.attempts[result.position] = int(outcome.attempts)
            self.may_force[result.position] = bool(outcome.may_force)
            state = FingerState.PASSED if outcome.passed else FingerState.LOW_QUALITY
            self.diagram.set_state(result.position, state, outcome.best_score)
            colour = PASS_COLOUR if outcome.passed else FAIL_COLOUR
            score = result.report.score if result.report.score is not None else 0
            lines.append(f"<span style='color:{colour}'>{finger_name(result.position)}: {score:.0f}</span>")
            if not outcome.passed:
                failing.append(result.position)
        self.last_slap_scores = {r.position: r.report.score for r in results}
        self.score_label.setStyleSheet("font-size: 18px; font-weight: bold;")
        self.score_label.setText("<br>".join(lines))
        self.changed.emit()
        used_up = [p for p in failing if self.may_force.get(p)]
        if used_up:  # attempts used up: that finger goes on alone (force or exception, with a supervisor)
            self.select_single(used_up[0])
            return
        if failing and self.slap is not None:
            names = ", ".join(finger_name(p).lower() for p in failing)
            self.enter_slap_mode(self.slap)
            self.score_label.setStyleSheet("font-size: 18px; font-weight: bold;")
            self.score_label.setText("<br>".join(lines))
            self.guidance.setText(_tr("Kualitas kurang: {fingers}. Tekan Spasi untuk memindai bersamaan lagi "
                                      "(yang terbaik per jari disimpan), atau klik jarinya untuk memindai "
                                      "sendiri.").format(fingers=names))
            return
        self.advance_after_capture()

    def advance_after_capture(self) -> None:
        """After any capture: the next slap when the scanner takes slaps, else the next finger."""
        pending = self.next_pending()
        if pending is None:
            if self.slap is not None:
                self.leave_slap_mode()
            self.completed.emit()
            return
        if self.scanner_takes_slaps:
            following = self.next_slap()
            if following is not None:
                self.enter_slap_mode(following)
                return
        self.leave_slap_mode()
        self.select_finger(pending)
