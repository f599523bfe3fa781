"""``station-hub handover import DIR``: take a station's hand-over folder in at the office.

The manifest must be signed by a station the hub knows. Each packet then goes
through the very intake an upload goes through (``Hub.begin`` and ``Hub.append``:
announced hash and size, station signature, hub key, header, no UUID reused with
other contents), so an imported packet and an uploaded one are one and the same:
stored once, and whichever arrives second gets the original receipt ("already
received"). A receipt signed by the hub's Ed25519 key is written into the folder.
"""

from __future__ import annotations

import logging
import uuid as uuid_module
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.sync import packet_format
from app.sync.handover_format import (
    ALREADY_RECEIVED,
    MANIFEST_FILE,
    MANIFEST_FORMAT,
    MISSING,
    RECEIPT_FILE,
    RECEIPT_FORMAT,
    REFUSED,
    STORED,
    HandoverError,
    packet_file_name,
    parse_document,
    sign_document,
    verify_document,
)
from app.sync.handover_media import MediaError, read_back, write_durably
from app.timezones import utc_now
from server.errors import HubError
from server.hub import Hub
from server.models import HubHandoverImport, HubStation

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class HandoverImportReport:
    folder: str
    station_id: str
    station_code: str
    packets: tuple[dict[str, Any], ...]  # packet_uuid, result (stored/already_received/refused/missing), status
    receipt: str  # the receipt file written, or "" when the folder could not be written
    receipt_error: dict[str, str] | None = None

    def count(self, result: str) -> int:
        return sum(1 for p in self.packets if p["result"] == result)

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "stored": self.count(STORED), "already_received": self.count(ALREADY_RECEIVED),
                "refused": self.count(REFUSED), "missing": self.count(MISSING),
                "ok": self.receipt_error is None and not self.count(REFUSED) and not self.count(MISSING)}


def _station(hub: Hub, station_id: object) -> HubStation:
    with hub.session() as session:
        station = session.get(HubStation, str(station_id)) if isinstance(station_id, str) else None
    if station is None:
        raise HandoverError("unknown_station", "Manifes berasal dari stasiun yang tidak terdaftar di pusat ini.",
                            "The manifest comes from a station this hub does not know.",
                            action_id="Periksa bahwa media ini untuk kantor ini; stasiun harus terdaftar dulu.",
                            action_en="Check the medium belongs to this office; the station must be registered first.")
    return station


def read_manifest(hub: Hub, folder: Path) -> tuple[HubStation, dict[str, Any]]:
    """The folder's manifest, signed by the known station it names.

    Raises:
        HandoverError: no manifest (an export cut short), unreadable, unknown station, or a bad signature.
    """
    path = folder / MANIFEST_FILE
    if not path.exists():
        raise HandoverError("no_manifest", f"Tidak ada manifes serah terima di {folder} (penyalinan belum selesai?).",
                            f"There is no hand-over manifest in {folder} (was the copy cut short?).",
                            action_id="Jalankan lagi penyalinan di stasiun sampai selesai.",
                            action_en="Run the copy on the station again until it finishes.")
    body, signature = parse_document(read_back(path), MANIFEST_FORMAT)
    station = _station(hub, body.get("station_id"))
    verify_document(body, signature, packet_format.load_ed25519_public(station.public_key),
                    signer_id=f"stasiun {station.station_code}", signer_en=f"station {station.station_code}")
    return station, body


def _refused(packet_uuid: str, code: str, message_id: str, message_en: str, **extra: Any) -> dict[str, Any]:
    return {"packet_uuid": packet_uuid, "result": REFUSED, "status": None, "error": code,
            "message_id": message_id, "message_en": message_en, **extra}


def _intake(hub: Hub, station: HubStation, packet_uuid: str, data: bytes, sha256: str) -> dict[str, Any]:
    """One packet through the upload intake; a resumed network upload that fails is retried from byte 0."""
    for _attempt in range(2):
        answer = hub.begin(station, packet_uuid, sha256, len(data))
        if answer["state"] == "complete":
            return {"result": ALREADY_RECEIVED, "receipt": answer["receipt"]}
        offset = int(answer["offset"])
        try:
            answer = hub.append(station, packet_uuid, offset, data[offset:])
        except HubError as error:
            if error.code == "offset_mismatch" or (offset > 0 and error.status == 422):
                continue  # a network upload of the same packet moved meanwhile, or its partial copy was bad
            raise
        return {"result": STORED, "receipt": answer["receipt"]}
    answer = hub.begin(station, packet_uuid, sha256, len(data))
    if answer["state"] == "complete":
        return {"result": ALREADY_RECEIVED, "receipt": answer["receipt"]}
    raise HubError(409, "busy", "Paket sedang diunggah lewat jaringan; ulangi impor.",
                   "The packet is being uploaded over the network; import again.")


def _import_one(hub: Hub, station: HubStation, folder: Path, item: object) -> dict[str, Any]:
    if not isinstance(item, dict):
        return _refused("?", "malformed_manifest", "Baris manifes tidak valid.", "A manifest entry is invalid.")
    try:
        packet_uuid = str(uuid_module.UUID(str(item.get("packet_uuid"))))
    except ValueError:
        return _refused(str(item.get("packet_uuid"))[:36], "malformed_manifest", "UUID paket di manifes tidak valid.",
                        "A packet UUID in the manifest is invalid.")
    sha256, size = str(item.get("sha256", "")), item.get("size")
    path = folder / packet_file_name(packet_uuid)
    if not path.exists():
        return {"packet_uuid": packet_uuid, "result": MISSING, "status": None, "error": "missing",
                "message_id": "Berkas paket tidak ada di media.", "message_en": "The packet file is not on the medium."}
    data = read_back(path)
    if len(data) != size or packet_format.sha256_hex(data) != sha256:
        what = "terpotong" if isinstance(size, int) and len(data) < size else "diubah"
        return _refused(packet_uuid, "hash_mismatch", f"Berkas paket {what}: tidak sama dengan manifes stasiun.",
                        "The packet file is " + ("truncated" if what == "terpotong" else "altered")
                        + ": it differs from the station's manifest.", sha256=sha256)
    try:
        outcome = _intake(hub, station, packet_uuid, data, sha256)
    except HubError as error:
        return _refused(packet_uuid, error.code, error.message_id, error.message_en, sha256=sha256)
    receipt = outcome["receipt"]
    return {"packet_uuid": packet_uuid, "result": outcome["result"], "status": receipt.get("status"),
            "sha256": receipt.get("sha256"), "receipt": receipt}


def import_handover(hub: Hub, folder: Path, signing_key: Ed25519PrivateKey) -> HandoverImportReport:
    """Verify and store every packet the folder's manifest lists, then write the hub's signed receipt.

    A receipt that cannot be written (read-only or pulled medium) does not undo the
    import: the packets are stored, and importing again writes it ("already received").

    Raises:
        HandoverError: no manifest, unknown station, or a manifest that is altered or not the station's.
        MediaError: the medium cannot be read.
    """
    folder = Path(folder)
    station, manifest = read_manifest(hub, folder)
    results = [_import_one(hub, station, folder, item) for item in manifest["packets"]]
    body = {
        "format": RECEIPT_FORMAT,
        "station_id": station.id,
        "station_code": station.station_code,
        "hub_key_id": packet_format.key_id(hub.key.public_key()),
        "hub_signing_key_id": packet_format.key_id(signing_key.public_key()),
        "manifest_created_at": manifest.get("created_at"),
        "manifest_sha256": packet_format.sha256_hex(read_back(folder / MANIFEST_FILE)),
        "issued_at": utc_now().isoformat(),
        "packets": results,
    }
    receipt_path = folder / RECEIPT_FILE
    receipt_error = None
    try:
        write_durably(receipt_path, sign_document(body, signing_key))
    except MediaError as error:
        receipt_error = error.to_dict()
    report = HandoverImportReport(str(folder), station.id, station.station_code, tuple(results),
                                  "" if receipt_error else str(receipt_path), receipt_error)
    with hub.session() as session:
        session.add(HubHandoverImport(station_id=station.id, stored=report.count(STORED),
                                      already_received=report.count(ALREADY_RECEIVED),
                                      refused=report.count(REFUSED), missing=report.count(MISSING)))
    log.info("handover import from %s: %d stored, %d already received, %d refused, %d missing",
             station.station_code, report.count(STORED), report.count(ALREADY_RECEIVED), report.count(REFUSED),
             report.count(MISSING))
    return report
