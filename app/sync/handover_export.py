"""``station handover export DIR``: copy every packet the hub has not confirmed to removable media.

Order is what keeps a pulled or full stick harmless: each packet is written
atomically with fsync and read back from the medium (SHA-256 checked) first;
only when every packet is there is the station-signed manifest written, also
atomically, and read back. A run cut short leaves the previous manifest (which
claims only packets verified then) or none; running it again skips what is
already there intact and completes the copy. Copied packets are marked
``handed_over_at`` and stay in the upload queue until the hub confirms them.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.domain.enums import AuditAction
from app.storage.models import AuditEvent, OutboxEntry
from app.sync import outbox
from app.sync.handover_format import (
    MANIFEST_FILE,
    MANIFEST_FORMAT,
    PACKETS_DIR,
    HandoverError,
    packet_file_name,
    parse_document,
    sign_document,
    verify_document,
)
from app.sync.handover_media import ensure_folder, read_back, remove_leftovers, write_durably
from app.sync.packet_format import key_id, sha256_hex
from app.sync.service import SyncService
from app.timezones import utc_now

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class HandoverProgress:
    packets_done: int
    packets_total: int
    bytes_done: int
    bytes_total: int


@dataclass(frozen=True)
class HandoverExportReport:
    folder: str
    packets: tuple[dict[str, Any], ...]  # every packet the manifest lists: packet_uuid, size, sha256
    copied: int  # written in this run
    already_there: int  # found intact from an earlier run
    bytes_written: int
    awaiting_approval: int  # saved, but waiting for the supervisor: not handed over
    not_sealed: int  # cannot be handed over before the station is registered / sealed
    seal_errors: tuple[dict[str, str], ...] = field(default=())
    manifest: str = ""
    duration_s: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "ok": True}


def _refuse_foreign_manifest(folder: Path, station_id: str, station_public: Any) -> None:
    """A folder already holding another station's hand-over is not overwritten."""
    path = folder / MANIFEST_FILE
    if not path.exists():
        return
    body, signature = parse_document(read_back(path), MANIFEST_FORMAT)
    if body.get("station_id") != station_id:
        raise HandoverError(
            "foreign_manifest",
            f"Folder {folder} berisi serah terima stasiun lain ({body.get('station_code', '?')}).",
            f"The folder {folder} holds another station's hand-over ({body.get('station_code', '?')}).",
            action_id="Pakai folder atau flashdisk lain untuk stasiun ini.",
            action_en="Use another folder or stick for this station.")
    verify_document(body, signature, station_public, signer_id="stasiun ini", signer_en="this station's")


def _copy_packet(folder: Path, data: bytes, packet_uuid: str, sha256: str) -> bool:
    """Put one packet on the medium unless it is there intact; True when it was written now.

    Raises:
        MediaError: the medium is full, read-only or went away.
        HandoverError: what was read back differs from what was written.
    """
    target = folder / packet_file_name(packet_uuid)
    if target.exists() and target.stat().st_size == len(data) and sha256_hex(read_back(target)) == sha256:
        return False
    write_durably(target, data)
    if sha256_hex(read_back(target)) != sha256:
        raise HandoverError(
            "readback_mismatch", f"Paket {packet_uuid} di media tidak sama dengan yang ditulis (media rusak?).",
            f"Packet {packet_uuid} on the medium differs from what was written (faulty medium?).",
            action_id="Pakai flashdisk lain lalu ulangi.", action_en="Use another stick, then run it again.")
    return True


def export_handover(sync: SyncService, folder: Path,
                    progress: Callable[[HandoverProgress], None] | None = None) -> HandoverExportReport:
    """Copy every sealed packet not yet confirmed by the hub to ``folder``, then a signed manifest.

    Raises:
        HandoverError: ``not_registered`` (no hub key yet, so nothing is sealed and nothing can be handed over),
            the folder holds another station's hand-over, or a read-back failed.
        MediaError: the medium is full, read-only or was pulled out (what was written stays; run it again).
    """
    started = time.monotonic()
    registration = sync.registration
    if registration is None:
        raise HandoverError(
            "not_registered", "Stasiun belum terdaftar di server pusat, jadi rekaman belum disegel dan belum bisa "
            "diserahkan lewat media lepas.", "The station is not registered with the hub yet, so its records are not "
            "sealed and cannot be handed over on removable media.",
            action_id="Daftarkan stasiun dulu (minta kode pendaftaran ke supervisor).",
            action_en="Register the station first (ask the supervisor for a registration code).")
    station_public = sync.station_key.public_key()
    folder = Path(folder)
    ensure_folder(folder, PACKETS_DIR)
    remove_leftovers(folder)
    remove_leftovers(folder / PACKETS_DIR)
    _refuse_foreign_manifest(folder, registration.station_id, station_public)
    seal_errors: list[dict[str, str]] = []
    sync.seal_pending(seal_errors)
    due = outbox.due_packets(sync.db, require_approval=sync.settings.require_approval, respect_backoff=False)
    counts = outbox.waiting_counts(sync.db, require_approval=sync.settings.require_approval)
    report_progress = progress or (lambda _p: None)
    bytes_total = sum(d.size for d in due)
    copied = already = written = done_bytes = 0
    listed: list[dict[str, Any]] = []
    report_progress(HandoverProgress(0, len(due), 0, bytes_total))
    for index, packet in enumerate(due, start=1):
        data = sync.blobs.get(packet.packet_ref)
        if sha256_hex(data) != packet.sha256 or len(data) != packet.size:
            raise HandoverError("local_corruption", f"Paket {packet.packet_uuid} tersimpan di stasiun rusak.",
                                f"Packet {packet.packet_uuid} stored on the station is damaged.",
                                action_id="Laporkan ke admin.", action_en="Report it to the administrator.")
        if _copy_packet(folder, data, packet.packet_uuid, packet.sha256):
            copied += 1
            written += packet.size
        else:
            already += 1
        done_bytes += packet.size
        listed.append({"packet_uuid": packet.packet_uuid, "file": packet_file_name(packet.packet_uuid),
                       "size": packet.size, "sha256": packet.sha256, "enrolment_uuid": packet.enrolment_uuid})
        report_progress(HandoverProgress(index, len(due), done_bytes, bytes_total))
    body = {
        "format": MANIFEST_FORMAT,
        "station_id": registration.station_id,
        "station_code": sync.config.identity.station_code,
        "site_code": registration.site_code,
        "hub_key_id": key_id(registration.hub_key),
        "station_key_id": key_id(station_public),
        "created_at": utc_now().isoformat(),
        "packet_count": len(listed),
        "total_bytes": bytes_total,
        "packets": listed,
    }
    manifest_path = folder / MANIFEST_FILE
    document = sign_document(body, sync.station_key)
    write_durably(manifest_path, document)
    if read_back(manifest_path) != document:
        raise HandoverError("readback_mismatch", "Manifes di media tidak sama dengan yang ditulis.",
                            "The manifest on the medium differs from what was written.",
                            action_id="Pakai flashdisk lain lalu ulangi.", action_en="Use another stick, then run it again.")
    _mark_handed_over(sync, [p["packet_uuid"] for p in listed], folder, written)
    log.info("handover: %d packets in %s (%d written now, %d bytes)", len(listed), folder, copied, written)
    return HandoverExportReport(str(folder), tuple(listed), copied, already, written, counts["awaiting_approval"],
                                counts["unsealed"], tuple(seal_errors), str(manifest_path),
                                time.monotonic() - started)


def _mark_handed_over(sync: SyncService, packet_uuids: list[str], folder: Path, written: int) -> None:
    now = utc_now()
    with sync.db.session() as session:
        for start in range(0, len(packet_uuids), 500):
            for entry in session.scalars(select(OutboxEntry).where(
                    OutboxEntry.packet_uuid.in_(packet_uuids[start : start + 500]))):
                entry.handed_over_at = now
        session.add(AuditEvent(action=AuditAction.HANDOVER_EXPORTED, subject=str(folder)[-100:],
                               details={"packets": len(packet_uuids), "bytes_written": written}))
