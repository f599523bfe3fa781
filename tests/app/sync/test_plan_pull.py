"""The station's plan from the dashboard, over HTTP on loopback: planned visits, their rosters, re-publishing."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app.bootstrap import Station
from app.domain.enums import EnrolmentStatus
from app.errors import InputError
from app.storage.models import Applicant, Enrolment, PlannedVisit, Site
from app.sync import plan_pull
from app.sync.client import HubClient
from app.sync.errors import SyncError
from server.dashboard import campaigns
from server.dashboard.site_files import SiteRow
from server.local import LocalHub
from tests.app.sync.test_pull import roster_rows


def plan_campaign(hub: object, station_id: str, today: dt.date) -> int:
    """A campaign with two schools: SMAN-7 today and tomorrow, SMAN-9 the day after, for ``station_id``."""
    campaign = campaigns.create_campaign(hub, name="Pemilih pemula 2024", polling_day=(today + dt.timedelta(30)).isoformat(),
                                         starts_on=(today - dt.timedelta(3)).isoformat(), target_group="17 tahun", by="t")
    campaigns.import_sites(hub, campaign.id, [SiteRow("SMAN-7", "SMAN 7 Malang", 120, "Lowokwaru"),
                                              SiteRow("SMAN-9", "SMAN 9 Malang", 80, None)])
    plan = campaigns.load_plan(hub, campaign.id)
    site = {s.code: str(s.id) for s in plan.sites}
    campaigns.add_visit(hub, campaign.id, site_id=site["SMAN-7"], station_id=station_id,
                        first_day=today.isoformat(), last_day=(today + dt.timedelta(1)).isoformat())
    campaigns.add_visit(hub, campaign.id, site_id=site["SMAN-9"], station_id=station_id,
                        first_day=(today + dt.timedelta(2)).isoformat())
    return campaign.id


def held_days(station: Station) -> dict[tuple[str, dt.date], bool]:
    with station.db.session() as session:
        return {(row.hub_site_code, row.day): row.withdrawn for row in session.scalars(select(PlannedVisit))}


def test_a_published_plan_reaches_the_station_with_its_rosters(registered: Station, local_hub: LocalHub) -> None:
    hub = local_hub.hub
    assert hub is not None and registered.sync.registration is not None
    today = registered.sites.today()
    campaign_id = plan_campaign(hub, registered.sync.registration.station_id, today)
    hub.put_roster_rows("SMAN-7", roster_rows(4))
    hub.put_roster_rows("SMAN-9", roster_rows(2, start=10))

    before = registered.sync.sync_now()  # nothing published yet: no plan, and SMAN-7's roster is not this station's
    assert before.ok and before.pull is not None and before.pull.plan is not None and not before.pull.plan.changed
    assert held_days(registered) == {}

    assert campaigns.publish_plans(hub, campaign_id) == 1
    report = registered.sync.sync_now()
    assert report.ok, report.errors
    assert report.pull is not None and report.pull.plan is not None and report.pull.plan.changed
    assert report.pull.plan.planned_days == 3 and report.pull.roster_rows == 6
    assert set(report.pull.roster_sites) == {"SMAN-CONTOH-1", "SMAN-7", "SMAN-9"}
    assert set(held_days(registered)) == {("SMAN-7", today), ("SMAN-7", today + dt.timedelta(1)),
                                         ("SMAN-9", today + dt.timedelta(2))}
    with registered.db.session() as session:
        school = session.scalars(select(Site).where(Site.hub_site_code == "SMAN-7")).one()
        assert (school.name, school.target_count, school.polling_date) == ("SMAN 7 Malang", 120, today + dt.timedelta(30))
        assert len(session.scalars(select(Applicant).where(Applicant.site_id == school.id)).all()) == 4

    upcoming = registered.planned_visits.upcoming()
    assert [(v.hub_site_code, v.day, v.roster_count) for v in upcoming][0] == ("SMAN-7", today, 4)
    with pytest.raises(InputError):  # tomorrow's visit cannot be started today
        registered.planned_visits.start(upcoming[1].id)
    visit = registered.planned_visits.start(upcoming[0].id)
    assert visit.site.hub_site_code == "SMAN-7" and visit.visit_date == today
    assert visit.polling_date == today + dt.timedelta(30)

    again = registered.sync.sync_now()  # the same version: nothing pulled again
    assert again.pull is not None and again.pull.plan is not None and not again.pull.plan.changed


def test_republishing_removes_a_visit_unless_the_station_recorded_there(registered: Station,
                                                                         local_hub: LocalHub) -> None:
    hub = local_hub.hub
    assert hub is not None and registered.sync.registration is not None
    today = registered.sites.today()
    campaign_id = plan_campaign(hub, registered.sync.registration.station_id, today)
    hub.put_roster_rows("SMAN-7", roster_rows(1))
    campaigns.publish_plans(hub, campaign_id)
    registered.sync.sync_now()
    today_visit = registered.planned_visits.upcoming()[0]
    visit = registered.planned_visits.start(today_visit.id)
    with registered.db.session() as session:  # someone was recorded at SMAN-7 today
        applicant = session.scalars(select(Applicant)).first()
        assert applicant is not None
        session.add(Enrolment(applicant_id=applicant.id, visit_id=visit.id, status=EnrolmentStatus.BIO_CAPTURED))

    for planned in campaigns.load_plan(hub, campaign_id).visits:  # the office removes every visit but SMAN-9
        if planned.day != today + dt.timedelta(2):
            campaigns.remove_visit(hub, campaign_id, str(planned.id))
    assert campaigns.publish_plans(hub, campaign_id) == 1
    assert campaigns.publish_plans(hub, campaign_id) == 0  # unchanged: no new version
    report = registered.sync.sync_now()
    assert report.pull is not None and report.pull.plan is not None
    assert (report.pull.plan.removed, report.pull.plan.withdrawn) == (1, 1)
    assert held_days(registered) == {("SMAN-7", today): True, ("SMAN-9", today + dt.timedelta(2)): False}
    assert report.pull.roster_sites == ("SMAN-CONTOH-1", "SMAN-9")
    withdrawn = registered.planned_visits.upcoming()[0]
    assert withdrawn.withdrawn
    registered.sites.close_visit()
    with pytest.raises(InputError):
        registered.planned_visits.start(withdrawn.id)


def test_rosters_of_unplanned_sites_stay_refused(registered: Station, local_hub: LocalHub) -> None:
    hub = local_hub.hub
    assert hub is not None and registered.sync.registration is not None
    hub.put_roster_rows("SMAN-7", roster_rows(1))
    with HubClient(local_hub.url, registered.sync.registration.token) as client, pytest.raises(SyncError) as raised:
        client.roster("SMAN-7", 0)
    assert raised.value.code == "wrong_site"


@pytest.mark.parametrize("plan", [
    [], {"visits": "x"}, {"visits": [{"site_code": "", "school": "A", "days": ["2024-11-01"]}]},
    {"visits": [{"site_code": "A", "school": "A", "days": ["1 November"]}]},
    {"visits": [{"site_code": "A", "school": "A", "target": -1, "days": []}]},
    {"visits": [{"site_code": "A" * 65, "school": "A", "days": []}]},
])
def test_a_malformed_plan_changes_nothing(plan: object) -> None:
    with pytest.raises(SyncError) as raised:
        plan_pull.parse_plan(plan)
    assert raised.value.code == "bad_plan"
