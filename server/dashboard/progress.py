"""A campaign's progress: recorded against target per school, per recording set and overall, day by day.

A packet counts for a campaign site by :class:`Attribution` (its visit's hub site,
else where the plan had its station that day).
*Recorded* is every received packet except duplicates and failures (a failed
record must be recorded again); the processing statuses are counted beside it.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, and_, or_, select

from app.domain.enums import CentralStatus
from server.dashboard.campaigns import Plan
from server.dashboard.tables import CampaignSite
from server.hub import Hub
from server.models import HubPacket

FAILURES = frozenset({CentralStatus.ENROLL_FAILURE_AT_REGIONAL.value, CentralStatus.ENROLL_FAILURE_AT_CENTRAL.value,
                      CentralStatus.SEARCH_FAILURE_AT_CENTRAL.value})
WAITING = frozenset({CentralStatus.RECEIVED.value, CentralStatus.PROCESSING.value, None})


@dataclass
class Counts:
    """Packets by what processing made of them."""

    received: int = 0
    print_ready: int = 0
    duplicate: int = 0
    adjudication: int = 0
    failure: int = 0
    waiting: int = 0

    def add(self, status: str | None) -> None:
        self.received += 1
        if status == CentralStatus.PRINT_READY.value:
            self.print_ready += 1
        elif status == CentralStatus.DUPLICATE.value:
            self.duplicate += 1
        elif status == CentralStatus.ADJUDICATION.value:
            self.adjudication += 1
        elif status in FAILURES:
            self.failure += 1
        else:
            self.waiting += 1

    @property
    def recorded(self) -> int:
        return self.received - self.duplicate - self.failure


@dataclass
class SiteProgress:
    site: CampaignSite
    counts: Counts = field(default_factory=Counts)
    expected: int = 0  # what the plan expects recorded by the end of today
    stations: set[str] = field(default_factory=set)  # station codes that recorded here

    @property
    def percent(self) -> float:
        return 100.0 * self.counts.recorded / self.site.target if self.site.target else 0.0

    @property
    def behind(self) -> bool:
        return self.counts.recorded < self.expected


@dataclass
class StationProgress:
    station_id: str
    code: str
    name: str
    counts: Counts = field(default_factory=Counts)
    planned: int = 0  # its share of the targets of the sites it is planned at
    planned_days: int = 0


@dataclass(frozen=True)
class DayProgress:
    day: dt.date
    recorded: int
    cumulative: int
    remaining: int


@dataclass(frozen=True)
class CampaignProgress:
    plan: Plan
    today: dt.date
    counts: Counts
    sites: tuple[SiteProgress, ...]
    stations: tuple[StationProgress, ...]
    days: tuple[DayProgress, ...]  # every day from the start to polling day; empty counts after today
    rate_per_day: float  # recorded per day since the first recording day
    projected_finish: dt.date | None  # at the current rate; None when nothing is recorded yet

    @property
    def target(self) -> int:
        return self.plan.target

    @property
    def remaining(self) -> int:
        return max(0, self.target - self.counts.recorded)

    @property
    def percent(self) -> float:
        return 100.0 * self.counts.recorded / self.target if self.target else 0.0

    @property
    def behind(self) -> tuple[SiteProgress, ...]:
        return tuple(sorted((s for s in self.sites if s.behind), key=lambda s: s.counts.recorded - s.expected))

    @property
    def on_track(self) -> bool:
        return self.projected_finish is not None and self.projected_finish <= self.plan.campaign.polling_day


def packet_day(text: str | None, fallback: dt.datetime | None) -> dt.date | None:
    if text:
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    return fallback.date() if fallback is not None else None


class Attribution:
    """The one rule for which campaign site a packet counts for (progress and exports alike).

    The packet's hub site (kept at intake; a packet from before that has the station's
    registered site), else the site the plan had its station at on the visit's day; only
    days from the campaign's start to polling day.
    """

    def __init__(self, plan: Plan) -> None:
        self.campaign = plan.campaign
        self.sites_by_code = {site.code: site for site in plan.sites}
        by_id = {site.id: site for site in plan.sites}
        self.planned_at = {(v.station_id, v.day): by_id[v.site_id] for v in plan.visits if v.site_id in by_id}
        self.planned_stations = {v.station_id for v in plan.visits}
        self.station_sites = {sid: s.site_code for sid, s in plan.stations.items()}
        self.site_stations = {sid for sid, code in self.station_sites.items() if code in self.sites_by_code}

    def candidates(self) -> ColumnElement[bool]:
        """A SQL condition that keeps every packet that may count (and a few that then do not)."""
        return and_(HubPacket.complete.is_(True),
                    or_(HubPacket.site_code.in_(list(self.sites_by_code)),
                        HubPacket.station_id.in_(list(self.planned_stations | self.site_stations))))

    def site_of(self, station_id: str, site_code: str | None, visit_date: str | None,
                received_at: dt.datetime | None) -> tuple[CampaignSite, dt.date] | None:
        day = packet_day(visit_date, received_at)
        if day is None or not self.campaign.starts_on <= day <= self.campaign.polling_day:
            return None
        code = site_code or self.station_sites.get(station_id, "")
        site = self.sites_by_code.get(code) or self.planned_at.get((station_id, day))
        return (site, day) if site is not None else None


def campaign_progress(hub: Hub, plan: Plan, today: dt.date) -> CampaignProgress:
    """Count every packet of the campaign's sites and planned stations, from the hub's tables."""
    campaign = plan.campaign
    attribution = Attribution(plan)
    rows = []
    if plan.sites:
        with hub.session() as session:
            rows = session.execute(
                select(HubPacket.station_id, HubPacket.status, HubPacket.site_code, HubPacket.visit_date,
                       HubPacket.received_at).where(attribution.candidates())).all()
    progress = {site.id: SiteProgress(site) for site in plan.sites}
    stations = {sid: StationProgress(sid, s.station_code, s.name) for sid, s in plan.stations.items()}
    total = Counts()
    per_day: dict[dt.date, int] = defaultdict(int)
    for station_id, status, site_code, visit_date, received_at in rows:
        found = attribution.site_of(station_id, site_code, visit_date, received_at)
        if found is None:
            continue
        site, day = found
        total.add(status)
        progress[site.id].counts.add(status)
        station = stations.get(station_id)
        if station is not None:
            station.counts.add(status)
            progress[site.id].stations.add(station.code)
        if status != CentralStatus.DUPLICATE.value and status not in FAILURES:
            per_day[day] += 1
    _expectations(plan, progress, stations, today)
    days = _days(campaign.starts_on, campaign.polling_day, today, per_day, plan.target)
    rate, finish = _projection(per_day, total.recorded, plan.target, today)
    used = [s for s in stations.values() if s.counts.received or s.planned_days]
    return CampaignProgress(plan, today, total, tuple(progress[s.id] for s in plan.sites),
                            tuple(sorted(used, key=lambda s: s.code)), days, rate, finish)


def _expectations(plan: Plan, progress: dict[int, SiteProgress], stations: dict[str, StationProgress],
                  today: dt.date) -> None:
    """What each site should have recorded by today, and each station's planned share."""
    campaign = plan.campaign
    visit_days: dict[int, list[tuple[str, dt.date]]] = defaultdict(list)
    for visit in plan.visits:
        if visit.site_id in progress:
            visit_days[visit.site_id].append((visit.station_id, visit.day))
    span = (campaign.polling_day - campaign.starts_on).days + 1
    elapsed = min(span, max(0, (today - campaign.starts_on).days + 1))
    for site_id, site_progress in progress.items():
        target = site_progress.site.target
        days = visit_days.get(site_id)
        if not days:
            site_progress.expected = math.floor(target * elapsed / span)
            continue
        done = sum(1 for _station, day in days if day <= today)
        site_progress.expected = math.floor(target * done / len(days))
        for station_id in {s for s, _ in days}:
            station = stations.get(station_id)
            if station is not None:
                own = sum(1 for s, _ in days if s == station_id)
                station.planned_days += own
                station.planned += round(target * own / len(days))


def _days(start: dt.date, polling_day: dt.date, today: dt.date, per_day: dict[dt.date, int],
          target: int) -> tuple[DayProgress, ...]:
    days = []
    cumulative = 0
    for offset in range((polling_day - start).days + 1):
        day = start + dt.timedelta(days=offset)
        recorded = per_day.get(day, 0) if day <= today else 0
        cumulative += recorded
        days.append(DayProgress(day, recorded, cumulative, max(0, target - cumulative)))
    return tuple(days)


def _projection(per_day: dict[dt.date, int], recorded: int, target: int, today: dt.date
                ) -> tuple[float, dt.date | None]:
    """The mean recorded per calendar day since the first recording, and the day the target falls at that rate."""
    past = {day: n for day, n in per_day.items() if day <= today and n}
    if not past:
        return 0.0, None
    first = min(past)
    if recorded >= target:
        cumulative = 0
        for day in sorted(past):
            cumulative += past[day]
            if cumulative >= target:
                return recorded / ((day - first).days + 1), day
    rate = recorded / ((today - first).days + 1)
    return rate, today + dt.timedelta(days=math.ceil((target - recorded) / rate))
