"""4-4-2 slaps recorded as single fingers: each judged and kept on its own, best of N per finger."""

from __future__ import annotations

from app.bootstrap import Station
from app.domain.enums import Modality
from app.services.slaps import assess_slap, capture_ten_by_slaps, fingers_to_capture, record_slap
from drivers.fingerprint.base import SLAP_LAYOUT, TEN_FINGERS, FingerPosition
from drivers.fingerprint.sim import SimulatedFingerprintScanner
from tests.app.services.enrolment_helpers import People, applicant_id, people  # noqa: F401 (fixtures)

P = FingerPosition


def test_a_slap_records_each_finger_as_its_own_attempt(station: Station, people: People, applicant_id: int) -> None:
    service = station.enrolments
    settings = station.quality_settings
    uuid = service.start(applicant_id, people.visit_id, people.officer_id)
    with SimulatedFingerprintScanner(subject=8) as scanner:
        first = assess_slap(scanner.capture_slap(P.PLAIN_THUMBS), settings)
        outcomes = record_slap(service, uuid, first)
        assert set(outcomes) == {P.LEFT_THUMB, P.RIGHT_THUMB}
        assert all(r.report.score is not None and r.report.modality == Modality.FINGER for r in first)
        assert all(outcomes[r.position].score == r.report.score for r in first)
        again = record_slap(service, uuid, assess_slap(scanner.capture_slap(P.PLAIN_THUMBS), settings))
    for result in first:
        outcome = again[result.position]
        assert outcome.attempts == 2
        assert outcome.best_score == max(result.report.score, outcome.score)  # the better one per finger is kept
    captures = {c.position: c for c in service.review(uuid, check_duplicates=False).captures}
    assert {"left_thumb", "right_thumb"} <= set(captures)


def test_the_whole_ten_by_slaps_with_an_exception(station: Station, people: People, applicant_id: int) -> None:
    service = station.enrolments
    uuid = service.start(applicant_id, people.visit_id, people.officer_id)
    with SimulatedFingerprintScanner(subject=9) as scanner:
        outcomes = capture_ten_by_slaps(scanner, service, uuid, station.quality_settings,
                                        exceptions=[P.LEFT_RING], timeout=5)
    assert set(outcomes) == set(TEN_FINGERS) - {P.LEFT_RING}
    assert sum(o.passed for o in outcomes.values()) >= 7  # "good" synthetic prints mostly pass NFIQ 2
    assert all(1 <= o.attempts <= station.quality_settings.max_attempts for o in outcomes.values())


def test_fingers_still_wanted_keep_the_slap_order() -> None:
    assert fingers_to_capture(P.PLAIN_LEFT_FOUR, [P.LEFT_RING]) == (P.LEFT_LITTLE, P.LEFT_MIDDLE, P.LEFT_INDEX)
    assert fingers_to_capture(P.PLAIN_THUMBS, SLAP_LAYOUT[P.PLAIN_THUMBS]) == ()
