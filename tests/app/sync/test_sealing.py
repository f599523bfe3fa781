"""Sealing: queued before registration, sealed at registration, and the stolen-laptop test."""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select

from app.bootstrap import Station
from app.storage.models import Capture, Enrolment, OutboxEntry
from app.sync import state
from app.sync.keys import STATION_KEY_FILE, STATION_KEY_STATE, load_or_create_station_key, station_public_b64
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
    assert summary.registered is False and summary.unsealed == 1


def test_stolen_laptop_has_no_plaintext_images_after_sealing(make_station, local_hub: LocalHub,
                                                             proxy: FaultProxy) -> None:
    assert local_hub.hub is not None
    station: Station = make_station()
    before = [add_synthetic_enrolment(station.db, station.blobs, serial=i, record_size=30_000) for i in range(2)]
    data_dir = station.config.paths.data_dir
    assert files_containing(data_dir, IMAGE_MARKER) == []  # encrypted at rest even before sealing
    with station.db.session() as session:
        records = [station.blobs.get(e.record_ref) for e in session.scalars(select(Enrolment)) if e.record_ref]
        images = [station.blobs.get(c.image_ref) for c in session.scalars(select(Capture)) if c.image_ref]
    assert images and all(IMAGE_MARKER in image for image in images)  # they are there, and open when logged in

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


def test_station_key_lives_in_the_encrypted_database_and_a_legacy_pem_moves_in(make_station) -> None:
    station: Station = make_station()
    key = station.sync.station_key
    assert not (station.config.paths.data_dir / "keys" / STATION_KEY_FILE).exists()
    assert station_public_b64(load_or_create_station_key(station.db)) == station_public_b64(key)
    legacy_dir = station.config.paths.data_dir / "old-keys"
    legacy_dir.mkdir()
    other = Ed25519PrivateKey.generate()
    (legacy_dir / STATION_KEY_FILE).write_bytes(other.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    state.put_json(station.db, STATION_KEY_STATE, None)  # as release 0.1.0 left it: only the file
    assert station_public_b64(load_or_create_station_key(station.db, legacy_dir)) == station_public_b64(other)
    assert not (legacy_dir / STATION_KEY_FILE).exists()  # wiped once inside


def test_interrupted_deletion_is_finished_later(make_station) -> None:
    station: Station = make_station()
    uuid = add_synthetic_enrolment(station.db, station.blobs, serial=3)
    with station.db.session() as session:  # as if the power went out right after sealing was recorded
        enrolment = session.scalars(select(Enrolment).where(Enrolment.uuid == uuid)).one()
        enrolment.sealed = True
        refs = [enrolment.record_ref, *(c.image_ref for c in enrolment.captures)]
    assert purge_sealed_plaintext(station.db, station.blobs) == len(refs)
    assert not any(station.blobs.exists(ref) for ref in refs if ref)
