"""The person shortlist: Bozorth3 verifies the people nearest over all probed fingers, not each finger's nearest."""

from __future__ import annotations

import numpy as np
import pytest
from sqlalchemy import select

from app.biometrics import shortlist
from app.biometrics.duplicates import DuplicateChecker, DuplicateSettings
from app.biometrics.templates import ISO_FORMAT, TemplateExtractor, descriptor_bytes
from app.bootstrap import Station
from app.errors import ConfigError
from app.storage.models import BiometricTemplate, Enrolment
from drivers.fingerprint.base import FingerPosition
from tests.support import synthetic_gallery

FINGERS = (FingerPosition.RIGHT_INDEX, FingerPosition.LEFT_INDEX, FingerPosition.RIGHT_THUMB, FingerPosition.LEFT_THUMB)
GALLERY = tuple(range(5200, 5214))  # synthetic subjects enrolled on the station
UNSEEN = 5300


def _extractor() -> TemplateExtractor:
    return synthetic_gallery.extractor()


def capture(subject: int, impression: int) -> dict[str, bytes]:
    """Four fingers' templates of one capture, as the station extracts them."""
    return synthetic_gallery.capture(subject, impression, FINGERS)


def enrol_gallery(station: Station) -> dict[int, str]:
    """Saved enrolments of every gallery subject's enrolled capture; returns subject → enrolment UUID."""
    enrolled = synthetic_gallery.enrol_gallery(station, GALLERY, FINGERS, "35730101020")
    return {subject: e.uuid for subject, e in enrolled.items()}


def owners_of(station: Station) -> tuple[dict[int, str], dict[str, int]]:
    """Template row id → enrolment UUID, and enrolment UUID → enrolment id."""
    with station.db.session() as session:
        rows = session.execute(select(BiometricTemplate.id, Enrolment.uuid)
                               .join(Enrolment, BiometricTemplate.enrolment_id == Enrolment.id)).all()
        ids = dict(session.execute(select(Enrolment.uuid, Enrolment.id)).all())
    return dict(rows), ids


def test_a_finger_ranked_poorly_alone_is_verified_because_the_other_fingers_pull_its_owner_up(
        station: Station) -> None:
    uuids = enrol_gallery(station)
    owner, enrolment_id = owners_of(station)
    checker = DuplicateChecker(station.db, _extractor(), DuplicateSettings(candidates=4, people=1))
    subject, weak = GALLERY[5], "left_thumb"
    mate = enrolment_id[uuids[subject]]
    # The weak finger is someone else's thumb in its place (a finger whose pre-filter does not point to its
    # owner): the first other subject's under which the owner is far down that finger's ranking alone, not
    # among the four people a one-finger probe would verify.
    donors = [d for d in GALLERY if d != subject
              and checker.people_ranking({weak: capture(d, 2)[weak]}).index(mate) >= 4]
    assert donors
    probe = capture(subject, 1) | {weak: capture(donors[0], 2)[weak]}
    assert uuids[subject] not in {owner[r] for r in checker.shortlist({weak: probe[weak]})[weak]}
    # All four fingers: the other three pull the owner to the top, so the weak finger's template is verified too.
    assert checker.people_ranking(probe)[0] == mate
    chosen = checker.shortlist(probe)
    assert set(chosen) == {p.slug for p in FINGERS}
    assert all(uuids[subject] in {owner[r] for r in rows} for rows in chosen.values())
    assert all(len(rows) <= 3 < len(GALLERY) for rows in chosen.values())  # people 1 × 10 fingers / 4 probed
    match = checker.search(probe)
    assert match is not None and match.enrolment_uuid == uuids[subject]
    assert match.score >= checker.settings.threshold and match.position != weak


def test_a_probe_of_two_fingers_keeps_each_fingers_nearest_and_finds_the_mate(station: Station) -> None:
    uuids = enrol_gallery(station)
    owner, _ = owners_of(station)
    checker = DuplicateChecker(station.db, _extractor(), DuplicateSettings(candidates=4, people=1))
    subject = GALLERY[2]
    probe = {slug: data for slug, data in capture(subject, 1).items() if slug in ("right_index", "left_index")}
    chosen = checker.shortlist(probe)
    assert set(chosen) == set(probe)
    assert all(4 <= len(rows) <= 8 < len(GALLERY) for rows in chosen.values())  # own 4 nearest + 4 nearest people's
    assert all(uuids[subject] in {owner[r] for r in rows} for rows in chosen.values())
    match = checker.search(probe)
    assert match is not None and match.enrolment_uuid == uuids[subject]


def test_an_unseen_person_is_no_duplicate(station: Station) -> None:
    enrol_gallery(station)
    checker = DuplicateChecker(station.db, _extractor(), DuplicateSettings(candidates=4, people=1))
    probe = capture(UNSEEN, 1)
    assert all(len(rows) <= 3 for rows in checker.shortlist(probe).values())
    assert checker.search(probe) is None
    assert checker.search({"right_index": probe["right_index"], "left_index": probe["left_index"]}) is None


def test_an_operator_with_two_stored_fingers_is_ranked_fairly_against_people_with_ten() -> None:
    rng = np.random.default_rng(7)
    people, operator = 200, 2 * 3 + 1
    ranked = {}
    for finger in range(10):
        owners = 2 * np.arange(1, people + 1, dtype=np.int64)
        similarity = rng.normal(size=people)
        if finger < 2:  # the operator's two stored fingers, clearly alike
            owners, similarity = np.append(owners, operator), np.append(similarity, 3.0)
        ranked[str(finger)] = shortlist.Ranked(np.arange(len(owners)), owners, similarity)
    nearest, _ = shortlist.fused_people(ranked)
    assert nearest[0] == operator
    chosen = shortlist.by_person(ranked, people=1, limit=40)
    assert all(len(rows) == 1 for position, rows in chosen.items() if int(position) < 2)
    assert all(len(rows) == 0 for position, rows in chosen.items() if int(position) >= 2)


def test_the_people_setting_is_read_and_checked() -> None:
    assert DuplicateSettings.from_config({}).people == 4
    assert DuplicateSettings.from_config({"people": 5}) == DuplicateSettings(people=5)
    for bad in (0, "five", True):
        with pytest.raises(ConfigError):
            DuplicateSettings.from_config({"people": bad})


def test_deleted_templates_leave_the_gallery_and_rows_stored_after_them_are_searched(station: Station) -> None:
    from sqlalchemy import delete

    uuids = enrol_gallery(station)
    _, enrolment_id = owners_of(station)
    checker = DuplicateChecker(station.db, _extractor(), DuplicateSettings(candidates=4, people=1))
    subject = GALLERY[3]
    held = checker.refresh()
    match = checker.search(capture(subject, 1))
    assert match is not None and match.enrolment_uuid == uuids[subject]
    newest = GALLERY[-1]  # its rows hold the newest ids, which SQLite hands out again once deleted
    for gone in (subject, newest):
        with station.db.session() as session:
            session.execute(delete(BiometricTemplate).where(
                BiometricTemplate.enrolment_id == enrolment_id[uuids[gone]]))
    assert checker.refresh() == held - 2 * len(FINGERS)
    assert checker.search(capture(subject, 1)) is None
    with station.db.session() as session:
        for slug, data in capture(newest, 0).items():
            session.add(BiometricTemplate(enrolment_id=enrolment_id[uuids[newest]], position=slug,
                                          format=ISO_FORMAT, data=data, prefilter=descriptor_bytes(data)))
    assert checker.refresh() == held - len(FINGERS)
    match = checker.search(capture(newest, 1))
    assert match is not None and match.enrolment_uuid == uuids[newest]
