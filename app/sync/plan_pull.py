"""Pull this station's plan from the hub (``GET /api/v1/plan``) and keep its planned visits.

The office plans visits in the hub's dashboard (which recording set at which school
on which days) and publishes them; each station pulls its own plan at its normal
sync, versioned like the configuration pull (``after`` = the version held here).
A new version replaces the planned days: a day no longer planned disappears,
unless the station already recorded at that site on that day (then it stays,
marked withdrawn). Each planned school becomes a local site with its hub site
code, target and polling day, so its roster arrives through the roster pull and
the operator can start the day's visit from the plan.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.enums import EnrolmentStatus, SiteKind
from app.storage.db import Database
from app.storage.models import Enrolment, KeyValue, PlannedVisit, Site, Visit
from app.sync import state
from app.sync.client import HubClient
from app.sync.errors import SyncError, SyncErrorKind
from app.sync.storage_steps import StorageRunner, run_here

MAX_PLANNED_DAYS = 2000  # days in one plan (a year of a set's visits is ~300)
_NOT_RECORDED = (EnrolmentStatus.DRAFT, EnrolmentStatus.CANCELLED)


@dataclass(frozen=True)
class PlannedDay:
    """One day of the plan: where, for which campaign, with the school's target and polling day."""

    site_code: str
    school: str
    district: str
    target: int
    campaign: str
    polling_day: dt.date | None
    day: dt.date


@dataclass(frozen=True)
class PlanPullReport:
    version: int
    changed: bool
    planned_days: int  # days held after this pull (withdrawn ones not counted)
    removed: int  # days dropped because the office removed them
    withdrawn: int  # days removed by the office but kept: the station recorded there
    site_codes: tuple[str, ...]  # planned sites (their rosters are pulled too)


def _bad_plan(what: str) -> SyncError:
    return SyncError(SyncErrorKind.PROTOCOL, f"Rencana kunjungan dari server pusat tidak dapat dibaca ({what}).",
                     f"The visit plan from the hub cannot be read ({what}).", code="bad_plan",
                     action_id="Rencana lama tetap dipakai. Laporkan ke kantor.",
                     action_en="The previous plan stays in use. Tell the office.")


def _text(entry: Mapping[str, Any], key: str, limit: int, *, required: bool = True) -> str:
    value = entry.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()) or len(value) > limit:
        raise _bad_plan(key)
    return " ".join(value.split())


def _day(text: Any, key: str) -> dt.date:
    try:
        return dt.date.fromisoformat(str(text))
    except ValueError:
        raise _bad_plan(key) from None


def parse_plan(plan: Any) -> list[PlannedDay]:
    """The plan's days, every field checked; nothing of a plan that fails is used.

    Raises:
        SyncError: ``bad_plan`` (PROTOCOL) for anything that is not a well-formed plan.
    """
    if not isinstance(plan, Mapping) or not isinstance(plan.get("visits"), list):
        raise _bad_plan("visits")
    days: dict[tuple[str, dt.date], PlannedDay] = {}
    for entry in plan["visits"]:
        if not isinstance(entry, Mapping) or not isinstance(entry.get("days"), list):
            raise _bad_plan("days")
        target = entry.get("target", 0)
        if isinstance(target, bool) or not isinstance(target, int) or not 0 <= target <= 1_000_000:
            raise _bad_plan("target")
        polling = entry.get("polling_day")
        site_code, school = _text(entry, "site_code", 64), _text(entry, "school", 200)
        district, campaign = _text(entry, "district", 100, required=False), _text(entry, "campaign", 200, required=False)
        polling_day = _day(polling, "polling_day") if polling else None
        for text in entry["days"]:
            day = _day(text, "days")
            days[(site_code, day)] = PlannedDay(site_code, school, district, target, campaign, polling_day, day)
            if len(days) > MAX_PLANNED_DAYS:
                raise _bad_plan("days")
    return sorted(days.values(), key=lambda d: (d.day, d.site_code))


def _plan_site(session: Session, day: PlannedDay) -> Site:
    """The local site for a planned school: by hub code, else an unlinked site of the same name, else a new one."""
    site = session.scalars(select(Site).where(Site.hub_site_code == day.site_code)).first()
    if site is None:
        site = session.scalars(select(Site).where(func.lower(Site.name) == day.school.lower(),
                                                  Site.hub_site_code.is_(None))).first()
    if site is None:
        name = day.school
        if session.scalar(select(Site.id).where(func.lower(Site.name) == name.lower())) is not None:
            name = f"{day.school[:180]} ({day.site_code})"
        site = Site(name=name, kind=SiteKind.SCHOOL)
        session.add(site)
    site.hub_site_code = day.site_code
    site.target_count = day.target
    if day.polling_day is not None:
        site.polling_date = day.polling_day
    session.flush()
    return site


def recorded_at(session: Session, site_id: int, day: dt.date) -> bool:
    """Whether this station recorded anyone at ``site_id`` on ``day`` (saved records, not drafts)."""
    return session.scalar(select(func.count(Enrolment.id)).join(Visit, Enrolment.visit_id == Visit.id).where(
        Visit.site_id == site_id, Visit.visit_date == day, Enrolment.status.not_in(_NOT_RECORDED))) != 0


def apply_plan(db: Database, version: int, days: list[PlannedDay]) -> tuple[int, int]:
    """Replace the planned days with ``days`` in one transaction; returns (removed, withdrawn)."""
    removed = withdrawn = 0
    with db.session() as session:
        held = {(row.hub_site_code, row.day): row for row in session.scalars(select(PlannedVisit))}
        for day in days:
            site = _plan_site(session, day)
            row = held.pop((day.site_code, day.day), None)
            if row is None:
                row = PlannedVisit(hub_site_code=day.site_code, day=day.day)
                session.add(row)
            row.site_id, row.campaign, row.polling_date = site.id, day.campaign, day.polling_day
            row.target_count, row.plan_version, row.withdrawn = day.target, version, False
        for row in held.values():
            if recorded_at(session, row.site_id, row.day):
                withdrawn += not row.withdrawn
                row.withdrawn = True
            else:
                session.delete(row)
                removed += 1
        checkpoint = session.get(KeyValue, state.PLAN_VERSION_KEY) or KeyValue(key=state.PLAN_VERSION_KEY)
        checkpoint.value = json.dumps(version)  # in the plan's own transaction: both or neither
        session.add(checkpoint)
    return removed, withdrawn


def planned_site_codes(db: Database) -> tuple[str, ...]:
    """The hub site codes of the days still planned, in order of their first day."""
    with db.session() as session:
        codes = session.scalars(select(PlannedVisit.hub_site_code).where(PlannedVisit.withdrawn.is_(False))
                                .order_by(PlannedVisit.day, PlannedVisit.hub_site_code)).all()
    return tuple(dict.fromkeys(codes))


def planned_days(db: Database) -> int:
    with db.session() as session:
        return int(session.scalar(select(func.count(PlannedVisit.id)).where(PlannedVisit.withdrawn.is_(False))) or 0)


def pull_plan(db: Database, client: HubClient, *, storage: StorageRunner = run_here) -> PlanPullReport:
    """Fetch this station's plan when the hub has a newer version, and keep it.

    Raises:
        SyncError: the hub cannot be reached or refused, or its plan is malformed (nothing changes).
    """
    version = storage(lambda: int(state.get_json(db, state.PLAN_VERSION_KEY, 0)))
    answer = client.plan(version)
    new_version = answer.get("version")
    if answer.get("plan") is None or isinstance(new_version, bool) or not isinstance(new_version, int):
        return storage(lambda: PlanPullReport(version, False, planned_days(db), 0, 0, planned_site_codes(db)))
    days = parse_plan(answer["plan"])

    def store() -> PlanPullReport:
        removed, withdrawn = apply_plan(db, new_version, days)
        return PlanPullReport(new_version, True, planned_days(db), removed, withdrawn, planned_site_codes(db))

    return storage(store)
