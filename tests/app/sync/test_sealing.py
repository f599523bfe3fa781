"""Sealing: queued before registration, sealed at registration, and the stolen-laptop test."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from sqlalchemy import select

from app.bootstrap import Station
from app.storage.models import Capture, Enrolment, OutboxEntry
from app.sync.keys import STATION_KEY_FILE
from app.sync.sealing import purge_sealed_plaintext
from app.sync.synthetic import IMAGE_MARKER, add_synthetic_enrolment
from server.local import LocalHub
from server.netfaults import FaultProxy


def files_containing(root: Path, needle: bytes) -> list[Path]:
    hits = []
    for folder, _dirs, files in os.walk(root):
        for name in files:
            path = Path(folder) / name
            if needle in path.read_bytes():
                hits.append(path)
    return hits


def test_unregistered_station_keeps_packets_queued_unsealed(make_station) -> None:
    station: Station = make_station()
    uuid = add_synthetic_enrolment(station.db, station.blobs, serial=1)
    station.sync.on_saved(uuid)  # no hub key yet: nothing happens, nothing fails
    summary = station.sync.summary()
    assert summary["registered"] is False and summary["unsealed"] == 1


def test_stolen_laptop_has_no_plaintext_images_after_sealing(make_station, local_hub: LocalHub,
                                                             proxy: FaultProxy) -> None:
    assert local_hub.hub is not None
    station: Station = make_station()
    before = [add_synthetic_enrolment(station.db, station.blobs, serial=i, record_size=30_000) for i in range(2)]
    data_dir = station.config.paths.data_dir
    assert files_containing(data_dir, IMAGE_MARKER), "the synthetic images are on disk before sealing"
    with station.db.session() as session:
        records = [station.blobs.get(e.record_ref) for e in session.scalars(select(Enrolment)) if e.record_ref]

    station.sync.register(proxy.url, local_hub.hub.invite("SITE"))  # seals what was queued
    after = add_synthetic_enrolment(station.db, station.blobs, serial=9, record_size=30_000)
    station.sync.on_saved(after)  # what EnrolmentService.save calls

    station.db.dispose()  # flush SQLite's WAL into the main file before searching it
    assert files_containing(data_dir, IMAGE_MARKER) == []
    for record in records:
        assert files_containing(data_dir, record[100:164]) == []
    with station.db.session() as session:
        assert all(e.sealed and e.record_ref is None for e in session.scalars(select(Enrolment)))
        assert all(c.image_ref is None for c in session.scalars(select(Capture)))
        assert all(o.packet_ref and station.blobs.exists(o.packet_ref) for o in session.scalars(select(OutboxEntry)))
    assert len(before) == 2


def test_station_key_is_private_to_its_owner(make_station) -> None:
    station: Station = make_station()
    station.sync.station_key  # noqa: B018
    path = station.config.paths.data_dir / "keys" / STATION_KEY_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_interrupted_deletion_is_finished_later(make_station) -> None:
    station: Station = make_station()
    uuid = add_synthetic_enrolment(station.db, station.blobs, serial=3)
    with station.db.session() as session:  # as if the power went out right after sealing was recorded
        enrolment = session.scalars(select(Enrolment).where(Enrolment.uuid == uuid)).one()
        enrolment.sealed = True
        refs = [enrolment.record_ref, *(c.image_ref for c in enrolment.captures)]
    assert purge_sealed_plaintext(station.db, station.blobs) == len(refs)
    assert not any(station.blobs.exists(ref) for ref in refs if ref)
