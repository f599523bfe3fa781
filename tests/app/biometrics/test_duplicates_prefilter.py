"""The duplicate pre-filter on real synthetic prints: a re-captured finger stays among the few candidates."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.biometrics.duplicates import DuplicateChecker, DuplicateSettings
from app.biometrics.templates import TemplateExtractor
from app.bootstrap import Station
from app.domain.enums import Sex
from app.storage.models import BiometricTemplate, Enrolment
from drivers.fingerprint.base import FingerPosition
from tests.support import synthetic_gallery

CARD = (FingerPosition.RIGHT_INDEX, FingerPosition.LEFT_INDEX)
GALLERY = tuple(range(4100, 4112))  # synthetic subjects enrolled on the station
PROBED = GALLERY[::4]
CANDIDATES = 3


def _extractor() -> TemplateExtractor:
    return synthetic_gallery.extractor()


def capture(subject: int, impression: int, quality: str = "good") -> dict[str, bytes]:
    """Both index fingers' templates of one capture, as the station extracts them."""
    return synthetic_gallery.capture(subject, impression, CARD, quality)


def enrol_gallery(station: Station) -> dict[int, int]:
    """Saved enrolments holding each gallery subject's enrolled capture; returns subject → enrolment id."""
    enrolled = synthetic_gallery.enrol_gallery(station, GALLERY, CARD, "35730101010", Sex.FEMALE)
    return {subject: e.enrolment_id for subject, e in enrolled.items()}


@pytest.mark.parametrize(("impression", "quality"), [(1, "good"), (2, "good"), (3, "fair")])
def test_recaptured_fingers_stay_among_the_candidates(station: Station, impression: int, quality: str) -> None:
    enrolment_of = enrol_gallery(station)
    checker = DuplicateChecker(station.db, _extractor(), DuplicateSettings(candidates=CANDIDATES))
    with station.db.session() as session:
        owner = dict(session.execute(select(BiometricTemplate.id, BiometricTemplate.enrolment_id)).all())
    for subject in PROBED:
        probe = capture(subject, impression, quality)
        shortlist = checker.shortlist(probe)
        assert set(shortlist) == {p.slug for p in CARD}
        for slug, rows in shortlist.items():
            assert len(rows) <= 2 * CANDIDATES < len(GALLERY)  # the pre-filter did narrow the search
            assert enrolment_of[subject] in {owner[r] for r in rows}, f"{subject} {slug}"
        match = checker.search(probe)
        assert match is not None and match.score >= checker.settings.threshold


def test_a_finger_alone_is_ranked_by_itself(station: Station) -> None:
    enrolment_of = enrol_gallery(station)
    checker = DuplicateChecker(station.db, _extractor(), DuplicateSettings(candidates=CANDIDATES))
    with station.db.session() as session:
        owner = dict(session.execute(select(BiometricTemplate.id, BiometricTemplate.enrolment_id)).all())
    subject = PROBED[1]
    probe = {"left_index": capture(subject, 1)["left_index"]}
    rows = checker.shortlist(probe)["left_index"]
    assert len(rows) == CANDIDATES and enrolment_of[subject] in {owner[r] for r in rows}


def test_descriptors_stored_by_the_release_before_mcc_are_recomputed_and_kept(station: Station) -> None:
    from app.biometrics.templates import pair_descriptor, parse_iso_minutiae, stored_descriptor

    enrolment_of = enrol_gallery(station)
    with station.db.session() as session:
        for row in session.scalars(select(BiometricTemplate)):
            row.prefilter = pair_descriptor(parse_iso_minutiae(row.data)).tobytes()  # what 0.1.0 stored
    checker = DuplicateChecker(station.db, _extractor(), DuplicateSettings(candidates=CANDIDATES))
    match = checker.search(capture(PROBED[0], 1))
    assert match is not None
    with station.db.session() as session:
        uuid = session.scalar(select(Enrolment.uuid).where(Enrolment.id == enrolment_of[PROBED[0]]))
        stored = session.scalars(select(BiometricTemplate.prefilter)).all()
    assert match.enrolment_uuid == uuid
    assert all(stored_descriptor(data) is not None for data in stored)
