"""Supervisor approval: pending records listed with masked NIKs, chosen by day or UUID, approved all or nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, update

from app.bootstrap import Station
from app.domain.enums import EnrolmentStatus
from app.errors import InputError
from app.services.enrolment_types import EnrolmentStateError
from app.storage.models import Enrolment, Site, Visit
from app.sync.synthetic import add_synthetic_enrolment
from tests.app.services.enrolment_helpers import make_people
from tests.app.storage.query_counter import count_selects


def captured_on(station: Station, uuid: str, moment: dt.datetime) -> None:
    with station.db.session() as session:
        session.execute(update(Enrolment).where(Enrolment.uuid == uuid).values(captured_at=moment))


def test_pending_lists_masked_niks_oldest_first(station: Station) -> None:
    first = add_synthetic_enrolment(station.db, station.blobs, serial=1, approved=False)
    second = add_synthetic_enrolment(station.db, station.blobs, serial=2, approved=False)
    add_synthetic_enrolment(station.db, station.blobs, serial=3, approved=True)
    captured_on(station, second, dt.datetime(2024, 9, 16, 3, 0, tzinfo=dt.UTC))
    pending = station.approvals.pending()
    assert [p.uuid for p in pending] == [second, first]
    record = pending[0]
    assert record.nik_masked.startswith("357301") and "********" in record.nik_masked
    assert record.name == "SISWA SINTETIS 2" and record.operator == "petugas.sintetis"
    assert record.captured_local == "2024-09-16 10:00 WIB"
    assert "********" in record.to_dict()["nik_masked"]


def test_pending_on_a_day_uses_the_station_time_zone(station: Station) -> None:
    late = add_synthetic_enrolment(station.db, station.blobs, serial=4, approved=False)
    captured_on(station, late, dt.datetime(2024, 9, 16, 18, 30, tzinfo=dt.UTC))  # 01:30 WIB on the 17th
    assert station.approvals.pending(on=dt.date(2024, 9, 16)) == []
    assert [p.uuid for p in station.approvals.pending(on=dt.date(2024, 9, 17))] == [late]


def test_select_refuses_unknown_or_already_approved_uuids(station: Station) -> None:
    waiting = add_synthetic_enrolment(station.db, station.blobs, serial=5, approved=False)
    approved = add_synthetic_enrolment(station.db, station.blobs, serial=6, approved=True)
    assert [r.uuid for r in station.approvals.select([waiting.upper()])] == [waiting]
    with pytest.raises(InputError) as caught:
        station.approvals.select([waiting, approved])
    assert approved in caught.value.message_en


def test_approve_is_all_or_nothing(station: Station) -> None:
    people = make_people(station)
    waiting = add_synthetic_enrolment(station.db, station.blobs, serial=7, approved=False)
    approved = add_synthetic_enrolment(station.db, station.blobs, serial=8, approved=True)
    with pytest.raises(EnrolmentStateError):
        station.approvals.approve([waiting, approved], people.supervisor_id)
    assert station.enrolments.status(waiting) is EnrolmentStatus.BIO_CAPTURED
    assert station.approvals.approve(station.approvals.pending(), people.supervisor_id) == 1
    assert station.enrolments.status(waiting) is EnrolmentStatus.APPROVED
    assert station.approvals.approve([], people.supervisor_id) == 0


def test_pending_loads_sites_in_a_fixed_number_of_queries(station: Station) -> None:
    """One query per related table, not one per visit (records from many days and sites)."""
    uuids = [add_synthetic_enrolment(station.db, station.blobs, serial=20 + n, approved=False) for n in range(6)]
    with station.db.session() as session:
        template = session.scalar(select(Enrolment).where(Enrolment.uuid == uuids[0])).visit
        for n, uuid in enumerate(uuids):
            site = Site(name=f"Lokasi sintetis {n}", kind=template.site.kind)
            visit = Visit(site=site, visit_date=dt.date(2024, 9, 1 + n), station_code=template.station_code)
            session.add(visit)
            session.flush()
            session.execute(update(Enrolment).where(Enrolment.uuid == uuid).values(visit_id=visit.id))
    with count_selects(station.db.engine) as selects:
        pending = station.approvals.pending()
    assert sorted(p.site for p in pending) == [f"Lokasi sintetis {n}" for n in range(6)]
    assert len(selects) <= 5
