"""Applicants: search, manual add (NIK-checked), the day's queue and a visit's progress.

Queue state is derived, never stored: from the applicant's latest enrolment and
its outbox row (see :func:`queue_state`).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, exists, func, or_, select
from sqlalchemy.orm import Session, selectinload

from app.domain.eligibility import assess_eligibility, is_ever_married
from app.domain.enums import CentralStatus, EligibilityStatus, EnrolmentStatus, OutboxState, QueueState, Sex
from app.domain.labels import RESENDABLE_CENTRAL
from app.errors import InputError, NotFoundError
from app.logging_setup import mask_nik
from app.services.applicant_fields import ALL_FIELDS, build_applicant_values
from app.services.settings import PeopleSettings
from app.storage.db import Database
from app.storage.models import Applicant, Enrolment, Site, Visit
from app.timezones import to_local, utc_now

log = logging.getLogger(__name__)

SENT_STATUSES = {
    EnrolmentStatus.SENT_FOR_ENROLLMENT, EnrolmentStatus.RECEIVED_AT_CENTRAL, EnrolmentStatus.PRINT_READY_RECORD,
}
FAILED_STATUSES = {
    EnrolmentStatus.DUPLICATE_RECORD, EnrolmentStatus.ADJUDICATE_RECORD, EnrolmentStatus.ENROLL_FAILURE_AT_REGIONAL,
    EnrolmentStatus.ENROLL_FAILURE_AT_CENTRAL, EnrolmentStatus.SEARCH_FAILURE_AT_CENTRAL,
}
MIN_MINUTES_FOR_RATE = 5


@dataclass(frozen=True)
class ApplicantSummary:
    id: int
    nik: str
    name: str
    birth_date: dt.date
    sex: Sex
    student_number: str
    class_name: str
    site_id: int | None


@dataclass(frozen=True)
class QueueRow:
    """One line of the day's queue at a site."""

    applicant: ApplicantSummary
    state: QueueState
    eligibility: EligibilityStatus
    age: int
    enrolment_uuid: str | None
    has_draft: bool  # an unfinished recording can be resumed
    detail: str  # central status or last upload error, for FAILED rows
    enrolment_status: EnrolmentStatus | None = None  # of the latest enrolment
    central_status: CentralStatus | None = None  # what the centre said about its packet
    send_refused: bool = False  # the hub refused the packet for good (FAILED outbox entry)
    packet_uuid: str | None = None

    @property
    def resendable(self) -> bool:
        """"Kirim ulang" applies: the hub refused the packet, or the centre failed it (not a duplicate)."""
        return self.send_refused or self.central_status in RESENDABLE_CENTRAL


@dataclass(frozen=True)
class VisitProgress:
    visit_id: int
    recorded: int
    target: int
    remaining: int
    rate_per_hour: float | None  # None until the visit has run a few minutes
    elapsed_hours: float


def queue_state(enrolment: Enrolment | None) -> tuple[QueueState, str]:
    """Where an applicant stands, from their latest non-cancelled enrolment and its outbox row.

    none / draft -> not recorded; saved, awaiting approval -> recorded; approved or
    queued for upload -> waiting to send; at the hub -> sent; refused, duplicate or
    failed at the centre -> failed.
    """
    if enrolment is None or enrolment.status in (EnrolmentStatus.DRAFT, EnrolmentStatus.CANCELLED):
        return QueueState.NOT_RECORDED, ""
    outbox = enrolment.outbox_entry
    if enrolment.status in FAILED_STATUSES:
        return QueueState.FAILED, enrolment.status.value
    if outbox is not None:
        if outbox.state is OutboxState.FAILED:
            return QueueState.FAILED, outbox.last_error or "upload refused"
        if outbox.central_status is not None and outbox.central_status.needs_action:
            return QueueState.FAILED, outbox.central_status.value
        if outbox.state is OutboxState.SENT:
            return QueueState.SENT, outbox.central_status.value if outbox.central_status else ""
    if enrolment.status in SENT_STATUSES:
        return QueueState.SENT, enrolment.status.value
    if enrolment.status is EnrolmentStatus.APPROVED:
        return QueueState.WAITING_TO_SEND, ""
    return QueueState.RECORDED, ""


def queue_order() -> tuple[Any, ...]:
    """The queue's order, in SQL so a paged query keeps it: not yet recorded first, then by name.

    "Recorded" means any saved (not draft, not cancelled) enrolment, so a person
    whose recording was left unfinished stays at the top with the unrecorded.
    """
    recorded = exists().where(Enrolment.applicant_id == Applicant.id,
                              Enrolment.status.not_in((EnrolmentStatus.DRAFT, EnrolmentStatus.CANCELLED)))
    return case((recorded, 1), else_=0), func.lower(Applicant.name), Applicant.id


def _summary(applicant: Applicant) -> ApplicantSummary:
    return ApplicantSummary(applicant.id, applicant.nik, applicant.name, applicant.birth_date, applicant.sex,
                            applicant.student_number, applicant.class_name, applicant.site_id)


class ApplicantService:
    def __init__(
        self,
        db: Database,
        settings: PeopleSettings | None = None,
        *,
        timezone_name: str = "WIB",
        clock: Callable[[], dt.datetime] = utc_now,
    ) -> None:
        self.db = db
        self.settings = settings or PeopleSettings.defaults()
        self.timezone_name = timezone_name
        self.clock = clock

    def today(self) -> dt.date:
        return to_local(self.clock(), self.timezone_name).date()

    def search(self, query: str, *, site_id: int | None = None, limit: int = 50) -> list[ApplicantSummary]:
        """By name (any part, any case), NIK (any part) or student number (exact or start)."""
        text = " ".join((query or "").split())
        with self.db.session() as session:
            statement = select(Applicant).order_by(Applicant.name).limit(limit)
            if site_id is not None:
                statement = statement.where(Applicant.site_id == site_id)
            if text:
                digits = text.replace(" ", "")
                conditions = [func.lower(Applicant.name).contains(text.lower(), autoescape=True),
                              Applicant.student_number.startswith(text, autoescape=True)]
                if digits.isdigit():
                    conditions.append(Applicant.nik.contains(digits, autoescape=True))
                statement = statement.where(or_(*conditions))
            return [_summary(a) for a in session.scalars(statement)]

    def get(self, applicant_id: int) -> Applicant:
        with self.db.session() as session:
            applicant = session.get(Applicant, applicant_id)
            if applicant is None:
                raise NotFoundError(f"Pemohon #{applicant_id} tidak ada.", f"Applicant #{applicant_id} does not exist.")
            return applicant

    def by_nik(self, nik: str) -> Applicant | None:
        with self.db.session() as session:
            return session.scalar(select(Applicant).where(Applicant.nik == nik.strip()))

    def add_manual(self, nik: str, name: str, *, site_id: int | None = None, **fields: object) -> Applicant:
        """Add one applicant typed in by an operator; birth date and sex come from the NIK.

        Raises:
            InputError: the NIK is invalid, a field disagrees with it, or the NIK is already registered.
        """
        unknown = set(fields) - set(ALL_FIELDS)
        if unknown:
            raise TypeError(f"unknown applicant fields: {sorted(unknown)}")
        values, errors, _warnings = build_applicant_values({"nik": nik, "name": name, **fields}, self.today())
        if errors:
            raise InputError(
                "Data pemohon tidak valid: " + "; ".join(f"{e.column}: {e.problem.message_id}" for e in errors),
                "Invalid applicant data: " + "; ".join(f"{e.column}: {e.problem.message_en}" for e in errors),
                action_id="Periksa NIK dan isian lalu simpan lagi.",
                action_en="Check the NIK and the fields, then save again.",
            )
        with self.db.session() as session:
            if site_id is not None and session.get(Site, site_id) is None:
                raise NotFoundError(f"Lokasi #{site_id} tidak ada.", f"Site #{site_id} does not exist.")
            existing = session.scalar(select(Applicant).where(Applicant.nik == values["nik"]))
            if existing is not None:
                raise InputError(
                    f"NIK sudah terdaftar atas nama {existing.name}.",
                    f"This NIK is already registered, for {existing.name}.",
                    action_id="Cari pemohon itu di daftar, jangan tambahkan lagi.",
                    action_en="Search for that applicant instead of adding them again.",
                )
            applicant = Applicant(site_id=site_id, **values)
            session.add(applicant)
            session.flush()
        log.info("applicant %s added by hand", mask_nik(applicant.nik))
        return applicant

    def queue_rows(self, site_id: int) -> list[QueueRow]:
        """Everyone on a site's roster with their state: not yet recorded first, then by name."""
        today = self.today()
        rules = self.settings.eligibility
        with self.db.session() as session:
            applicants = session.scalars(
                select(Applicant)
                .options(selectinload(Applicant.enrolments).selectinload(Enrolment.outbox_entry))
                .where(Applicant.site_id == site_id)
                .order_by(*queue_order())
            ).all()
            rows = []
            for applicant in applicants:
                live = [e for e in applicant.enrolments if e.status is not EnrolmentStatus.CANCELLED]
                latest = max(live, key=lambda e: (e.created_at, e.id), default=None)
                state, detail = queue_state(latest)
                eligibility = assess_eligibility(applicant.birth_date, today,
                                                 ever_married=is_ever_married(applicant.marital_status),
                                                 rules=rules)
                entry = latest.outbox_entry if latest is not None else None
                rows.append(QueueRow(
                    applicant=_summary(applicant), state=state, eligibility=eligibility.status,
                    age=eligibility.age, enrolment_uuid=latest.uuid if latest else None,
                    has_draft=any(e.status is EnrolmentStatus.DRAFT for e in live), detail=detail,
                    enrolment_status=latest.status if latest else None,
                    central_status=entry.central_status if entry else None,
                    send_refused=entry is not None and entry.state is OutboxState.FAILED,
                    packet_uuid=entry.packet_uuid if entry else None,
                ))
            return rows

    def progress(self, visit_id: int) -> VisitProgress:
        """Recorded in this visit vs the site's target (or roster size), and the hourly rate so far."""
        with self.db.session() as session:
            visit = session.get(Visit, visit_id)
            if visit is None:
                raise NotFoundError(f"Kunjungan #{visit_id} tidak ada.", f"Visit #{visit_id} does not exist.")
            recorded = session.scalar(
                select(func.count(func.distinct(Enrolment.applicant_id))).where(
                    Enrolment.visit_id == visit_id,
                    Enrolment.status.not_in((EnrolmentStatus.DRAFT, EnrolmentStatus.CANCELLED)),
                )
            ) or 0
            target = visit.site.target_count or self._roster_size(session, visit.site_id)
            opened = visit.opened_at
            until = visit.closed_at or self.clock()
        hours = max((until - opened).total_seconds() / 3600, 0.0)
        rate = recorded / hours if hours * 60 >= MIN_MINUTES_FOR_RATE else None
        return VisitProgress(visit_id, recorded, target, max(target - recorded, 0), rate, hours)

    @staticmethod
    def _roster_size(session: Session, site_id: int) -> int:
        return session.scalar(select(func.count(Applicant.id)).where(Applicant.site_id == site_id)) or 0
