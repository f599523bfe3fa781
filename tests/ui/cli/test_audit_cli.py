"""``station audit verify|list``: exit 0 when the chain is whole, 1 at the first break; the log in words."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from app.bootstrap import Station
from app.domain.enums import AuditAction
from app.services.audit import record_audit
from app.services.operators import OperatorService
from tests.support.cli import station_cli


def write_events(station: Station) -> int:
    """Four events after the test station's own; returns the sequence number of the last."""
    operator = OperatorService(station.db, station.people_settings.login).create_operator(
        "petugas1", "Petugas Satu", "officer", "rahasia-petugas-1")
    with station.db.session() as session:
        record_audit(session, AuditAction.VISIT_OPENED, operator_id=operator.id, subject="visit:1")
        record_audit(session, AuditAction.SELFCHECK, subject="run-1", details={"passed": 4})
        record_audit(session, AuditAction.LOGIN_FAILED, subject="3573014503080001")  # masked on the way in
    return station.audit_log.head().seq


def test_verify_says_whole_and_exits_0(station: Station, capsys: pytest.CaptureFixture[str]) -> None:
    last = write_events(station) + 1  # each command's log-in is an event too
    assert station_cli("audit", "verify") == 0
    out = capsys.readouterr().out
    assert f"Log audit utuh: {last} kejadian" in out and f"Audit log intact: {last} events" in out
    assert station_cli("audit", "verify", "--json") == 0
    report = json.loads(capsys.readouterr().out)
    last += 1
    assert report["ok"] is True and report["events"] == last and report["verified"] == last
    assert report["problem"] is None and report["head"]["seq"] == last and len(report["head"]["mac"]) == 64


def test_verify_reports_the_first_broken_link_and_exits_1(station: Station,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    write_events(station)
    with station.db.engine.begin() as connection:
        connection.execute(text("UPDATE audit_events SET subject = 'visit:2' WHERE seq = 2"))
        connection.execute(text("DELETE FROM audit_events WHERE seq = 4"))
    assert station_cli("audit", "verify") == 1
    captured = capsys.readouterr()
    assert "Kejadian nomor 2 telah diubah atau dipalsukan." in captured.out
    assert "Event number 2 has been altered or forged." in captured.out
    assert "Traceback" not in captured.out + captured.err
    assert station_cli("audit", "verify", "--json") == 1
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is False and report["verified"] == 1
    assert report["problem"]["kind"] == "altered" and report["problem"]["seq"] == 2
    assert report["problem"]["message_id"] and report["problem"]["message_en"]


def test_verify_against_a_checkpoint_from_the_office(station: Station, capsys: pytest.CaptureFixture[str]) -> None:
    write_events(station)
    head = station.audit_log.head()
    assert station_cli("audit", "verify", "--checkpoint", f"{head.seq}:{head.mac}") == 0
    capsys.readouterr()
    assert station_cli("audit", "verify", "--json", "--checkpoint", f"{head.seq + 3}:{head.mac}") == 1
    report = json.loads(capsys.readouterr().out)
    # the two commands' log-ins are head + 1 and head + 2: the office's checkpoint claims one more
    assert report["problem"]["kind"] == "missing" and report["problem"]["seq"] == head.seq + 3


def test_list_newest_first_in_words(station: Station, capsys: pytest.CaptureFixture[str]) -> None:
    last = write_events(station)
    assert station_cli("audit", "list") == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == last + 1  # and the command's own log-in, newest
    assert "Masuk / Logged in" in lines[0] and "spv" in lines[0]
    assert "Gagal masuk / Failed log-in" in lines[1] and "3573" in lines[1] and "3573014503080001" not in lines[1]
    assert "Kunjungan dibuka / Visit opened" in lines[3] and "petugas1" in lines[3]
    assert "Kunjungan #1 / Visit #1" in lines[3] and "WIB" in lines[3]
    assert "visit_opened" not in "\n".join(lines)


def test_list_filters(station: Station, capsys: pytest.CaptureFixture[str]) -> None:
    last = write_events(station)
    assert station_cli("audit", "list", "--json", "--limit", "2") == 0
    listing = json.loads(capsys.readouterr().out)
    assert listing["count"] == 2 and [e["seq"] for e in listing["events"]] == [last + 1, last]  # log-in, failure
    assert station_cli("audit", "list", "--json", "--action", "selfcheck", "--action", "visit_opened") == 0
    assert [e["action"] for e in json.loads(capsys.readouterr().out)["events"]] == ["selfcheck", "visit_opened"]
    assert station_cli("audit", "list", "--json", "--by", "petugas1") == 0
    assert [e["label_en"] for e in json.loads(capsys.readouterr().out)["events"]] == ["Visit opened"]
    assert station_cli("audit", "list", "--json", "--since", "2999-01-01") == 0
    assert json.loads(capsys.readouterr().out) == {"count": 0, "events": []}
    assert station_cli("audit", "list", "--since", "2999-01-01") == 0
    assert "Tidak ada kejadian / no events" in capsys.readouterr().out


@pytest.mark.parametrize("argv", [
    ("audit", "list", "--limit", "0"), ("audit", "list", "--since", "yesterday"),
    ("audit", "list", "--action", "dance"), ("audit", "verify", "--checkpoint", "12:abc"), ("audit",),
])
def test_bad_arguments_are_explained_in_both_languages(argv: tuple[str, ...],
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        station_cli(*argv)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "Galat:" in err and "Error:" in err and "Traceback" not in err
