"""Sites (schools, MPP, malls, villages, ...) and visits: one recording set at one site on one day.

A station has at most one open visit at a time; enrolments are recorded against
it. Visit dates are the station's local date (WIB/WITA/WIT).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from app.domain.enums import AuditAction, EnrolmentStatus, SiteKind
from app.errors import InputError, NotFoundError
from app.services.audit import record_audit
from app.services.views import SiteView, VisitView
from app.storage.db import Database
from app.storage.models import Applicant, Enrolment, Operator, Site, Visit
from app.timezones import to_local, utc_now

log = logging.getLogger(__name__)

NOT_RECORDED_STATUSES = (EnrolmentStatus.DRAFT, EnrolmentStatus.CANCELLED)


class VisitAlreadyOpenError(InputError):
    default_message_id = "Masih ada kunjungan yang terbuka di stasiun ini."
    default_message_en = "This station still has an open visit."
    default_action_id = "Tutup kunjungan itu terlebih dahulu."
    default_action_en = "Close that visit first."


@dataclass(frozen=True)
class SiteSummary:
    """A site with its roster size and how many were recorded (for lists and the GUI)."""

    id: int
    name: str
    kind: SiteKind
    region_code: str
    address: str
    target_count: int
    applicant_count: int
    recorded_count: int
    polling_date: dt.date | None = None


def parse_site_kind(value: SiteKind | str) -> SiteKind:
    try:
        return SiteKind(str(value).strip().lower())
    except ValueError:
        choices = ", ".join(kind.value for kind in SiteKind)
        raise InputError(
            f"Jenis lokasi '{value}' tidak dikenal (pilihan: {choices}).",
            f"Unknown site kind '{value}' (choices: {choices}).",
        ) from None


class SiteService:
    def __init__(
        self,
        db: Database,
        *,
        station_code: str = "",
        timezone_name: str = "WIB",
        clock: Callable[[], dt.datetime] = utc_now,
    ) -> None:
        self.db = db
        self.station_code = station_code
        self.timezone_name = timezone_name
        self.clock = clock

    def today(self) -> dt.date:
        """Today's date where the station is."""
        return to_local(self.clock(), self.timezone_name).date()

    # --- sites ----------------------------------------------------------------------

    def create_site(
        self,
        name: str,
        kind: SiteKind | str = SiteKind.SCHOOL,
        *,
        region_code: str = "",
        target_count: int = 0,
        address: str = "",
        operator_id: int | None = None,
        polling_date: dt.date | None = None,
    ) -> SiteView:
        """Add a site. Raises InputError for an empty or taken name or a bad region code/target."""
        with self.db.session() as session:
            site = self._create(session, name, kind, region_code=region_code, target_count=target_count,
                                address=address, operator_id=operator_id)
            site.polling_date = polling_date
            return SiteView.of(site)

    def get_or_create_site(
        self, session: Session, name: str, kind: SiteKind | str = SiteKind.SCHOOL
    ) -> tuple[Site, bool]:
        """Inside a caller's transaction (roster import): the site by name, created if missing."""
        site = session.scalar(select(Site).where(func.lower(Site.name) == clean_site_name(name).lower()))
        if site is not None:
            return site, False
        return self._create(session, name, kind), True

    def _create(self, session: Session, name: str, kind: SiteKind | str, *, region_code: str = "",
                target_count: int = 0, address: str = "", operator_id: int | None = None) -> Site:
        name = clean_site_name(name)
        kind = parse_site_kind(kind)
        region_code = clean_region_code(region_code)
        check_target(target_count)
        if session.scalar(select(Site.id).where(func.lower(Site.name) == name.lower())) is not None:
            raise InputError(f"Lokasi '{name}' sudah ada.", f"The site '{name}' already exists.")
        site = Site(name=name, kind=kind, region_code=region_code, target_count=target_count,
                    address=(address or "").strip()[:300])
        session.add(site)
        session.flush()
        record_audit(session, AuditAction.SETTINGS_CHANGED, operator_id=operator_id, subject=f"site:{site.id}",
                     details={"change": "site_created", "name": name, "kind": kind.value})
        return site

    def update_site(self, site_id: int, *, target_count: int | None = None, region_code: str | None = None,
                    address: str | None = None, kind: SiteKind | str | None = None,
                    polling_date: dt.date | None | object = ..., operator_id: int | None = None) -> SiteView:
        """Change a site's kind, region, address, target or polling day (``None`` clears the polling day).

        Raises:
            NotFoundError: no such site.
            InputError: a bad kind, region code or target.
        """
        with self.db.session() as session:
            site = _load(session, Site, site_id, "Lokasi", "Site")
            if kind is not None:
                site.kind = parse_site_kind(kind)
            if polling_date is not ...:
                site.polling_date = polling_date
            record_audit(session, AuditAction.SETTINGS_CHANGED, operator_id=operator_id, subject=f"site:{site.id}",
                         details={"change": "site_updated", "name": site.name})
            if target_count is not None:
                site.target_count = check_target(target_count)
            if region_code is not None:
                site.region_code = clean_region_code(region_code)
            if address is not None:
                site.address = address[:300]
            return SiteView.of(site)

    def list_sites(self) -> list[SiteSummary]:
        """Every site with its roster size and recorded count, by name."""
        with self.db.session() as session:
            applicants = dict(
                session.execute(select(Applicant.site_id, func.count(Applicant.id)).group_by(Applicant.site_id)).all()
            )
            recorded = dict(
                session.execute(
                    select(Applicant.site_id, func.count(func.distinct(Applicant.id)))
                    .join(Enrolment, Enrolment.applicant_id == Applicant.id)
                    .where(Enrolment.status.not_in(NOT_RECORDED_STATUSES))
                    .group_by(Applicant.site_id)
                ).all()
            )
            return [
                SiteSummary(site.id, site.name, site.kind, site.region_code, site.address, site.target_count,
                            applicants.get(site.id, 0), recorded.get(site.id, 0), site.polling_date)
                for site in session.scalars(select(Site).order_by(Site.name))
            ]

    # --- visits ---------------------------------------------------------------------

    def open_visit(
        self,
        site_id: int,
        *,
        operator_ids: Iterable[int] = (),
        polling_date: dt.date | None = None,
        visit_date: dt.date | None = None,
        opened_by: int | None = None,
    ) -> VisitView:
        """Start recording at a site. Raises VisitAlreadyOpenError if one is open on this station."""
        with self.db.session() as session:
            site = _load(session, Site, site_id, "Lokasi", "Site")
            open_visit = self._active(session)
            if open_visit is not None:
                raise VisitAlreadyOpenError(
                    f"Kunjungan ke {open_visit.site.name} masih terbuka.",
                    f"The visit to {open_visit.site.name} is still open.",
                    action_id="Tutup kunjungan itu terlebih dahulu.",
                    action_en="Close that visit first.",
                )
            operators = [_load(session, Operator, op_id, "Petugas", "Operator")
                         for op_id in dict.fromkeys(operator_ids)]
            visit = Visit(site=site, visit_date=visit_date or self.today(), station_code=self.station_code,
                          polling_date=polling_date, operators=operators)
            session.add(visit)
            session.flush()
            record_audit(session, AuditAction.VISIT_OPENED, operator_id=opened_by, subject=f"visit:{visit.id}",
                         details={"site": site.name, "operators": [op.username for op in operators]})
            log.info("visit %s opened at site %s", visit.id, site.id)
            return VisitView.of(self._detached(session, visit.id))

    def active_visit(self) -> VisitView | None:
        """This station's open visit (with its site and operators), or None."""
        with self.db.session() as session:
            visit = self._active(session)
            return VisitView.of(visit) if visit is not None else None

    def close_visit(self, visit_id: int | None = None, *, closed_by: int | None = None) -> VisitView:
        """Close a visit (by default this station's open one). Raises NotFoundError if none is open."""
        with self.db.session() as session:
            visit = self._active(session) if visit_id is None else self._detached(session, visit_id)
            if visit is None:
                raise NotFoundError("Tidak ada kunjungan yang terbuka.", "There is no open visit.")
            if visit.closed_at is None:
                visit.closed_at = self.clock()
                record_audit(session, AuditAction.VISIT_CLOSED, operator_id=closed_by, subject=f"visit:{visit.id}")
            return VisitView.of(visit)

    def visits(self, site_id: int | None = None) -> list[VisitView]:
        with self.db.session() as session:
            query = select(Visit).options(selectinload(Visit.site), selectinload(Visit.operators))
            if site_id is not None:
                query = query.where(Visit.site_id == site_id)
            return [VisitView.of(visit) for visit in session.scalars(query.order_by(Visit.opened_at.desc()))]

    def _active(self, session: Session) -> Visit | None:
        return session.scalar(
            select(Visit)
            .options(selectinload(Visit.site), selectinload(Visit.operators))
            .where(Visit.closed_at.is_(None), Visit.station_code == self.station_code)
            .order_by(Visit.opened_at.desc())
            .limit(1)
        )

    @staticmethod
    def _detached(session: Session, visit_id: int) -> Visit:
        visit = session.scalar(
            select(Visit).options(selectinload(Visit.site), selectinload(Visit.operators)).where(Visit.id == visit_id)
        )
        if visit is None:
            raise NotFoundError(f"Kunjungan #{visit_id} tidak ada.", f"Visit #{visit_id} does not exist.")
        return visit


def clean_region_code(region_code: str) -> str:
    """A kecamatan/regency/province code as digits (dots allowed). Raises InputError otherwise."""
    region_code = (region_code or "").strip().replace(".", "")
    if region_code and (not region_code.isdigit() or len(region_code) not in (2, 4, 6)):
        raise InputError(
            "Kode wilayah harus 2, 4 atau 6 angka (mis. 357301).",
            "The region code must be 2, 4 or 6 digits (e.g. 357301).",
        )
    return region_code


def check_target(target_count: int) -> int:
    if isinstance(target_count, bool) or not isinstance(target_count, int) or target_count < 0:
        raise InputError("Target harus bilangan bulat ≥ 0.", "The target must be a whole number ≥ 0.")
    return target_count


def clean_site_name(name: str) -> str:
    """A site name with its spaces tidied. Raises InputError when empty or too long."""
    name = " ".join((name or "").split())
    if not name:
        raise InputError("Nama lokasi wajib diisi.", "The site name is required.")
    if len(name) > 200:
        raise InputError("Nama lokasi terlalu panjang (maks. 200).", "The site name is too long (max 200).")
    return name


def _load(session: Session, model: type, key: int, what_id: str, what_en: str):
    found = session.get(model, key)
    if found is None:
        raise NotFoundError(f"{what_id} #{key} tidak ada.", f"{what_en} #{key} does not exist.")
    return found
