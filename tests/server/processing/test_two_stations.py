"""End to end: two stations record overlapping synthetic people; the hub's processing catches the repeats.

Real stations, real HTTP on 127.0.0.1, real packets; processing in-process on SQLite
and through procrastinate jobs and a worker on PostgreSQL.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from sqlalchemy import select

from app.bootstrap import Station
from app.domain.enums import CentralStatus
from app.services.demo import run_demo
from app.storage.models import Enrolment, OutboxEntry
from server.local import LocalHub
from server.models import HubPacket, HubRecord, HubStatusEvent
from server.processing.adjudication import decide, history, waiting
from server.processing.pipeline import PacketProcessor, ProcessingSettings
from server.processing.queue import run_job_worker


def packet_of(station: Station, enrolment_uuid: str) -> str:
    with station.db.session() as session:
        return session.scalars(select(OutboxEntry.packet_uuid).join(Enrolment)
                               .where(Enrolment.uuid == enrolment_uuid)).one()


def drain(local_hub: LocalHub, settings: ProcessingSettings | None = None, timeout_s: float = 120.0) -> None:
    """Wait until every received packet is decided (SQLite: the in-process worker; PostgreSQL: run a job worker)."""
    hub = local_hub.hub
    assert hub is not None
    if hub.engine.dialect.name == "postgresql":
        run_job_worker(local_hub.db_url, lambda: PacketProcessor(hub, settings), name="test-worker", wait=False)
    deadline = time.monotonic() + timeout_s
    while PacketProcessor(hub).pending():
        assert time.monotonic() < deadline, "processing did not finish"
        time.sleep(0.2)


def statuses(local_hub: LocalHub) -> dict[str, HubPacket]:
    assert local_hub.hub is not None
    with local_hub.hub.session() as session:
        return {p.packet_uuid: p for p in session.scalars(select(HubPacket))}


@pytest.mark.slow
def test_the_same_person_at_two_schools_is_caught_and_the_station_hears_of_it(
        field_station: Callable[[str, int], Station], processing_hub: LocalHub) -> None:
    hub = processing_hub.hub
    assert hub is not None
    first, second = field_station("sman-1", 1), field_station("sman-2", 2)
    first.sync.register(processing_hub.url, hub.invite("SMAN-1"))
    second.sync.register(processing_hub.url, hub.invite("SMAN-2"))

    at_first = run_demo(first, 2, first_subject=500)  # people 500, 501
    assert len(first.sync.sync_now(pull=False).sent) == 2
    drain(processing_hub)
    at_second = run_demo(second, 2, first_subject=501, repeat_first=True)  # 501, 502, then 501 under another NIK
    assert len(second.sync.sync_now(pull=False).sent) == 3
    drain(processing_hub)

    packets = statuses(processing_hub)
    a500, a501 = (packet_of(first, r.uuid) for r in at_first)
    b501, b502, b501_again = (packet_of(second, r.uuid) for r in at_second)
    assert packets[a500].status == packets[a501].status == CentralStatus.PRINT_READY.value
    assert packets[b502].status == CentralStatus.PRINT_READY.value
    assert packets[b501].status == CentralStatus.DUPLICATE.value  # same NIK, same fingers, another school
    # the same fingers under another NIK: a duplicate of one of the earlier records of person 501
    assert packets[b501_again].status == CentralStatus.DUPLICATE.value
    with hub.session() as session:
        records = {r.packet_uuid: r for r in session.scalars(select(HubRecord))}
        events = session.scalars(select(HubStatusEvent).where(HubStatusEvent.packet_uuid == b501)).all()
    assert records[b501].matched_packet_uuid == a501 and records[b501].match_score >= 80
    assert records[b501_again].matched_packet_uuid in (a501, b501)
    assert records[b501].nik == records[a501].nik != records[b501_again].nik
    assert [e.status for e in events] == ["processing", "duplicate"] and events[-1].reason_en

    second.sync.sync_now(pull=False)  # the status poll brings the centre's verdict to the station
    with second.db.session() as session:
        entry = session.scalars(select(OutboxEntry).where(OutboxEntry.packet_uuid == b501)).one()
        assert entry.central_status is CentralStatus.DUPLICATE


@pytest.mark.slow
def test_a_grey_zone_match_waits_for_a_supervisor_who_decides(
        field_station: Callable[[str, int], Station], hub_db_url: str, hub_data) -> None:
    # Scores set so that even a sure match lands in the grey zone: the adjudication path end to end.
    settings = ProcessingSettings(duplicate_score=10_000, adjudicate_score=40)
    local = LocalHub(hub_db_url, hub_data, processing=True, processing_settings=settings).start()
    try:
        hub = local.hub
        assert hub is not None
        station = field_station("sman-3", 3)
        station.sync.register(local.url, hub.invite("SMAN-3"))
        results = run_demo(station, 1, first_subject=900, repeat_first=True)
        station.sync.sync_now(pull=False)
        drain(local, settings)
        both = {packet_of(station, r.uuid) for r in results}
        # Uploads run side by side, so either record may be processed first; the later one waits.
        found = {uuid: statuses(local)[uuid].status for uuid in both}
        assert sorted(found.values()) == [CentralStatus.ADJUDICATION.value, CentralStatus.PRINT_READY.value]
        [again] = [uuid for uuid, status in found.items() if status == CentralStatus.ADJUDICATION.value]
        [original] = both - {again}
        [row] = waiting(hub)
        assert row["packet_uuid"] == again and row["other_packet_uuid"] == original
        assert "*" in row["nik"]  # masked in the list

        result = decide(hub, again, same=True, by="supervisor-kantor", note="sidik jari sama")
        assert result["status"] == CentralStatus.DUPLICATE.value
        steps = history(hub, again)
        assert [s["status"] for s in steps] == ["processing", "adjudication", "duplicate"]
        assert steps[-1]["actor"] == "supervisor-kantor" and steps[-1]["note"] == "sidik jari sama"
        assert waiting(hub) == []
    finally:
        local.stop()
