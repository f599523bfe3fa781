"""One overview of the station for supervisors (``station status``, the GUI later): identity, counts, sync, disk, freeze.

It gathers from the services and the sync alike, so it sits beside the wiring (``app/bootstrap.py``), above both.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from app.domain.enums import EnrolmentStatus, OutboxState
from app.services.limits import LimitsReport
from app.storage.models import Enrolment, OutboxEntry
from app.sync.keys import load_registration
from app.timezones import format_local

if TYPE_CHECKING:
    from app.bootstrap import Station


@dataclass(frozen=True)
class StationStatus:
    """What ``station status`` shows; times in UTC plus the station's local rendering."""

    name: str
    station_code: str
    timezone: str
    registered: bool
    hub_station_id: str
    hub_url: str
    site_code: str
    enrolments: dict[str, int]  # by EnrolmentStatus value, every status listed
    outbox: dict[str, int]  # by OutboxState value, every state listed
    require_approval: bool
    last_sync_local: str  # "" when never synced
    free_disk_gib: float
    limits: LimitsReport

    @property
    def frozen(self) -> bool:
        return self.limits.frozen

    def to_dict(self) -> dict[str, Any]:
        data = {name: getattr(self, name) for name in self.__dataclass_fields__ if name != "limits"}
        return {**data, "last_sync_at": self.limits.last_sync_at.isoformat() if self.limits.last_sync_at else None,
                "frozen": self.frozen, "limits": self.limits.to_dict()}


def station_status(station: Station) -> StationStatus:
    """Gather the overview from the database, the sync state and the limits check."""
    identity = station.config.identity
    with station.db.session() as session:
        by_status = {status: count for status, count in session.execute(
            select(Enrolment.status, func.count(Enrolment.id)).group_by(Enrolment.status))}
        by_state = {state: count for state, count in session.execute(
            select(OutboxEntry.state, func.count(OutboxEntry.id)).group_by(OutboxEntry.state))}
    report = station.limits.check()
    registration = load_registration(station.db)
    return StationStatus(
        name=identity.name, station_code=identity.station_code, timezone=identity.timezone,
        registered=registration is not None,
        hub_station_id=registration.station_id if registration else "",
        hub_url=station.sync.hub_url(registration),
        site_code=registration.site_code if registration else "",
        enrolments={s.value: int(by_status.get(s, 0)) for s in EnrolmentStatus},
        outbox={s.value: int(by_state.get(s, 0)) for s in OutboxState},
        require_approval=report.require_approval,
        last_sync_local=format_local(report.last_sync_at, identity.timezone) if report.last_sync_at else "",
        free_disk_gib=round(report.free_disk_bytes / 1024**3, 2),
        limits=report,
    )
