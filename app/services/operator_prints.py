"""Operators' own fingerprints for the local duplicate check, so an operator's finger never slips into a record.

A supervisor must approve (their id is checked and audited). Each finger gets
``[quality] max_attempts`` tries judged by the same ``FingerCapturePolicy`` as
applicants'; only passing prints are stored, and a new enrolment replaces the
operator's earlier prints. The best-of-N loop lives once, in
:class:`OperatorPrintsCapture`: ``capture_and_store`` (CLI, tests) drives it from
an open scanner, the GUI feeds it attempts from its device and quality workers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy import func, select

from app.domain.enums import AuditAction
from app.errors import InputError
from app.quality.finger import FingerCapturePolicy, assess_finger
from app.quality.report import QualityReport
from app.services.enrolment import EnrolmentService
from app.services.enrolment_rows import audit, require_supervisor
from app.storage.db import Database
from app.storage.models import BiometricTemplate, Operator
from drivers.fingerprint.base import FingerPosition, FingerprintScanner
from drivers.simulation import SimulatorControls

# Simulators show synthetic person ``subject``; applicants use their applicant id (GUI) or
# 1000 + id (demo), operators this far above so the two never meet.
OPERATOR_SUBJECT_BASE = 900_000
Scored = tuple[np.ndarray, QualityReport]  # a print and its quality report
DEFAULT_FINGERS: tuple[FingerPosition, ...] = (
    FingerPosition.RIGHT_INDEX, FingerPosition.LEFT_INDEX, FingerPosition.RIGHT_THUMB, FingerPosition.LEFT_THUMB)


def operator_subject(operator_id: int) -> int:
    """The simulator subject id of an operator's own fingers (``set_subject``)."""
    return OPERATOR_SUBJECT_BASE + int(operator_id)


@dataclass(frozen=True)
class OperatorFingerOutcome:
    position: str
    attempts: int
    best_score: float | None
    threshold: int
    passed: bool

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class OperatorPrintsResult:
    """How many prints were stored, and each finger's attempts and best NFIQ 2 score."""

    operator_id: int
    stored: int
    fingers: tuple[OperatorFingerOutcome, ...]

    @property
    def skipped(self) -> tuple[str, ...]:
        return tuple(f.position for f in self.fingers if not f.passed)

    def to_dict(self) -> dict[str, Any]:
        return {"operator_id": self.operator_id, "stored": self.stored, "skipped": list(self.skipped),
                "fingers": [f.to_dict() for f in self.fingers]}


class OperatorPrintsCapture:
    """The best of ``max_attempts`` tries per finger, one attempt at a time, over an operator's fingers."""

    def __init__(self, policy: FingerCapturePolicy, fingers: Iterable[FingerPosition] = DEFAULT_FINGERS) -> None:
        self.policy = policy
        self.fingers: tuple[FingerPosition, ...] = tuple(dict.fromkeys(fingers))
        self.remaining: list[FingerPosition] = list(self.fingers)
        self.attempts: dict[FingerPosition, int] = {}
        self.best: dict[FingerPosition, tuple[np.ndarray, QualityReport]] = {}

    @property
    def current(self) -> FingerPosition | None:
        """The finger to scan next, or None when every finger is finished."""
        return self.remaining[0] if self.remaining else None

    def record(self, pixels: np.ndarray, report: QualityReport) -> bool:
        """One attempt at :attr:`current`, kept when it beats that finger's best; True when the finger is finished.

        A finger is finished when it passes its threshold or has used up its attempts.
        """
        position = self.remaining[0]
        self.attempts[position] = self.attempts.get(position, 0) + 1
        best = self.best.get(position)
        if best is None or (report.score or 0) > (best[1].score or 0):
            self.best[position] = (pixels, report)
        if self.policy.accepts(position, report) or self.attempts[position] >= self.policy.max_attempts:
            self.remaining.pop(0)
            return True
        return False

    def passed(self, position: FingerPosition) -> bool:
        best = self.best.get(position)
        return best is not None and self.policy.accepts(position, best[1])

    def passing(self) -> dict[FingerPosition, tuple[np.ndarray, QualityReport]]:
        """The best print of every finger that passed (what ``OperatorPrintsService.store`` keeps)."""
        return {position: best for position, best in self.best.items() if self.passed(position)}

    def outcomes(self) -> tuple[OperatorFingerOutcome, ...]:
        """Each scanned finger's attempts and best score, in scanning order."""
        return tuple(OperatorFingerOutcome(position.slug, self.attempts[position], self.best[position][1].score,
                                           self.policy.threshold(position), self.passed(position))
                     for position in self.fingers if position in self.best)


class OperatorPrintsService:
    """Quality-gated enrolment of an operator's own prints into the duplicate-check gallery."""

    def __init__(self, db: Database, enrolments: EnrolmentService) -> None:
        self.db = db
        self.enrolments = enrolments
        self.policy = FingerCapturePolicy(enrolments.quality_settings)

    def prints_on_file(self) -> dict[int, int]:
        """How many own-finger templates each operator has in the duplicate-check gallery (absent: none)."""
        with self.db.session() as session:
            rows = session.execute(select(BiometricTemplate.operator_id, func.count(BiometricTemplate.id))
                                   .where(BiometricTemplate.operator_id.is_not(None))
                                   .group_by(BiometricTemplate.operator_id)).all()
        return {int(operator_id): int(count) for operator_id, count in rows}

    def store(self, operator_id: int, captures: Mapping[FingerPosition, Scored] | Mapping[str, Scored],
              supervisor_id: int) -> int:
        """Keep the prints whose report passes the position's threshold (for the GUI); returns how many.

        Raises:
            SupervisorRequiredError: ``supervisor_id`` is not an active supervisor.
            InputError: the operator does not exist, or no print passed.
        """
        with self.db.session() as session:
            require_supervisor(session, supervisor_id)
            if session.get(Operator, operator_id) is None:
                raise InputError(f"Petugas #{operator_id} tidak ada.", f"Operator #{operator_id} does not exist.")
        passing = {}
        for key, (pixels, report) in captures.items():
            position = key if isinstance(key, FingerPosition) else FingerPosition.parse(key)
            if self.policy.accepts(position, report):
                passing[position] = pixels
        if not passing:
            raise InputError(
                "Tidak ada sidik jari petugas yang lolos mutu; tidak ada yang disimpan.",
                "No operator fingerprint passed the quality check; nothing was stored.",
                action_id="Bersihkan kaca pemindai dan jari, lalu ulangi.",
                action_en="Clean the scanner glass and the finger, then try again.")
        stored = self.enrolments.enrol_operator_prints(operator_id, passing)
        with self.db.session() as session:
            audit(session, supervisor_id, AuditAction.OPERATOR_CHANGED, str(operator_id),
                  {"change": "own_prints_enrolled", "fingers": sorted(p.slug for p in passing), "stored": stored})
        return stored

    def capture_and_store(self, scanner: FingerprintScanner, operator_id: int, supervisor_id: int,
                          fingers: Iterable[FingerPosition] = DEFAULT_FINGERS, *,
                          timeout: float = 10.0) -> OperatorPrintsResult:
        """Capture each finger from an open scanner (best of ``max_attempts``), then ``store`` the passing ones.

        A simulator is first shown the operator's own synthetic fingers (``operator_subject``).

        Raises:
            DeviceError: the scanner failed; nothing is stored.
            InputError / SupervisorRequiredError: as ``store``.
        """
        with self.db.session() as session:  # refuse before anyone presses a finger ten times
            require_supervisor(session, supervisor_id)
        if isinstance(scanner, SimulatorControls):
            scanner.present_subject(operator_subject(operator_id))
        capture = OperatorPrintsCapture(self.policy, fingers)
        while (position := capture.current) is not None:
            image = scanner.capture_finger(position, timeout=timeout)
            capture.record(image.pixels, assess_finger(image.pixels, position, self.policy.settings, ppi=image.ppi))
        stored = self.store(operator_id, capture.passing(), supervisor_id)  # raises when no finger passed
        return OperatorPrintsResult(operator_id, stored, capture.outcomes())
