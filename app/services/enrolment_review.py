"""The review step: what was captured and what the operator or supervisor must know before saving.

Blocking rules: each card finger (``[quality] card_fingers``) must pass its
quality gate or carry an exception; a face photo is required unless
``[enrolment] require_face = false``. Everything else is a warning, including
each required document (``[documents]``) the operator did not tick as seen.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import object_session

from app.biometrics.duplicates import DuplicateMatch
from app.domain import labels
from app.domain.documents import DocumentRules
from app.domain.enums import CaptureException, EnrolmentStatus, Modality
from app.quality.settings import QualitySettings
from app.services.enrolment_documents import missing_documents
from app.services.enrolment_types import CaptureSummary, EnrolmentReview, EnrolmentSettings, ReviewWarning
from app.storage.models import Applicant, Capture, Enrolment, Operator
from app.timezones import utc_now
from drivers.fingerprint.base import TEN_FINGERS
from drivers.iris.base import Eye


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _exception_words(reason: str) -> labels.Label:
    try:
        return labels.CAPTURE_EXCEPTION[CaptureException(reason)]
    except ValueError:
        return labels.Label(reason, reason)


def _duplicate_words(enrolment: Enrolment, duplicate: DuplicateMatch) -> tuple[str, str]:
    """Who the possible duplicate is, as people say it: the other applicant's name, or an operator's own finger."""
    session = object_session(enrolment)
    if duplicate.enrolment_uuid and session is not None:
        name = session.scalar(select(Applicant.name).join(Enrolment, Enrolment.applicant_id == Applicant.id)
                              .where(Enrolment.uuid == duplicate.enrolment_uuid))
        if name:
            return f"rekaman {name}", f"the record of {name}"
    if duplicate.operator_id is not None and session is not None:
        reference = f"operator:{duplicate.operator_id}"
        names = {reference: session.scalar(select(Operator.full_name).where(Operator.id == duplicate.operator_id))}
        return labels.duplicate_of(reference, "id", names), labels.duplicate_of(reference, "en", names)
    return labels.duplicate_of(duplicate.enrolment_uuid, "id"), labels.duplicate_of(duplicate.enrolment_uuid, "en")


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
        name = labels.FINGER[slug]
        if capture is not None and capture.exception_reason:
            reason = _exception_words(capture.exception_reason)
            warn("exception", Modality.FINGER, slug, f"{_cap(name.id)}: pengecualian ({reason.id}).",
                 f"{_cap(name.en)}: exception ({reason.en}).")
        elif capture is None or capture.image_ref is None:
            warn("missing", Modality.FINGER, slug, f"{_cap(name.id)} belum diambil.", f"{_cap(name.en)} is not captured.",
                 blocking=slug in card)
        elif not _passed(capture):
            if slug in card:
                warn("card_finger", Modality.FINGER, slug,
                     f"Jari kartu ({name.id}) belum lolos mutu; ulangi atau catat pengecualian.",
                     f"Card finger ({name.en}) has not passed; retry or record an exception.", blocking=True)
            elif capture.forced:
                warn("forced", Modality.FINGER, slug,
                     f"{_cap(name.id)} diambil paksa setelah {capture.attempts} percobaan.",
                     f"{_cap(name.en)} was forced after {capture.attempts} attempts.")
            else:
                warn("below_threshold", Modality.FINGER, slug, f"{_cap(name.id)} di bawah ambang mutu.",
                     f"{_cap(name.en)} is below the quality threshold.")

    face = captures.get((Modality.FACE, "face"))
    if face is None or face.image_ref is None:
        warn("missing", Modality.FACE, "face", "Foto wajah belum diambil.", "The face photo is not taken.",
             blocking=settings.require_face)
    elif not _passed(face):
        warn("below_threshold", Modality.FACE, "face", "Foto wajah tidak lolos semua pemeriksaan.",
             "The face photo did not pass every check.")

    for eye in Eye:
        capture = captures.get((Modality.IRIS, eye.slug))
        eye_name = labels.EYE[eye.slug]
        if capture is not None and capture.exception_reason:
            reason = _exception_words(capture.exception_reason)
            warn("exception", Modality.IRIS, eye.slug, f"{_cap(eye_name.id)}: pengecualian ({reason.id}).",
                 f"{_cap(eye_name.en)}: exception ({reason.en}).")
        elif capture is None or capture.image_ref is None:
            warn("missing", Modality.IRIS, eye.slug, f"Iris {eye_name.id} belum diambil.",
                 f"The {eye_name.en} iris is not captured.")
        elif not _passed(capture):
            warn("below_threshold", Modality.IRIS, eye.slug, f"Iris {eye_name.id} di bawah ambang mutu.",
                 f"The {eye_name.en} iris is below the quality threshold.")

    signature = captures.get((Modality.SIGNATURE, "signature"))
    if signature is None or signature.image_ref is None:
        warn("missing", Modality.SIGNATURE, "signature", "Tanda tangan belum diambil.", "The signature is not taken.")
    elif not _passed(signature):
        warn("below_threshold", Modality.SIGNATURE, "signature", "Tanda tangan di bawah syarat minimum.",
             "The signature is below the minimum.")

    earlier = [e for e in enrolment.applicant.enrolments
               if e.id != enrolment.id and e.status not in (EnrolmentStatus.DRAFT, EnrolmentStatus.CANCELLED)]
    if earlier:
        latest = max(earlier, key=lambda e: (e.created_at, e.id))
        status = labels.ENROLMENT_STATUS[latest.status]
        warn("already_recorded", Modality.FACE, "face",
             f"Pemohon ini sudah pernah direkam ({len(earlier)} kali, terakhir: {status.id}); pastikan ini rekam ulang.",
             f"This applicant was already recorded ({len(earlier)} time(s), last: {status.en}); make sure this is "
             f"a re-recording.")

    if duplicate is not None:
        other_id, other_en = _duplicate_words(enrolment, duplicate)
        finger = labels.FINGER.get(duplicate.position, labels.Label(duplicate.position, duplicate.position))
        warn("possible_duplicate", Modality.FINGER, duplicate.position,
             f"Kemungkinan data ganda dengan {other_id} ({finger.id}, skor {duplicate.score:.0f}).",
             f"Possible duplicate of {other_en} ({finger.en}, score {duplicate.score:.0f}).")

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
