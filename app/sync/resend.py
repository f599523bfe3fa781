"""The packets a person may send again ("kirim ulang"), with who they are, for the sending page."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.domain.enums import CentralStatus, OutboxState
from app.logging_setup import mask_nik
from app.storage.db import Database
from app.storage.models import Enrolment, OutboxEntry
from app.sync.outbox import resendable


@dataclass(frozen=True)
class FailedPacket:
    packet_uuid: str
    enrolment_uuid: str
    applicant_name: str
    nik_masked: str
    state: OutboxState
    central_status: CentralStatus | None


def failed_packets(db: Database) -> list[FailedPacket]:
    """Packets the hub refused or the centre failed, oldest first (duplicates are not resent: they need a person)."""
    with db.session() as session:
        entries = session.scalars(select(OutboxEntry)
                                  .options(selectinload(OutboxEntry.enrolment).selectinload(Enrolment.applicant))
                                  .where(OutboxEntry.state.in_((OutboxState.FAILED, OutboxState.SENT)))
                                  .order_by(OutboxEntry.created_at, OutboxEntry.id)).all()
        return [FailedPacket(e.packet_uuid, e.enrolment.uuid, e.enrolment.applicant.name,
                             mask_nik(e.enrolment.applicant.nik), e.state, e.central_status)
                for e in entries if resendable(e.state, e.central_status, e.packet_ref)]
