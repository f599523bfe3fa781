"""Hand-over on removable media: station export -> office import (real hub) -> receipt back at the station."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.bootstrap import Station
from app.domain.enums import CentralStatus, EnrolmentStatus, OutboxState
from app.sync.handover_format import MANIFEST_FILE, RECEIPT_FILE
from app.sync.last_sync import last_successful_sync
from app.sync.synthetic import add_synthetic_enrolment
from server.local import LocalHub
from tests.app.sync.handover_support import assert_stored_once, hub_import, hub_packets, outbox_entries
from tests.support.cli import station_cli


def add(station: Station, count: int, first: int = 0) -> list[str]:
    return [add_synthetic_enrolment(station.db, station.blobs, serial=first + i, record_size=20_000)
            for i in range(count)]


def export(folder: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict]:
    capsys.readouterr()
    code = station_cli("handover", "export", str(folder), "--json")
    return code, json.loads(capsys.readouterr().out)


def test_export_import_receipt_round_trip(registered: Station, local_hub: LocalHub, tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    add(registered, 3)
    stick = tmp_path / "stick"
    code, report = export(stick, capsys)
    assert code == 0 and len(report["packets"]) == 3 and report["copied"] == 3
    for item in report["packets"]:
        assert (stick / item["file"]).stat().st_size == item["size"]
    entries = outbox_entries(registered)
    assert all(e.handed_over_at is not None and e.state == OutboxState.QUEUED for e in entries.values())
    summary = registered.sync.summary()
    assert summary.waiting == 3 and summary.handed_over == 3 and summary.sent == 0  # still queued

    code, imported = hub_import(local_hub, stick, capsys)
    assert code == 0 and imported["stored"] == 3 and imported["ok"]
    assert (stick / RECEIPT_FILE).exists()
    assert_stored_once(registered, local_hub)

    capsys.readouterr()
    assert station_cli("handover", "receipt", str(stick), "--json") == 0
    receipt = json.loads(capsys.readouterr().out)
    assert len(receipt["received"]) == 3 and receipt["ok"]
    for entry in outbox_entries(registered).values():
        assert entry.state == OutboxState.SENT and entry.central_status == CentralStatus.RECEIVED
        assert entry.enrolment.status == EnrolmentStatus.SENT_FOR_ENROLLMENT
    assert last_successful_sync(registered.db) is not None
    # The station's later sync sends nothing again: the hub answers "already held" without a byte.
    report_sync = registered.sync.sync_now(pull=False)
    assert report_sync.sent == () and report_sync.bytes_sent == 0
    assert_stored_once(registered, local_hub)


def test_imported_packet_uploaded_later_gets_already_received(registered: Station, local_hub: LocalHub,
                                                              tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    add(registered, 2)
    stick = tmp_path / "stick"
    export(stick, capsys)
    assert hub_import(local_hub, stick, capsys)[1]["stored"] == 2
    sync = registered.sync.sync_now(pull=False)  # no receipt read: the station uploads them again
    assert len(sync.sent) == 2 and sync.bytes_sent == 0  # answered with the original receipts, no bytes resent
    assert_stored_once(registered, local_hub)
    assert len(hub_packets(local_hub)) == 2


def test_uploaded_then_imported_is_stored_once(registered: Station, local_hub: LocalHub, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    add(registered, 2)
    stick = tmp_path / "stick"
    export(stick, capsys)
    registered.sync.sync_now(pull=False)
    code, imported = hub_import(local_hub, stick, capsys)
    assert code == 0 and imported["already_received"] == 2 and imported["stored"] == 0
    assert_stored_once(registered, local_hub)


def test_partly_uploaded_packet_is_handed_over_and_completed_by_import(
        registered: Station, local_hub: LocalHub, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from app.sync import outbox

    add(registered, 1)
    registered.sync.seal_pending()
    due = outbox.due_packets(registered.db, require_approval=False, respect_backoff=False)[0]
    data = registered.blobs.get(due.packet_ref)
    with registered.sync.client() as client:  # the signal died after the first chunk
        client.begin_upload(due.packet_uuid, due.sha256, due.size)
        client.put_chunk(due.packet_uuid, 0, data[:5000])
    outbox.mark_uploading(registered.db, due.entry_id)
    stick = tmp_path / "stick"
    code, report = export(stick, capsys)
    assert code == 0 and [p["packet_uuid"] for p in report["packets"]] == [due.packet_uuid]
    code, imported = hub_import(local_hub, stick, capsys)
    assert code == 0 and imported["stored"] == 1
    assert_stored_once(registered, local_hub)


def test_hub_status_in_receipt_reaches_the_station_and_retention(registered: Station, local_hub: LocalHub,
                                                                 tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    add(registered, 1)
    stick = tmp_path / "stick"
    export(stick, capsys)
    registered.sync.sync_now(pull=False)
    packet_uuid = next(iter(outbox_entries(registered)))
    assert local_hub.hub is not None
    local_hub.hub.set_status(packet_uuid, "print_ready")
    hub_import(local_hub, stick, capsys)
    assert station_cli("handover", "receipt", str(stick)) == 0
    entry = outbox_entries(registered)[packet_uuid]
    assert entry.central_status == CentralStatus.PRINT_READY and entry.confirmed_at is not None
    assert entry.enrolment.status == EnrolmentStatus.PRINT_READY_RECORD


def test_manifest_lists_uuids_sizes_hashes_and_is_signed(registered: Station, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    add(registered, 2)
    stick = tmp_path / "stick"
    export(stick, capsys)
    document = json.loads((stick / MANIFEST_FILE).read_text())
    body = document["body"]
    assert body["station_code"] == registered.config.identity.station_code and body["created_at"]
    assert {p["packet_uuid"] for p in body["packets"]} == set(outbox_entries(registered))
    assert all(len(p["sha256"]) == 64 and p["size"] > 0 for p in body["packets"])
    assert document["signature"]


def test_with_the_hub_unreachable_the_receipt_lifts_the_registration_freeze(
        registered: Station, local_hub: LocalHub, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import datetime as dt

    from app.timezones import utc_now

    add(registered, 2)
    local_hub.stop()  # no network from here on: only the stick travels
    assert not registered.sync.sync_now(pull=False).ok
    six_days_on = utc_now() + dt.timedelta(days=6)
    assert [b.code for b in registered.build_limits(clock=lambda: six_days_on).check().breaches] == ["sync_age"]
    stick = tmp_path / "stick"
    assert export(stick, capsys)[0] == 0
    assert hub_import(local_hub, stick, capsys)[0] == 0  # the office's command works on the hub's files
    assert station_cli("handover", "receipt", str(stick)) == 0
    received = last_successful_sync(registered.db)
    assert received is not None
    assert registered.build_limits(clock=lambda: received + dt.timedelta(days=4)).check().breaches == ()
    assert all(e.state == OutboxState.SENT for e in outbox_entries(registered).values())
