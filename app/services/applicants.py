"""Applicants: search, manual add (NIK-checked), the day's queue and a visit's progress.

Queue state is derived, never stored: from the applicant's latest enrolment and
its outbox row (see :func:`queue_state`).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from app.domain.eligibility import EligibilityRules, assess_eligibility, is_ever_married
from app.domain.enums import CentralStatus, EligibilityStatus, EnrolmentStatus, OutboxState, QueueState, Sex
from app.domain.labels import RESENDABLE_CENTRAL
from app.errors import InputError, NotFoundError
from app.logging_setup import mask_nik
from app.services.applicant_fields import ALL_FIELDS, build_applicant_values
from app.services.settings import PeopleSettings
from app.services.views import ApplicantView
from app.storage.db import Database
from app.storage.models import Applicant, Enrolment, OutboxEntry, Site, Visit
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
QUEUE_PAGE_SIZE = 200  # rows the queue reads at a time


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
class QueueSlice:
    """A page of the queue: ``rows`` from position ``offset`` of ``total`` matching rows."""

    rows: list[QueueRow]
    total: int
    offset: int

    @property
    def complete(self) -> bool:
        """Whether every matching row is in this page (a search can then run on it alone)."""
        return self.offset == 0 and len(self.rows) >= self.total


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
    if enrolment is None:
        return QueueState.NOT_RECORDED, ""
    outbox = enrolment.outbox_entry
    if outbox is None:
        return state_of(enrolment.status, None, None, None)
    return state_of(enrolment.status, outbox.state, outbox.central_status, outbox.last_error)


def state_of(status: EnrolmentStatus, outbox_state: OutboxState | None, central_status: CentralStatus | None,
             last_error: str | None) -> tuple[QueueState, str]:
    """:func:`queue_state` from the columns alone (the queue reads columns, not ORM objects)."""
    if status in (EnrolmentStatus.DRAFT, EnrolmentStatus.CANCELLED):
        return QueueState.NOT_RECORDED, ""
    if status in FAILED_STATUSES:
        return QueueState.FAILED, status.value
    if outbox_state is not None:
        if outbox_state is OutboxState.FAILED:
            return QueueState.FAILED, last_error or "upload refused"
        if central_status is not None and central_status.needs_action:
            return QueueState.FAILED, central_status.value
        if outbox_state is OutboxState.SENT:
            return QueueState.SENT, central_status.value if central_status else ""
    if status in SENT_STATUSES:
        return QueueState.SENT, status.value
    if status is EnrolmentStatus.APPROVED:
        return QueueState.WAITING_TO_SEND, ""
    return QueueState.RECORDED, ""


def _latest_live_enrolments() -> Any:
    """Each applicant's newest enrolment that is not cancelled (applicant_id, status), as a subquery."""
    ranked = select(
        Enrolment.applicant_id, Enrolment.status,
        func.row_number().over(partition_by=Enrolment.applicant_id,
                               order_by=(Enrolment.created_at.desc(), Enrolment.id.desc())).label("rank"),
    ).where(Enrolment.status != EnrolmentStatus.CANCELLED).subquery()
    return select(ranked.c.applicant_id, ranked.c.status).where(ranked.c.rank == 1).subquery()


def queue_order(latest: Any) -> tuple[Any, ...]:
    """The queue's order, in SQL so a paged query keeps it: not yet recorded first, then by name (any case).

    ``latest`` is :func:`_latest_live_enrolments`, outer-joined on the applicant.
    "Not yet recorded" means no enrolment or a newest one left unfinished (draft),
    so a person whose recording was left unfinished stays at the top with the unrecorded.
    """
    waiting = case((or_(latest.c.status.is_(None), latest.c.status == EnrolmentStatus.DRAFT), 0), else_=1)
    return waiting, func.lower(Applicant.name), Applicant.id


def _queue_rows(people: Sequence[Any], recorded: Sequence[Any], site_id: int, today: dt.date,
                rules: EligibilityRules) -> list[QueueRow]:
    """Queue rows from applicant columns and their enrolments' columns (eligibility judged once per birth date)."""
    wanted = {person.id for person in people}
    latest: dict[int, Any] = {}
    drafts: set[int] = set()
    for row in recorded:
        if row.applicant_id not in wanted:
            continue
        current = latest.get(row.applicant_id)
        if current is None or (row.created_at, row.id) > (current.created_at, current.id):
            latest[row.applicant_id] = row
        if row.status is EnrolmentStatus.DRAFT:
            drafts.add(row.applicant_id)
    judged: dict[tuple[dt.date, bool], Any] = {}
    rows = []
    for person in people:
        married = bool(person.marital_status) and is_ever_married(person.marital_status)
        eligibility = judged.get((person.birth_date, married))
        if eligibility is None:
            eligibility = judged[person.birth_date, married] = assess_eligibility(
                person.birth_date, today, ever_married=married, rules=rules)
        enrolment = latest.get(person.id)
        if enrolment is None:
            state, detail, uuid = QueueState.NOT_RECORDED, "", None
        else:
            state, detail = state_of(enrolment.status, enrolment.state, enrolment.central_status,
                                     enrolment.last_error)
            uuid = enrolment.uuid
        rows.append(QueueRow(
            ApplicantSummary(person.id, person.nik, person.name, person.birth_date, person.sex,
                             person.student_number, person.class_name, site_id),
            state, eligibility.status, eligibility.age, uuid, person.id in drafts, detail,
            enrolment_status=enrolment.status if enrolment is not None else None,
            central_status=enrolment.central_status if enrolment is not None else None,
            send_refused=enrolment is not None and enrolment.state is OutboxState.FAILED,
            packet_uuid=enrolment.packet_uuid if enrolment is not None else None,
        ))
    return rows


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

    def get(self, applicant_id: int) -> ApplicantView:
        with self.db.session() as session:
            applicant = session.get(Applicant, applicant_id)
            if applicant is None:
                raise NotFoundError(f"Pemohon #{applicant_id} tidak ada.", f"Applicant #{applicant_id} does not exist.")
            return ApplicantView.of(applicant)

    def by_nik(self, nik: str) -> ApplicantView | None:
        with self.db.session() as session:
            found = session.scalar(select(Applicant).where(Applicant.nik == nik.strip()))
            return ApplicantView.of(found) if found is not None else None

    def add_manual(self, nik: str, name: str, *, site_id: int | None = None, **fields: object) -> ApplicantView:
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
            added = ApplicantView.of(applicant)
        log.info("applicant %s added by hand", mask_nik(added.nik))
        return added

    def queue_rows(self, site_id: int) -> list[QueueRow]:
        """Everyone on a site's roster with their state, in queue order (see :meth:`queue_slice`)."""
        return self.queue_slice(site_id, limit=None).rows

    def queue_slice(self, site_id: int, *, query: str = "", offset: int = 0,
                    limit: int | None = QUEUE_PAGE_SIZE) -> QueueSlice:
        """One page of a site's queue: not yet recorded first, then by name.

        ``query`` keeps rows whose name, NIK or student number contains it (any case).
        Only the page's columns are read and only its rows are judged, so the first
        page of a 55,000-row roster comes back in milliseconds; ``total`` counts
        every matching row.
        """
        today = self.today()
        rules = self.settings.eligibility
        latest = _latest_live_enrolments()
        matching = [Applicant.site_id == site_id]
        text = " ".join((query or "").split()).casefold()
        if text:
            matching.append(or_(func.lower(Applicant.name).contains(text, autoescape=True),
                                Applicant.nik.contains(text, autoescape=True),
                                func.lower(Applicant.student_number).contains(text, autoescape=True)))
        with self.db.session() as session:
            total = session.scalar(select(func.count(Applicant.id)).where(*matching)) or 0
            statement = (
                select(Applicant.id, Applicant.nik, Applicant.name, Applicant.birth_date, Applicant.sex,
                       Applicant.student_number, Applicant.class_name, Applicant.marital_status)
                .outerjoin(latest, latest.c.applicant_id == Applicant.id)
                .where(*matching)
                .order_by(*queue_order(latest))
                .offset(max(offset, 0))
            )
            if limit is not None:
                statement = statement.limit(limit)
            people = session.execute(statement).all()
            enrolments = (
                select(Enrolment.applicant_id, Enrolment.uuid, Enrolment.status, Enrolment.created_at, Enrolment.id,
                       OutboxEntry.state, OutboxEntry.central_status, OutboxEntry.last_error,
                       OutboxEntry.packet_uuid)
                .outerjoin(OutboxEntry, OutboxEntry.enrolment_id == Enrolment.id)
                .where(Enrolment.status != EnrolmentStatus.CANCELLED)
            )
            if limit is None:
                enrolments = enrolments.join(Applicant, Applicant.id == Enrolment.applicant_id).where(*matching)
            else:
                enrolments = enrolments.where(Enrolment.applicant_id.in_([person.id for person in people]))
            recorded = session.execute(enrolments).all()
        return QueueSlice(_queue_rows(people, recorded, site_id, today, rules), total, max(offset, 0))

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
