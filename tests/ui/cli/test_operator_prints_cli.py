"""``station operator enrol-prints``: the configured (simulated) scanner, supervisor password, JSON report."""

from __future__ import annotations

import io
import json

import pytest
from sqlalchemy import select

from app.bootstrap import Station
from app.domain.enums import AuditAction
from app.services.operator_prints import operator_subject
from app.storage.models import AuditEvent, BiometricTemplate
from tests.app.services.enrolment_helpers import PASSWORD, make_people
from tests.support.cli import station_cli


def test_enrol_prints_from_the_simulated_scanner(station: Station, capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    people = make_people(station)
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    code = station_cli(*["operator", "enrol-prints", "petugas1", "--fingers", "right_index,7", "--supervisor", "spv1",
                 "--password-stdin", "--json"])
    assert code == 0
    result = json.loads(capsys.readouterr().out)
    assert result["stored"] == 2 and result["skipped"] == []
    assert [f["position"] for f in result["fingers"]] == ["right_index", "left_index"]
    assert result["simulator_subject"] == operator_subject(people.officer_id)
    with station.db.session() as session:
        positions = sorted(session.scalars(select(BiometricTemplate.position)
                                           .where(BiometricTemplate.operator_id == people.officer_id)))
        events = session.scalars(select(AuditEvent).where(AuditEvent.action == AuditAction.OPERATOR_CHANGED)).all()
        assert positions == ["left_index", "right_index"]
        assert any(e.details.get("change") == "own_prints_enrolled" and e.operator_id == people.supervisor_id
                   for e in events)


def test_enrol_prints_refuses_a_wrong_password_before_capturing(station: Station, capsys: pytest.CaptureFixture[str],
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    make_people(station)
    monkeypatch.setattr("sys.stdin", io.StringIO("bukan-kata-sandinya\n"))
    assert station_cli(*["operator", "enrol-prints", "petugas1", "--supervisor", "spv1", "--password-stdin"]) == 2
    err = capsys.readouterr().err
    assert "Wrong user name or password" in err and "Traceback" not in err
    with station.db.session() as session:
        assert session.scalars(select(BiometricTemplate)).all() == []


def test_enrol_prints_unknown_operator(station: Station, capsys: pytest.CaptureFixture[str],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    make_people(station)
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert station_cli(*["operator", "enrol-prints", "nobody", "--supervisor", "spv1", "--password-stdin", "--json"]) == 2
    assert json.loads(capsys.readouterr().out)["error"] == "NotFoundError"
