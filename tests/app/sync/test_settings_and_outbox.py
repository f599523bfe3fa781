"""[sync] settings and the outbox's backoff, ordering and state changes."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import select

from app.bootstrap import Station
from app.config import from_mapping
from app.domain.enums import OutboxState
from app.errors import ConfigError
from app.paths import StationPaths
from app.storage.models import OutboxEntry
from app.sync import outbox
from app.sync.errors import SyncError, SyncErrorKind
from app.sync.settings import SyncSettings


def settings(**table: object) -> SyncSettings:
    paths = StationPaths.default()
    return SyncSettings.from_config(from_mapping({"sync": table}, paths))


def test_defaults() -> None:
    value = settings()
    assert value.concurrency == 2 and value.auto_send and value.require_approval and value.retention_days == 30


@pytest.mark.parametrize("table", [{"concurrency": 0}, {"chunk_size": 10}, {"auto_send": "yes"},
                                   {"hub_url": "ftp://x"}, {"surprise": 1}, {"retention_days": "many"}])
def test_bad_values_are_config_errors(table: dict) -> None:
    with pytest.raises(ConfigError):
        settings(**table)


def test_backoff_grows_exponentially_with_jitter_and_a_cap() -> None:
    rng = random.Random(4)
    for attempts in range(1, 12):
        ceiling = min(600.0, 30.0 * 2 ** (attempts - 1))
        delays = [outbox.backoff_delay(attempts, 30.0, 600.0, rng) for _ in range(50)]
        assert all(ceiling / 2 <= d <= ceiling for d in delays)
        assert len(set(delays)) > 1


def _packetise(station: Station, count: int) -> list[int]:
    from app.sync.synthetic import add_synthetic_enrolment

    ids = []
    for serial in range(count):
        add_synthetic_enrolment(station.db, station.blobs, serial=serial)
    with station.db.session() as session:
        for number, entry in enumerate(session.scalars(select(OutboxEntry).order_by(OutboxEntry.id))):
            entry.packet_ref, entry.packet_sha256, entry.packet_size = f"packet/{number}.pkt", "0" * 64, 10
            ids.append(entry.id)
    return ids


def test_due_packets_oldest_first_and_backoff_respected(station: Station) -> None:
    ids = _packetise(station, 3)
    due = outbox.due_packets(station.db, require_approval=True, respect_backoff=True)
    assert [d.entry_id for d in due] == ids
    error = SyncError(SyncErrorKind.UNREACHABLE, "x", "x")
    outbox.mark_failed(station.db, ids[0], error, base_s=60, max_s=600)
    assert [d.entry_id for d in outbox.due_packets(station.db, require_approval=True, respect_backoff=True)] == ids[1:]
    assert [d.entry_id for d in outbox.due_packets(station.db, require_approval=True, respect_backoff=False)] == ids


def test_a_refusal_needs_a_person_and_can_be_requeued(station: Station) -> None:
    ids = _packetise(station, 1)
    outbox.mark_failed(station.db, ids[0], SyncError(SyncErrorKind.REFUSED, "ditolak", "refused", code="bad_signature"),
                       base_s=1, max_s=2)
    with station.db.session() as session:
        entry = session.get(OutboxEntry, ids[0])
        assert entry is not None and entry.state == OutboxState.FAILED and "bad_signature" in (entry.last_error or "")
        packet_uuid = entry.packet_uuid
    assert outbox.due_packets(station.db, require_approval=False, respect_backoff=False) == []
    outbox.requeue(station.db, packet_uuid)
    assert len(outbox.due_packets(station.db, require_approval=False, respect_backoff=False)) == 1
