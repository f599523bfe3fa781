"""Each registered station as the hub knows it: last contact, packets and their statuses, hand-overs, version,
and what its latest status report says (packets still waiting on it, self-check failures)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import func, select

from server.dashboard.progress import Counts
from server.hub import Hub
from server.models import HubHandoverImport, HubPacket, HubStation
from server.station_reports import StationReport, latest_reports

# Device families a status report names, in the supervisors' words (Indonesian, English).
DEVICE_NAMES = {"camera": ("Kamera", "camera"), "fingerprint": ("Pemindai sidik jari", "fingerprint scanner"),
                "iris": ("Pemindai iris", "iris scanner"), "signature": ("Pad tanda tangan", "signature pad")}


@dataclass
class StationOverview:
    station_id: str
    code: str
    name: str
    site_code: str
    registered_at: dt.datetime
    last_contact: dt.datetime | None = None  # the newest packet announced, hand-over imported or report received
    software_version: str | None = None  # from its latest report, else its newest packet's metadata
    counts: Counts = field(default_factory=Counts)
    unfinished_uploads: int = 0  # announced, not yet whole
    handovers: int = 0
    handover_packets: int = 0
    last_handover: dt.datetime | None = None
    report: StationReport | None = None  # its latest status report (sent at each sync)


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
    for station_id, report in latest_reports(hub).items():
        overview = stations.get(station_id)
        if overview is None:
            continue
        overview.report = report
        overview.software_version = report.software_version or overview.software_version
        if overview.last_contact is None or report.received_at > overview.last_contact:
            overview.last_contact = report.received_at
    return list(stations.values())
