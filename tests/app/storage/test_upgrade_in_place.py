"""Upgrade in place: release 0.1.0's plaintext station home is encrypted at the first log-in, nothing lost."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from app.bootstrap import Station, build_station
from app.config import load_config
from app.errors import AuthError
from app.services.operators import PasswordResetNeededError
from app.storage import upgrade as plaintext_upgrade
from app.storage.db import is_plaintext_sqlite
from tests.support.cli import station_cli
from tests.support.plaintext_scan import scan_for_plaintext

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "datadir-0.1.0"
SUPERVISOR, SUPERVISOR_PASSWORD = "sup1", "rahasia-supervisor-1"  # the fixture's README
OFFICER, OFFICER_PASSWORD = "op1", "rahasia-petugas-1"


def what_release_010_stored() -> dict[str, object]:
    """Read straight from the fixture: people, enrolments, and each blob's bytes (by reference)."""
    connection = sqlite3.connect(f"file:{FIXTURE / 'data' / 'station.sqlite3'}?mode=ro", uri=True)
    try:
        people = connection.execute("SELECT nik, name, birth_place FROM applicants ORDER BY nik").fetchall()
        enrolments = connection.execute("SELECT uuid, status FROM enrolments ORDER BY uuid").fetchall()
        templates = connection.execute("SELECT count(*) FROM biometric_templates").fetchone()[0]
    finally:
        connection.close()
    blobs_root = FIXTURE / "data" / "blobs"
    blobs = {str(p.relative_to(blobs_root)): hashlib.sha256(p.read_bytes()).hexdigest()
             for p in blobs_root.rglob("*") if p.is_file()}
    return {"people": people, "enrolments": enrolments, "templates": templates, "blobs": blobs}


@pytest.fixture
def old_home(station_home: Path) -> Path:
    shutil.copytree(FIXTURE, station_home)
    return station_home


def open_station() -> Station:
    return build_station(load_config(), log_to_file=False)


def test_first_log_in_encrypts_everything_and_loses_nothing(old_home: Path) -> None:
    before = what_release_010_stored()
    station = open_station()
    assert station.operators.has_supervisor()  # the log-in screen, not the first-run form
    operator = station.operators.authenticate(SUPERVISOR, SUPERVISOR_PASSWORD)
    assert operator.username == SUPERVISOR
    assert station.operators.take_recovery_code()  # a supervisor upgraded it: the code is shown once

    data = old_home / "data"
    assert not is_plaintext_sqlite(data / "station.sqlite3") and (data / "keyring.json").exists()
    names = {p.name for p in data.iterdir()} - {"station.sqlite3-wal", "station.sqlite3-shm"}  # SQLCipher's own
    assert names == {"blobs", "keyring.json", "station.sqlite3", "station.lock"}  # the lock file holds no data
    with station.db.session() as session:
        from sqlalchemy import func, select

        from app.storage.models import Applicant, BiometricTemplate, Enrolment

        people = sorted((a.nik, a.name, a.birth_place) for a in session.scalars(select(Applicant)))
        enrolments = sorted((e.uuid, e.status.value) for e in session.scalars(select(Enrolment)))
        templates = session.scalar(select(func.count(BiometricTemplate.id)))
    assert people == [tuple(p) for p in before["people"]]
    assert enrolments == [tuple(e) for e in before["enrolments"]]
    assert templates == before["templates"]
    after = {ref: hashlib.sha256(station.blobs.get(ref)).hexdigest() for ref in station.blobs.refs()}
    assert after == before["blobs"]
    for uuid, _status in enrolments:
        assert station.enrolments.record_bytes(uuid).startswith(b"1.001:")

    needles = [text for person in people for text in person[:2]]
    station.close()
    assert scan_for_plaintext(data, needles) == []


def test_other_accounts_get_a_new_password_from_a_supervisor(old_home: Path) -> None:
    station = open_station()
    station.operators.authenticate(SUPERVISOR, SUPERVISOR_PASSWORD)
    station.lock()
    with pytest.raises(PasswordResetNeededError):  # op1's old password is right, but wraps no key
        station.operators.authenticate(OFFICER, OFFICER_PASSWORD)
    with pytest.raises(AuthError):
        station.operators.authenticate(OFFICER, "bukan-kata-sandinya")
    station.operators.authenticate(SUPERVISOR, SUPERVISOR_PASSWORD)
    officer = station.operators.find(OFFICER)
    station.operators.change_password(officer.id, "rahasia-baru-456")
    station.lock()
    assert station.operators.authenticate(OFFICER, "rahasia-baru-456").username == OFFICER
    station.close()


def test_a_wrong_password_leaves_the_plaintext_home_as_it_was(old_home: Path) -> None:
    station = open_station()
    with pytest.raises(AuthError):
        station.operators.authenticate(SUPERVISOR, "bukan-kata-sandinya")
    assert not (old_home / "data" / "keyring.json").exists()
    assert is_plaintext_sqlite(old_home / "data" / "station.sqlite3")
    station.close()


def test_an_upgrade_cut_short_is_finished_at_the_next_log_in(old_home: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    before = what_release_010_stored()

    def power_cut(vault: object, import_legacy_keys: object) -> None:
        raise KeyboardInterrupt  # the laptop died after the database, before the blobs

    station = open_station()
    with monkeypatch.context() as patch:  # only this; STATION_HOME stays the test's
        patch.setattr(plaintext_upgrade, "finish", power_cut)
        with pytest.raises(KeyboardInterrupt):
            station.operators.authenticate(SUPERVISOR, SUPERVISOR_PASSWORD)
    station.close()  # the process is gone
    assert json.loads((old_home / "data" / "keyring.json").read_text())["upgrade_pending"] is True

    station = open_station()
    station.operators.authenticate(SUPERVISOR, SUPERVISOR_PASSWORD)
    assert "upgrade_pending" not in json.loads((old_home / "data" / "keyring.json").read_text())
    after = {ref: hashlib.sha256(station.blobs.get(ref)).hexdigest() for ref in station.blobs.refs()}
    assert after == before["blobs"]
    station.close()
    assert scan_for_plaintext(old_home / "data") == []


def test_the_cli_upgrades_at_the_first_data_command(old_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = station_cli("status", "--json", "--operator", SUPERVISOR, "--password-stdin",
                       stdin=SUPERVISOR_PASSWORD + "\n", login=False)
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert json.loads(captured.out)["enrolments"]["approved"] == 1
    assert "RECOVERY CODE" in captured.err  # shown once, on stderr so --json stays parseable
    assert station_cli("status", "--operator", SUPERVISOR, "--password-stdin", stdin="salah-sekali-123\n",
                       login=False) == 2
    err = capsys.readouterr().err
    assert "kata sandi salah" in err and "Wrong user name or password" in err
    shutil.rmtree(old_home / "config")  # configuration is not secret; the scan is about data
    assert scan_for_plaintext(old_home / "data") == []
