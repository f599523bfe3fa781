"""Adjudication at the office: records in the grey zone, side by side, decided by a supervisor.

``same`` makes the record a duplicate of the other one; ``different`` makes it
print-ready. Every decision is a status change in the packet's history (who,
when, the note), and only a record waiting for adjudication can be decided.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.biometrics.templates import TemplateExtractor
from app.domain.enums import CentralStatus
from app.logging_setup import mask_nik
from app.sync import packet_format
from app.sync.errors import PacketFormatError
from server.errors import HubError
from server.hub import Hub
from server.models import HubPacket, HubRecord, HubStation, HubStatusEvent, HubTemplate, _iso
from server.processing.contents import read_contents
from server.processing.pipeline import record_status_change

_FINGER_NAMES = {
    1: ("ibu jari kanan", "right thumb"), 2: ("telunjuk kanan", "right index"), 3: ("jari tengah kanan", "right middle"),
    4: ("jari manis kanan", "right ring"), 5: ("kelingking kanan", "right little"), 6: ("ibu jari kiri", "left thumb"),
    7: ("telunjuk kiri", "left index"), 8: ("jari tengah kiri", "left middle"), 9: ("jari manis kiri", "left ring"),
    10: ("kelingking kiri", "left little"),
}


def _not_waiting(packet_uuid: str) -> HubError:
    return HubError(409, "not_in_adjudication", f"Rekaman {packet_uuid} tidak menunggu keputusan.",
                    f"Record {packet_uuid} is not waiting for adjudication.")


def _unknown(packet_uuid: str) -> HubError:
    return HubError(404, "unknown_packet", f"Rekaman {packet_uuid} tidak ada di pusat.",
                    f"The hub holds no record {packet_uuid}.")


@dataclass(frozen=True)
class FingerComparison:
    position: int
    name_id: str
    name_en: str
    score: int | None  # Bozorth3 between the two records' prints of this finger; None when one lacks it


def waiting(hub: Hub) -> list[dict[str, Any]]:
    """Every record waiting for a decision, oldest first, NIKs masked."""
    with hub.session() as session:
        rows = session.execute(
            select(HubPacket, HubRecord, HubStation.station_code)
            .join(HubRecord, HubRecord.packet_uuid == HubPacket.packet_uuid)
            .join(HubStation, HubStation.id == HubPacket.station_id)
            .where(HubPacket.status == CentralStatus.ADJUDICATION.value)
            .order_by(HubPacket.status_updated_at, HubPacket.packet_uuid)).all()
    return [{"packet_uuid": packet.packet_uuid, "station_code": code, "nik": mask_nik(record.nik or ""),
             "name": record.name, "other_packet_uuid": record.matched_packet_uuid, "score": record.match_score,
             "reason_id": record.reason_id, "reason_en": record.reason_en,
             "since": _iso(packet.status_updated_at)} for packet, record, code in rows]


def compare(hub: Hub, packet_uuid: str, *, reveal: bool = False, faces_dir: Path | None = None,
            extractor: TemplateExtractor | None = None) -> dict[str, Any]:
    """Both records side by side: people fields, status, each finger's Bozorth3 score, faces.

    NIKs are masked unless ``reveal`` (the decider asks for them). With ``faces_dir`` both
    face photos are written there as ``<packet_uuid>.jpg``.

    Raises:
        HubError: no such record, or it has no other record to compare with.
    """
    extractor = extractor or TemplateExtractor()
    with hub.session() as session:
        record = session.get(HubRecord, packet_uuid)
        if record is None:
            raise _unknown(packet_uuid)
        other_uuid = record.matched_packet_uuid
        if other_uuid is None:
            raise HubError(409, "nothing_to_compare", "Rekaman ini tidak punya pasangan untuk dibandingkan.",
                           "This record has no other record to compare with.")
        sides = [_side(hub, session, uuid, reveal) for uuid in (packet_uuid, other_uuid)]
        templates = {uuid: {t.position: bytes(t.data) for t in session.scalars(
            select(HubTemplate).where(HubTemplate.packet_uuid == uuid))} for uuid in (packet_uuid, other_uuid)}
    fingers = []
    for position in range(1, 11):
        first, second = templates[packet_uuid].get(position), templates[other_uuid].get(position)
        score = None
        if first is not None and second is not None:
            try:
                score = int(extractor.load(first).compare(extractor.load(second)))
            except ValueError:
                score = None
        name_id, name_en = _FINGER_NAMES[position]
        fingers.append(FingerComparison(position, name_id, name_en, score).__dict__)
    if faces_dir is not None:
        faces_dir.mkdir(parents=True, exist_ok=True)
        for side in sides:
            face = side.pop("_face", None)
            if face:
                path = faces_dir / f"{side['packet_uuid']}.jpg"
                path.write_bytes(face)
                side["face_file"] = str(path)
    for side in sides:
        side.pop("_face", None)
    return {"record": sides[0], "other": sides[1], "fingers": fingers, "score": record.match_score,
            "reason_id": record.reason_id, "reason_en": record.reason_en}


def _side(hub: Hub, session: Any, packet_uuid: str, reveal: bool) -> dict[str, Any]:
    packet = session.get(HubPacket, packet_uuid)
    record = session.get(HubRecord, packet_uuid)
    if packet is None or record is None:
        raise _unknown(packet_uuid)
    station = session.get(HubStation, packet.station_id)
    side: dict[str, Any] = {
        "packet_uuid": packet_uuid, "status": packet.status, "station_code": station.station_code if station else "",
        "nik": record.nik if reveal else mask_nik(record.nik or ""), "name": record.name,
        "birth_date": record.birth_date, "sex": record.sex, "received_at": _iso(packet.received_at),
        "fingers_on_file": record.finger_count,
    }
    if station is not None:
        try:
            opened = packet_format.open_packet(hub.packet_path(packet_uuid).read_bytes(), hub.key,
                                               packet_format.load_ed25519_public(station.public_key))
        except (OSError, PacketFormatError):
            return side
        visit = opened.metadata.get("visit") if isinstance(opened.metadata.get("visit"), dict) else {}
        side["site"] = visit.get("site")
        side["captured_at"] = opened.metadata.get("captured_at")
        side["_face"] = read_contents(opened).face_jpeg
    return side


def decide(hub: Hub, packet_uuid: str, *, same: bool, by: str, note: str | None = None) -> dict[str, Any]:
    """Set the final status of a record in adjudication; returns the new status and the other record.

    Raises:
        HubError: unknown record (404) or not waiting for adjudication (409).
    """
    by = by.strip()[:100]
    if not by:
        raise HubError(400, "decider_missing", "Nama pengambil keputusan wajib diisi.", "The decider's name is required.")
    with hub.session() as session:
        packet = session.get(HubPacket, packet_uuid, with_for_update=True)
        record = session.get(HubRecord, packet_uuid)
        if packet is None or record is None:
            raise _unknown(packet_uuid)
        if packet.status != CentralStatus.ADJUDICATION.value:
            raise _not_waiting(packet_uuid)
        if same:
            status = CentralStatus.DUPLICATE
            reason = ("Diputuskan: orang yang sama dengan rekaman lain.", "Decided: the same person as another record.")
        else:
            status = CentralStatus.PRINT_READY
            reason = ("Diputuskan: orang yang berbeda; rekaman tunggal.", "Decided: a different person; unique.")
        record_status_change(session, packet, status, actor=by, reason_id=reason[0], reason_en=reason[1],
                             other=record.matched_packet_uuid, note=(note or None))
        record.reason_id, record.reason_en = reason
    return {"packet_uuid": packet_uuid, "status": status.value, "other_packet_uuid": record.matched_packet_uuid,
            "decided_by": by, "decided_at": dt.datetime.now(dt.UTC).isoformat()}


def history(hub: Hub, packet_uuid: str) -> list[dict[str, Any]]:
    """A packet's status changes, oldest first."""
    with hub.session() as session:
        if session.get(HubPacket, packet_uuid) is None:
            raise _unknown(packet_uuid)
        events = session.scalars(select(HubStatusEvent).where(HubStatusEvent.packet_uuid == packet_uuid)
                                 .order_by(HubStatusEvent.id)).all()
    return [{"status": e.status, "at": _iso(e.at), "actor": e.actor, "reason_id": e.reason_id,
             "reason_en": e.reason_en, "other_packet_uuid": e.other_packet_uuid, "score": e.score,
             "note": e.note} for e in events]
