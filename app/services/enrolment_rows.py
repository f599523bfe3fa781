"""Row-level helpers of the enrolment service: loading, checks, capture rows, templates, audit.

Kept apart so ``enrolment.py`` reads as the workflow; nothing here opens a transaction.
"""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.enums import AuditAction, EnrolmentStatus, Modality, Role
from app.quality.report import QualityReport
from app.services.enrolment_types import (
    CaptureInputError,
    EnrolmentNotFoundError,
    EnrolmentStateError,
    SupervisorRequiredError,
)
from app.storage.models import AuditEvent, BiometricTemplate, Capture, Enrolment, Operator
from app.timezones import utc_now


def encode_image(pixels: np.ndarray, extension: str) -> bytes:
    """PNG (lossless, fingers and irises) or JPEG quality 92 (face) bytes."""
    ok, buffer = cv2.imencode(extension, pixels, [cv2.IMWRITE_JPEG_QUALITY, 92] if extension == ".jpg" else [])
    if not ok:
        raise CaptureInputError()
    return buffer.tobytes()


def check_image(pixels: Any, *, colour: bool) -> np.ndarray:
    """Refuse what is not an 8-bit image of the right shape (a corrupted frame must not be stored)."""
    if not isinstance(pixels, np.ndarray) or pixels.dtype != np.uint8 or pixels.size == 0:
        raise CaptureInputError("Citra tangkapan rusak.", "The captured image is corrupted.")
    wanted = 3 if colour else 2
    if pixels.ndim != wanted or (colour and pixels.shape[2] != 3):
        raise CaptureInputError("Format citra tangkapan tidak sesuai.", "The captured image has the wrong format.")
    return pixels


def beats(score: float | None, kept: float | None | bool) -> bool:
    """Whether a new attempt replaces the kept one (``kept`` is False when there is none)."""
    if kept is False:
        return True
    return score is not None and (kept is None or score > kept)


def score_of(report: QualityReport) -> float | None:
    """A report's 0–100 score as a float (None when the gate gave none)."""
    return None if report.score is None else float(report.score)


def kept_score(capture: Capture | None) -> float | None | bool:
    """The kept attempt's score; False when nothing is kept yet (no capture, exception, no image)."""
    if capture is None or capture.exception_reason or capture.image_ref is None:
        return False
    return capture.quality_score

def delete_templates(session: Session, enrolment: Enrolment, slug: str | None) -> None:
    """Drop an enrolment's templates (one position, or all with ``slug=None``)."""
    query = select(BiometricTemplate).where(BiometricTemplate.enrolment_id == enrolment.id)
    if slug is not None:
        query = query.where(BiometricTemplate.position == slug)
    for row in session.scalars(query):
        session.delete(row)


def fill_capture(capture: Capture, ref: str, fmt: str, image: np.ndarray | None, report: QualityReport) -> None:
    """Point a capture row at a newly stored image and its quality report."""
    capture.image_ref, capture.image_format = ref, fmt
    capture.quality_score = score_of(report)
    if image is not None:
        capture.height, capture.width = int(image.shape[0]), int(image.shape[1])
    capture.details = {**(capture.details or {}), "passed": bool(report.passed), "report": report.to_dict()}
    capture.captured_at = utc_now()


def find_capture(enrolment: Enrolment, modality: Modality, slug: str) -> Capture | None:
    return next((c for c in enrolment.captures if c.modality is modality and c.position == slug), None)


def load_enrolment(session: Session, uuid: str) -> Enrolment:
    enrolment = session.scalar(select(Enrolment).where(Enrolment.uuid == str(uuid)))
    if enrolment is None:
        raise EnrolmentNotFoundError(f"Perekaman {uuid} tidak ditemukan.", f"Enrolment {uuid} was not found.")
    return enrolment


def load_draft(session: Session, uuid: str) -> Enrolment:
    """The enrolment, which must still be a DRAFT (captures go only into drafts)."""
    enrolment = load_enrolment(session, uuid)
    if enrolment.status is not EnrolmentStatus.DRAFT:
        raise EnrolmentStateError(f"Perekaman {uuid} sudah berstatus {enrolment.status.value}.",
                                  f"Enrolment {uuid} is already {enrolment.status.value}.")
    return enrolment


def require_supervisor(session: Session, supervisor_id: int) -> Operator:
    supervisor = session.get(Operator, supervisor_id)
    if supervisor is None or not supervisor.active or supervisor.role is not Role.SUPERVISOR:
        raise SupervisorRequiredError()
    return supervisor


def audit(session: Session, operator_id: int | None, action: AuditAction, subject: str,
          details: dict[str, Any]) -> None:
    """An audit row: identifiers and outcomes only, never biometric data."""
    session.add(AuditEvent(operator_id=operator_id, action=action, subject=subject, details=details))


def capture_state(enrolment: Enrolment) -> list[tuple[Any, ...]]:
    """What the record was built from; compared again inside the write transaction."""
    return sorted((c.id, c.image_ref, c.exception_reason, c.forced, c.attempts) for c in enrolment.captures)
