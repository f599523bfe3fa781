"""Times are stored in UTC and shown in the station's zone (WIB, WITA, WIT)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app.bootstrap import Station
from app.domain.enums import AuditAction
from app.storage.models import AuditEvent
from app.timezones import format_local, to_local, utc_now, zone

NOON_UTC = dt.datetime(2024, 11, 27, 12, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(("name", "shown"), [("WIB", "2024-11-27 19:00 WIB"), ("wita", "2024-11-27 20:00 WITA"),
                                             ("WIT", "2024-11-27 21:00 WIT")])
def test_shown_in_each_zone(name: str, shown: str) -> None:
    assert format_local(NOON_UTC, name) == shown


def test_naive_times_from_sqlite_are_taken_as_utc() -> None:
    assert to_local(NOON_UTC.replace(tzinfo=None), "WIB").hour == 19


def test_unknown_zone() -> None:
    with pytest.raises(ValueError):
        zone("CET")


def test_utc_now_is_aware() -> None:
    assert utc_now().utcoffset() == dt.timedelta(0)


def test_database_round_trip_keeps_utc(station: Station) -> None:
    late = dt.datetime(2024, 11, 27, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=9)))  # WIT
    with station.db.session() as session:
        session.add(AuditEvent(action=AuditAction.LOGIN, at=late))
    with station.db.session() as session:
        stored = session.scalar(select(AuditEvent.at))
    assert to_local(stored, "WIB") == late
    assert format_local(stored, "WIB") == "2024-11-27 21:30 WIB"
