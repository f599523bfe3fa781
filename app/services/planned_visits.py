"""The visits the office planned for this station (pulled from the hub at sync), and starting one.

The plan arrives through the sync (``planned_visits`` table); here the operator
sees today's and the coming planned days and opens the day's visit from one: the
visit is recorded at the planned site, with the campaign's polling day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select

from app.errors import InputError, NotFoundError
from app.services.sites import SiteService
from app.services.views import VisitView
from app.storage.db import Database
from app.storage.models import Applicant, PlannedVisit


@dataclass(frozen=True)
class PlannedVisitView:
    """One planned day at one site, as the operator sees it."""

    id: int
    day: dt.date
    site_id: int
    site_name: str
    hub_site_code: str
    campaign: str
    target_count: int
    polling_date: dt.date | None
    roster_count: int
    withdrawn: bool  # removed from the plan by the office after this station recorded there


class PlannedVisitService:
    def __init__(self, db: Database, sites: SiteService) -> None:
        self.db = db
        self.sites = sites

    def upcoming(self, *, days: int = 14) -> tuple[PlannedVisitView, ...]:
        """Planned days from today to ``days`` ahead, earliest first (withdrawn ones included, marked)."""
        today = self.sites.today()
        with self.db.session() as session:
            rows = session.scalars(select(PlannedVisit).where(
                PlannedVisit.day >= today, PlannedVisit.day <= today + dt.timedelta(days=days))
                .order_by(PlannedVisit.day, PlannedVisit.hub_site_code)).all()
            rosters = dict(session.execute(select(Applicant.site_id, func.count(Applicant.id)).where(
                Applicant.site_id.in_({row.site_id for row in rows})).group_by(Applicant.site_id)).all())
            return tuple(PlannedVisitView(row.id, row.day, row.site_id, row.site.name, row.hub_site_code, row.campaign,
                                          row.target_count, row.polling_date, int(rosters.get(row.site_id, 0)),
                                          row.withdrawn) for row in rows)

    def start(self, planned_id: int, *, operator_ids: Iterable[int] = (), opened_by: int | None = None) -> VisitView:
        """Open today's visit at the planned site, with the campaign's polling day.

        Raises:
            NotFoundError: no such planned visit (the plan changed meanwhile).
            InputError: the visit is planned for another day, or was removed from the plan.
            VisitAlreadyOpenError: another visit is still open.
        """
        with self.db.session() as session:
            planned = session.get(PlannedVisit, planned_id)
            if planned is None:
                raise NotFoundError("Kunjungan terencana itu sudah tidak ada; rencana berubah.",
                                    "That planned visit no longer exists; the plan changed.")
            site_id, day, polling, withdrawn = planned.site_id, planned.day, planned.polling_date, planned.withdrawn
        if withdrawn:
            raise InputError("Kunjungan ini sudah dihapus dari rencana oleh kantor.",
                             "The office removed this visit from the plan.",
                             action_id="Pilih kunjungan lain dari rencana, atau pilih lokasi sendiri.",
                             action_en="Choose another planned visit, or pick a site yourself.")
        if day != self.sites.today():
            raise InputError(f"Kunjungan ini direncanakan untuk {day:%d-%m-%Y}, bukan hari ini.",
                             f"This visit is planned for {day:%d-%m-%Y}, not today.",
                             action_id="Pilih kunjungan hari ini.", action_en="Choose today's visit.")
        return self.sites.open_visit(site_id, operator_ids=operator_ids, polling_date=polling, visit_date=day,
                                     opened_by=opened_by)
