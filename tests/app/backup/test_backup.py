"""Backup and restore with real files, a real hub on loopback and a second station home as the replacement laptop.

Stations are encrypted at rest: the one backed up is open (logged in); the replacement laptop starts empty
and, after a restore, opens only at an operator's log-in with the password they had before.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.backup_format import parse_recovery_key
from app.bootstrap import Station, build_station
from app.config import load_config
from app.domain.enums import EnrolmentStatus
from app.errors import AuthError
from app.storage.models import Enrolment, OutboxEntry
from app.sync.synthetic import add_synthetic_enrolment
from server.cli import main as hub_main
from server.local import LocalHub
from tests.app.sync.stick import Stick
from tests.support.cli import station_cli
from tests.support.station import TEST_SUPERVISOR, unlocked_station

OPERATOR = ("budi", "Budi Operator", "rahasia-budi-456")  # synthetic test account


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


def public_key(station: Station) -> str:
    from app.sync.keys import station_public_b64

    return station_public_b64(station.sync.station_key)


def nothing_stored(home: Path) -> bool:
    data = home / "data"
    return (not (data / "keyring.json").exists() and not any(data.glob("*.sqlite3*"))
            and not [p for p in (data / "blobs").rglob("*") if p.is_file()])


def test_restore_on_a_replacement_laptop_with_the_office_key(
        registered: Station, local_hub: LocalHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    registered.operators.create_operator(OPERATOR[0], OPERATOR[1], "officer", OPERATOR[2])
    add(registered, 3)
    registered.sync.seal_pending()
    add(registered, 1, first=10)  # one saved, not sealed yet
    add_draft(registered, 20)
    before = snapshot(registered)
    original_key = public_key(registered)
    registration = registered.sync.registration
    folder = tmp_path / "backup-stick"
    report = create(folder, capsys)
    assert report["enrolments"] == 5 and report["drafts"] == 1 and report["office_recovery"]
    keyring_file = (registered.config.paths.data_dir / "keyring.json").read_bytes()
    registered.close()

    key = recovery_key(local_hub, folder, capsys)
    manifest = json.loads(sorted((folder / "backups").glob("*.json"))[-1].read_text())["body"]
    objects = folder / "objects"
    database = parse_recovery_key(key).decrypt_all(manifest["database"]["object"],
                                                   (objects / manifest["database"]["object"]).read_bytes())
    assert len(database) == manifest["database"]["plain_size"]
    assert not database.startswith(b"SQLite format 3\x00")  # the snapshot stays SQLCipher inside the set
    assert (objects / manifest["keyring"]["object"]).read_bytes() == keyring_file
    home = replacement_laptop(tmp_path, monkeypatch)
    capsys.readouterr()
    recovery_file = tmp_path / "recovery-key.txt"  # as the supervisor got it from the office
    recovery_file.write_text(key + "\n")
    # The office path needs no password: the replacement laptop has no accounts yet.
    assert station_cli("backup", "restore", str(folder), "--recovery-key-file", str(recovery_file), "--json",
                       login=False) == 0
    restored_report = json.loads(capsys.readouterr().out)
    assert restored_report["enrolments"] == 5 and restored_report["drafts"] == 1
    assert (home / "data" / "keyring.json").exists()
    locked = build_station(load_config(), log_to_file=False)
    try:
        assert locked.locked
        with pytest.raises(AuthError):
            locked.operators.authenticate(TEST_SUPERVISOR[0], "not-the-password")
        operator = locked.operators.authenticate(OPERATOR[0], OPERATOR[2])  # the operator's own password
        assert operator.username == OPERATOR[0] and not locked.locked
    finally:
        locked.close()
    restored = unlocked_station(load_config())  # the supervisor's own password, as before
    try:
        assert restored.config.identity.station_code == registered.config.identity.station_code
        assert public_key(restored) == original_key
        assert restored.sync.registration == registration
        assert snapshot(restored) == before
        # The restored station carries on: the backup set opens with its own keys now, and it can still send.
        assert restored.sync.sync_now(pull=False).ok
    finally:
        restored.close()
    capsys.readouterr()
    assert station_cli("backup", "create", str(folder), "--json") == 0
    assert json.loads(capsys.readouterr().out)["blobs_written"] == 1  # only the packet sealed after the restore


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


def test_station_path_restores_on_the_same_laptop_and_with_an_operators_log_in_elsewhere(
        registered: Station, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    add(registered, 2)
    add_draft(registered, 5)
    before = snapshot(registered)
    original_key = public_key(registered)
    folder = tmp_path / "backup-stick"
    create(folder, capsys)
    add(registered, 1, first=9)  # made after the backup: gone after restoring it
    capsys.readouterr()
    assert station_cli("backup", "restore", str(folder)) == 2
    err = capsys.readouterr().err
    assert "sudah berisi" in err and "already holds" in err
    registered.close()
    assert station_cli("backup", "restore", str(folder), "--replace") == 0
    again = unlocked_station(load_config())
    try:
        assert snapshot(again) == before
    finally:
        again.close()

    home = replacement_laptop(tmp_path, monkeypatch)
    capsys.readouterr()
    # Someone without an account of that station: refused, nothing written, the office's key suggested.
    assert station_cli("backup", "restore", str(folder), "--operator", "orang-lain", "--password-stdin",
                       stdin="bukan-sandinya\n") == 2
    err = capsys.readouterr().err
    assert "kunci pemulihan" in err and "recovery key" in err
    assert nothing_stored(home)
    assert station_cli("backup", "restore", str(folder), "--operator", TEST_SUPERVISOR[0], "--password-stdin",
                       stdin="kata-sandi-salah\n") == 2
    assert "tidak membuka cadangan" in capsys.readouterr().err
    assert nothing_stored(home)
    # The supervisor's own log-in opens the backup's keyring on the empty replacement laptop.
    assert station_cli("backup", "restore", str(folder), "--json", "--operator", TEST_SUPERVISOR[0],
                       "--password-stdin", stdin=TEST_SUPERVISOR[2] + "\n") == 0
    assert json.loads(capsys.readouterr().out)["drafts"] == 1
    replacement = unlocked_station(load_config())
    try:
        assert public_key(replacement) == original_key
        assert snapshot(replacement) == before
    finally:
        replacement.close()


def test_station_path_over_a_new_replacement_station_without_records(
        registered: Station, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    add(registered, 1)
    before = snapshot(registered)
    folder = tmp_path / "backup-stick"
    create(folder, capsys)
    registered.close()
    replacement_laptop(tmp_path, monkeypatch)
    fresh = unlocked_station(load_config())  # set up anew with the same supervisor name, its own data key
    fresh.close()
    capsys.readouterr()
    assert station_cli("backup", "restore", str(folder)) == 0  # empty: no --replace needed
    restored = unlocked_station(load_config())
    try:
        assert snapshot(restored) == before
    finally:
        restored.close()


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
                       stdin=format_recovery_key(SetKey.generate()), login=False) == 2
    assert "bukan untuk cadangan" in capsys.readouterr().err
    assert station_cli("backup", "restore", str(folder), "--recovery-key-stdin", stdin="ABCD-EFGH", login=False) == 2
    assert "salah ketik" in capsys.readouterr().err
    assert station_cli("backup", "restore", str(folder), "--recovery-key-file", str(tmp_path / "nope.txt"),
                       login=False) == 2
    assert "tidak dapat dibaca" in capsys.readouterr().err
    assert station_cli("backup", "restore", str(folder), login=False) == 2
    err = capsys.readouterr().err
    assert "akun petugas" in err and "recovery key" in err
    assert nothing_stored(home)
    for victim in sorted((folder / "objects").iterdir()):  # each object, the keyring file too, is checked
        original = victim.read_bytes()
        data = bytearray(original)
        data[-1] ^= 0xFF
        victim.write_bytes(bytes(data))
        assert station_cli("backup", "restore", str(folder), "--recovery-key-stdin", stdin=key, login=False) == 2
        err = capsys.readouterr().err
        assert "rusak atau diubah" in err and "damaged or altered" in err
        assert nothing_stored(home)
        victim.write_bytes(original)
    assert station_cli("backup", "restore", str(folder), "--recovery-key-stdin", stdin=key, login=False) == 0


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
