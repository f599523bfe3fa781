"""Recording someone again keeps the link to their earlier record (``Enrolment.rerecord_of``)."""

from __future__ import annotations

from app.storage.models import Enrolment
from tests.support.day_records import seed_day


def test_a_new_recording_links_to_the_latest_saved_one(station) -> None:
    day = seed_day(station)
    with station.db.session() as session:
        first = session.query(Enrolment).filter(Enrolment.uuid == day.enrolment_uuids[0]).one()
        applicant_id = first.applicant_id
    again = station.enrolments.start(applicant_id, day.visit_id, day.officer_id)
    with station.db.session() as session:
        assert session.query(Enrolment).filter(Enrolment.uuid == again).one().rerecord_of == day.enrolment_uuids[0]
    station.enrolments.cancel(again, day.officer_id)
    fresh = station.applicants.add_manual("3573016108080002", "Eka Rahmawati", site_id=day.site_id)
    new = station.enrolments.start(fresh.id, day.visit_id, day.officer_id)
    with station.db.session() as session:
        assert session.query(Enrolment).filter(Enrolment.uuid == new).one().rerecord_of is None
