"""``station pending``, ``station approve`` and ``station status``: output, supervisor password, freeze reasons."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
import tomli_w
from sqlalchemy import func, select

from app.bootstrap import Station
from app.domain.enums import EnrolmentStatus
from app.storage.models import Applicant
from app.sync.synthetic import add_synthetic_enrolment
from tests.app.services.enrolment_helpers import PASSWORD, make_people
from tests.support.cli import station_cli
from tests.support.station import TEST_SUPERVISOR


def run(capsys: pytest.CaptureFixture[str], argv: list[str], code: int = 0) -> str:
    assert station_cli(*argv) == code
    return capsys.readouterr().out


def with_password(monkeypatch: pytest.MonkeyPatch, password: str = PASSWORD) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))


def test_pending_then_approve_all(station: Station, capsys: pytest.CaptureFixture[str],
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    make_people(station)
    uuids = [add_synthetic_enrolment(station.db, station.blobs, serial=i, approved=False) for i in (1, 2)]
    listing = json.loads(run(capsys, ["pending", "--json"]))
    assert listing["require_approval"] is True and listing["count"] == 2
    assert {r["uuid"] for r in listing["pending"]} == set(uuids)
    text = run(capsys, ["pending"])
    assert "SISWA SINTETIS 1" in text and "********" in text and "2 rekaman" in text
    assert "3573010" not in text.replace("357301********", "")  # no full NIK anywhere

    with_password(monkeypatch)
    out = run(capsys, ["approve", "--all-pending", "--supervisor", "spv1", "--password-stdin"])
    assert "2 rekaman disetujui" in out and "SISWA SINTETIS 2" in out
    assert all(station.enrolments.status(u) is EnrolmentStatus.APPROVED for u in uuids)


def test_approve_by_uuid_and_by_date(station: Station, capsys: pytest.CaptureFixture[str],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    make_people(station)
    first, second = (add_synthetic_enrolment(station.db, station.blobs, serial=i, approved=False) for i in (3, 4))
    with_password(monkeypatch)
    result = json.loads(run(capsys, ["approve", first, "--supervisor", "spv1", "--password-stdin", "--json"]))
    assert result["approved"] == 1 and [r["uuid"] for r in result["records"]] == [first]
    with_password(monkeypatch)  # the supervisor's log-in opens the station even when nothing is waiting
    result = json.loads(run(capsys, ["approve", "--date", "2000-01-01", "--supervisor", "spv1", "--password-stdin",
                                     "--json"]))
    assert result["approved"] == 0 and result["records"] == []
    assert station.enrolments.status(second) is EnrolmentStatus.BIO_CAPTURED


def test_approve_refuses_a_wrong_password_an_officer_and_a_sent_record(
        station: Station, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    make_people(station)
    waiting = add_synthetic_enrolment(station.db, station.blobs, serial=5, approved=False)
    done = add_synthetic_enrolment(station.db, station.blobs, serial=6, approved=True)
    with_password(monkeypatch, "salah-sekali-123")
    assert station_cli(*["approve", "--all-pending", "--supervisor", "spv1", "--password-stdin"]) == 2
    assert "Wrong user name or password" in capsys.readouterr().err
    with_password(monkeypatch)
    error = json.loads(run(capsys, ["approve", "--all-pending", "--supervisor", "petugas1", "--password-stdin",
                                    "--json"], code=2))
    assert error["error"] == "NotSupervisorError"
    with_password(monkeypatch)
    error = json.loads(run(capsys, ["approve", waiting, done, "--supervisor", "spv1", "--password-stdin", "--json"],
                           code=2))
    assert done in error["message_en"]
    assert station.enrolments.status(waiting) is EnrolmentStatus.BIO_CAPTURED


def test_approval_switched_off_says_so(station: Station, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "station.toml"
    config.write_text(tomli_w.dumps({"sync": {"require_approval": False}}))
    add_synthetic_enrolment(station.db, station.blobs, serial=7, approved=False)
    assert "not needed" in run(capsys, ["--config", str(config), "pending"])
    with_password(monkeypatch, TEST_SUPERVISOR[2])  # the log-in only: no approval is asked for
    out = run(capsys, ["--config", str(config), "approve", "--all-pending", "--supervisor", TEST_SUPERVISOR[0],
                       "--password-stdin"])
    assert "not needed" in out


def test_status_shows_counts_and_freeze_reasons(station: Station, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    add_synthetic_enrolment(station.db, station.blobs, serial=8, approved=False)
    status = json.loads(run(capsys, ["status", "--json"]))
    assert status["station_code"] == "3573-01" and status["frozen"] is False
    assert status["enrolments"]["bio_captured"] == 1 and status["outbox"]["queued"] == 1
    assert status["last_sync_at"] is None and status["free_disk_gib"] > 0

    config = tmp_path / "station.toml"
    config.write_text(tomli_w.dumps({"limits": {"min_free_disk_mib": 1_000_000, "max_pending_approval": 1}}))
    text = run(capsys, ["--config", str(config), "status"])
    assert "RECORDING FROZEN" in text and "records are waiting for the supervisor" in text
    assert "MiB of disk space is free" in text and "Action:" in text
    status = json.loads(run(capsys, ["--config", str(config), "status", "--json"]))
    assert {b["code"] for b in status["limits"]["breaches"]} == {"free_disk", "pending_approval"}


def test_a_frozen_station_refuses_demo_recording_and_adds_nobody(station: Station, tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "station.toml"
    config.write_text(tomli_w.dumps({"limits": {"min_free_disk_mib": 1_000_000}}))
    error = json.loads(run(capsys, ["--config", str(config), "demo", "enrol", "--count", "1", "--json"], code=2))
    assert error["error"] == "RegistrationFrozenError" and "disk space" in error["message_en"]
    assert [o.username for o in station.operators.list_operators()] == ["spv"]  # the fixture's supervisor only
    with station.db.session() as session:
        assert session.scalar(select(func.count(Applicant.id))) == 0
