"""The local duplicate check: the same synthetic person twice is flagged, different people are not."""

from __future__ import annotations

from app.biometrics.duplicates import DuplicateChecker, DuplicateSettings
from app.bootstrap import Station
from app.domain.enums import Modality
from app.services.enrolment import EnrolmentService
from drivers.fingerprint.base import FingerPosition
from drivers.fingerprint.synth import synthesize_fingerprint
from tests.app.services.enrolment_helpers import People, add_applicant, face_image, people, report  # noqa: F401 (fixtures)

CARD = (FingerPosition.RIGHT_INDEX, FingerPosition.LEFT_INDEX)
NIKS = ("3573010101080001", "3573010202080002", "3573010303080003", "3573010404080004")


def enrol(service: EnrolmentService, applicant_id: int, people: People, subject: int, impression: int) -> str:
    uuid = service.start(applicant_id, people.visit_id, people.officer_id)
    service.record_face(uuid, face_image(), report(Modality.FACE, 80, True))
    for position in CARD:
        pixels = synthesize_fingerprint(subject, position, impression=impression)
        service.record_finger_attempt(uuid, position, pixels, report(Modality.FINGER, 55, True))
    return uuid


def test_same_subject_twice_is_flagged_and_different_subjects_are_not(station: Station, people: People) -> None:
    service = station.enrolments
    applicants = [add_applicant(station, nik, f"Siswa {i}", people.site_id) for i, nik in enumerate(NIKS[:3])]
    first = enrol(service, applicants[0], people, subject=11, impression=0)
    assert service.save(first).possible_duplicate_of is None

    stranger = enrol(service, applicants[1], people, subject=12, impression=0)
    assert service.review(stranger).duplicate is None
    assert service.save(stranger).possible_duplicate_of is None

    again = enrol(service, applicants[2], people, subject=11, impression=1)
    review = service.review(again)
    assert review.duplicate is not None and review.duplicate.enrolment_uuid == first
    assert any(w.code == "possible_duplicate" for w in review.warnings)
    result = service.save(again)
    assert result.possible_duplicate_of == first
    assert result.duplicate_score is not None and result.duplicate_score >= service.duplicates.settings.threshold


def test_operator_prints_are_searched(station: Station, people: People) -> None:
    service = station.enrolments
    images = {p: synthesize_fingerprint(77, p) for p in CARD}
    assert service.enrol_operator_prints(people.officer_id, images) == 2
    applicant = add_applicant(station, NIKS[3], "Siswa Operator", people.site_id)
    uuid = enrol(service, applicant, people, subject=77, impression=2)
    assert service.save(uuid).possible_duplicate_of == f"operator:{people.officer_id}"


def test_prefilter_keeps_the_true_match_among_few_candidates(station: Station, people: People) -> None:
    narrow = DuplicateChecker(station.db, settings=DuplicateSettings(threshold=80, candidates=1))
    service = EnrolmentService(station.db, station.blobs, station.enrolments.quality_settings,
                               station.config.identity, duplicates=narrow)
    applicants = [add_applicant(station, nik, f"Siswa {i}", people.site_id) for i, nik in enumerate(NIKS)]
    saved = [enrol(service, applicants[i], people, subject=30 + i, impression=0) for i in range(3)]
    for uuid in saved:
        service.save(uuid)
    probe = enrol(service, applicants[3], people, subject=31, impression=1)
    duplicate = service.review(probe).duplicate
    assert duplicate is not None and duplicate.enrolment_uuid == saved[1]
