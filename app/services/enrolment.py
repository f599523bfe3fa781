"""Recording one applicant: drafts that survive a crash, best-of-N fingers, exceptions, review and an atomic save.

Every capture is written at once (image through the blob store, a ``Capture``
row in the database), so a power cut loses nothing already taken. ``save``
checks the card-finger rule, searches for duplicates, builds and re-reads the
ANSI/NIST-ITL record, and then flips the enrolment to BIO_CAPTURED together
with its outbox entry and audit event in one transaction.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.biometrics.duplicates import DuplicateChecker, DuplicateMatch, DuplicateSettings, positions_to_search
from app.biometrics.templates import ISO_FORMAT, MIN_SIDE, TemplateExtractor, descriptor_bytes
from app.config import StationIdentity
from app.domain.documents import DocumentRules
from app.domain.enums import AuditAction, CaptureException, DocumentKind, EnrolmentStatus, Modality, OutboxState
from app.quality.face_token import make_token_image
from app.quality.report import QualityReport
from app.quality.settings import QualitySettings
from app.records.transaction import transaction_for_enrolment
from app.services.enrolment_documents import parse_documents
from app.services.enrolment_duplicates import DuplicateSearches
from app.services.enrolment_review import review_captures
from app.services.enrolment_rows import (
    audit,
    beats,
    capture_state,
    check_image,
    delete_templates,
    encode_image,
    fill_capture,
    find_capture,
    kept_score,
    load_draft,
    load_enrolment,
    require_supervisor,
    score_of,
)
from app.services.enrolment_types import (
    CaptureInputError,
    DraftSummary,
    EnrolmentReview,
    EnrolmentSettings,
    EnrolmentStateError,
    FingerAttemptOutcome,
    ForceNotAllowedError,
    IncompleteEnrolmentError,
    SaveResult,
)
from app.storage.blobs import BlobStore
from app.storage.db import Database
from app.storage.models import BiometricTemplate, Capture, Enrolment, OutboxEntry
from app.timezones import utc_now
from drivers.fingerprint.base import FingerPosition
from drivers.iris.base import Eye

log = logging.getLogger(__name__)

SavedHook = Callable[[str], None]
StartGuard = Callable[[], None]  # raises a StationError when no new enrolment may start (registration freeze)


class EnrolmentService:
    """The recording workflow the GUI and ``station demo enrol`` share."""

    def __init__(self, db: Database, blobs: BlobStore, quality_settings: QualitySettings,
                 station_identity: StationIdentity, on_saved: Iterable[SavedHook] = (), *,
                 settings: EnrolmentSettings | None = None, duplicates: DuplicateChecker | None = None,
                 extractor: TemplateExtractor | None = None, start_guards: Iterable[StartGuard] = (),
                 document_rules: DocumentRules | None = None) -> None:
        self.db = db
        self.blobs = blobs
        self.quality_settings = quality_settings
        self.identity = station_identity
        self.on_saved: list[SavedHook] = list(on_saved)
        self.settings = settings or EnrolmentSettings()
        self.extractor = extractor or (duplicates.extractor if duplicates else TemplateExtractor())
        self.duplicates = duplicates or DuplicateChecker(db, self.extractor, DuplicateSettings())
        self.duplicate_searches = DuplicateSearches(db, self.duplicates)
        self.start_guards: list[StartGuard] = list(start_guards)
        self.document_rules = document_rules or DocumentRules()

    def add_saved_hook(self, hook: SavedHook) -> None:
        """Run ``hook(uuid)`` after every successful save (the sync service seals the packet there)."""
        self.on_saved.append(hook)

    # drafts ----------------------------------------------------------------
    def start(self, applicant_id: int, visit_id: int | None, operator_id: int | None) -> str:
        """A new DRAFT enrolment, persisted at once; returns its UUID.

        Raises:
            RegistrationFrozenError: a start guard (``[limits]``) refuses while the station is frozen.
        """
        for guard in self.start_guards:
            guard()
        with self.db.session() as session:
            earlier = session.scalar(  # recording someone again keeps the link to their latest saved record
                select(Enrolment.uuid).where(Enrolment.applicant_id == applicant_id,
                                             Enrolment.status.not_in((EnrolmentStatus.DRAFT, EnrolmentStatus.CANCELLED)))
                .order_by(Enrolment.created_at.desc(), Enrolment.id.desc()).limit(1))
            enrolment = Enrolment(applicant_id=applicant_id, visit_id=visit_id, operator_id=operator_id,
                                  status=EnrolmentStatus.DRAFT, rerecord_of=earlier)
            session.add(enrolment)
            session.flush()
            audit(session, operator_id, AuditAction.ENROLMENT_STARTED, enrolment.uuid,
                  {"rerecord_of": earlier} if earlier else {})
            return enrolment.uuid

    def drafts(self) -> list[DraftSummary]:
        """Unfinished enrolments, oldest first (offered back after a crash)."""
        with self.db.session() as session:
            rows = session.scalars(select(Enrolment).where(Enrolment.status == EnrolmentStatus.DRAFT)
                                   .options(selectinload(Enrolment.applicant), selectinload(Enrolment.captures))
                                   .order_by(Enrolment.created_at, Enrolment.id)).all()
            return [DraftSummary(e.uuid, e.applicant_id, e.applicant.name, e.visit_id, e.operator_id, e.created_at,
                                 tuple(f"{c.modality.value}:{c.position}" for c in e.captures)) for e in rows]

    def status(self, uuid: str) -> EnrolmentStatus:
        with self.db.session() as session:
            return load_enrolment(session, uuid).status

    def set_documents_seen(self, uuid: str, documents: Iterable[DocumentKind | str]) -> list[str]:
        """Record which documents the operator saw (replacing the earlier list); returns the stored kinds.

        Raises:
            InputError: a document kind this station does not know.
            EnrolmentStateError: the enrolment is no longer a draft.
        """
        kinds = parse_documents(documents)
        with self.db.session() as session:
            enrolment = load_draft(session, uuid)
            enrolment.documents_seen = kinds
        return kinds

    # captures --------------------------------------------------------------
    def record_face(self, uuid: str, image_bgr: np.ndarray, report: QualityReport) -> None:
        """Keep the face photo: pass the camera frame and its face report; the ISO token image is stored (JPEG).

        When the report has no eye positions (no single face found) the frame itself is kept,
        and the review shows the failed checks.
        """
        image = check_image(image_bgr, colour=True)
        if getattr(report, "eye_points", None):
            image = make_token_image(image, report)
        self._replace_capture(uuid, Modality.FACE, "face", encode_image(image, ".jpg"), "jpeg", image, report)

    def record_iris(self, uuid: str, eye: Eye | str, pixels: np.ndarray, report: QualityReport) -> None:
        """Keep one eye's image (PNG, lossless); ``eye`` is an ``Eye`` or ``"right"``/``"left"``."""
        image = check_image(pixels, colour=False)
        slug = (Eye[eye.strip().upper()] if isinstance(eye, str) else Eye(eye)).slug
        self._replace_capture(uuid, Modality.IRIS, slug, encode_image(image, ".png"), "png", image, report)

    def record_signature(self, uuid: str, points: Sequence[Any], ranges: Any, report: QualityReport) -> None:
        """Keep the pen points (JSON) with the pad's ranges."""
        plain = [p.to_dict() if hasattr(p, "to_dict") else dict(p) for p in points]
        if not plain:
            raise CaptureInputError("Tanda tangan kosong.", "The signature is empty.")
        pad = {"x_max": int(ranges.x_max), "y_max": int(ranges.y_max), "pressure_max": int(ranges.pressure_max)}
        data = json.dumps({"ranges": pad, "points": plain}, separators=(",", ":")).encode("utf-8")
        self._replace_capture(uuid, Modality.SIGNATURE, "signature", data, "json", None, report,
                              width=pad["x_max"], height=pad["y_max"])

    def record_finger_attempt(self, uuid: str, position: FingerPosition | str, pixels: np.ndarray,
                              report: QualityReport) -> FingerAttemptOutcome:
        """Count one attempt at a finger and keep it if it beats the best so far."""
        position = FingerPosition.parse(position) if isinstance(position, str) else FingerPosition(position)
        image = check_image(pixels, colour=False)
        if min(image.shape) < MIN_SIDE:
            raise CaptureInputError("Citra sidik jari terlalu kecil.", "The fingerprint image is too small.")
        score = score_of(report)
        outcome, old_ref = self._finger_attempt(uuid, position, image, report, score)
        if old_ref:
            self.blobs.delete(old_ref)
        return outcome

    def _finger_attempt(self, uuid: str, position: FingerPosition, image: np.ndarray, report: QualityReport,
                        score: float | None) -> tuple[FingerAttemptOutcome, str | None]:
        threshold = float(self.quality_settings.finger_threshold(position))
        max_attempts = self.quality_settings.max_attempts
        with self.db.session() as session:
            best = kept_score(find_capture(load_draft(session, uuid), Modality.FINGER, position.slug))
        # Encoding and minutiae extraction run outside any write transaction.
        new_ref = template = None
        if beats(score, best):
            new_ref = self.blobs.put(encode_image(image, ".png"), "finger", ".png")
            template = self.extractor.extract(image, report.template)  # NFIQ 2 found these minutiae already
        old_ref = None
        try:
            with self.db.session() as session:
                enrolment = load_draft(session, uuid)
                capture = find_capture(enrolment, Modality.FINGER, position.slug)
                kept = new_ref is not None and beats(score, kept_score(capture))
                if capture is None:
                    capture = Capture(modality=Modality.FINGER, position=position.slug, attempts=0)
                    enrolment.captures.append(capture)
                capture.attempts += 1
                if kept:
                    old_ref = capture.image_ref
                    fill_capture(capture, new_ref, "png", image, report)
                    capture.forced, capture.forced_by_id = False, None
                    capture.exception_reason = capture.exception_note = None
                    self._store_template(session, enrolment, position.slug, template)
                details = dict(capture.details or {})
                details["attempt_scores"] = [*details.get("attempt_scores", []), score]
                capture.details = details
                passed = bool(capture.details.get("passed"))
                outcome = FingerAttemptOutcome(
                    position=position.slug, attempts=capture.attempts, score=score, best_score=capture.quality_score,
                    kept=kept, passed=passed, may_force=not passed and capture.attempts >= max_attempts,
                    threshold=threshold, max_attempts=max_attempts,
                )
        except BaseException:
            if new_ref is not None:
                self.blobs.delete(new_ref)
            raise
        if new_ref is not None and not kept:
            self.blobs.delete(new_ref)
        return outcome, old_ref

    def force_finger(self, uuid: str, position: FingerPosition | str, supervisor_id: int) -> None:
        """Accept the best attempt of a finger that never passed, once its attempts are used up."""
        position = FingerPosition.parse(position) if isinstance(position, str) else FingerPosition(position)
        with self.db.session() as session:
            require_supervisor(session, supervisor_id)
            enrolment = load_draft(session, uuid)
            capture = find_capture(enrolment, Modality.FINGER, position.slug)
            if capture is None or capture.image_ref is None:
                raise ForceNotAllowedError(f"Jari {position.slug} belum diambil.", f"Finger {position.slug} was not captured.")
            if (capture.details or {}).get("passed"):
                raise ForceNotAllowedError(f"Jari {position.slug} sudah lolos.", f"Finger {position.slug} already passed.")
            if capture.attempts < self.quality_settings.max_attempts:
                left = self.quality_settings.max_attempts - capture.attempts
                raise ForceNotAllowedError(
                    f"Masih ada {left} percobaan untuk jari {position.slug}.",
                    f"{left} attempts are left for finger {position.slug}.",
                    action_id="Bersihkan kaca pemindai dan jari, lalu ulangi.",
                    action_en="Clean the scanner glass and the finger, then try again.",
                )
            capture.forced, capture.forced_by_id = True, supervisor_id
            audit(session, supervisor_id, AuditAction.CAPTURE_FORCED, uuid,
                        {"position": position.slug, "attempts": capture.attempts, "score": capture.quality_score})

    def mark_exception(self, uuid: str, modality: Modality | str, position: str | FingerPosition | Eye,
                       reason: CaptureException | str, note: str, supervisor_id: int) -> None:
        """Record that a finger or eye cannot be captured (amputated, bandaged, unable to print)."""
        modality = Modality(modality)
        reason = CaptureException(reason)
        if modality is Modality.FINGER:
            slug = (FingerPosition.parse(position) if isinstance(position, str) else FingerPosition(position)).slug
        elif modality is Modality.IRIS:
            slug = (Eye[position.upper()] if isinstance(position, str) else Eye(position)).slug
        else:
            raise CaptureInputError("Pengecualian hanya untuk jari atau mata.", "Exceptions are for fingers or eyes only.")
        old_ref = None
        with self.db.session() as session:
            require_supervisor(session, supervisor_id)
            enrolment = load_draft(session, uuid)
            capture = find_capture(enrolment, modality, slug)
            if capture is None:
                capture = Capture(modality=modality, position=slug, attempts=0)
                enrolment.captures.append(capture)
            old_ref = capture.image_ref
            capture.image_ref = capture.image_format = None
            capture.quality_score = capture.width = capture.height = None
            capture.forced, capture.forced_by_id = False, supervisor_id
            capture.exception_reason, capture.exception_note = reason.value, (note or "")[:300]
            capture.details = {"passed": False, "exception": reason.value}
            capture.captured_at = utc_now()
            delete_templates(session, enrolment, slug)
            audit(session, supervisor_id, AuditAction.CAPTURE_EXCEPTION, uuid,
                        {"modality": modality.value, "position": slug, "reason": reason.value})
        if old_ref:
            self.blobs.delete(old_ref)

    # review, save, approve, cancel ------------------------------------------
    def review(self, uuid: str, *, check_duplicates: bool = True) -> EnrolmentReview:
        """Captures and warnings (missing, below threshold, forced, exceptions, possible duplicate)."""
        with self.db.session() as session:
            enrolment = load_enrolment(session, uuid)
            probes = self._probes(session, enrolment)
            enrolment_id = enrolment.id
        duplicate = self._search(probes, enrolment_id) if check_duplicates else None
        with self.db.session() as session:
            enrolment = load_enrolment(session, uuid)
            return review_captures(enrolment, self.quality_settings, self.settings, duplicate,
                                     self.document_rules)

    def search_duplicates(self, uuid: str) -> DuplicateMatch | None:
        """Search for a possible duplicate now (the GUI calls it once the fingers are done, off its
        thread); ``review`` and ``save`` reuse the answer while the fingers and the gallery stay the same."""
        with self.db.session() as session:
            enrolment = load_enrolment(session, uuid)
            probes = self._probes(session, enrolment)
            enrolment_id = enrolment.id
        return self._search(probes, enrolment_id)

    def save(self, uuid: str) -> SaveResult:
        """Check, search for duplicates, build the record, then write everything in one transaction.

        Raises:
            IncompleteEnrolmentError: a card finger neither passed nor has an exception, or no face.
            RecordError: the standard record failed its read-back check (nothing written).
        """
        with self.db.session() as session:
            enrolment = load_draft(session, uuid)
            probes = self._probes(session, enrolment)
            enrolment_id = enrolment.id
        duplicate = self._search(probes, enrolment_id)
        created_at = utc_now()
        # Build the record outside the write transaction, so the database is locked for
        # milliseconds, not for the image encoding; the write re-checks nothing changed.
        with self.db.session() as session, session.no_autoflush:
            enrolment = load_draft(session, uuid)
            review = review_captures(enrolment, self.quality_settings, self.settings, duplicate,
                                     self.document_rules)
            if not review.can_save:
                raise IncompleteEnrolmentError(review.blocking)
            state = capture_state(enrolment)
            record = transaction_for_enrolment(enrolment, self.blobs, self.identity, self.settings,
                                               self.quality_settings, created_at, duplicate)
        record_ref = self.blobs.put(record, "record", ".an2")
        try:
            with self.db.session() as session:
                enrolment = load_draft(session, uuid)
                if capture_state(enrolment) != state:
                    raise EnrolmentStateError("Tangkapan berubah saat menyimpan.", "The captures changed while saving.",
                                              action_id="Simpan sekali lagi.", action_en="Save again.")
                enrolment.possible_duplicate_of = duplicate.reference if duplicate else None
                enrolment.duplicate_score = float(duplicate.score) if duplicate else None
                enrolment.status = EnrolmentStatus.BIO_CAPTURED
                enrolment.captured_at = created_at
                enrolment.record_ref = record_ref
                outbox = _new_outbox_entry(enrolment)
                session.add(outbox)
                session.flush()
                audit(session, enrolment.operator_id, AuditAction.ENROLMENT_SAVED, uuid, {
                    "record_size": len(record), "possible_duplicate_of": enrolment.possible_duplicate_of,
                    "duplicate_score": enrolment.duplicate_score,
                    "warnings": [w.code + ":" + w.position for w in review.warnings],
                })
                result = SaveResult(uuid, record_ref, len(record), outbox.id, enrolment.possible_duplicate_of,
                                    enrolment.duplicate_score, review.warnings)
        except BaseException:
            self.blobs.delete(record_ref)
            raise
        log.info("enrolment %s saved (%d bytes record, duplicate %s)", uuid, result.record_size,
                 result.possible_duplicate_of or "none")
        errors = []
        for hook in self.on_saved:
            try:
                hook(uuid)
            except Exception as exc:  # the save stands; the hook's owner retries later
                log.exception("after-save hook %r failed for %s", hook, uuid)
                errors.append(f"{type(exc).__name__}: {exc}")
        if errors:
            result = SaveResult(**{**result.__dict__, "hook_errors": tuple(errors)})
        return result

    def approve(self, uuids: Iterable[str], supervisor_id: int) -> int:
        """Supervisor approval before sending; returns how many were approved."""
        count = 0
        with self.db.session() as session:
            require_supervisor(session, supervisor_id)
            for uuid in uuids:
                enrolment = load_enrolment(session, uuid)
                if enrolment.status is not EnrolmentStatus.BIO_CAPTURED:
                    raise EnrolmentStateError(f"Perekaman {uuid} tidak menunggu persetujuan.",
                                              f"Enrolment {uuid} is not waiting for approval.")
                enrolment.status = EnrolmentStatus.APPROVED
                enrolment.approved_by_id, enrolment.approved_at = supervisor_id, utc_now()
                audit(session, supervisor_id, AuditAction.ENROLMENT_APPROVED, uuid, {})
                count += 1
        return count

    def pending_approval(self) -> list[str]:
        with self.db.session() as session:
            return list(session.scalars(select(Enrolment.uuid).where(
                Enrolment.status == EnrolmentStatus.BIO_CAPTURED).order_by(Enrolment.captured_at)))

    def cancel(self, uuid: str, operator_id: int | None = None) -> None:
        """Withdraw a draft, or a saved enrolment not yet sent; its images and templates are deleted."""
        with self.db.session() as session:
            enrolment = load_enrolment(session, uuid)
            entry = enrolment.outbox_entry
            if enrolment.status is EnrolmentStatus.DRAFT:
                pass
            elif enrolment.status in (EnrolmentStatus.BIO_CAPTURED, EnrolmentStatus.APPROVED) and (
                    entry is None or entry.state is OutboxState.QUEUED):
                if entry is not None:
                    session.delete(entry)
            else:
                raise EnrolmentStateError(f"Perekaman {uuid} sudah dikirim; tidak dapat dibatalkan.",
                                          f"Enrolment {uuid} was already sent; it cannot be cancelled.")
            refs = [c.image_ref for c in enrolment.captures if c.image_ref]
            refs += [r for r in (enrolment.record_ref, entry.packet_ref if entry else None) if r]
            for capture in enrolment.captures:
                capture.image_ref = None
            enrolment.record_ref = None
            delete_templates(session, enrolment, None)
            enrolment.status = EnrolmentStatus.CANCELLED
            audit(session, operator_id, AuditAction.ENROLMENT_CANCELLED, uuid, {})
        for ref in refs:
            self.blobs.delete(ref)

    def record_bytes(self, uuid: str) -> bytes:
        """The saved ANSI/NIST-ITL transaction of an enrolment."""
        with self.db.session() as session:
            enrolment = load_enrolment(session, uuid)
            if not enrolment.record_ref and enrolment.sealed:
                raise EnrolmentStateError(
                    f"Rekaman {uuid} sudah disegel untuk dikirim; salinan terbukanya sudah dihapus dari stasiun.",
                    f"Record {uuid} was sealed for sending; its plaintext copy is gone from this station.",
                    action_id="Ambil rekaman dari hub kantor.", action_en="Get the record from the office hub.")
            if not enrolment.record_ref:
                raise EnrolmentStateError(f"Perekaman {uuid} belum disimpan.", f"Enrolment {uuid} is not saved yet.",
                                          action_id="Simpan perekaman terlebih dahulu.", action_en="Save it first.")
            ref = enrolment.record_ref
        return self.blobs.get(ref)

    def enrol_operator_prints(self, operator_id: int, images: Mapping[FingerPosition | str, np.ndarray]) -> int:
        """Store an operator's own finger templates for the duplicate check."""
        return self.duplicates.enrol_operator_prints(operator_id, images)

    # helpers ---------------------------------------------------------------
    def _search(self, probes: dict[str, bytes], enrolment_id: int) -> DuplicateMatch | None:
        return self.duplicate_searches.search(probes, enrolment_id)

    def _probes(self, session: Session, enrolment: Enrolment) -> dict[str, bytes]:
        rows = session.scalars(select(BiometricTemplate).where(BiometricTemplate.enrolment_id == enrolment.id)).all()
        by_position = {row.position: bytes(row.data) for row in rows}
        order = positions_to_search(by_position, self.quality_settings.card_fingers)
        return {position: by_position[position] for position in order}

    def _store_template(self, session: Session, enrolment: Enrolment, slug: str, data: bytes | None) -> None:
        delete_templates(session, enrolment, slug)
        if data is not None:
            session.add(BiometricTemplate(enrolment_id=enrolment.id, position=slug, format=ISO_FORMAT, data=data,
                                          prefilter=descriptor_bytes(data)))

    def _replace_capture(self, uuid: str, modality: Modality, slug: str, data: bytes, fmt: str,
                         image: np.ndarray | None, report: QualityReport, *, width: int | None = None,
                         height: int | None = None) -> None:
        ref = self.blobs.put(data, modality.value, "." + ("jpg" if fmt == "jpeg" else fmt))
        old_ref = None
        try:
            with self.db.session() as session:
                enrolment = load_draft(session, uuid)
                capture = find_capture(enrolment, modality, slug)
                if capture is None:
                    capture = Capture(modality=modality, position=slug, attempts=0)
                    enrolment.captures.append(capture)
                old_ref = capture.image_ref
                capture.attempts += 1
                fill_capture(capture, ref, fmt, image, report)
                capture.exception_reason = capture.exception_note = None
                capture.forced, capture.forced_by_id = False, None
                if image is None:
                    capture.width, capture.height = width, height
        except BaseException:
            self.blobs.delete(ref)
            raise
        if old_ref:
            self.blobs.delete(old_ref)

def _new_outbox_entry(enrolment: Enrolment) -> OutboxEntry:
    """The outbox row written with the saved enrolment (a seam for failure-injection tests)."""
    return OutboxEntry(enrolment=enrolment, state=OutboxState.QUEUED)
