"""What services hand to the user interfaces: frozen views, never database rows.

A view is read once inside the service's session and carries every column the
GUI and CLI read, so nothing lazy-loads after the session closed and a misspelt
field is a type error (mypy runs on ``ui/gui``). One view per concept; services
that already return their own frozen dataclass (queue rows, drafts, reviews,
self-check runs) keep it beside the service.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import Any, TypeVar

from app.domain.enums import Role, Sex, SiteKind
from app.storage.models import Applicant, Operator, Site, Visit

V = TypeVar("V")


def _read(view: type[V], row: object, **given: Any) -> V:
    """The view with every field read from the row's attribute of the same name (``given`` ones as passed).

    By name, not by position: two string columns can never swap places.
    """
    return view(**{f.name: given[f.name] if f.name in given else getattr(row, f.name)
                   for f in fields(view)})  # type: ignore[arg-type]


@dataclass(frozen=True)
class OperatorView:
    """An operator account as the screens show it (no password hash)."""

    id: int
    username: str
    full_name: str
    role: Role
    active: bool
    failed_logins: int
    locked_until: dt.datetime | None
    created_at: dt.datetime

    @classmethod
    def of(cls, row: Operator) -> OperatorView:
        return _read(cls, row)


@dataclass(frozen=True)
class SiteView:
    """A recording site (school, MPP, village ...)."""

    id: int
    name: str
    kind: SiteKind
    region_code: str
    address: str
    target_count: int
    hub_site_code: str | None
    polling_date: dt.date | None

    @classmethod
    def of(cls, row: Site) -> SiteView:
        return _read(cls, row)


@dataclass(frozen=True)
class VisitView:
    """One recording day at a site, with the site and the operators on it."""

    id: int
    site_id: int
    visit_date: dt.date
    station_code: str
    polling_date: dt.date | None
    opened_at: dt.datetime
    closed_at: dt.datetime | None
    site: SiteView
    operators: tuple[OperatorView, ...]

    @classmethod
    def of(cls, row: Visit) -> VisitView:
        """Needs ``site`` and ``operators`` loaded (the visit queries select them)."""
        return _read(cls, row, site=SiteView.of(row.site), operators=tuple(OperatorView.of(op) for op in row.operators))


@dataclass(frozen=True)
class ApplicantView:
    """An applicant's identity fields as on the roster (biometrics live with the enrolment)."""

    id: int
    nik: str
    kk_number: str
    name: str
    birth_place: str
    birth_date: dt.date
    sex: Sex
    blood_type: str
    address: str
    rt: str
    rw: str
    village: str
    district: str
    regency: str
    province: str
    religion: str
    marital_status: str
    occupation: str
    citizenship: str
    student_number: str
    class_name: str
    site_id: int | None
    created_at: dt.datetime
    updated_at: dt.datetime

    @classmethod
    def of(cls, row: Applicant) -> ApplicantView:
        return _read(cls, row)
