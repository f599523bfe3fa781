"""EnrolmentService: drafts survive, best-of-N and forcing, the card-finger rule, the one-transaction save."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.bootstrap import Station
from app.domain.enums import AuditAction, CaptureException, EnrolmentStatus, Modality, OutboxState
from app.records.nist import inspect_transaction
from app.services import enrolment as enrolment_module
from app.services.enrolment import EnrolmentService
from app.services.enrolment_types import (
    CaptureInputError,
    EnrolmentStateError,
    ForceNotAllowedError,
    IncompleteEnrolmentError,
    SupervisorRequiredError,
)
from app.storage.models import AuditEvent, BiometricTemplate, Capture, Enrolment, OutboxEntry
from drivers.fingerprint.base import FingerPosition
from drivers.fingerprint.synth import synthesize_fingerprint
from drivers.iris.base import Eye
from drivers.signature.base import PadRanges, PenPoint
from tests.app.services.enrolment_helpers import (  # noqa: F401 (fixtures)
    People,
    add_applicant,
    applicant_id,
    face_image,
    iris_image,
    people,
    report,
)
from tests.app.storage.query_counter import count_selects
from tests.support.station import TEST_SUPERVISOR

RIGHT_INDEX, LEFT_INDEX = FingerPosition.RIGHT_INDEX, FingerPosition.LEFT_INDEX


def finger(subject: int, position: FingerPosition, impression: int = 0):
    return synthesize_fingerprint(subject, position, impression=impression)


def capture_card_fingers(service: EnrolmentService, uuid: str, subject: int) -> None:
    for position in (RIGHT_INDEX, LEFT_INDEX):
        service.record_finger_attempt(uuid, position, finger(subject, position), report(Modality.FINGER, 55, True))


def test_start_persists_a_draft_that_survives_reopening_the_database(station: Station, people: People,
                                                                      applicant_id: int) -> None:
    service = station.enrolments
    uuid = service.start(applicant_id, people.visit_id, people.officer_id)
    service.record_face(uuid, face_image(), report(Modality.FACE, 80, True))
    service.record_finger_attempt(uuid, RIGHT_INDEX, finger(1, RIGHT_INDEX), report(Modality.FINGER, 50, True))
    station.lock()  # log-out closes the database; the next log-in opens it again

    station.operators.authenticate(TEST_SUPERVISOR[0], TEST_SUPERVISOR[2])
    reopened = station.db
    again = EnrolmentService(reopened, station.blobs, service.quality_settings, station.config.identity)
    drafts = again.drafts()
    assert [d.uuid for d in drafts] == [uuid]
    assert set(drafts[0].captured) == {"face:face", "finger:right_index"}
    with reopened.session() as session:
        refs = session.scalars(select(Capture.image_ref)).all()
    assert all(station.blobs.exists(ref) for ref in refs)
    reopened.dispose()


def test_best_of_n_keeps_the_best_and_counts_attempts(station: Station, people: People, applicant_id: int) -> None:
    service = station.enrolments
    uuid = service.start(applicant_id, people.visit_id, people.officer_id)
    scores = [(20, False), (35, False), (28, False)]
    outcomes = [service.record_finger_attempt(uuid, RIGHT_INDEX, finger(1, RIGHT_INDEX, i), report(Modality.FINGER, s, p))
                for i, (s, p) in enumerate(scores)]
    assert [o.attempts for o in outcomes] == [1, 2, 3]
    assert [o.kept for o in outcomes] == [True, True, False]
    assert outcomes[-1].best_score == 35
    assert [o.may_force for o in outcomes] == [False, False, True]
    with station.db.session() as session:
        refs = session.scalars(select(Capture.image_ref)).all()
    assert len(refs) == 1  # the replaced attempt's image is gone from the blob store
    assert len(list((station.blobs.root / "finger").glob("*.png"))) == 1


def test_forcing_needs_used_up_attempts_and_a_supervisor(station: Station, people: People, applicant_id: int) -> None:
    service = station.enrolments
    uuid = service.start(applicant_id, people.visit_id, people.officer_id)
    position = FingerPosition.RIGHT_RING
    service.record_finger_attempt(uuid, position, finger(1, position), report(Modality.FINGER, 20, False))
    with pytest.raises(ForceNotAllowedError):
        service.force_finger(uuid, position, people.supervisor_id)
    for i in (1, 2):
        service.record_finger_attempt(uuid, position, finger(1, position, i), report(Modality.FINGER, 22, False))
    with pytest.raises(SupervisorRequiredError):
        service.force_finger(uuid, position, people.officer_id)
    service.force_finger(uuid, position, people.supervisor_id)
    review = service.review(uuid, check_duplicates=False)
    assert any(w.code == "forced" and w.position == "right_ring" for w in review.warnings)
    with station.db.session() as session:
        capture = session.scalar(select(Capture).where(Capture.position == "right_ring"))
        assert (capture.forced, capture.attempts, capture.forced_by_id) == (True, 3, people.supervisor_id)
        assert session.scalar(select(func.count()).select_from(AuditEvent)
                              .where(AuditEvent.action == AuditAction.CAPTURE_FORCED)) == 1


def test_card_fingers_must_pass_or_be_exceptions(station: Station, people: People, applicant_id: int) -> None:
    service = station.enrolments
    uuid = service.start(applicant_id, people.visit_id, people.officer_id)
    service.record_face(uuid, face_image(), report(Modality.FACE, 80, True))
    service.record_finger_attempt(uuid, RIGHT_INDEX, finger(1, RIGHT_INDEX), report(Modality.FINGER, 55, True))
    for i in range(3):
        service.record_finger_attempt(uuid, LEFT_INDEX, finger(1, LEFT_INDEX, i), report(Modality.FINGER, 10, False))
    service.force_finger(uuid, LEFT_INDEX, people.supervisor_id)
    with pytest.raises(IncompleteEnrolmentError) as refused:
        service.save(uuid)
    assert [p.position for p in refused.value.problems] == ["left_index"]
    assert service.status(uuid) is EnrolmentStatus.DRAFT

    with pytest.raises(SupervisorRequiredError):
        service.mark_exception(uuid, Modality.FINGER, "left_index", CaptureException.BANDAGED, "luka", people.officer_id)
    service.mark_exception(uuid, Modality.FINGER, "left_index", CaptureException.BANDAGED, "diperban", people.supervisor_id)
    result = service.save(uuid)
    summary = inspect_transaction(service.record_bytes(uuid))
    left = next(r for r in summary["records"] if r["type"] == 14 and r["position"] == int(LEFT_INDEX))
    assert left["amputation"] == "UP"
    assert result.possible_duplicate_of is None


def test_save_writes_enrolment_outbox_record_and_audit_together(station: Station, people: People,
                                                                applicant_id: int) -> None:
    service = station.enrolments
    saved: list[str] = []
    service.add_saved_hook(saved.append)
    uuid = service.start(applicant_id, people.visit_id, people.officer_id)
    service.record_face(uuid, face_image(), report(Modality.FACE, 80, True))
    capture_card_fingers(service, uuid, 1)
    service.record_iris(uuid, Eye.RIGHT, iris_image(), report(Modality.IRIS, 70, True))
    service.record_iris(uuid, "left", iris_image(1), report(Modality.IRIS, 65, True))
    points = [PenPoint(100 + 10 * i, 300 + i, 400, True, True, i * 0.01) for i in range(60)]
    service.record_signature(uuid, points, PadRanges(4000, 3000, 1023), report(Modality.SIGNATURE, 90, True))
    result = service.save(uuid)

    assert saved == [uuid]
    with station.db.session() as session:
        enrolment = session.scalar(select(Enrolment).where(Enrolment.uuid == uuid))
        assert enrolment.status is EnrolmentStatus.BIO_CAPTURED and enrolment.captured_at is not None
        entry = session.scalar(select(OutboxEntry))
        assert entry.enrolment_id == enrolment.id and entry.state is OutboxState.QUEUED
        assert enrolment.record_ref == result.record_ref
        assert session.scalar(select(func.count()).select_from(AuditEvent)
                              .where(AuditEvent.action == AuditAction.ENROLMENT_SAVED)) == 1
        assert session.scalar(select(func.count()).select_from(BiometricTemplate)) == 2
    summary = inspect_transaction(station.blobs.get(result.record_ref))
    assert summary["tcn"] == uuid and summary["version"] == "0500"
    assert summary["counts"] == {"1": 1, "2": 1, "14": 2, "10": 1, "17": 2, "8": 1}
    fingers = {r["position"]: r["quality"] for r in summary["records"] if r["type"] == 14}
    assert fingers == {2: 55, 7: 55}
    assert {w.code for w in result.warnings} >= {"missing"}
    with pytest.raises(EnrolmentStateError):
        service.record_face(uuid, face_image(), report(Modality.FACE, 80, True))


def test_a_failure_mid_save_writes_nothing_and_cleans_its_blobs(station: Station, people: People,
                                                                applicant_id: int,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    service = station.enrolments
    uuid = service.start(applicant_id, people.visit_id, people.officer_id)
    service.record_face(uuid, face_image(), report(Modality.FACE, 80, True))
    capture_card_fingers(service, uuid, 1)

    def broken(_enrolment: Enrolment) -> OutboxEntry:
        raise OSError("disk pulled out")

    monkeypatch.setattr(enrolment_module, "_new_outbox_entry", broken)
    with pytest.raises(OSError):
        service.save(uuid)
    with station.db.session() as session:
        enrolment = session.scalar(select(Enrolment).where(Enrolment.uuid == uuid))
        assert enrolment.status is EnrolmentStatus.DRAFT and enrolment.record_ref is None
        assert session.scalar(select(func.count()).select_from(OutboxEntry)) == 0
        assert session.scalar(select(func.count()).select_from(AuditEvent)
                              .where(AuditEvent.action == AuditAction.ENROLMENT_SAVED)) == 0
    assert not list((station.blobs.root / "record").glob("*")) if (station.blobs.root / "record").exists() else True

    monkeypatch.undo()
    assert service.save(uuid).uuid == uuid  # the draft is intact and saves once the fault is gone


def test_corrupted_frames_are_refused_without_touching_the_draft(station: Station, people: People,
                                                                 applicant_id: int) -> None:
    service = station.enrolments
    uuid = service.start(applicant_id, people.visit_id, people.officer_id)
    with pytest.raises(CaptureInputError):
        service.record_finger_attempt(uuid, RIGHT_INDEX, b"not an image", report(Modality.FINGER, 50, True))  # type: ignore[arg-type]
    with pytest.raises(CaptureInputError):
        service.record_face(uuid, iris_image(), report(Modality.FACE, 50, True))
    assert service.drafts()[0].captured == ()


def test_approve_and_cancel(station: Station, people: People, applicant_id: int) -> None:
    service = station.enrolments
    uuid = service.start(applicant_id, people.visit_id, people.officer_id)
    service.record_face(uuid, face_image(), report(Modality.FACE, 80, True))
    capture_card_fingers(service, uuid, 1)
    service.save(uuid)
    assert service.pending_approval() == [uuid]
    with pytest.raises(SupervisorRequiredError):
        service.approve([uuid], people.officer_id)
    assert service.approve([uuid], people.supervisor_id) == 1
    assert service.status(uuid) is EnrolmentStatus.APPROVED

    other = service.start(applicant_id, people.visit_id, people.officer_id)
    service.record_face(other, face_image(), report(Modality.FACE, 80, True))
    service.cancel(other, people.officer_id)
    assert service.status(other) is EnrolmentStatus.CANCELLED
    assert service.drafts() == []
    with station.db.session() as session:
        refs = session.scalars(select(Capture.image_ref).join(Enrolment).where(Enrolment.uuid == other)).all()
    assert refs == [None]


def test_face_frame_is_stored_as_the_token_image(station: Station, people: People, applicant_id: int) -> None:
    from app.quality.face import assess_face
    from app.quality.samples import compose_portrait

    service = station.enrolments
    uuid = service.start(applicant_id, people.visit_id, people.officer_id)
    frame = compose_portrait("red", (720, 1280))
    face_report = assess_face(frame)
    assert face_report.eye_points
    service.record_face(uuid, frame, face_report)
    with station.db.session() as session:
        capture = session.scalar(select(Capture).where(Capture.modality == Modality.FACE))
        assert capture.image_format == "jpeg" and capture.width * 4 == capture.height * 3


def test_full_disk_at_save_loses_nothing(station: Station, people: People, applicant_id: int,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    from app.errors import StorageFullError
    from app.storage import atomic

    service = station.enrolments
    uuid = service.start(applicant_id, people.visit_id, people.officer_id)
    service.record_face(uuid, face_image(), report(Modality.FACE, 80, True))
    capture_card_fingers(service, uuid, 1)
    real_replace = atomic.os.replace

    def disk_full(source: str, target: str) -> None:
        if "/record/" in str(target):
            raise OSError(errno.ENOSPC, "No space left on device")
        real_replace(source, target)

    monkeypatch.setattr(atomic.os, "replace", disk_full)
    with pytest.raises(StorageFullError):
        service.save(uuid)
    monkeypatch.undo()
    assert service.status(uuid) is EnrolmentStatus.DRAFT
    assert len(service.drafts()[0].captured) == 3
    service.save(uuid)
    again = service.start(applicant_id, people.visit_id, people.officer_id)
    assert any(w.code == "already_recorded" for w in service.review(again, check_duplicates=False).warnings)


def test_tiny_finger_frames_are_refused(station: Station, people: People, applicant_id: int) -> None:
    import numpy as np

    service = station.enrolments
    uuid = service.start(applicant_id, people.visit_id, people.officer_id)
    with pytest.raises(CaptureInputError):
        service.record_finger_attempt(uuid, RIGHT_INDEX, np.zeros((10, 400), np.uint8), report(Modality.FINGER, 5, False))
    assert service.drafts()[0].captured == ()


def test_drafts_list_loads_applicants_and_captures_in_a_fixed_number_of_queries(station: Station,
                                                                               people: People) -> None:
    for serial in range(1, 6):
        applicant = add_applicant(station, f"357301450308000{serial}", f"Siswa Sintetis {serial}", people.site_id)
        uuid = station.enrolments.start(applicant, people.visit_id, people.officer_id)
        station.enrolments.record_face(uuid, face_image(), report(Modality.FACE, 80, True))
    with count_selects(station.db.engine) as selects:
        drafts = station.enrolments.drafts()
    assert [d.captured for d in drafts] == [("face:face",)] * 5
    assert len(selects) <= 3
