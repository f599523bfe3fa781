"""``station handover receipt DIR``: the hub's signed receipt marks handed-over packets received, offline.

The hub's Ed25519 receipt key is learnt as ``app/sync/hub_signing.py`` says. A receipt is
refused unless that key signed it, it names this station, and every packet's SHA-256 is
the one the station sealed. Accepted packets are marked sent
exactly as a network receipt would mark them; their hub status is applied, and
when every packet of the receipt reached the hub the registration freeze's sync
clock restarts (``app/sync/last_sync.py``) and retention runs.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.domain.enums import AuditAction, CentralStatus, OutboxState
from app.storage.db import Database
from app.storage.models import AuditEvent, OutboxEntry
from app.sync import outbox
from app.sync.handover_format import (
    ALREADY_RECEIVED,
    RECEIPT_FILE,
    RECEIPT_FORMAT,
    STORED,
    HandoverError,
    parse_document,
    verify_document,
)
from app.sync.handover_media import read_back
from app.sync.hub_signing import hub_signing_key
from app.sync.last_sync import record_successful_sync
from app.sync.packet_format import key_id
from app.sync.retention import apply_retention
from app.sync.service import SyncService

log = logging.getLogger(__name__)

@dataclass(frozen=True)
class HandoverReceiptReport:
    folder: str
    received: tuple[dict[str, Any], ...]  # packet_uuid, status: marked received at the hub
    not_received: tuple[dict[str, Any], ...]  # refused or missing at the hub: still queued, to hand over again
    unknown: tuple[str, ...] = field(default=())  # UUIDs this station does not hold
    statuses_changed: int = 0
    retention_deleted: int = 0
    issued_at: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "ok": not self.not_received}


def _check_receipt(sync: SyncService, folder: Path) -> dict[str, Any]:
    registration = sync.registration
    if registration is None:
        raise HandoverError("not_registered", "Stasiun belum terdaftar; tanda terima tidak bisa diperiksa.",
                            "The station is not registered; the receipt cannot be checked.")
    path = folder / RECEIPT_FILE
    if not path.exists():
        raise HandoverError("no_receipt", f"Tidak ada tanda terima pusat di {folder}.",
                            f"There is no hub receipt in {folder}.",
                            action_id="Bawa media ke kantor untuk diimpor dulu.",
                            action_en="Take the medium to the office to be imported first.")
    body, signature = parse_document(read_back(path), RECEIPT_FORMAT)
    key = hub_signing_key(sync.db)
    if body.get("hub_signing_key_id") != key_id(key):
        raise HandoverError("foreign_receipt", "Tanda terima ini dari server pusat lain, bukan pusat stasiun ini.",
                            "This receipt comes from another hub, not this station's hub.",
                            action_id="Jangan dipakai; impor media di kantor pusat stasiun ini.",
                            action_en="Do not use it; import the medium at this station's office.")
    verify_document(body, signature, key, signer_id="pusat", signer_en="hub")
    if body.get("station_id") != registration.station_id:
        raise HandoverError("foreign_receipt", "Tanda terima ini untuk stasiun lain.",
                            "This receipt is for another station.",
                            action_id="Pakai tanda terima dari media stasiun ini.",
                            action_en="Use the receipt from this station's medium.")
    return body


def apply_handover_receipt(sync: SyncService, folder: Path) -> HandoverReceiptReport:
    """Mark the packets a hub receipt lists as received; refuse a receipt that is altered or foreign.

    Raises:
        HandoverError: no receipt, altered, from another hub or for another station, hub key unknown.
        MediaError: the medium cannot be read.
    """
    folder = Path(folder)
    body = _check_receipt(sync, folder)
    received: list[dict[str, Any]] = []
    not_received: list[dict[str, Any]] = []
    unknown: list[str] = []
    changed = 0
    with sync.db.session() as session:
        entries = {e.packet_uuid: (e.id, e.packet_sha256, e.state)
                   for e in session.scalars(select(OutboxEntry).where(OutboxEntry.packet_uuid.in_(
                       [str(p.get("packet_uuid")) for p in body["packets"] if isinstance(p, dict)])))}
    for item in body["packets"]:
        if not isinstance(item, dict) or str(item.get("packet_uuid")) not in entries:
            unknown.append(str(item.get("packet_uuid") if isinstance(item, dict) else item))
            continue
        packet_uuid = str(item["packet_uuid"])
        entry_id, sha256, entry_state = entries[packet_uuid]
        if item.get("result") not in (STORED, ALREADY_RECEIVED) or item.get("sha256") != sha256:
            not_received.append({"packet_uuid": packet_uuid, "result": item.get("result"),
                                 "error": item.get("error"), "message_id": item.get("message_id"),
                                 "message_en": item.get("message_en")})
            _clear_handed_over(sync.db, entry_id)
            continue
        if entry_state != OutboxState.SENT:
            outbox.mark_sent(sync.db, entry_id, {**item.get("receipt", {}), "via": "handover"})
        try:
            status = CentralStatus(item.get("status") or CentralStatus.RECEIVED.value)
        except ValueError:
            status = CentralStatus.RECEIVED
        changed += outbox.apply_central_status(sync.db, packet_uuid, status)
        received.append({"packet_uuid": packet_uuid, "status": status.value})
    deleted = 0
    if received and not not_received:
        record_successful_sync(sync.db)
    if received:
        deleted = apply_retention(sync.db, sync.blobs, sync.settings.retention_days)
    with sync.db.session() as session:
        session.add(AuditEvent(action=AuditAction.HANDOVER_RECEIPT, subject=str(folder)[-100:],
                               details={"received": len(received), "not_received": len(not_received),
                                        "unknown": len(unknown)}))
    log.info("handover: receipt marked %d packets received (%d not received)", len(received), len(not_received))
    return HandoverReceiptReport(str(folder), tuple(received), tuple(not_received), tuple(unknown), changed, deleted,
                                 str(body.get("issued_at", "")))


def _clear_handed_over(db: Database, entry_id: int) -> None:
    """The hub did not take it: it is handed over again next time (it never left the upload queue)."""
    with db.session() as session:
        entry = session.get(OutboxEntry, entry_id)
        if entry is not None:
            entry.handed_over_at = None
