"""The tamper-evident audit chain: every edit, deletion, insertion and reordering breaks a link."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from app.bootstrap import Station, build_station
from app.config import from_mapping
from app.domain.enums import AuditAction
from app.paths import StationPaths
from app.services.audit import record_audit
from app.services.audit_log import AuditLogService, Checkpoint, ProblemKind
from app.storage.audit_chain import GENESIS_MAC, event_mac
from app.storage.models import AuditChainHead, AuditEvent
from tests.support.station import unlocked_station

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "datadir-0.1.0"


@pytest.fixture
def station(station: Station) -> Station:
    """The shared fixture's station with an empty audit log, as before its first event.

    The fixture's log-in already wrote events (the first supervisor); these tests count from one.
    """
    with station.db.engine.begin() as connection:
        connection.execute(text(f"DELETE FROM {AuditEvent.__tablename__}"))
        connection.execute(text(f"DELETE FROM {AuditChainHead.__tablename__}"))
    return station


def write_events(station: Station, count: int, action: AuditAction = AuditAction.SELFCHECK) -> None:
    for n in range(count):
        with station.db.session() as session:
            record_audit(session, action, subject=f"run-{n}", details={"n": n, "ok": True, "values": (1.5, 2)})


def sql(station: Station, statement: str, **params: object) -> None:
    with station.db.engine.begin() as connection:
        connection.execute(text(statement), params)


def problem_of(station: Station, checkpoint: Checkpoint | None = None) -> tuple[str, int | None] | None:
    report = station.audit_log.verify(checkpoint)
    return (report.problem.kind, report.problem.seq) if report.problem else None


def test_events_are_numbered_and_linked_as_they_are_written(station: Station) -> None:
    write_events(station, 4)
    with station.db.session() as session:
        rows = list(session.scalars(select(AuditEvent).order_by(AuditEvent.id)))
    assert [r.seq for r in rows] == [1, 2, 3, 4]
    assert rows[0].prev_mac == GENESIS_MAC
    assert [r.prev_mac for r in rows[1:]] == [r.mac for r in rows[:-1]]
    key = station.subkey("audit-chain")
    first = rows[0]
    assert first.mac == event_mac(key, 1, first.at, None, "selfcheck", "run-0", {"n": 0, "ok": True,
                                                                               "values": [1.5, 2]}, GENESIS_MAC)
    report = station.audit_log.verify()
    assert report.ok and report.verified == 4 and report.head == Checkpoint(4, rows[-1].mac)


def test_events_added_directly_in_one_flush_are_chained_in_order(station: Station) -> None:
    with station.db.session() as session:
        session.add_all([AuditEvent(action=AuditAction.SYNC, subject=f"s{n}", details={}) for n in range(3)])
    with station.db.session() as session:
        assert [(e.seq, e.subject) for e in session.scalars(select(AuditEvent).order_by(AuditEvent.seq))] == \
            [(1, "s0"), (2, "s1"), (3, "s2")]
    assert station.audit_log.verify().ok


def test_a_rolled_back_write_leaves_no_gap(station: Station) -> None:
    write_events(station, 2)
    with pytest.raises(RuntimeError), station.db.session() as session:
        record_audit(session, AuditAction.SYNC)
        session.flush()
        raise RuntimeError("the caller's transaction fails after the audit row")
    write_events(station, 1)
    assert station.audit_log.verify().ok
    assert station.audit_log.head().seq == 3


def test_an_edited_event_is_reported_at_its_number(station: Station) -> None:
    write_events(station, 5)
    sql(station, "UPDATE audit_events SET subject = 'someone-else' WHERE seq = 3")
    assert problem_of(station) == (ProblemKind.ALTERED, 3)
    report = station.audit_log.verify()
    assert report.verified == 2 and not report.ok


@pytest.mark.parametrize(("column", "value"), [
    ("details", '{"n": 99}'), ("details", "not json {"), ("action", "login"), ("action", "no-such-action"),
    ("operator_id", "7"), ("at", "2020-01-01 00:00:00.000000"), ("mac", "f" * 64),
])
def test_any_field_edited_breaks_the_chain(station: Station, column: str, value: str) -> None:
    write_events(station, 3)
    sql(station, "PRAGMA foreign_keys=OFF")
    sql(station, f"UPDATE audit_events SET {column} = :value WHERE seq = 2", value=value)
    kind, seq = problem_of(station)  # type: ignore[misc]
    assert seq == 2 and kind in (ProblemKind.ALTERED, ProblemKind.RELINKED)


def test_a_deleted_event_is_a_missing_number(station: Station) -> None:
    write_events(station, 5)
    sql(station, "DELETE FROM audit_events WHERE seq = 2")
    assert problem_of(station) == (ProblemKind.MISSING, 2)


def test_deleting_the_first_event_is_seen(station: Station) -> None:
    write_events(station, 3)
    sql(station, "DELETE FROM audit_events WHERE seq = 1")
    assert problem_of(station) == (ProblemKind.MISSING, 1)


def test_deleting_the_newest_events_is_seen_through_the_head(station: Station) -> None:
    write_events(station, 5)
    sql(station, "DELETE FROM audit_events WHERE seq >= 4")
    assert problem_of(station) == (ProblemKind.MISSING, 4)


def test_truncation_with_the_head_rewound_needs_the_checkpoint_kept_elsewhere(station: Station) -> None:
    write_events(station, 5)
    checkpoint = station.audit_log.head()  # what the last sealed packet carried to the office
    sql(station, "DELETE FROM audit_events WHERE seq >= 4")
    sql(station, "UPDATE audit_chain_head SET seq = 3, mac = (SELECT mac FROM audit_events WHERE seq = 3)")
    assert problem_of(station) is None  # what a chain alone cannot show (docs/audit.md)
    assert problem_of(station, checkpoint) == (ProblemKind.MISSING, 4)


def test_a_checkpoint_that_does_not_match_is_reported(station: Station) -> None:
    write_events(station, 3)
    assert problem_of(station, Checkpoint(2, "a" * 64)) == (ProblemKind.CHECKPOINT_MISMATCH, 2)
    good = station.audit_log.head()
    assert problem_of(station, good) is None


def test_an_inserted_event_is_seen(station: Station) -> None:
    write_events(station, 4)
    # Make room at 3 and put a forged row there, copying the real links around it.
    sql(station, "UPDATE audit_events SET seq = seq + 10 WHERE seq >= 3")
    sql(station, "UPDATE audit_events SET seq = seq - 9 WHERE seq >= 13")
    sql(station, "INSERT INTO audit_events (at, action, subject, details, seq, prev_mac, mac) "
                 "SELECT at, 'login', 'forged', '{}', 3, mac, :mac FROM audit_events WHERE seq = 2", mac="b" * 64)
    sql(station, "UPDATE audit_chain_head SET seq = 5")
    assert problem_of(station) == (ProblemKind.ALTERED, 3)


def test_an_event_added_without_the_key_is_unchained(station: Station) -> None:
    write_events(station, 2)
    sql(station, "INSERT INTO audit_events (at, action, subject, details) "
                 "VALUES ('2026-12-01 01:00:00.000000', 'login', 'x', '{}')")
    report = station.audit_log.verify()
    assert report.problem is not None and report.problem.kind == ProblemKind.UNCHAINED
    assert report.problem.event_id == 3


def test_reordered_events_are_seen(station: Station) -> None:
    write_events(station, 5)
    sql(station, "UPDATE audit_events SET seq = -2 WHERE seq = 2")
    sql(station, "UPDATE audit_events SET seq = 2 WHERE seq = 4")
    sql(station, "UPDATE audit_events SET seq = 4 WHERE seq = -2")
    assert problem_of(station) == (ProblemKind.RELINKED, 2)


def test_another_key_verifies_nothing(station: Station) -> None:
    write_events(station, 2)
    other = AuditLogService(station.db, lambda: b"\x01" * 32, "WIB")
    assert other.verify().problem.kind == ProblemKind.ALTERED  # type: ignore[union-attr]


def test_concurrent_writers_do_not_fork_the_chain(station: Station) -> None:
    errors: list[BaseException] = []

    def writer(worker: int) -> None:
        try:
            for n in range(15):
                with station.db.session() as session:
                    record_audit(session, AuditAction.SYNC, subject=f"w{worker}-{n}")
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with station.db.session() as session:
        seqs = list(session.scalars(select(AuditEvent.seq).order_by(AuditEvent.seq)))
    assert seqs == list(range(1, 61))
    assert station.audit_log.verify().ok


def test_a_second_station_process_on_the_same_data_appends_to_the_same_chain(station: Station) -> None:
    write_events(station, 2)
    other = unlocked_station(station.config)
    try:
        with other.db.session() as session:
            record_audit(session, AuditAction.SYNC, subject="from the other")
    finally:
        other.close()
    write_events(station, 1)
    # 2 here, the other station's log-in and its 1, then 1 here again
    assert station.audit_log.verify().ok and station.audit_log.head().seq == 5


FIXTURE_SUPERVISOR = ("sup1", "rahasia-supervisor-1")  # tests/fixtures/datadir-0.1.0/README.md


def upgraded_station(tmp_path: Path) -> Station:
    home = tmp_path / "upgraded"
    shutil.copytree(FIXTURE, home)
    paths = StationPaths(home / "config", home / "data", home / "logs")
    upgraded = build_station(from_mapping({}, paths), log_to_file=False)
    upgraded.operators.authenticate(*FIXTURE_SUPERVISOR)  # the first log-in after the upgrade converts the data
    return upgraded


def test_a_station_upgraded_from_0_1_0_chains_its_earlier_events_once(tmp_path: Path) -> None:
    station = upgraded_station(tmp_path)
    try:
        with station.db.session() as session:
            rows = list(session.scalars(select(AuditEvent).order_by(AuditEvent.id)))
            head = session.get(AuditChainHead, 1)
        assert len(rows) > 5
        assert [r.seq for r in rows] == list(range(1, len(rows) + 1))
        assert head is not None and head.legacy_until_id == 0 and head.seq == len(rows)
        report = station.audit_log.verify()
        assert report.ok and report.verified == len(rows)
        write_events(station, 1)
        sql(station, "INSERT INTO audit_events (at, action, subject, details) "
                     "VALUES ('2026-12-01 01:00:00.000000', 'login', 'late', '{}')")
    finally:
        station.close()
    again = build_station(station.config, log_to_file=False)  # the next start adopts nothing more
    again.operators.authenticate(*FIXTURE_SUPERVISOR)
    try:
        report = again.audit_log.verify()
        assert report.problem is not None and report.problem.kind == ProblemKind.UNCHAINED
        with again.db.session() as session:
            assert session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.seq.is_(None))) == 1
    finally:
        again.close()


def test_the_log_lists_newest_first_in_words_and_local_time(station: Station) -> None:
    write_events(station, 3)
    with station.db.session() as session:
        record_audit(session, AuditAction.VISIT_OPENED, subject="visit:7")
    entries = station.audit_log.entries(limit=2)
    assert [e.seq for e in entries] == [4, 3]
    assert entries[0].label_id == "Kunjungan dibuka" and entries[0].label_en == "Visit opened"
    assert entries[0].subject_id == "Kunjungan #7"
    assert entries[0].at_local.endswith("WIB")
    assert [e.seq for e in station.audit_log.entries(actions=(AuditAction.SELFCHECK,))] == [3, 2, 1]


def test_times_are_shown_to_the_second_in_the_station_zone_and_account_changes_precisely(station: Station) -> None:
    import datetime as dt

    with station.db.session() as session:
        session.add(AuditEvent(action=AuditAction.OPERATOR_CHANGED, subject="budi", details={"change": "password"},
                               at=dt.datetime(2024, 11, 27, 14, 30, 5, tzinfo=dt.UTC)))
    [entry] = station.audit_log.entries(limit=1)
    assert entry.at_local == "2024-11-27 21:30:05 WIB"
    assert (entry.label_id, entry.label_en) == ("Kata sandi petugas diganti", "Operator password changed")
    assert station.audit_log.verify().ok


WRITER = """
import sys
from app.config import load_config
from app.domain.enums import AuditAction
from app.services.audit import record_audit
from tests.support.station import unlocked_station
station = unlocked_station(load_config(None))
print("ready", flush=True)
sys.stdin.readline()  # both processes start writing together
for n in range(int(sys.argv[1])):
    with station.db.session() as session:
        record_audit(session, AuditAction.SYNC, subject=f"{sys.argv[2]}-{n}")
station.close()
"""


def test_two_station_processes_writing_at_once_keep_one_chain(station: Station, station_home: Path) -> None:
    import os
    import subprocess
    import sys

    write_events(station, 1)
    env = {**os.environ, "STATION_HOME": str(station_home)}
    root = Path(__file__).resolve().parents[3]
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, "25", name], cwd=root, env=env, text=True,
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE) for name in ("gui", "cli")]
    for writer in writers:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
    for writer in writers:
        assert writer.stdin is not None
        writer.stdin.write("go\n")
        writer.stdin.close()
    for writer in writers:
        assert writer.wait(timeout=120) == 0
        assert writer.stdout is not None
        writer.stdout.close()
    with station.db.session() as session:
        seqs = list(session.scalars(select(AuditEvent.seq).order_by(AuditEvent.seq)))
    assert seqs == list(range(1, 54))  # 1 here, each writer's log-in, then 2 × 25
    report = station.audit_log.verify()
    assert report.ok and report.verified == 53


def test_a_row_broken_beyond_reading_is_listed_and_reported_not_raised(station: Station) -> None:
    write_events(station, 3)
    sql(station, "UPDATE audit_events SET at = 'not a time', details = '{broken', action = 'zzz' WHERE seq = 2")
    entries = station.audit_log.entries()
    assert [e.seq for e in entries] == [3, 2, 1]
    assert entries[1].at_local == "?" and entries[1].label_en == "Unknown event" and entries[1].details == {}
    assert problem_of(station) == (ProblemKind.ALTERED, 2)
