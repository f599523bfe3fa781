"""The review step: what was captured and what the operator or supervisor must know before saving.

Blocking rules: each card finger (``[quality] card_fingers``) must pass its
quality gate or carry an exception; a face photo is required unless
``[enrolment] require_face = false``. Everything else is a warning, including
each required document (``[documents]``) the operator did not tick as seen.
"""

from __future__ import annotations

from app.biometrics.duplicates import DuplicateMatch
from app.domain.documents import DocumentRules
from app.domain.enums import EnrolmentStatus, Modality
from app.quality.settings import QualitySettings
from app.services.enrolment_documents import missing_documents
from app.services.enrolment_types import CaptureSummary, EnrolmentReview, EnrolmentSettings, ReviewWarning
from app.storage.models import Capture, Enrolment
from app.timezones import utc_now
from drivers.fingerprint.base import TEN_FINGERS
from drivers.iris.base import Eye


def _passed(capture: Capture) -> bool:
    return bool((capture.details or {}).get("passed")) and capture.image_ref is not None


def _summary(capture: Capture) -> CaptureSummary:
    return CaptureSummary(capture.modality.value, capture.position, capture.quality_score, _passed(capture),
                          capture.attempts, capture.forced, capture.exception_reason, capture.width, capture.height)


def review_captures(enrolment: Enrolment, quality: QualitySettings, settings: EnrolmentSettings,
                    duplicate: DuplicateMatch | None, document_rules: DocumentRules | None = None) -> EnrolmentReview:
    captures = {(c.modality, c.position): c for c in enrolment.captures}
    warnings: list[ReviewWarning] = []

    def warn(code: str, modality: Modality, position: str, text_id: str, text_en: str, blocking: bool = False) -> None:
        warnings.append(ReviewWarning(code, modality.value, position, text_id, text_en, blocking))

    card = {p.slug for p in quality.card_fingers}
    for finger in TEN_FINGERS:
        slug = finger.slug
        capture = captures.get((Modality.FINGER, slug))
        if capture is not None and capture.exception_reason:
            warn("exception", Modality.FINGER, slug, f"Jari {slug}: pengecualian ({capture.exception_reason}).",
                 f"Finger {slug}: exception ({capture.exception_reason}).")
        elif capture is None or capture.image_ref is None:
            warn("missing", Modality.FINGER, slug, f"Jari {slug} belum diambil.", f"Finger {slug} is not captured.",
                 blocking=slug in card)
        elif not _passed(capture):
            if slug in card:
                warn("card_finger", Modality.FINGER, slug,
                     f"Jari kartu {slug} belum lolos mutu; ulangi atau catat pengecualian.",
                     f"Card finger {slug} has not passed; retry or record an exception.", blocking=True)
            elif capture.forced:
                warn("forced", Modality.FINGER, slug,
                     f"Jari {slug} diambil paksa setelah {capture.attempts} percobaan.",
                     f"Finger {slug} was forced after {capture.attempts} attempts.")
            else:
                warn("below_threshold", Modality.FINGER, slug, f"Jari {slug} di bawah ambang mutu.",
                     f"Finger {slug} is below the quality threshold.")

    face = captures.get((Modality.FACE, "face"))
    if face is None or face.image_ref is None:
        warn("missing", Modality.FACE, "face", "Foto wajah belum diambil.", "The face photo is not taken.",
             blocking=settings.require_face)
    elif not _passed(face):
        warn("below_threshold", Modality.FACE, "face", "Foto wajah tidak lolos semua pemeriksaan.",
             "The face photo did not pass every check.")

    for eye in Eye:
        capture = captures.get((Modality.IRIS, eye.slug))
        if capture is not None and capture.exception_reason:
            warn("exception", Modality.IRIS, eye.slug, f"Mata {eye.slug}: pengecualian ({capture.exception_reason}).",
                 f"Eye {eye.slug}: exception ({capture.exception_reason}).")
        elif capture is None or capture.image_ref is None:
            warn("missing", Modality.IRIS, eye.slug, f"Iris {eye.slug} belum diambil.", f"Iris {eye.slug} is not captured.")
        elif not _passed(capture):
            warn("below_threshold", Modality.IRIS, eye.slug, f"Iris {eye.slug} di bawah ambang mutu.",
                 f"Iris {eye.slug} is below the quality threshold.")

    signature = captures.get((Modality.SIGNATURE, "signature"))
    if signature is None or signature.image_ref is None:
        warn("missing", Modality.SIGNATURE, "signature", "Tanda tangan belum diambil.", "The signature is not taken.")
    elif not _passed(signature):
        warn("below_threshold", Modality.SIGNATURE, "signature", "Tanda tangan di bawah syarat minimum.",
             "The signature is below the minimum.")

    earlier = [e.uuid for e in enrolment.applicant.enrolments
               if e.id != enrolment.id and e.status not in (EnrolmentStatus.DRAFT, EnrolmentStatus.CANCELLED)]
    if earlier:
        warn("already_recorded", Modality.FACE, "face",
             f"Pemohon ini sudah pernah direkam ({', '.join(earlier)}); pastikan ini rekam ulang.",
             f"This applicant was already recorded ({', '.join(earlier)}); make sure this is a re-recording.")

    if duplicate is not None:
        other = duplicate.enrolment_uuid or f"petugas/operator {duplicate.operator_id}"
        warn("possible_duplicate", Modality.FINGER, duplicate.position,
             f"Kemungkinan data ganda dengan {other} (skor {duplicate.score}).",
             f"Possible duplicate of {other} (score {duplicate.score}).")

    on = (enrolment.created_at or utc_now()).date()
    for document in missing_documents(enrolment, document_rules or DocumentRules(), on):
        warnings.append(ReviewWarning(
            "document_missing", "document", document.kind.value,
            f"Dokumen belum dicentang: {document.name_id} ({document.reason_id})",
            f"Document not ticked as seen: {document.name_en} ({document.reason_en})"))

    order = {Modality.FACE: 0, Modality.FINGER: 1, Modality.IRIS: 2, Modality.SIGNATURE: 3}
    summaries = tuple(_summary(c) for c in sorted(enrolment.captures, key=lambda c: (order[c.modality], c.position)))
    return EnrolmentReview(enrolment.uuid, enrolment.status.value, enrolment.applicant.name, summaries,
                           tuple(warnings), duplicate, tuple(enrolment.documents_seen or ()))
