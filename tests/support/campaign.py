"""A synthetic campaign on a hub: stations, schools, planned visits and packet rows inserted directly (no biometrics).

For the dashboard's HTTP tests and its benchmark; every NIK is synthetic.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import uuid

import httpx

from app.timezones import utc_now
from server.dashboard.campaigns import create_campaign, import_sites
from server.dashboard.site_files import SiteRow
from server.dashboard.tables import Campaign, PlannedVisit
from server.hub import Hub
from server.models import HubPacket, HubRecord, HubStation

STATUS_MIX = (("print_ready", 80), ("duplicate", 6), ("adjudication", 4), ("enroll_failure_at_regional", 3),
              ("received", 7))
_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def add_stations(hub: Hub, count: int) -> list[str]:
    ids = []
    with hub.session() as session:
        for number in range(1, count + 1):
            station_id = str(uuid.uuid4())
            session.add(HubStation(id=station_id, station_code=f"3573-{number:02d}", name=f"Set {number}",
                                   site_code=f"SEKOLAH-{number:02d}", public_key="x" * 44,
                                   token_sha256=uuid.uuid4().hex + uuid.uuid4().hex))
            ids.append(station_id)
    return ids


def synthetic_campaign(hub: Hub, *, schools: int, stations: int, packets: int, starts_on: dt.date,
                       polling_day: dt.date, today: dt.date, target: int = 90, seed: int = 7) -> Campaign:
    """``schools`` sites (``target`` each), ``stations`` sets planned school by school, ``packets`` records up to today."""
    rng = random.Random(seed)
    campaign = create_campaign(hub, name=f"Kampanye sintetis {seed}", polling_day=polling_day.isoformat(),
                               starts_on=starts_on.isoformat(), target_group="pemilih pemula (sintetis)", by="bench")
    import_sites(hub, campaign.id, [SiteRow(f"SEKOLAH-{n:02d}", f"SMA Sintetis {n}", target, "Klojen")
                                    for n in range(1, schools + 1)])
    station_ids = add_stations(hub, stations)
    from server.dashboard.campaigns import load_plan

    plan = load_plan(hub, campaign.id)
    span = (polling_day - starts_on).days + 1
    statuses = [s for s, weight in STATUS_MIX for _ in range(weight)]
    with hub.session() as session:
        for index, site in enumerate(plan.sites):
            day = starts_on + dt.timedelta(days=(index * span) // len(plan.sites))
            for station_id in sorted({station_ids[index % stations], station_ids[(index + 1) % stations]}):
                session.add(PlannedVisit(campaign_id=campaign.id, site_id=site.id, station_id=station_id, day=day))
        elapsed = max(1, (today - starts_on).days + 1)
        for number in range(packets):
            site = plan.sites[number % len(plan.sites)]
            packet_uuid = str(uuid.uuid4())
            day = starts_on + dt.timedelta(days=rng.randrange(elapsed))
            status = rng.choice(statuses)
            session.add(HubPacket(packet_uuid=packet_uuid, station_id=rng.choice(station_ids), sha256="0" * 64,
                                  size=1000, complete=True, status=status, site_code=site.code,
                                  visit_date=day.isoformat(), software_version="0.1.0", received_at=utc_now()))
            session.add(HubRecord(packet_uuid=packet_uuid, nik=f"357301{number:010d}", name=f"SISWA {number}",
                                  finger_count=10))
    return campaign


def form_token(page: str) -> str:
    """The CSRF token of the first form on a dashboard page."""
    found = _TOKEN.search(page)
    assert found, "no form token on the page"
    return found.group(1)


def log_in(client: httpx.Client, username: str, password: str) -> httpx.Response:
    page = client.get("/dashboard/login")
    return client.post("/dashboard/login", data={"username": username, "password": password,
                                                 "csrf_token": form_token(page.text)})
