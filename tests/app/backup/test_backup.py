"""Backup and restore with real files, a real hub on loopback and a second station home as the replacement laptop."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.bootstrap import Station, build_station
from app.config import load_config
from app.domain.enums import EnrolmentStatus
from app.storage.models import Enrolment, OutboxEntry
from app.sync.synthetic import add_synthetic_enrolment
from server.cli import main as hub_main
from server.local import LocalHub
from tests.app.sync.stick import Stick
from tests.support.cli import station_cli


def add(station: Station, count: int, first: int = 0) -> list[str]:
    return [add_synthetic_enrolment(station.db, station.blobs, serial=first + i, record_size=20_000)
            for i in range(count)]


def add_draft(station: Station, serial: int) -> str:
    """A draft still being recorded: plaintext images in the blob store, no outbox entry."""
    uuid = add_synthetic_enrolment(station.db, station.blobs, serial=serial, record_size=10_000, approved=False)
    with station.db.session() as session:
        enrolment = session.scalars(select(Enrolment).where(Enrolment.uuid == uuid)).one()
        session.delete(session.scalars(select(OutboxEntry).where(OutboxEntry.enrolment_id == enrolment.id)).one())
        enrolment.status = EnrolmentStatus.DRAFT
    return uuid


def snapshot(station: Station) -> dict[str, tuple]:
    """What must come back: each enrolment's status, outbox state and the bytes of every blob it refers to."""
    with station.db.session() as session:
        rows = session.scalars(select(Enrolment).options(selectinload(Enrolment.captures),
                                                          selectinload(Enrolment.outbox_entry))).all()
        result = {}
        for e in rows:
            refs = [r for r in [e.record_ref, *(c.image_ref for c in e.captures),
                                e.outbox_entry.packet_ref if e.outbox_entry else None] if r]
            result[e.uuid] = (e.status, e.outbox_entry.state if e.outbox_entry else None,
                              tuple(station.blobs.get(r) for r in sorted(refs)))
    return result


def recovery_key(hub: LocalHub, folder: Path, capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    assert hub_main(["backup", "recovery-key", str(folder), "--json", "--db", hub.db_url,
                     "--data", str(hub.data_dir)]) == 0
    return json.loads(capsys.readouterr().out)["recovery_key"]


def create(folder: Path, capsys: pytest.CaptureFixture[str]) -> dict:
    capsys.readouterr()
    assert station_cli("backup", "create", str(folder), "--json") == 0
    return json.loads(capsys.readouterr().out)


def replacement_laptop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "replacement-laptop"
    monkeypatch.setenv("STATION_HOME", str(home))
    return home


def test_restore_on_a_replacement_laptop_with_the_office_key(
        registered: Station, local_hub: LocalHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    add(registered, 3)
    registered.sync.seal_pending()
    add(registered, 1, first=10)  # one saved, not sealed yet
    add_draft(registered, 20)
    before = snapshot(registered)
    key_file = registered.config.paths.data_dir / "keys" / "station_ed25519.pem"
    original_key = key_file.read_bytes()
    registration = registered.sync.registration
    folder = tmp_path / "backup-stick"
    report = create(folder, capsys)
    assert report["enrolments"] == 5 and report["drafts"] == 1 and report["office_recovery"]
    registered.close()

    key = recovery_key(local_hub, folder, capsys)
    replacement_laptop(tmp_path, monkeypatch)
    capsys.readouterr()
    recovery_file = tmp_path / "recovery-key.txt"  # as the supervisor got it from the office
    recovery_file.write_text(key + "\n")
    assert station_cli("backup", "restore", str(folder), "--recovery-key-file", str(recovery_file), "--json") == 0
    restored_report = json.loads(capsys.readouterr().out)
    assert restored_report["enrolments"] == 5 and restored_report["drafts"] == 1
    restored = build_station(load_config(), log_to_file=False)
    try:
        assert restored.config.identity.station_code == registered.config.identity.station_code
        assert (restored.config.paths.data_dir / "keys" / "station_ed25519.pem").read_bytes() == original_key
        assert restored.sync.registration == registration
        assert snapshot(restored) == before
        # The restored station carries on: the backup set opens with its own keys now, and it can still send.
        assert restored.sync.sync_now(pull=False).ok
    finally:
        restored.close()


def test_backups_are_incremental_and_each_lists_everything(registered: Station, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    add(registered, 2)
    folder = tmp_path / "backup-stick"
    first = create(folder, capsys)
    assert first["blobs_written"] == first["blobs"] == 12  # 5 images + 1 record per enrolment
    again = create(folder, capsys)
    assert again["blobs_written"] == 0 and again["blobs"] == 12
    add(registered, 1, first=5)
    third = create(folder, capsys)
    assert third["blobs_written"] == 6 and third["blobs"] == 18
    assert third["bytes_written"] < first["bytes_written"]
    manifests = sorted((folder / "backups").glob("*.json"))
    assert len(manifests) == 3
    assert len(json.loads(manifests[-1].read_text())["body"]["blobs"]) == 18


def test_station_path_restores_on_the_same_laptop_and_is_refused_elsewhere(
        registered: Station, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    add(registered, 2)
    before = snapshot(registered)
    folder = tmp_path / "backup-stick"
    create(folder, capsys)
    add(registered, 1, first=9)  # made after the backup: gone after restoring it
    capsys.readouterr()
    assert station_cli("backup", "restore", str(folder)) == 2
    err = capsys.readouterr().err
    assert "sudah berisi" in err and "already holds" in err
    assert station_cli("backup", "restore", str(folder), "--replace") == 0
    registered.close()
    again = build_station(load_config(), log_to_file=False)
    try:
        assert snapshot(again) == before
    finally:
        again.close()
    replacement_laptop(tmp_path, monkeypatch)
    capsys.readouterr()
    assert station_cli("backup", "restore", str(folder)) == 2
    err = capsys.readouterr().err
    assert "kunci pemulihan" in err and "recovery key" in err


def test_wrong_recovery_key_and_altered_backup_are_refused_and_nothing_is_written(
        registered: Station, local_hub: LocalHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    from app.backup_format import SetKey, format_recovery_key

    add(registered, 1)
    folder = tmp_path / "backup-stick"
    create(folder, capsys)
    key = recovery_key(local_hub, folder, capsys)
    home = replacement_laptop(tmp_path, monkeypatch)
    capsys.readouterr()
    assert station_cli("backup", "restore", str(folder), "--recovery-key-stdin",
                       stdin=format_recovery_key(SetKey.generate())) == 2
    assert "bukan untuk cadangan" in capsys.readouterr().err
    assert station_cli("backup", "restore", str(folder), "--recovery-key-stdin", stdin="ABCD-EFGH") == 2
    assert "salah ketik" in capsys.readouterr().err
    assert station_cli("backup", "restore", str(folder), "--recovery-key-file", str(tmp_path / "nope.txt")) == 2
    assert "tidak dapat dibaca" in capsys.readouterr().err
    victim = sorted((folder / "objects").iterdir())[0]
    data = bytearray(victim.read_bytes())
    data[-1] ^= 0xFF
    victim.write_bytes(bytes(data))
    assert station_cli("backup", "restore", str(folder), "--recovery-key-stdin", stdin=key) == 2
    err = capsys.readouterr().err
    assert "rusak atau diubah" in err and "damaged or altered" in err
    assert not (home / "data" / "keys" / "station_ed25519.pem").exists() or not any(
        (home / "data" / "blobs").rglob("*.png"))


def test_full_stick_during_backup_leaves_no_manifest(registered: Station, stick: Stick,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    add(registered, 4)
    stick.mount(64)
    capsys.readouterr()
    assert station_cli("backup", "create", str(stick.path)) == 2
    err = capsys.readouterr().err
    assert "penuh" in err and "full" in err
    assert not list((stick.path / "backups").glob("*.json"))
    stick.grow(4096)
    assert station_cli("backup", "create", str(stick.path)) == 0
    assert len(list((stick.path / "backups").glob("*.json"))) == 1


def test_another_stations_backup_folder_is_refused(registered: Station, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "backup-stick"
    create(folder, capsys)
    document = json.loads((folder / "ektp-backup.json").read_text())
    document["station_code"] = "9999-99"
    (folder / "ektp-backup.json").write_text(json.dumps(document))
    capsys.readouterr()
    assert station_cli("backup", "create", str(folder)) == 2
    assert "stasiun lain" in capsys.readouterr().err


def test_stick_pulled_or_read_only_during_backup_then_completed(
        registered: Station, stick: Stick, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.app.sync.stick import pull_after

    add(registered, 2)
    stick.mount(4096)
    stick.set_read_only(True)
    capsys.readouterr()
    assert station_cli("backup", "create", str(stick.path)) == 2
    assert "tidak dapat ditulisi" in capsys.readouterr().err
    stick.set_read_only(False)
    plug_back = pull_after(monkeypatch, files=4)  # the set file and three objects go, then the stick is pulled
    assert station_cli("backup", "create", str(stick.path)) == 2
    err = capsys.readouterr().err
    assert "terlepas" in err and "pulled out" in err
    assert not list((stick.path / "backups").glob("*.json"))
    assert not list(stick.path.rglob(".part-*"))
    plug_back()
    report = create(stick.path, capsys)
    assert report["blobs"] == 12 and report["blobs_written"] == 12  # an unlisted object is written again


def test_restore_list_shows_every_backup_of_the_set(registered: Station, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    add(registered, 1)
    folder = tmp_path / "backup-stick"
    first = create(folder, capsys)
    add_draft(registered, 7)
    second = create(folder, capsys)
    assert station_cli("backup", "restore", str(folder), "--list", "--json") == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["backup_id"] for r in rows] == [first["backup_id"], second["backup_id"]]
    assert [(r["enrolments"], r["drafts"]) for r in rows] == [(1, 0), (2, 1)]
