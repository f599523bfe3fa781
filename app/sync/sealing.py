"""Turn a saved enrolment into a sealed packet and remove its plaintext biometrics.

Order matters for a power cut at any point: (1) the sealed packet is written and
recorded with ``Enrolment.sealed = True`` in one transaction, (2) the plaintext
images and record are deleted from the blob store, (3) their references are
cleared. ``purge_sealed_plaintext`` finishes step 2–3 for any enrolment a crash
interrupted, so nothing readable survives for long on a lost laptop.
"""

from __future__ import annotations

import logging
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from app.domain.enums import EnrolmentStatus
from app.storage.audit_chain import audit_checkpoint
from app.storage.blobs import BlobStore
from app.storage.db import Database
from app.storage.models import Capture, Enrolment, OutboxEntry
from app.sync.errors import PacketFormatError
from app.sync.keys import Registration
from app.sync.packet_format import SealedPacket, seal_packet, sha256_hex
from app.timezones import utc_now
from app.version import __version__

log = logging.getLogger(__name__)


def _iso(moment: Any) -> str | None:
    return moment.isoformat() if moment is not None else None


def build_metadata(enrolment: Enrolment, entry: OutboxEntry, registration: Registration,
                   station_code: str, record: bytes) -> dict[str, Any]:
    """What travels beside the record: who, where, what was captured — never images."""
    applicant = enrolment.applicant
    visit = enrolment.visit
    return {
        "format": "ektp-packet-metadata/1",
        "packet_uuid": entry.packet_uuid,
        "enrolment_uuid": enrolment.uuid,
        "software_version": __version__,
        "station": {"id": registration.station_id, "code": station_code, "site_code": registration.site_code},
        "operator": {"username": enrolment.operator.username, "full_name": enrolment.operator.full_name}
        if enrolment.operator else None,
        "visit": {"date": _iso(visit.visit_date), "site": visit.site.name,
                  "hub_site_code": visit.site.hub_site_code} if visit else None,
        "applicant": {"nik": applicant.nik, "name": applicant.name, "birth_date": _iso(applicant.birth_date),
                      "sex": applicant.sex.value, "kk_number": applicant.kk_number},
        "status": enrolment.status.value,
        "captured_at": _iso(enrolment.captured_at),
        "approved_at": _iso(enrolment.approved_at),
        "possible_duplicate_of": enrolment.possible_duplicate_of,
        "rerecord_of": enrolment.rerecord_of,
        "documents_seen": list(enrolment.documents_seen or ()),
        "captures": [{
            "modality": c.modality.value, "position": c.position, "quality_score": c.quality_score,
            "attempts": c.attempts, "forced": c.forced, "exception": c.exception_reason,
            "format": c.image_format, "width": c.width, "height": c.height,
        } for c in sorted(enrolment.captures, key=lambda c: (c.modality.value, c.position))],
        "record": {"format": "ANSI/NIST-ITL 1-2011", "size": len(record), "sha256": sha256_hex(record)},
    }


def _load(session: Session, enrolment_uuid: str) -> Enrolment | None:
    return session.scalars(
        select(Enrolment).where(Enrolment.uuid == enrolment_uuid)
        .options(selectinload(Enrolment.captures), selectinload(Enrolment.outbox_entry))
    ).first()


def seal_enrolment(db: Database, blobs: BlobStore, registration: Registration, station_key: Ed25519PrivateKey,
                   station_code: str, enrolment_uuid: str) -> SealedPacket | None:
    """Seal one saved enrolment (idempotent: ``None`` when already sealed or not in the outbox).

    Raises:
        PacketFormatError: the enrolment has no record to seal.
        StorageError: the packet could not be written (nothing is deleted then).
    """
    with db.session() as session:
        enrolment = _load(session, enrolment_uuid)
        if enrolment is None or enrolment.outbox_entry is None or enrolment.outbox_entry.packet_ref:
            return None
        entry = enrolment.outbox_entry
        if not enrolment.record_ref:
            raise PacketFormatError("no_record", f"Rekaman {enrolment_uuid} tidak punya berkas ANSI/NIST.",
                                    f"Enrolment {enrolment_uuid} has no ANSI/NIST record.")
        record = blobs.get(enrolment.record_ref)
        metadata = build_metadata(enrolment, entry, registration, station_code, record)
        metadata["audit_checkpoint"] = audit_checkpoint(session)  # the office keeps where the audit chain was
        packet = seal_packet(packet_uuid=entry.packet_uuid, station_id=registration.station_id, metadata=metadata,
                             record=record, hub_public_key=registration.hub_key, station_key=station_key)
        packet_ref = blobs.put(packet.data, "packet", ".pkt")
        entry.packet_ref = packet_ref
        entry.packet_sha256 = packet.sha256
        entry.packet_size = packet.size
        entry.bytes_sent = 0
        enrolment.sealed = True
    log.info("sync: sealed enrolment %s as packet %s (%d bytes)", enrolment_uuid, packet.header.packet_uuid,
             packet.size)
    purge_sealed_plaintext(db, blobs, enrolment_uuid)
    return packet


def purge_sealed_plaintext(db: Database, blobs: BlobStore, enrolment_uuid: str | None = None) -> int:
    """Delete plaintext images and records of sealed enrolments; returns how many blobs went."""
    with db.session() as session:
        query = (select(Enrolment).where(Enrolment.sealed.is_(True))
                 .where(or_(Enrolment.record_ref.is_not(None),
                            Enrolment.captures.any(Capture.image_ref.is_not(None))))
                 .options(selectinload(Enrolment.captures)))
        if enrolment_uuid is not None:
            query = query.where(Enrolment.uuid == enrolment_uuid)
        refs = {e.uuid: [r for r in [e.record_ref, *(c.image_ref for c in e.captures)] if r]
                for e in session.scalars(query)}
    for ref_list in refs.values():
        for ref in ref_list:
            blobs.delete(ref)
    with db.session() as session:
        for enrolment in session.scalars(select(Enrolment).where(Enrolment.uuid.in_(list(refs)))
                                         .options(selectinload(Enrolment.captures))):
            enrolment.record_ref = None
            for capture in enrolment.captures:
                capture.image_ref = None
            enrolment.updated_at = utc_now()
    return sum(len(r) for r in refs.values())


def unsealed_enrolment_uuids(db: Database) -> list[str]:
    """Saved enrolments in the outbox still waiting to be sealed (queued before registration)."""
    with db.session() as session:
        return list(session.scalars(
            select(Enrolment.uuid).join(OutboxEntry, OutboxEntry.enrolment_id == Enrolment.id)
            .where(OutboxEntry.packet_ref.is_(None), OutboxEntry.packet_deleted_at.is_(None),
                   Enrolment.status.not_in((EnrolmentStatus.DRAFT, EnrolmentStatus.CANCELLED)))
            .order_by(OutboxEntry.created_at, OutboxEntry.id)))
