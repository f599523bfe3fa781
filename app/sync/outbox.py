"""The durable outbox: which packets are due, and every state change of an entry.

Each change is its own short transaction so a crash loses at most the chunk in
flight; an entry left UPLOADING by a crash is simply resumed next time (the hub
tells the offset).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select

from app.domain.enums import CentralStatus, EnrolmentStatus, OutboxState
from app.errors import InputError
from app.storage.db import Database
from app.storage.models import Enrolment, OutboxEntry
from app.sync.errors import SyncError
from app.timezones import utc_now
from drivers.errors import StationError

# What the enrolment shows once the hub reports a central status.
ENROLMENT_STATUS_FOR: dict[CentralStatus, EnrolmentStatus] = {
    CentralStatus.RECEIVED: EnrolmentStatus.RECEIVED_AT_CENTRAL,
    CentralStatus.PROCESSING: EnrolmentStatus.RECEIVED_AT_CENTRAL,
    CentralStatus.PRINT_READY: EnrolmentStatus.PRINT_READY_RECORD,
    CentralStatus.DUPLICATE: EnrolmentStatus.DUPLICATE_RECORD,
    CentralStatus.ADJUDICATION: EnrolmentStatus.ADJUDICATE_RECORD,
    CentralStatus.ENROLL_FAILURE_AT_REGIONAL: EnrolmentStatus.ENROLL_FAILURE_AT_REGIONAL,
    CentralStatus.ENROLL_FAILURE_AT_CENTRAL: EnrolmentStatus.ENROLL_FAILURE_AT_CENTRAL,
    CentralStatus.SEARCH_FAILURE_AT_CENTRAL: EnrolmentStatus.SEARCH_FAILURE_AT_CENTRAL,
}
# Central statuses after which the packet is never needed again (retention may delete it).
CONFIRMED = frozenset({CentralStatus.PRINT_READY, CentralStatus.DUPLICATE})


def backoff_delay(attempts: int, base_s: float, max_s: float, rng: random.Random | None = None) -> float:
    """Exponential backoff with "equal jitter": half fixed, half random, capped at ``max_s``."""
    ceiling: float = min(max_s, base_s * 2 ** max(0, attempts - 1))
    return ceiling / 2 + (rng or random).uniform(0, ceiling / 2)


@dataclass(frozen=True)
class DuePacket:
    """One sealed packet ready to go, as the uploader needs it (no ORM objects across threads)."""

    entry_id: int
    packet_uuid: str
    enrolment_uuid: str
    packet_ref: str
    sha256: str
    size: int


def _sendable_statuses(require_approval: bool) -> tuple[EnrolmentStatus, ...]:
    if require_approval:
        return (EnrolmentStatus.APPROVED,)
    return (EnrolmentStatus.BIO_CAPTURED, EnrolmentStatus.APPROVED)


def due_packets(db: Database, *, require_approval: bool, respect_backoff: bool,
                now: dt.datetime | None = None) -> list[DuePacket]:
    """Sealed packets waiting to be sent, oldest first."""
    now = now or utc_now()
    query = (select(OutboxEntry, Enrolment.uuid).join(Enrolment, OutboxEntry.enrolment_id == Enrolment.id)
             .where(OutboxEntry.state.in_((OutboxState.QUEUED, OutboxState.UPLOADING)),
                    OutboxEntry.packet_ref.is_not(None),
                    or_(Enrolment.status.in_(_sendable_statuses(require_approval)),
                        OutboxEntry.state == OutboxState.UPLOADING))
             .order_by(OutboxEntry.created_at, OutboxEntry.id))
    if respect_backoff:
        query = query.where(or_(OutboxEntry.next_attempt_at.is_(None), OutboxEntry.next_attempt_at <= now))
    with db.session() as session:
        return [DuePacket(e.id, e.packet_uuid, uuid, e.packet_ref or "", e.packet_sha256 or "", e.packet_size or 0)
                for e, uuid in session.execute(query)]


def waiting_counts(db: Database, *, require_approval: bool) -> dict[str, int]:
    """How many entries wait for approval, for sealing, and to be sent (``handed_over``: of those, on a stick)."""
    with db.session() as session:
        rows = session.execute(select(OutboxEntry.state, OutboxEntry.packet_ref, Enrolment.status,
                                      OutboxEntry.handed_over_at)
                               .join(Enrolment, OutboxEntry.enrolment_id == Enrolment.id)).all()
    sendable = _sendable_statuses(require_approval)
    counts = {"awaiting_approval": 0, "unsealed": 0, "waiting": 0, "sent": 0, "failed": 0, "handed_over": 0}
    for state, ref, status, handed_over_at in rows:
        if handed_over_at is not None and state in (OutboxState.QUEUED, OutboxState.UPLOADING):
            counts["handed_over"] += 1
        if state == OutboxState.SENT:
            counts["sent"] += 1
        elif state == OutboxState.FAILED:
            counts["failed"] += 1
        elif ref is None:
            counts["unsealed"] += 1
        elif status not in sendable and state != OutboxState.UPLOADING:
            counts["awaiting_approval"] += 1
        else:
            counts["waiting"] += 1
    return counts


def mark_uploading(db: Database, entry_id: int) -> None:
    with db.session() as session:
        entry = session.get(OutboxEntry, entry_id)
        if entry is not None and entry.state == OutboxState.QUEUED:
            entry.state = OutboxState.UPLOADING


def mark_progress(db: Database, entry_id: int, bytes_sent: int) -> None:
    with db.session() as session:
        entry = session.get(OutboxEntry, entry_id)
        if entry is not None:
            entry.bytes_sent = bytes_sent


def mark_sent(db: Database, entry_id: int, receipt: dict[str, Any]) -> None:
    """The hub holds the packet: keep its receipt and move the enrolment to SENT_FOR_ENROLLMENT."""
    with db.session() as session:
        entry = session.get(OutboxEntry, entry_id)
        if entry is None:
            return
        entry.state = OutboxState.SENT
        entry.receipt = receipt
        entry.bytes_sent = entry.packet_size or 0
        entry.sent_at = utc_now()
        entry.last_error = None
        entry.next_attempt_at = None
        entry.attempts += 1
        if entry.central_status is None:
            entry.central_status = CentralStatus.RECEIVED
        enrolment = entry.enrolment
        if enrolment.status in (EnrolmentStatus.BIO_CAPTURED, EnrolmentStatus.APPROVED):
            enrolment.status = EnrolmentStatus.SENT_FOR_ENROLLMENT


def mark_failed(db: Database, entry_id: int, error: StationError, *, base_s: float, max_s: float) -> None:
    """Record a failed run: a retryable error waits (backoff); anything else needs a person (FAILED)."""
    code = error.code if isinstance(error, SyncError) else type(error).__name__
    with db.session() as session:
        entry = session.get(OutboxEntry, entry_id)
        if entry is None:
            return
        entry.attempts += 1
        entry.last_error = f"[{code}] {error.message_id} / {error.message_en}"
        if isinstance(error, SyncError) and error.kind.retryable:
            entry.state = OutboxState.QUEUED
            entry.next_attempt_at = utc_now() + dt.timedelta(seconds=backoff_delay(entry.attempts, base_s, max_s))
        else:
            entry.state = OutboxState.FAILED
            entry.next_attempt_at = None


def apply_central_status(db: Database, packet_uuid: str, status: CentralStatus) -> bool:
    """Store a central status on the entry and its enrolment; True when something changed."""
    with db.session() as session:
        entry = session.scalars(select(OutboxEntry).where(OutboxEntry.packet_uuid == packet_uuid)).first()
        if entry is None or entry.central_status == status:
            return False
        entry.central_status = status
        if status in CONFIRMED and entry.confirmed_at is None:
            entry.confirmed_at = utc_now()
        entry.enrolment.status = ENROLMENT_STATUS_FOR[status]
        return True


# The centre failed the packet itself (not the person): the same sealed packet may go again.
RESENDABLE = frozenset({CentralStatus.ENROLL_FAILURE_AT_REGIONAL, CentralStatus.ENROLL_FAILURE_AT_CENTRAL,
                        CentralStatus.SEARCH_FAILURE_AT_CENTRAL})


class NothingToResendError(InputError):
    """``requeue`` found nothing to send again; the message says why and what to do instead."""

    default_message_id = "Tidak ada yang dikirim ulang."
    default_message_en = "Nothing was resent."


@dataclass(frozen=True)
class Requeued:
    """A packet put back in the queue: which one, and what it was before (for the operator's message)."""

    packet_uuid: str
    enrolment_uuid: str
    was_state: OutboxState
    was_central_status: CentralStatus | None


def resendable(state: OutboxState, central_status: CentralStatus | None, packet_ref: str | None) -> bool:
    """Whether "kirim ulang" applies: refused by the hub, or failed at the centre, with the packet still here."""
    if packet_ref is None:
        return False
    return state == OutboxState.FAILED or (state == OutboxState.SENT and central_status in RESENDABLE)


def requeue(db: Database, reference: str) -> Requeued:
    """Put a failed packet back in the queue (kirim ulang) after a person has looked.

    ``reference`` is the packet's UUID or its enrolment's. A packet the hub refused
    (FAILED) goes again as it is; one the centre failed (``enroll_failure_*``,
    ``search_failure_at_central``) is sent again as a new attempt, its central
    status cleared until the hub answers.

    Raises:
        NothingToResendError: no such packet, or it is not failed (the message says why).
    """
    reference = reference.strip().lower()
    with db.session() as session:
        entry = session.scalars(select(OutboxEntry).join(Enrolment, OutboxEntry.enrolment_id == Enrolment.id)
                                .where(or_(OutboxEntry.packet_uuid == reference, Enrolment.uuid == reference))).first()
        if entry is None:
            raise NothingToResendError(
                f"Tidak ada paket atau perekaman {reference} di stasiun ini.",
                f"This station has no packet or recording {reference}.",
                action_id="Periksa UUID di halaman Kirim ke pusat.", action_en="Check the UUID on the sending page.")
        was_state, was_central = entry.state, entry.central_status
        if not resendable(entry.state, entry.central_status, entry.packet_ref):
            raise _why_not(entry)
        enrolment = entry.enrolment
        entry.state = OutboxState.QUEUED
        entry.next_attempt_at = None
        if was_state == OutboxState.SENT:  # a new attempt at the centre
            entry.central_status = None
            entry.confirmed_at = None
            entry.bytes_sent = 0
            enrolment.status = EnrolmentStatus.APPROVED if enrolment.approved_at else EnrolmentStatus.BIO_CAPTURED
        return Requeued(entry.packet_uuid, enrolment.uuid, was_state, was_central)


def _why_not(entry: OutboxEntry) -> NothingToResendError:
    if entry.packet_ref is None and entry.packet_deleted_at is not None:
        return NothingToResendError(
            "Paket ini sudah dihapus dari stasiun (retensi); tidak dapat dikirim ulang.",
            "This packet was already deleted from the station (retention); it cannot be resent.",
            action_id="Rekam ulang pemohon dari Antrean.", action_en="Record the applicant again from the queue.")
    if entry.state in (OutboxState.QUEUED, OutboxState.UPLOADING):
        return NothingToResendError(
            "Paket ini belum gagal: masih menunggu dikirim.", "This packet has not failed: it is still waiting to go.",
            action_id="Tekan Kirim sekarang.", action_en="Press Send now.")
    if entry.central_status in (CentralStatus.DUPLICATE, CentralStatus.ADJUDICATION):
        return NothingToResendError(
            "Pusat menandai data ini ganda atau perlu adjudikasi; mengirim ulang tidak mengubahnya.",
            "The centre marked this record duplicate or for adjudication; resending does not change that.",
            action_id="Periksa pemohon dan rekam ulang bila perlu.",
            action_en="Check the applicant and record again if needed.")
    return NothingToResendError(
        "Paket ini tidak gagal: pusat sudah menerimanya.", "This packet has not failed: the centre holds it.",
        action_id="Tidak perlu dikirim ulang.", action_en="It does not need resending.")


def stand_in_packet_refs(db: Database) -> list[tuple[int, str]]:
    """Screenshots without a hub: every entry gets a packet reference standing in for its sealed packet.

    Returns each entry's (id, packet uuid), for moving it on the way a sync does (``mark_sent``, ...).
    """
    with db.session() as session:
        entries = list(session.scalars(select(OutboxEntry)))
        for entry in entries:
            entry.packet_ref = entry.packet_ref or f"packet/{entry.packet_uuid}.pkt"
        return [(entry.id, entry.packet_uuid) for entry in entries]
