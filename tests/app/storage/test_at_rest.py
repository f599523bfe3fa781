"""Encryption at rest: nothing readable under the data folder, and nothing opens without a password."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from app.bootstrap import Station, build_station
from app.config import from_mapping
from app.domain.enums import Role
from app.errors import AuthError, StationLockedError, StorageError
from app.paths import StationPaths
from app.services.demo import run_demo
from app.services.operators import AccountLockedError, PasswordResetNeededError
from app.storage.blobs import SealedCodec
from app.storage.keyring import RecoveryCodeError
from app.storage.models import Applicant
from server.keys import init_hub_key
from server.local import LocalHub
from tests.support.plaintext_scan import scan_for_plaintext
from tests.support.station import TEST_SUPERVISOR

SPV, SPV_NAME, SPV_PASSWORD = TEST_SUPERVISOR


def personal_needles(station: Station) -> list[str | bytes]:
    """The synthetic NIKs and names in the station, and the key bytes that must never lie on disk."""
    with station.db.session() as session:
        people = [(a.nik, a.name) for a in session.scalars(select(Applicant))]
    assert people, "the test must have stored someone"
    key = station.vault.data_key
    secrets = [key.raw(), key.raw().hex(), key.subkey("database"), key.subkey("database").hex(),
               key.subkey("blobs")]
    return [*(nik for nik, _ in people), *(name for _, name in people), *secrets]


def test_demo_enrolment_registration_and_sync_leave_nothing_readable(station: Station, tmp_path: Path) -> None:
    run_demo(station, 2)
    data_dir = station.config.paths.data_dir
    kinds = {p.parent.name for p in (data_dir / "blobs").rglob("*") if p.is_file()}
    assert {"face", "finger", "iris", "signature", "record"} <= kinds  # before registration: all of it on disk
    assert scan_for_plaintext(data_dir, personal_needles(station)) == []
    supervisor = station.operators.find(SPV)
    station.approvals.approve(station.approvals.pending(), supervisor.id)
    hub_data = tmp_path / "hub-data"
    init_hub_key(hub_data)
    with LocalHub(f"sqlite:///{tmp_path / 'hub.sqlite3'}", hub_data) as hub:
        assert hub.hub is not None
        station.sync.register(hub.url, hub.hub.invite("SMAN-CONTOH-1"))
        report = station.sync.sync_now(pull=False)
    assert report.sent and not report.failed
    run_demo(station, 1)  # sealed for the hub and waiting: a packet in the outbox too
    needles = personal_needles(station)
    assert any((data_dir / "blobs" / "packet").iterdir())
    assert scan_for_plaintext(data_dir, needles) == []  # open, with its WAL
    station.db.engine.dispose()
    assert scan_for_plaintext(data_dir, needles) == []
    assert scan_for_plaintext(station.config.paths.log_dir, needles) == []


def test_the_signing_key_and_hub_token_live_only_in_the_encrypted_database(station: Station) -> None:
    key = station.sync.station_key
    assert key is not None
    assert not (station.config.paths.data_dir / "keys").exists()
    assert all(not p.name.endswith(".pem") for p in station.config.paths.data_dir.rglob("*"))


def test_a_wrong_password_opens_nothing_and_counts_towards_the_lockout(station: Station) -> None:
    station.lock()
    for _ in range(4):
        with pytest.raises(AuthError):
            station.operators.authenticate(SPV, "bukan-kata-sandinya")
        assert station.locked and not station.db.is_open
    with pytest.raises(StationLockedError):
        station.sites.list_sites()
    with pytest.raises(AccountLockedError):
        station.operators.authenticate(SPV, "bukan-kata-sandinya")  # the fifth
    # The lock holds before the database can be opened, across a restart, for the right password too.
    again = build_station(station.config, log_to_file=False)
    with pytest.raises(AccountLockedError):
        again.operators.authenticate(SPV, SPV_PASSWORD)
    assert again.locked
    again.close()


def test_failed_log_ins_while_locked_reach_the_audit_log_at_the_next_unlock(station: Station) -> None:
    station.lock()
    with pytest.raises(AuthError):
        station.operators.authenticate(SPV, "salah-sekali-123")
    station.operators.authenticate(SPV, SPV_PASSWORD)
    from app.domain.enums import AuditAction
    from app.storage.models import AuditEvent

    with station.db.session() as session:
        failed = session.scalars(select(AuditEvent).where(AuditEvent.action == AuditAction.LOGIN_FAILED)).all()
    assert [(e.subject, e.details["reason"]) for e in failed] == [(SPV, "password")]


def test_a_copied_data_folder_opens_nothing(station: Station, tmp_path: Path) -> None:
    run_demo(station, 1)
    needles = personal_needles(station)
    station.close()
    thief = tmp_path / "thief"
    shutil.copytree(station.config.paths.data_dir, thief / "data")
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(thief / "data" / "station.sqlite3").execute("SELECT * FROM applicants").fetchall()
    wrong = SealedCodec(b"\x00" * 32)
    ref = next(str(p.relative_to(thief / "data" / "blobs")) for p in (thief / "data" / "blobs" / "face").iterdir())
    with pytest.raises(StorageError):
        wrong.decode((thief / "data" / "blobs" / ref).read_bytes(), ref)
    paths = StationPaths(thief / "config", thief / "data", thief / "logs")
    copied = build_station(from_mapping({}, paths), log_to_file=False)
    with pytest.raises(StationLockedError):
        copied.applicants.search("")
    with pytest.raises(AuthError):
        copied.operators.authenticate(SPV, "tebakan-pertama-1")
    with pytest.raises(RecoveryCodeError):
        copied.vault.require_keyring().open_with_recovery_code("AAAA-BBBB-CCCC-DDDD-EEEE-FFFF")
    assert copied.locked
    copied.close()
    assert scan_for_plaintext(thief, needles) == []


def test_a_blob_moved_to_another_name_does_not_open(station: Station) -> None:
    ref = station.blobs.put(b"synthetic face bytes", "face", ".jpg")
    other = station.blobs.put(b"another", "face", ".jpg")
    (station.blobs.root / other).write_bytes((station.blobs.root / ref).read_bytes())
    with pytest.raises(StorageError):
        station.blobs.get(other)
    assert station.blobs.get(ref) == b"synthetic face bytes"


def test_a_new_password_rewraps_the_key_without_reencrypting_anything(station: Station) -> None:
    officer = station.operators.create_operator("petugas1", "Budi", Role.OFFICER, "rahasia-ptg-123")
    ref = station.blobs.put(b"bytes that stay as they are", "face", ".jpg")
    sealed_before = (station.blobs.root / ref).read_bytes()
    database_key = station.vault.data_key.subkey("database")
    station.operators.change_password(officer.id, "rahasia-baru-456")
    station.lock()
    with pytest.raises(AuthError):
        station.operators.authenticate("petugas1", "rahasia-ptg-123")
    station.operators.authenticate("petugas1", "rahasia-baru-456")
    assert (station.blobs.root / ref).read_bytes() == sealed_before
    assert station.vault.data_key.subkey("database") == database_key


def test_a_disabled_account_loses_its_copy_of_the_key(station: Station) -> None:
    officer = station.operators.create_operator("petugas1", "Budi", Role.OFFICER, "rahasia-ptg-123")
    station.operators.set_active(officer.id, False)
    assert station.vault.require_keyring().entry("petugas1")["wrapped"] is None
    station.operators.set_active(officer.id, True)  # back, but only with a new password from a supervisor
    station.lock()
    with pytest.raises(PasswordResetNeededError):
        station.operators.authenticate("petugas1", "rahasia-ptg-123")
    station.operators.authenticate(SPV, SPV_PASSWORD)
    station.operators.change_password(officer.id, "rahasia-baru-456")
    station.lock()
    assert station.operators.authenticate("petugas1", "rahasia-baru-456").username == "petugas1"


def test_subkeys_are_per_purpose_and_only_while_unlocked(station: Station) -> None:
    audit, backup = station.subkey("audit-chain"), station.subkey("backup")
    assert len(audit) == 32 and len(backup) == 32 and audit != backup
    assert station.subkey("audit-chain") == audit
    station.lock()
    with pytest.raises(StationLockedError):
        station.subkey("audit-chain")
    station.operators.authenticate(SPV, SPV_PASSWORD)
    assert station.subkey("audit-chain") == audit  # the same data key after every log-in


def test_log_out_zeroes_the_data_key(station: Station) -> None:
    key = station.vault.data_key
    station.lock()
    assert key.wiped and not station.db.is_open and not station.blobs.codec.unlocked  # type: ignore[attr-defined]
