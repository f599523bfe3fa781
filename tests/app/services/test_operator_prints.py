"""Operators' own prints: supervisor-approved, quality-gated, and an applicant with an operator's fingers is flagged."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest
from sqlalchemy import func, select

from app.bootstrap import Station
from app.domain.enums import Modality
from app.errors import InputError
from app.quality.finger import assess_finger
from app.services.enrolment_types import SupervisorRequiredError
from app.services.operator_prints import operator_subject
from app.storage.models import BiometricTemplate
from drivers.fingerprint.base import FingerPosition, FingerprintScanner
from drivers.fingerprint.synth import synthesize_fingerprint
from drivers.registry import create_device
from tests.app.services.enrolment_helpers import People, add_applicant, face_image, people, report  # noqa: F401

CARD = (FingerPosition.RIGHT_INDEX, FingerPosition.LEFT_INDEX)


@pytest.fixture
def scanner() -> Iterator[FingerprintScanner]:
    device = create_device("fingerprint", {"backend": "sim", "seed": 7, "quality": "good"})
    with device:
        yield device  # type: ignore[misc]


def operator_templates(station: Station, operator_id: int) -> int:
    with station.db.session() as session:
        return session.scalar(select(func.count(BiometricTemplate.id))
                              .where(BiometricTemplate.operator_id == operator_id))


def test_applicant_with_the_operators_fingers_is_flagged(station: Station, people: People,
                                                         scanner: FingerprintScanner) -> None:
    result = station.operator_prints.capture_and_store(scanner, people.officer_id, people.supervisor_id, CARD)
    assert result.stored == 2 and result.skipped == ()
    assert all(f.passed and f.best_score is not None and f.best_score >= f.threshold for f in result.fingers)
    assert operator_templates(station, people.officer_id) == 2

    # The operator presses their own fingers while "recording" an applicant.
    scanner.set_subject(operator_subject(people.officer_id))  # type: ignore[attr-defined]
    applicant = add_applicant(station, "3573014503080001", "Siti Contoh", people.site_id)
    uuid = station.enrolments.start(applicant, people.visit_id, people.officer_id)
    station.enrolments.record_face(uuid, face_image(), report(Modality.FACE, 80, True))
    for position in CARD:
        image = scanner.capture_finger(position)
        station.enrolments.record_finger_attempt(uuid, position, image.pixels,
                                                 assess_finger(image.pixels, position))
    review = station.enrolments.review(uuid)
    assert review.duplicate is not None and review.duplicate.operator_id == people.officer_id
    assert station.enrolments.save(uuid).possible_duplicate_of == f"operator:{people.officer_id}"


def test_only_passing_prints_are_stored_and_replace_the_old_ones(station: Station, people: People) -> None:
    good = synthesize_fingerprint(operator_subject(people.officer_id), FingerPosition.RIGHT_INDEX)
    blank = np.full((300, 300), 255, np.uint8)
    captures = {
        FingerPosition.RIGHT_INDEX: (good, assess_finger(good, FingerPosition.RIGHT_INDEX)),
        "left_index": (blank, report(Modality.FINGER, 10, False)),
    }
    assert station.operator_prints.store(people.officer_id, captures, people.supervisor_id) == 1
    assert operator_templates(station, people.officer_id) == 1
    with pytest.raises(InputError) as caught:
        station.operator_prints.store(people.officer_id, {"left_index": captures["left_index"]}, people.supervisor_id)
    assert "passed the quality check" in caught.value.message_en
    assert operator_templates(station, people.officer_id) == 1  # a refused re-enrolment keeps the old prints


def test_a_supervisor_must_approve(station: Station, people: People, scanner: FingerprintScanner) -> None:
    with pytest.raises(SupervisorRequiredError):
        station.operator_prints.capture_and_store(scanner, people.officer_id, people.officer_id, CARD)
    good = synthesize_fingerprint(5, FingerPosition.RIGHT_INDEX)
    with pytest.raises(SupervisorRequiredError):
        station.operator_prints.store(people.officer_id, {"right_index": (good, report(Modality.FINGER, 60, True))},
                                      people.officer_id)
    assert operator_templates(station, people.officer_id) == 0


def test_unknown_operator_is_refused(station: Station, people: People) -> None:
    good = synthesize_fingerprint(5, FingerPosition.RIGHT_INDEX)
    with pytest.raises(InputError):
        station.operator_prints.store(999, {"right_index": (good, report(Modality.FINGER, 60, True))},
                                      people.supervisor_id)
