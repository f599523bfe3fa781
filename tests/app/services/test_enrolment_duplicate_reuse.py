"""The duplicate search runs once when the fingers are done; review and save reuse it while nothing changed."""

from __future__ import annotations

from app.bootstrap import Station
from app.domain.enums import Modality
from drivers.fingerprint.base import FingerPosition
from drivers.fingerprint.synth import synthesize_fingerprint
from tests.app.services.enrolment_helpers import People, add_applicant, people, report  # noqa: F401 (fixtures)
from tests.app.services.test_enrolment_duplicates import enrol

NIKS = ("3573010101080001", "3573010202080002", "3573010303080003")


def test_review_and_save_reuse_the_search_started_when_the_fingers_were_done(station: Station,
                                                                             people: People) -> None:
    service = station.enrolments
    searches = service.duplicate_searches
    first_id, second_id = (add_applicant(station, nik, f"Siswa {i}", people.site_id) for i, nik in enumerate(NIKS[:2]))
    first = enrol(service, first_id, people, subject=21, impression=0)
    service.save(first)

    again = enrol(service, second_id, people, subject=21, impression=1)
    before = searches.searches_run
    early = service.search_duplicates(again)
    assert early is not None and early.enrolment_uuid == first
    assert service.review(again).duplicate == early
    result = service.save(again)
    assert result.possible_duplicate_of == first and result.duplicate_score == early.score
    assert searches.searches_run == before + 1  # one search for the early call, the review and the save


def test_a_changed_finger_searches_again(station: Station, people: People) -> None:
    service = station.enrolments
    searches = service.duplicate_searches
    applicant = add_applicant(station, NIKS[0], "Siswa", people.site_id)
    uuid = enrol(service, applicant, people, subject=31, impression=0)
    service.search_duplicates(uuid)
    before = searches.searches_run
    better = synthesize_fingerprint(31, FingerPosition.RIGHT_INDEX, impression=3)
    outcome = service.record_finger_attempt(uuid, FingerPosition.RIGHT_INDEX, better, report(Modality.FINGER, 90, True))
    assert outcome.kept
    service.save(uuid)
    assert searches.searches_run == before + 1


def test_a_record_saved_meanwhile_is_searched_too(station: Station, people: People) -> None:
    service = station.enrolments
    searches = service.duplicate_searches
    ids = [add_applicant(station, nik, f"Siswa {i}", people.site_id) for i, nik in enumerate(NIKS)]
    later = enrol(service, ids[0], people, subject=41, impression=1)
    assert service.search_duplicates(later) is None  # nobody to match yet
    meanwhile = enrol(service, ids[1], people, subject=41, impression=0)
    service.save(meanwhile)  # the gallery changed since the early search
    before = searches.searches_run
    assert service.save(later).possible_duplicate_of == meanwhile
    assert searches.searches_run == before + 1


def test_an_enrolment_without_fingers_does_not_search(station: Station, people: People) -> None:
    service = station.enrolments
    applicant = add_applicant(station, NIKS[2], "Siswa", people.site_id)
    uuid = service.start(applicant, people.visit_id, people.officer_id)
    before = service.duplicate_searches.searches_run
    assert service.search_duplicates(uuid) is None
    assert service.duplicate_searches.searches_run == before
