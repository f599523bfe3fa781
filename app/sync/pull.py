"""Pull the station's plan, the rosters of its sites and the station configuration from the hub.

Rosters: the site the station was registered for and every site its plan sends it
to (``app.sync.plan_pull``), each with its own checkpoint.

The roster checkpoint is the hub's ``seq`` of the last row stored here, kept in
the KeyValue table after each page, so a cut mid-pull resumes with the next page
(CouchDB-style replication checkpoints).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import partial
from typing import Any

from sqlalchemy import select

from app.domain.enums import Sex, SiteKind
from app.storage.db import Database
from app.storage.models import Applicant, Site
from app.sync import state
from app.sync.client import HubClient
from app.sync.errors import SyncError
from app.sync.plan_pull import PlanPullReport, planned_site_codes, pull_plan
from app.sync.storage_steps import StorageRunner, run_here

_TEXT_FIELDS = ("kk_number", "birth_place", "blood_type", "address", "rt", "rw", "village", "district", "regency",
                "province", "religion", "marital_status", "occupation", "citizenship", "student_number", "class_name")


@dataclass(frozen=True)
class PullReport:
    roster_rows: int  # over every site pulled
    roster_rejected: int
    roster_checkpoint: int  # of the registered site
    config_version: int
    config_changed: bool
    plan: PlanPullReport | None = None  # None when the plan could not be pulled (the error is in ``errors``)
    roster_sites: tuple[str, ...] = ()


def _local_site(session: Any, site_code: str) -> Site:
    site: Site | None = session.scalars(select(Site).where(Site.hub_site_code == site_code)).first()
    if site is None:
        site = session.scalars(select(Site).where(Site.name == site_code)).first()
        if site is None:
            site = Site(name=site_code, kind=SiteKind.SCHOOL)
            session.add(site)
        site.hub_site_code = site_code
        session.flush()
    return site


def _store_rows(db: Database, site_code: str, rows: list[dict[str, Any]]) -> int:
    """Insert or update applicants by NIK; returns how many rows were unusable."""
    rejected = 0
    with db.session() as session:
        site = _local_site(session, site_code)
        for row in rows:
            try:
                nik = str(row["nik"])
                birth_date = dt.date.fromisoformat(str(row["birth_date"]))
                sex = Sex(str(row["sex"]).upper())
                name = str(row["name"]).strip()
            except (KeyError, ValueError):
                rejected += 1
                continue
            applicant = session.scalars(select(Applicant).where(Applicant.nik == nik)).first()
            if applicant is None:
                applicant = Applicant(nik=nik, name=name, birth_date=birth_date, sex=sex)
                session.add(applicant)
            applicant.name, applicant.birth_date, applicant.sex = name, birth_date, sex
            applicant.site_id = site.id
            for key in _TEXT_FIELDS:
                if row.get(key) not in (None, ""):
                    setattr(applicant, key, str(row[key]))
    return rejected


def pull_roster(db: Database, client: HubClient, site_code: str, page_size: int = 500, *,
                storage: StorageRunner = run_here) -> tuple[int, int, int]:
    """Fetch roster pages after the stored checkpoint. Returns (rows, rejected, checkpoint)."""
    key = state.ROSTER_CHECKPOINT_PREFIX + site_code
    checkpoint = storage(lambda: int(state.get_json(db, key, 0)))
    total = rejected = 0
    while True:
        page = client.roster(site_code, checkpoint, page_size)
        rows = [r for r in page.get("rows", []) if isinstance(r, dict)]
        if rows:
            rejected += storage(partial(_store_rows, db, site_code, rows))
            total += len(rows)
        new_checkpoint = int(page.get("checkpoint", checkpoint))
        if new_checkpoint != checkpoint:
            checkpoint = new_checkpoint
            storage(partial(state.put_json, db, key, new_checkpoint))
        if not page.get("more") or not rows:
            return total, rejected, checkpoint


def pull_config(db: Database, client: HubClient, *, storage: StorageRunner = run_here) -> tuple[int, bool]:
    """Fetch the hub's station configuration when newer than the stored version."""
    version = storage(lambda: int(state.get_json(db, state.CONFIG_CHECKPOINT_KEY, 0)))
    answer = client.config(version)
    if answer.get("config") is None:
        return version, False

    def store() -> None:
        state.put_json(db, state.HUB_CONFIG_KEY, answer["config"])
        state.put_json(db, state.CONFIG_CHECKPOINT_KEY, int(answer["version"]))

    storage(store)
    return int(answer["version"]), True


def pull_all(db: Database, client: HubClient, site_code: str, *, storage: StorageRunner = run_here,
             errors: list[dict[str, str]] | None = None) -> PullReport:
    """The plan, the rosters of the registered and planned sites, then the configuration.

    Every database step runs through ``storage``. With ``errors``, a plan or roster
    that cannot be pulled is noted there and the other pulls go on; without, it is raised.

    Raises:
        SyncError: the hub cannot be reached or refused (the configuration pull, or any pull without ``errors``).
    """
    def noted(error: SyncError) -> None:
        if errors is None:
            raise error
        errors.append(error.to_dict())

    plan: PlanPullReport | None = None
    try:
        plan = pull_plan(db, client, storage=storage)
    except SyncError as error:
        noted(error)
    planned = plan.site_codes if plan is not None else storage(lambda: planned_site_codes(db))
    sites = tuple(code for code in dict.fromkeys((site_code, *planned)) if code)
    rows = rejected = checkpoint = 0
    for code in sites:
        try:
            pulled, refused, reached = pull_roster(db, client, code, storage=storage)
        except SyncError as error:
            noted(error)
            continue
        rows, rejected = rows + pulled, rejected + refused
        checkpoint = reached if code == site_code else checkpoint
    version, changed = pull_config(db, client, storage=storage)
    return PullReport(rows, rejected, checkpoint, version, changed, plan, sites)
