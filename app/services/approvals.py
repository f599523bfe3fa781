"""Supervisor approval of saved records before they are sent (``[sync] require_approval``).

Lists what waits for approval (masked NIK, name, when, who, possible duplicate)
and approves a chosen set through ``EnrolmentService.approve`` in one
transaction, so a bad UUID approves nothing. The CLI (``station pending``,
``station approve``) and the GUI share it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.domain.enums import EnrolmentStatus
from app.errors import InputError
from app.logging_setup import mask_nik
from app.services.enrolment import EnrolmentService
from app.storage.db import Database
from app.storage.models import Enrolment, Visit
from app.timezones import format_local, to_local


@dataclass(frozen=True)
class PendingRecord:
    """One saved record waiting for the supervisor; the NIK is masked (``357301********01``)."""

    uuid: str
    nik_masked: str
    name: str
    captured_at: dt.datetime | None  # UTC
    captured_local: str  # "2024-09-16 10:05 WIB"
    operator: str
    site: str
    possible_duplicate_of: str | None
    duplicate_score: float | None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["captured_at"] = self.captured_at.isoformat() if self.captured_at else None
        return data


class ApprovalService:
    """What waits for approval, and approving it."""

    def __init__(self, db: Database, enrolments: EnrolmentService, timezone_name: str,
                 require_approval: Callable[[], bool]) -> None:
        self.db = db
        self.enrolments = enrolments
        self.timezone_name = timezone_name
        self._require_approval = require_approval

    @property
    def required(self) -> bool:
        """False when ``[sync] require_approval = false``: saved records are sent without approval."""
        return bool(self._require_approval())

    def pending(self, *, on: dt.date | None = None) -> list[PendingRecord]:
        """Records waiting for approval, oldest first; ``on`` keeps those captured that day (station's time zone)."""
        with self.db.session() as session:
            rows = session.scalars(
                select(Enrolment).where(Enrolment.status == EnrolmentStatus.BIO_CAPTURED)
                .options(selectinload(Enrolment.applicant), selectinload(Enrolment.operator),
                         selectinload(Enrolment.visit).selectinload(Visit.site))
                .order_by(Enrolment.captured_at, Enrolment.id)).all()
            records = [self._record(row) for row in rows]
        if on is not None:
            records = [r for r in records
                       if r.captured_at is not None and to_local(r.captured_at, self.timezone_name).date() == on]
        return records

    def select(self, uuids: Iterable[str]) -> list[PendingRecord]:
        """The named records, which must all be waiting for approval.

        Raises:
            InputError: a UUID is unknown or its record is not waiting for approval (nothing is selected).
        """
        wanted = list(dict.fromkeys(u.strip().lower() for u in uuids if u.strip()))
        by_uuid = {r.uuid.lower(): r for r in self.pending()}
        missing = [u for u in wanted if u not in by_uuid]
        if missing:
            names = ", ".join(missing)
            raise InputError(f"Tidak menunggu persetujuan (atau tidak ada): {names}.",
                             f"Not waiting for approval (or unknown): {names}.",
                             action_id="Lihat daftarnya dengan station pending.",
                             action_en="See the list with station pending.")
        return [by_uuid[u] for u in wanted]

    def approve(self, records: Iterable[PendingRecord | str], supervisor_id: int) -> int:
        """Approve the records in one transaction; returns how many.

        Raises:
            SupervisorRequiredError: ``supervisor_id`` is not an active supervisor.
            EnrolmentStateError: one of them is no longer waiting (nothing is approved).
        """
        uuids = [r.uuid if isinstance(r, PendingRecord) else str(r) for r in records]
        return self.enrolments.approve(uuids, supervisor_id) if uuids else 0

    def _record(self, row: Enrolment) -> PendingRecord:
        captured = row.captured_at
        site = row.visit.site.name if row.visit is not None else ""
        return PendingRecord(
            uuid=row.uuid, nik_masked=mask_nik(row.applicant.nik), name=row.applicant.name, captured_at=captured,
            captured_local=format_local(captured, self.timezone_name) if captured else "",
            operator=row.operator.username if row.operator is not None else "", site=site,
            possible_duplicate_of=row.possible_duplicate_of, duplicate_score=row.duplicate_score)
