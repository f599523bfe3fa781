"""Each registered station as the hub knows it: last contact, packets and their statuses, hand-overs, version."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import func, select

from server.dashboard.progress import Counts
from server.hub import Hub
from server.models import HubHandoverImport, HubPacket, HubStation


@dataclass
class StationOverview:
    station_id: str
    code: str
    name: str
    site_code: str
    registered_at: dt.datetime
    last_contact: dt.datetime | None = None  # the newest packet announced (upload) or imported (hand-over)
    software_version: str | None = None  # from its newest packet's metadata
    counts: Counts = field(default_factory=Counts)
    unfinished_uploads: int = 0  # announced, not yet whole
    handovers: int = 0
    handover_packets: int = 0
    last_handover: dt.datetime | None = None


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    if moment is None:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def station_overviews(hub: Hub) -> list[StationOverview]:
    with hub.session() as session:
        stations = {s.id: StationOverview(s.id, s.station_code, s.name, s.site_code, _aware(s.registered_at))
                    for s in session.scalars(select(HubStation).order_by(HubStation.station_code))}
        for station_id, status, complete, announced, version in session.execute(
                select(HubPacket.station_id, HubPacket.status, HubPacket.complete, HubPacket.announced_at,
                       HubPacket.software_version).order_by(HubPacket.announced_at)):
            overview = stations.get(station_id)
            if overview is None:
                continue
            overview.last_contact = _aware(announced)
            if complete:
                overview.counts.add(status)
                overview.software_version = version or overview.software_version
            else:
                overview.unfinished_uploads += 1
        for station_id, count, packets, last in session.execute(
                select(HubHandoverImport.station_id, func.count(), func.sum(HubHandoverImport.stored),
                       func.max(HubHandoverImport.at)).group_by(HubHandoverImport.station_id)):
            overview = stations.get(station_id)
            if overview is not None:
                overview.handovers, overview.handover_packets = int(count), int(packets or 0)
                overview.last_handover = _aware(last)
                if overview.last_contact is None or (overview.last_handover and overview.last_handover > overview.last_contact):
                    overview.last_contact = overview.last_handover
    return list(stations.values())
