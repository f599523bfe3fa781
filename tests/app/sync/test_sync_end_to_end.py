"""Station -> fault-injecting proxy -> real hub over loopback HTTP.

After every scenario: no packet lost, none stored twice, every status consistent.
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from app.bootstrap import Station
from app.domain.enums import CentralStatus, EnrolmentStatus, OutboxState, QueueState
from app.storage.models import Enrolment, OutboxEntry, Site
from app.sync.synthetic import SYNTHETIC_SITE, add_synthetic_enrolment
from server.local import LocalHub
from server.models import HubPacket
from server.netfaults import FaultProxy


def add_enrolments(station: Station, count: int, record_size: int = 60_000, first: int = 0) -> list[str]:
    return [add_synthetic_enrolment(station.db, station.blobs, serial=first + i, record_size=record_size)
            for i in range(count)]


def assert_consistent(station: Station, hub: LocalHub) -> None:
    """Every station packet is at the hub exactly once, intact, and both sides agree on its status."""
    assert hub.hub is not None
    with station.db.session() as session:
        entries = session.execute(select(OutboxEntry, Enrolment).join(Enrolment)).all()
    with hub.hub.session() as session:
        held = {p.packet_uuid: p for p in session.scalars(select(HubPacket))}
    assert len(entries) > 0
    for entry, enrolment in entries:
        assert entry.state == OutboxState.SENT, (entry.packet_uuid, entry.last_error)
        packet = held[entry.packet_uuid]
        assert packet.complete and packet.sha256 == entry.packet_sha256 and packet.size == entry.packet_size
        assert entry.receipt is not None and entry.receipt["sha256"] == entry.packet_sha256
        assert hub.hub.packet_path(entry.packet_uuid).stat().st_size == entry.packet_size
        assert entry.central_status == CentralStatus(packet.status)
        assert enrolment.status in (EnrolmentStatus.SENT_FOR_ENROLLMENT, EnrolmentStatus.RECEIVED_AT_CENTRAL)
        assert enrolment.sealed
    assert len(held) == len(entries), "the hub holds packets the station does not know"
    assert not list(hub.hub.partial_dir.iterdir()), "a partial upload was left behind"


def sync_until_done(station: Station, runs: int = 5) -> list:
    reports = []
    for _ in range(runs):
        report = station.sync.sync_now(pull=False)
        reports.append(report)
        if not report.failed and station.sync.summary().waiting == 0:
            break
    return reports


def test_clean_sync_sends_everything_once_and_again_sends_nothing(registered: Station, local_hub: LocalHub) -> None:
    add_enrolments(registered, 4)
    first = registered.sync.sync_now(pull=False)
    assert len(first.sent) == 4 and not first.failed
    second = registered.sync.sync_now(pull=False)
    assert second.sent == () and second.bytes_sent == 0
    assert_consistent(registered, local_hub)


def test_dropped_connections_are_retried(registered: Station, local_hub: LocalHub, proxy: FaultProxy) -> None:
    add_enrolments(registered, 3)
    proxy.disconnect_all()  # force new connections, which the proxy then drops
    proxy.drop_connections(3)
    sync_until_done(registered)
    assert proxy.counters.dropped == 3
    assert_consistent(registered, local_hub)


def test_5xx_answers_are_retried(registered: Station, local_hub: LocalHub, proxy: FaultProxy) -> None:
    add_enrolments(registered, 3)
    proxy.fail_requests(4, status=503)
    sync_until_done(registered)
    assert proxy.counters.answered_5xx == 4
    assert_consistent(registered, local_hub)


def test_delays_do_not_duplicate(make_station, local_hub: LocalHub, proxy: FaultProxy) -> None:
    station = make_station(concurrency=3)
    assert local_hub.hub is not None
    station.sync.register(proxy.url, local_hub.hub.invite("SITE"))
    add_enrolments(station, 5)
    proxy.latency_s = 0.01
    report = station.sync.sync_now(pull=False)
    assert len(report.sent) == 5
    assert_consistent(station, local_hub)


def test_cut_in_the_middle_of_a_chunk_resumes_from_the_hub_offset(registered: Station, local_hub: LocalHub,
                                                                  proxy: FaultProxy) -> None:
    add_enrolments(registered, 1, record_size=200_000)
    chunk = registered.sync.settings.chunk_size
    proxy.cut_after(5 * chunk + chunk // 2)  # half-way through the sixth chunk (plus request headers before)
    report = registered.sync.sync_now(pull=False)
    assert len(report.sent) == 1 and proxy.counters.cuts == 1
    assert 0 < report.bytes_resent <= chunk, "only the chunk in flight is sent again"
    size = report.sent[0].size
    assert report.bytes_sent == size
    assert proxy.counters.bytes_up < size + 2 * chunk + 20_000
    assert_consistent(registered, local_hub)


def test_hub_restart_in_the_middle_of_a_sync(registered: Station, local_hub: LocalHub, proxy: FaultProxy) -> None:
    add_enrolments(registered, 6, record_size=120_000)
    restarted = threading.Event()
    seen: list[int] = []

    def progress(p) -> None:
        seen.append(p.bytes_done)
        if not restarted.is_set() and p.bytes_done > 200_000:
            restarted.set()
            local_hub.stop()
            local_hub.start()

    registered.sync.sync_now(progress, pull=False)
    assert restarted.is_set()
    sync_until_done(registered)
    assert_consistent(registered, local_hub)


def test_hub_down_keeps_everything_queued_with_backoff(registered: Station, local_hub: LocalHub,
                                                       proxy: FaultProxy) -> None:
    add_enrolments(registered, 2)
    local_hub.stop()
    report = registered.sync.sync_now(pull=False)
    assert len(report.failed) == 2 and report.failed[0].error["kind"] == "unreachable"
    with registered.db.session() as session:
        entries = session.scalars(select(OutboxEntry)).all()
    for entry in entries:
        assert entry.state == OutboxState.QUEUED and entry.attempts == 1
        assert entry.next_attempt_at is not None and "unreachable" in (entry.last_error or "")
    assert registered.sync.sync_now(pull=False, respect_backoff=True).failed == ()  # not due yet: nothing tried
    local_hub.start()
    assert len(registered.sync.sync_now(pull=False).sent) == 2
    assert_consistent(registered, local_hub)


def test_statuses_flow_back_to_the_applicant_queue(registered: Station, local_hub: LocalHub) -> None:
    assert local_hub.hub is not None
    uuids = add_enrolments(registered, 3)
    report = registered.sync.sync_now(pull=False)
    packets = {r.enrolment_uuid: r.packet_uuid for r in report.sent}
    local_hub.hub.set_status(packets[uuids[0]], "print_ready")
    local_hub.hub.set_status(packets[uuids[1]], "duplicate")
    local_hub.hub.set_status(packets[uuids[2]], "enroll_failure_at_central")
    assert registered.sync.poll_statuses() == 3
    with registered.db.session() as session:
        statuses = {e.uuid: e.status for e in session.scalars(select(Enrolment))}
        confirmed = {e.packet_uuid: e.confirmed_at for e in session.scalars(select(OutboxEntry))}
    assert statuses[uuids[0]] == EnrolmentStatus.PRINT_READY_RECORD
    assert statuses[uuids[1]] == EnrolmentStatus.DUPLICATE_RECORD
    assert statuses[uuids[2]] == EnrolmentStatus.ENROLL_FAILURE_AT_CENTRAL
    assert confirmed[packets[uuids[0]]] is not None and confirmed[packets[uuids[2]]] is None
    assert registered.sync.sync_now(pull=False).needs_action == 2
    with registered.db.session() as session:
        site_id = session.scalars(select(Site.id).where(Site.name == SYNTHETIC_SITE)).one()
    queue = {row.enrolment_uuid: row for row in registered.applicants.queue_rows(site_id)}
    assert queue[uuids[0]].state == QueueState.SENT
    assert queue[uuids[1]].state == queue[uuids[2]].state == QueueState.FAILED
    assert "duplicate" in queue[uuids[1]].detail


def test_retention_deletes_confirmed_packets_but_keeps_metadata(make_station, local_hub: LocalHub,
                                                               proxy: FaultProxy) -> None:
    assert local_hub.hub is not None
    station = make_station(retention_days=0)
    station.sync.register(proxy.url, local_hub.hub.invite("SITE"))
    uuids = add_enrolments(station, 2)
    report = station.sync.sync_now(pull=False)
    packets = {r.enrolment_uuid: r.packet_uuid for r in report.sent}
    local_hub.hub.set_status(packets[uuids[0]], "print_ready")
    second = station.sync.sync_now(pull=False)
    assert second.retention_deleted == 1
    with station.db.session() as session:
        entries = {e.packet_uuid: e for e in session.scalars(select(OutboxEntry))}
    kept, gone = entries[packets[uuids[1]]], entries[packets[uuids[0]]]
    assert gone.packet_ref is None and gone.packet_deleted_at is not None and gone.packet_sha256
    assert kept.packet_ref is not None and station.blobs.exists(kept.packet_ref)


def test_unapproved_records_wait_for_the_supervisor(make_station, local_hub: LocalHub, proxy: FaultProxy) -> None:
    assert local_hub.hub is not None
    station = make_station(require_approval=True)
    station.sync.register(proxy.url, local_hub.hub.invite("SITE"))
    add_synthetic_enrolment(station.db, station.blobs, serial=1, approved=False)
    add_synthetic_enrolment(station.db, station.blobs, serial=2, approved=True)
    report = station.sync.sync_now(pull=False)
    assert len(report.sent) == 1 and report.awaiting_approval == 1


@pytest.mark.parametrize("concurrency", [1, 4])
def test_oldest_first_and_concurrency(make_station, local_hub: LocalHub, proxy: FaultProxy,
                                      concurrency: int) -> None:
    assert local_hub.hub is not None
    station = make_station(concurrency=concurrency)
    station.sync.register(proxy.url, local_hub.hub.invite("SITE"))
    uuids = add_enrolments(station, 6)
    report = station.sync.sync_now(pull=False)
    assert [r.enrolment_uuid for r in report.sent] == uuids
    if concurrency == 1:
        order = [p["packet_uuid"] for p in local_hub.hub.list_packets()]
        assert order == [r.packet_uuid for r in report.sent]
    assert_consistent(station, local_hub)


def test_one_broken_record_does_not_stop_the_others(make_station, local_hub: LocalHub, proxy: FaultProxy) -> None:
    """A record that vanished before sealing and a packet damaged on disk fail alone; the rest go."""
    assert local_hub.hub is not None
    station = make_station()
    uuids = add_enrolments(station, 3)
    with station.db.session() as session:
        lost = session.scalars(select(Enrolment).where(Enrolment.uuid == uuids[0])).one()
        station.blobs.delete(lost.record_ref or "")
    station.sync.register(proxy.url, local_hub.hub.invite("SITE"))  # seals what it can; the lost one stays
    with station.db.session() as session:
        damaged = session.scalars(select(OutboxEntry).join(Enrolment).where(Enrolment.uuid == uuids[1])).one()
    (station.blobs.root / (damaged.packet_ref or "")).write_bytes(b"damaged")
    report = station.sync.sync_now(pull=False)
    assert [r.enrolment_uuid for r in report.sent] == [uuids[2]]
    assert [r.enrolment_uuid for r in report.failed] == [uuids[1]]
    assert report.failed[0].error["code"] == "local_corruption"
    assert [e["enrolment_uuid"] for e in report.errors] == [uuids[0]]
    with station.db.session() as session:
        states = {e.enrolment.uuid: e.state for e in session.scalars(select(OutboxEntry))}
    assert states == {uuids[0]: OutboxState.QUEUED, uuids[1]: OutboxState.FAILED, uuids[2]: OutboxState.SENT}


def test_several_stations_send_at_once(make_station, local_hub: LocalHub, proxy: FaultProxy, tmp_path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Three stations (own homes, own keys) upload concurrently; the hub keeps each packet once."""
    assert local_hub.hub is not None
    stations = []
    for number in range(3):
        monkeypatch.setenv("STATION_HOME", str(tmp_path / f"station-{number}"))
        station = make_station(concurrency=2)
        station.sync.register(proxy.url, local_hub.hub.invite(f"SITE-{number}"))
        add_enrolments(station, 3, first=10 * number)
        stations.append(station)
    proxy.fail_requests(2)
    reports: dict[int, object] = {}
    threads = [threading.Thread(target=lambda i=i, s=s: reports.__setitem__(i, sync_until_done(s)))
               for i, s in enumerate(stations)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(reports) == 3
    held = local_hub.hub.list_packets()
    assert len(held) == 9 and len({p["station_id"] for p in held}) == 3
    for station in stations:
        with station.db.session() as session:
            entries = session.scalars(select(OutboxEntry)).all()
        assert all(e.state == OutboxState.SENT for e in entries)
        assert {e.packet_uuid for e in entries} <= {p["packet_uuid"] for p in held}
