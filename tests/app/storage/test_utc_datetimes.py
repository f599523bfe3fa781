"""Times read back from the station database are aware UTC, whatever zone they were written in."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from app.bootstrap import Station
from app.domain.enums import AuditAction
from app.storage.models import AuditEvent

WITA = dt.timezone(dt.timedelta(hours=8))


def test_times_come_back_aware_utc(station: Station) -> None:
    written = dt.datetime(2026, 3, 2, 9, 30, tzinfo=WITA)
    with station.db.session() as session:
        session.add(AuditEvent(at=written, action=AuditAction.LOGIN))
    with station.db.session() as session:
        read = session.scalar(select(AuditEvent.at))
        earliest = session.scalar(select(func.min(AuditEvent.at)))
    assert read is not None and read.tzinfo is not None
    assert read == written and read.utcoffset() == dt.timedelta(0)
    assert earliest == written and earliest is not None and earliest.tzinfo is not None
