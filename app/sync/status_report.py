"""The small status report a station sends at each sync (``POST /api/v1/stations/status``).

It tells the office what the hub cannot see from packets alone: how many packets
still wait on the station, how many hand-overs were exported to removable media,
which devices failed the last self-check, and the software version. Nothing
personal travels in it (counts, device names, the self-check's own messages).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from sqlalchemy import func, select

from app import __version__
from app.domain.enums import AuditAction
from app.storage.db import Database
from app.storage.models import AuditEvent, SelfCheckResult
from app.sync import outbox
from app.sync.client import HubClient
from app.timezones import utc_now
from drivers.errors import StationError

log = logging.getLogger(__name__)

MAX_REASON = 300  # characters of a failure's reason (the hub's limit)


def _one_line(text: Any, limit: int) -> str:
    """Printable text on one line, as the hub accepts it (no control characters)."""
    return " ".join(str(text or "").split())[:limit]


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def last_selfcheck(db: Database) -> dict[str, Any] | None:
    """The newest self-check run: when, how many devices, and each failed device with its reason."""
    with db.session() as session:
        newest = session.scalars(select(SelfCheckResult).order_by(SelfCheckResult.at.desc(),
                                                                  SelfCheckResult.id.desc()).limit(1)).first()
        if newest is None:
            return None
        rows = session.scalars(select(SelfCheckResult).where(SelfCheckResult.run_uuid == newest.run_uuid)
                               .order_by(SelfCheckResult.id)).all()
        failed = [{"device": _one_line(row.family, 32), "backend": _one_line(row.backend, 32),
                   "reason_id": _one_line((row.error or {}).get("message_id") or row.details, MAX_REASON),
                   "reason_en": _one_line((row.error or {}).get("message_en"), MAX_REASON)}
                  for row in rows if not row.ok]
        return {"at": _utc(newest.at).isoformat(), "checked": min(len(rows), 16), "failed": failed[:16]}


def build_status_report(db: Database, *, require_approval: bool, now: dt.datetime | None = None) -> dict[str, Any]:
    """This station's report as it stands: outbox by state, hand-overs exported, last self-check, version."""
    with db.session() as session:
        handovers = int(session.scalar(select(func.count(AuditEvent.id)).where(
            AuditEvent.action == AuditAction.HANDOVER_EXPORTED)) or 0)
    return {
        "reported_at": _utc(now or utc_now()).isoformat(),
        "software_version": __version__[:32],
        "outbox": outbox.waiting_counts(db, require_approval=require_approval),
        "handovers_exported": handovers,
        "selfcheck": last_selfcheck(db),
    }


def send_status_report(client: HubClient, report: dict[str, Any]) -> dict[str, Any]:
    """Send ``report``; never raises: the outcome (``sent``, or the error) is returned for the sync report.

    A report that cannot go (hub unreachable, an older hub without the endpoint,
    a refusal) never fails the sync of packets; the next sync sends a fresh one.
    """
    try:
        client.status_report(report)
    except StationError as error:
        log.warning("sync: status report not sent: %s", error.message_en)
        return {"sent": False, "error": error.to_dict()}
    return {"sent": True, "at": report["reported_at"]}
