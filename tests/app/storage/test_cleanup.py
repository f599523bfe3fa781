"""Clean after a crash: at start, files no committed row references are wiped; referenced files never are."""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from app.bootstrap import Station, build_station
from app.config import StationConfig, from_mapping
from app.domain.enums import EnrolmentStatus
from app.paths import StationPaths
from app.storage.cleanup import StationProcessLock, referenced_blobs, remove_unreferenced_files, wipe_file
from app.storage.models import Enrolment, OutboxEntry
from app.sync.synthetic import add_synthetic_enrolment
from tests.support.station import unlocked_station

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "datadir-0.1.0"


def files_under(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()}


def leave_crash_debris(station: Station) -> list[Path]:
    """What a kill between writing and committing leaves: blobs of every kind and atomic-write temp files."""
    refs = [station.blobs.put(b"\x89PNG orphan finger", "finger", ".png"),
            station.blobs.put(b"\xff\xd8\xff orphan face", "face", ".jpg"),
            station.blobs.put(b"orphan record", "record", ".an2"),
            station.blobs.put(b"orphan packet", "packet", ".pkt")]
    paths = [station.blobs.root / ref for ref in refs]
    data_dir = station.config.paths.data_dir
    for temp in (station.blobs.root / "packet" / ".abc.pkt.k2j3h4.tmp", data_dir / "keys" / ".station.pem.x1y2.tmp"):
        temp.parent.mkdir(parents=True, exist_ok=True)
        temp.write_bytes(b"half-written bytes")
        paths.append(temp)
    return paths


def restart(config: StationConfig) -> Station:
    """The station started again and unlocked: the clean-up runs when the data opens at the first log-in."""
    return unlocked_station(config)


def test_orphans_go_and_every_referenced_file_stays(station: Station, caplog: pytest.LogCaptureFixture) -> None:
    saved = add_synthetic_enrolment(station.db, station.blobs, serial=1)  # queued: record, captures, outbox
    draft = add_synthetic_enrolment(station.db, station.blobs, serial=2, approved=False)
    with station.db.session() as session:
        enrolment = session.scalars(select(Enrolment).where(Enrolment.uuid == draft)).one()
        enrolment.status = EnrolmentStatus.DRAFT
        entry = session.scalars(select(OutboxEntry).where(OutboxEntry.enrolment_id == enrolment.id)).one()
        session.delete(entry)
    packet_ref = station.blobs.put(b"sealed packet waiting to go", "packet", ".pkt")
    with station.db.session() as session:
        entry = session.scalars(select(OutboxEntry).join(Enrolment).where(Enrolment.uuid == saved)).one()
        entry.packet_ref = packet_ref
    referenced = referenced_blobs(station.db)
    assert len(referenced) == 13  # 2 x (record + 5 captures) + 1 packet
    debris = leave_crash_debris(station)
    config = station.config
    station.close()

    with caplog.at_level(logging.INFO, logger="app.storage.cleanup"):
        again = restart(config)
    try:
        left = files_under(again.blobs.root)
        assert left == referenced
        assert not any(path.exists() for path in debris)
        messages = " ".join(r.getMessage() for r in caplog.records if r.name == "app.storage.cleanup")
        assert "removed 4 unreferenced files and 2 unfinished temp files" in messages
        assert not any(Path(p).stem in messages for p in referenced)  # counts only, never names
        assert "orphan" not in messages and ".tmp" not in messages
        assert again.enrolments.record_bytes(saved)  # the saved enrolment's record is still readable
    finally:
        again.close()


def test_wiped_files_are_overwritten_before_they_go(station: Station, tmp_path: Path) -> None:
    ref = station.blobs.put(b"\xff\xd8\xff sensitive face bytes", "face", ".jpg")
    witness = tmp_path / "same-inode"
    os.link(station.blobs.root / ref, witness)  # a second name for the same bytes on disk
    size = witness.stat().st_size  # the sealed file: longer than what was put
    config = station.config
    station.close()
    restart(config).close()
    assert not (config.paths.blob_dir / ref).exists()
    assert witness.read_bytes() == b"\0" * size


def test_wipe_file_of_a_missing_file_is_harmless(tmp_path: Path) -> None:
    wipe_file(tmp_path / "gone")


def test_other_files_in_the_data_folder_are_left_alone(station: Station) -> None:
    data_dir = station.config.paths.data_dir
    (data_dir / "keys").mkdir(exist_ok=True)
    (data_dir / "keys" / "station.pem").write_bytes(b"key")
    (station.blobs.root / "handover").mkdir(parents=True)
    (station.blobs.root / "handover" / "bundle.bin").write_bytes(b"another feature's files")
    (data_dir / "notes.tmp").write_bytes(b"not an atomic-write temp name")
    (station.blobs.root / "finger").mkdir(parents=True, exist_ok=True)
    (station.blobs.root / "finger" / ".0a1b.png.sealing").write_bytes(b"another step's work in progress")
    config = station.config
    station.close()
    before = files_under(data_dir)
    restart(config).close()
    after = files_under(data_dir)
    assert before - after == set()


def test_no_clean_up_while_another_station_process_holds_the_folder(station: Station) -> None:
    orphan = station.blobs.put(b"being saved by the other process", "finger", ".png")
    other = restart(station.config)  # the fixture's station is still running: its save may be in flight
    try:
        assert (station.blobs.root / orphan).exists()
    finally:
        other.close()
    config = station.config
    station.close()
    restart(config).close()  # alone now
    assert not (config.paths.blob_dir / orphan).exists()


def test_the_lock_is_shared_while_running_and_exclusive_for_clean_up(tmp_path: Path) -> None:
    first, second = StationProcessLock(tmp_path), StationProcessLock(tmp_path)
    try:
        assert first.acquire_for_cleanup()
        assert not second.acquire_for_cleanup()
        first.hold_shared()
        second.hold_shared()  # two running stations share the folder
        third = StationProcessLock(tmp_path)
        assert not third.acquire_for_cleanup()
        third.release()
    finally:
        first.release()
        second.release()
    alone = StationProcessLock(tmp_path)
    try:
        assert alone.acquire_for_cleanup()
    finally:
        alone.release()


def test_an_upgraded_0_1_0_station_keeps_every_file_it_references(tmp_path: Path) -> None:
    home = tmp_path / "upgraded"
    shutil.copytree(FIXTURE, home)
    paths = StationPaths(home / "config", home / "data", home / "logs")
    before = files_under(paths.blob_dir)
    orphan = paths.blob_dir / "iris" / "0123456789abcdef0123456789abcdef.png"
    orphan.write_bytes(b"\x89PNG left by a kill")
    station = build_station(from_mapping({}, paths), log_to_file=False)
    try:
        station.operators.authenticate("sup1", "rahasia-supervisor-1")  # the release's supervisor: upgrade, then clean-up
        assert files_under(paths.blob_dir) == before == referenced_blobs(station.db)
    finally:
        station.close()


def test_clean_up_reports_counts(station: Station) -> None:
    debris = leave_crash_debris(station)
    report = remove_unreferenced_files(station.db, station.blobs, station.config.paths.data_dir)
    assert (report.blobs_removed, report.temp_files_removed, report.removed) == (4, 2, 6)
    assert not any(p.exists() for p in debris)


def test_a_purge_of_sealed_plaintext_cut_short_is_finished_at_start(station: Station) -> None:
    uuid = add_synthetic_enrolment(station.db, station.blobs, serial=3)
    with station.db.session() as session:  # sealed, but the kill came before its plaintext was deleted
        enrolment = session.scalars(select(Enrolment).where(Enrolment.uuid == uuid)).one()
        enrolment.sealed = True
        plaintext = [enrolment.record_ref, *(c.image_ref for c in enrolment.captures)]
    config = station.config
    station.close()
    restart(config).close()
    assert not any((config.paths.blob_dir / ref).exists() for ref in plaintext if ref)
