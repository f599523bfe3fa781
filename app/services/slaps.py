"""4-4-2 slaps in an enrolment: each finger of a segmented slap is judged and kept on its own.

A slap (left four, right four, both thumbs) comes from the scanner already cut into
single fingers (``FingerprintScanner.capture_slap``). Every finger gets its own NFIQ 2
report against its own position's threshold and is recorded as one attempt of that
finger, so best-of-N, forcing and exceptions work exactly as for single captures: a
slap taken again keeps, per finger, the better of the two; a finger may also be taken
again on its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from app.quality.finger import assess_finger
from app.quality.report import QualityReport
from app.quality.settings import QualitySettings
from app.services.enrolment import EnrolmentService
from app.services.enrolment_types import FingerAttemptOutcome
from drivers.fingerprint.base import SLAP_LAYOUT, SLAP_SEQUENCE, FingerPosition, FingerprintScanner, SlapCapture


@dataclass(frozen=True)
class SlapFingerResult:
    """One finger of a slap with its own quality report."""

    position: FingerPosition
    pixels: np.ndarray
    report: QualityReport
    box: tuple[int, int, int, int] | None
    angle_degrees: float


def assess_slap(capture: SlapCapture, settings: QualitySettings) -> tuple[SlapFingerResult, ...]:
    """NFIQ 2 and the finger checks for every finger of a segmented slap, left to right."""
    return tuple(
        SlapFingerResult(finger.image.position, finger.image.pixels,
                         assess_finger(finger.image.pixels, finger.image.position, settings, ppi=finger.image.ppi),
                         finger.box, finger.angle_degrees)
        for finger in capture.fingers
    )


def record_slap(enrolments: EnrolmentService, uuid: str,
                results: Iterable[SlapFingerResult]) -> dict[FingerPosition, FingerAttemptOutcome]:
    """Each finger as one attempt of its position (kept when it beats that finger's best so far)."""
    return {result.position: enrolments.record_finger_attempt(uuid, result.position, result.pixels, result.report)
            for result in results}


def fingers_to_capture(slap: FingerPosition, done: Iterable[FingerPosition]) -> tuple[FingerPosition, ...]:
    """The fingers of ``slap`` still wanted (``done``: passed, forced or exceptions), left to right."""
    finished = set(done)
    return tuple(position for position in SLAP_LAYOUT[FingerPosition(slap)] if position not in finished)


def capture_ten_by_slaps(scanner: FingerprintScanner, enrolments: EnrolmentService, uuid: str,
                         settings: QualitySettings, *, exceptions: Iterable[FingerPosition] = (),
                         timeout: float = 10.0) -> dict[FingerPosition, FingerAttemptOutcome]:
    """The 4-4-2 loop without a screen (demo, benchmarks): each slap up to ``max_attempts`` times,
    again only while one of its fingers has not passed; returns each finger's last outcome."""
    skipped = set(exceptions)
    outcomes: dict[FingerPosition, FingerAttemptOutcome] = {}
    for slap in SLAP_SEQUENCE:
        for _attempt in range(settings.max_attempts):
            done = skipped | {p for p, outcome in outcomes.items() if outcome.passed}
            wanted = fingers_to_capture(slap, done)
            if not wanted:
                break
            capture = scanner.capture_slap(slap, exceptions=set(SLAP_LAYOUT[slap]) - set(wanted), timeout=timeout)
            outcomes.update(record_slap(enrolments, uuid, assess_slap(capture, settings)))
    return outcomes
