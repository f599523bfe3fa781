"""Campaign plans: a campaign, its sites with targets, and the visits planned for each recording set.

Everything a form asks for is checked before a row is written; a refusal stores nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, func, select

from app.settings import validate_station_data
from app.sync.central_config import CentralConfigRefused, validate_central_config
from server.dashboard.errors import bad_form, unknown_campaign
from server.dashboard.site_files import SiteRow
from server.dashboard.tables import Campaign, CampaignSite, PlannedVisit
from server.hub import Hub
from server.models import HubConfigVersion, HubRosterRow, HubStation

MAX_CAMPAIGN_DAYS = 366


@dataclass(frozen=True)
class Plan:
    """A campaign with its sites and visits, loaded once per page."""

    campaign: Campaign
    sites: tuple[CampaignSite, ...]
    visits: tuple[PlannedVisit, ...]
    stations: dict[str, HubStation]  # every registered station, by id

    @property
    def target(self) -> int:
        return sum(site.target for site in self.sites)


def _date(text: str, what_id: str, what_en: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise bad_form(f"{what_id} bukan tanggal (TTTT-BB-HH).", f"{what_en} is not a date (YYYY-MM-DD).") from None


def create_campaign(hub: Hub, *, name: str, polling_day: str, starts_on: str, target_group: str, by: str) -> Campaign:
    """A new campaign.

    Raises:
        DashboardError: an empty or taken name, bad dates (start after polling day, more than a year), no target group.
    """
    name, target_group = name.strip(), target_group.strip()
    if not name or len(name) > 200:
        raise bad_form("Nama kampanye wajib diisi (paling banyak 200 huruf).",
                       "A campaign name is required (at most 200 characters).")
    if not target_group or len(target_group) > 500:
        raise bad_form("Kelompok sasaran wajib diisi (paling banyak 500 huruf).",
                       "A target group is required (at most 500 characters).")
    polling, start = _date(polling_day, "Hari pemungutan suara", "Polling day"), _date(starts_on, "Tanggal mulai",
                                                                                         "The start date")
    if start > polling:
        raise bad_form("Tanggal mulai sesudah hari pemungutan suara.", "The start date is after polling day.")
    if (polling - start).days > MAX_CAMPAIGN_DAYS:
        raise bad_form("Kampanye lebih dari setahun.", "The campaign is longer than a year.")
    with hub.session() as session:
        if session.scalar(select(Campaign.id).where(Campaign.name == name)) is not None:
            raise bad_form(f"Kampanye '{name}' sudah ada.", f"A campaign '{name}' already exists.")
        campaign = Campaign(name=name, polling_day=polling, starts_on=start, target_group=target_group, created_by=by)
        session.add(campaign)
    return campaign


def campaigns(hub: Hub) -> list[Campaign]:
    with hub.session() as session:
        return list(session.scalars(select(Campaign).order_by(Campaign.polling_day.desc(), Campaign.id)))


def load_plan(hub: Hub, campaign_id: int) -> Plan:
    """Raises: DashboardError 404 for an unknown campaign."""
    with hub.session() as session:
        campaign = session.get(Campaign, campaign_id)
        if campaign is None:
            raise unknown_campaign(campaign_id)
        sites = tuple(session.scalars(select(CampaignSite).where(CampaignSite.campaign_id == campaign_id)
                                      .order_by(CampaignSite.code)))
        visits = tuple(session.scalars(select(PlannedVisit).where(PlannedVisit.campaign_id == campaign_id)
                                       .order_by(PlannedVisit.day, PlannedVisit.id)))
        stations = {s.id: s for s in session.scalars(select(HubStation).order_by(HubStation.station_code))}
    return Plan(campaign, sites, visits, stations)


def import_sites(hub: Hub, campaign_id: int, rows: list[SiteRow]) -> tuple[int, int]:
    """Add the file's sites, replacing the name and target of codes already there; returns (added, updated)."""
    load_plan(hub, campaign_id)
    added = updated = 0
    with hub.session() as session:
        existing = {s.code: s for s in session.scalars(select(CampaignSite).where(
            CampaignSite.campaign_id == campaign_id))}
        for row in rows:
            site = existing.get(row.code)
            if site is None:
                session.add(CampaignSite(campaign_id=campaign_id, code=row.code, name=row.name, target=row.target,
                                         district=row.district))
                added += 1
            else:
                site.name, site.target, site.district = row.name, row.target, row.district
                updated += 1
    return added, updated


def sites_from_rosters(hub: Hub, campaign_id: int) -> tuple[int, int]:
    """Every site with a roster on the hub becomes a campaign site; its target is the roster's size."""
    with hub.session() as session:
        counts = session.execute(select(HubRosterRow.site_code, func.count()).group_by(HubRosterRow.site_code)).all()
    if not counts:
        raise bad_form("Belum ada daftar pemohon di server pusat.", "The hub holds no rosters yet.")
    return import_sites(hub, campaign_id, [SiteRow(code[:64], code[:200], int(count), None)
                                           for code, count in counts])


def add_visit(hub: Hub, campaign_id: int, *, site_id: str, station_id: str, first_day: str,
              last_day: str | None = None) -> int:
    """Plan a station at a site for a day or a run of days; returns how many days were added.

    Raises:
        DashboardError: unknown site or station, days outside the campaign, more than 31 days at once.
    """
    plan = load_plan(hub, campaign_id)
    site = next((s for s in plan.sites if str(s.id) == site_id.strip()), None)
    if site is None:
        raise bad_form("Pilih sekolah dari daftar kampanye.", "Choose a school from the campaign's list.")
    if station_id not in plan.stations:
        raise bad_form("Pilih set perekaman yang terdaftar.", "Choose a registered recording set.")
    first = _date(first_day, "Tanggal kunjungan", "The visit date")
    last = _date(last_day, "Tanggal akhir", "The last date") if last_day and last_day.strip() else first
    campaign = plan.campaign
    if not campaign.starts_on <= first <= last <= campaign.polling_day:
        raise bad_form(f"Kunjungan harus antara {campaign.starts_on} dan {campaign.polling_day}.",
                       f"Visits must fall between {campaign.starts_on} and {campaign.polling_day}.")
    if (last - first).days >= 31:
        raise bad_form("Paling banyak 31 hari sekaligus.", "At most 31 days at once.")
    planned = {(v.site_id, v.station_id, v.day) for v in plan.visits}
    days = [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
    new = [day for day in days if (site.id, station_id, day) not in planned]
    with hub.session() as session:
        for day in new:
            session.add(PlannedVisit(campaign_id=campaign_id, site_id=site.id, station_id=station_id, day=day))
    return len(new)


def remove_visit(hub: Hub, campaign_id: int, visit_id: str) -> None:
    with hub.session() as session:
        removed = session.execute(delete(PlannedVisit).where(PlannedVisit.campaign_id == campaign_id,
                                                             PlannedVisit.id == _int(visit_id))).rowcount
    if not removed:
        raise bad_form("Kunjungan itu tidak ada.", "There is no such visit.")


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        return -1


def publish_polling_day(hub: Hub, campaign_id: int) -> int:
    """Publish the campaign's polling day to every station through the configuration pull; returns the version.

    The newest published configuration is kept and only ``[eligibility]`` changes, so
    stations record people who turn 17 by polling day.

    Raises:
        DashboardError: the merged configuration does not validate (nothing published).
    """
    plan = load_plan(hub, campaign_id)
    with hub.session() as session:
        latest = session.scalars(select(HubConfigVersion).order_by(HubConfigVersion.version.desc()).limit(1)).first()
        current = dict(latest.data) if latest is not None else {}
    eligibility = {**current.get("eligibility", {}), "polling_day": plan.campaign.polling_day.isoformat(),
                   "early_by_polling_day": True}
    try:
        data = validate_central_config({**current, "eligibility": eligibility}, validate_station_data)
    except CentralConfigRefused as error:
        raise bad_form(error.message_id, error.message_en) from None
    return hub.push_config(data)


def station_visits(plan: Plan, station_id: str) -> list[dict[str, object]]:
    """What a station is told of one campaign: each school it visits, with its days, target and polling day."""
    days: dict[int, list[str]] = {}
    for visit in plan.visits:
        if visit.station_id == station_id:
            days.setdefault(visit.site_id, []).append(visit.day.isoformat())
    campaign = plan.campaign
    return [{"campaign_id": campaign.id, "campaign": campaign.name, "polling_day": campaign.polling_day.isoformat(),
             "site_code": site.code, "school": site.name, "district": site.district or "", "target": site.target,
             "days": sorted(days[site.id])}
            for site in plan.sites if site.id in days]


def publish_plans(hub: Hub, campaign_id: int) -> int:
    """Publish the campaign's visits to each station's plan (its other campaigns kept); returns stations changed.

    A station pulls its plan (``GET /api/v1/plan``) at its next sync; a station whose
    visits in this campaign were all removed gets a plan without them.
    """
    plan = load_plan(hub, campaign_id)
    changed = 0
    for station_id in plan.stations:
        previous = hub.published_plan(station_id)
        kept = [v for v in (previous or {}).get("visits", []) if v.get("campaign_id") != campaign_id]
        visits = kept + station_visits(plan, station_id)
        if previous is None and not visits:
            continue
        visits.sort(key=lambda v: (min(v["days"]) if v["days"] else "", str(v["site_code"])))
        changed += hub.publish_plan(station_id, {"visits": visits}) is not None
    return changed
