"""Station status reports: the newest one per station, validated in ``server.schemas``, for the dashboard."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from app.timezones import utc_now
from server.hub import Hub
from server.models import HubStation, HubStationReport
from server.schemas import StatusReportBody


@dataclass(frozen=True)
class StationReport:
    """A station's latest report as the dashboard shows it."""

    received_at: dt.datetime
    reported_at: str
    software_version: str
    outbox: dict[str, int]
    handovers_exported: int
    selfcheck_at: str | None
    selfcheck_checked: int
    selfcheck_failed: tuple[dict[str, str], ...]

    @property
    def packets_waiting(self) -> int:
        """Packets not yet sent: waiting, not yet sealed, awaiting approval, or failed."""
        return sum(self.outbox.get(key, 0) for key in ("waiting", "unsealed", "awaiting_approval", "failed"))


def store_report(hub: Hub, station: HubStation, report: StatusReportBody) -> dict[str, Any]:
    """Keep ``report`` as the station's latest (replacing the one before)."""
    now = utc_now()
    with hub.session() as session:
        row = session.get(HubStationReport, station.id)
        if row is None:
            session.add(HubStationReport(station_id=station.id, received_at=now, data=report.model_dump()))
        else:
            row.received_at, row.data = now, report.model_dump()
    return {"stored": True, "received_at": now.isoformat()}


def latest_reports(hub: Hub) -> dict[str, StationReport]:
    """Every station's latest report, by station id."""
    with hub.session() as session:
        rows = session.scalars(select(HubStationReport)).all()
    return {row.station_id: _report(row) for row in rows}


def _report(row: HubStationReport) -> StationReport:
    data = row.data
    received = row.received_at if row.received_at.tzinfo is not None else row.received_at.replace(tzinfo=dt.UTC)
    selfcheck = data.get("selfcheck") or {}
    return StationReport(received, str(data.get("reported_at", "")), str(data.get("software_version", "")),
                         {str(k): int(v) for k, v in (data.get("outbox") or {}).items()},
                         int(data.get("handovers_exported", 0)), selfcheck.get("at"),
                         int(selfcheck.get("checked", 0)), tuple(selfcheck.get("failed", ())))
