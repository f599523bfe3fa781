"""One received packet through processing: verify, decode, check it is whole, deduplicate, set the status.

Runs in worker processes (``station-hub worker``, or in-process beside ``serve`` on
SQLite), never in the upload request. The expensive part (opening the packet,
decoding ten fingers, extracting minutiae) runs outside any lock; the decision
(search the gallery, store the templates, set the status) runs under one lock
for the whole hub (a PostgreSQL advisory lock, or a file lock on SQLite), so two
workers never both miss a duplicate that arrived at the same time.

Statuses: ``processing`` while a worker has it, then ``print_ready`` (unique and
whole), ``duplicate`` (a sure fingerprint match, or the same NIK with matching
fingers; the other record is named), ``adjudication`` (a fingerprint score in the
grey zone, or the same NIK with different fingers), or
``enroll_failure_at_regional`` with the reasons the record is not whole.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.biometrics.templates import TemplateExtractor, descriptor_bytes
from app.domain.enums import CentralStatus
from app.sync import packet_format
from app.sync.errors import PacketFormatError
from app.timezones import utc_now
from server.hub import Hub
from server.models import HubPacket, HubRecord, HubStation, HubStatusEvent, HubTemplate
from server.processing.contents import PacketContents, read_contents
from server.processing.gallery import HubGallery, finger_vector
from server.processing.locks import decision_session

log = logging.getLogger(__name__)

WORKER_ACTOR = "pemrosesan otomatis / automatic processing"


@dataclass(frozen=True)
class ProcessingSettings:
    """The two scores that split sure matches, the grey zone and unique records (Bozorth3 scale)."""

    duplicate_score: int = 80  # at or above: the same person
    adjudicate_score: int = 60  # at or above (and below duplicate_score): a supervisor decides
    candidates: int = 50  # records Bozorth3 verifies per packet, from the vector index
    fingers_per_candidate: int = 2  # the card fingers first

    def __post_init__(self) -> None:
        if not 0 < self.adjudicate_score <= self.duplicate_score:
            raise ValueError("need 0 < adjudicate_score <= duplicate_score")
        if self.candidates < 1 or self.fingers_per_candidate < 1:
            raise ValueError("candidates and fingers_per_candidate must be positive")

    @classmethod
    def from_env(cls, **overrides: int | None) -> ProcessingSettings:
        """Defaults, then ``HUB_DUPLICATE_SCORE`` / ``HUB_ADJUDICATE_SCORE``, then explicit values."""
        values: dict[str, int] = {}
        for name, variable in (("duplicate_score", "HUB_DUPLICATE_SCORE"),
                               ("adjudicate_score", "HUB_ADJUDICATE_SCORE")):
            if os.environ.get(variable, "").strip():
                values[name] = int(os.environ[variable])
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)


@dataclass(frozen=True)
class Decision:
    packet_uuid: str
    status: CentralStatus
    reason_id: str
    reason_en: str
    other_packet_uuid: str | None = None
    score: int | None = None


class PacketProcessor:
    """Processes packets of one hub; one per worker process (it holds that process's gallery index)."""

    def __init__(self, hub: Hub, settings: ProcessingSettings | None = None,
                 extractor: TemplateExtractor | None = None) -> None:
        self.hub = hub
        self.settings = settings or ProcessingSettings()
        self.extractor = extractor or TemplateExtractor()
        self.gallery = HubGallery(self.extractor, candidates=self.settings.candidates)

    def pending(self, limit: int = 1000) -> list[str]:
        """Received packets not yet decided (and any a stopped worker left in ``processing``), oldest first."""
        with self.hub.session() as session:
            return list(session.scalars(
                select(HubPacket.packet_uuid).where(
                    HubPacket.complete.is_(True),
                    HubPacket.status.in_([CentralStatus.RECEIVED.value, CentralStatus.PROCESSING.value]))
                .order_by(HubPacket.received_at, HubPacket.packet_uuid).limit(limit)))

    def process(self, packet_uuid: str) -> Decision | None:
        """Decide one packet; ``None`` when it is not waiting (already decided, unknown: idempotent)."""
        with self.hub.session() as session:
            packet = session.get(HubPacket, packet_uuid)
            if packet is None or not packet.complete or packet.status not in (
                    CentralStatus.RECEIVED.value, CentralStatus.PROCESSING.value):
                return None
            station = session.get(HubStation, packet.station_id)
            _set_status(session, packet, CentralStatus.PROCESSING, "Sedang diproses.", "Being processed.")
            expected_sha, public_key = packet.sha256, station.public_key if station else None
        contents, failure = self._open(packet_uuid, expected_sha, public_key)
        templates: dict[int, bytes] = {}
        if contents is not None and failure is None:
            for position, pixels in contents.fingers.items():
                template = self.extractor.extract(pixels)
                if template is not None:
                    templates[position] = template
            if not templates:
                failure = ("Tidak ada sidik jari yang minusinya dapat dibaca.",
                           "No fingerprint gave readable minutiae.")
        descriptors = {p: descriptor_bytes(t) for p, t in templates.items()}
        with decision_session(self.hub) as session:
            packet = session.get(HubPacket, packet_uuid)
            if packet is None or packet.status != CentralStatus.PROCESSING.value:
                return None  # another worker decided it meanwhile
            if failure is not None:
                decision = Decision(packet_uuid, CentralStatus.ENROLL_FAILURE_AT_REGIONAL, *failure)
            else:
                assert contents is not None
                self.gallery.refresh(session)
                decision = self._decide(session, packet_uuid, contents, templates, descriptors)
            if failure is not None:
                templates, descriptors = {}, {}
            self._store(session, packet, contents, templates, descriptors, decision)
        if descriptors:
            self.gallery.add(packet_uuid, {p: finger_vector(d, templates[p]) for p, d in descriptors.items()})
        log.info("packet %s: %s", packet_uuid, decision.status.value)
        return decision

    # steps -------------------------------------------------------------------
    def _open(self, packet_uuid: str, expected_sha: str, public_key: str | None
              ) -> tuple[PacketContents | None, tuple[str, str] | None]:
        """Verify and decrypt the stored packet again, then read its record."""
        if public_key is None:
            return None, ("Stasiun pengirim tidak dikenal.", "The sending station is unknown.")
        try:
            data = self.hub.packet_path(packet_uuid).read_bytes()
        except OSError:
            return None, ("Berkas paket tidak ada di pusat.", "The packet file is missing at the hub.")
        try:
            if packet_format.sha256_hex(data) != expected_sha:
                raise PacketFormatError("hash_mismatch", "Hash isi paket tidak cocok.",
                                        "The packet content hash does not match.")
            opened = packet_format.open_packet(data, self.hub.key, packet_format.load_ed25519_public(public_key))
        except PacketFormatError as error:
            return None, (f"Paket tidak dapat dibuka: {error.message_id}", f"The packet cannot be opened: {error.message_en}")
        contents = read_contents(opened)
        if not contents.whole:
            return contents, ("; ".join(p.message_id for p in contents.problems),
                              "; ".join(p.message_en for p in contents.problems))
        return contents, None

    def _decide(self, session: Session, packet_uuid: str, contents: PacketContents,
                templates: dict[int, bytes], descriptors: dict[int, bytes]) -> Decision:
        settings = self.settings
        same_nik = list(session.scalars(select(HubRecord.packet_uuid).where(
            HubRecord.nik == contents.nik, HubRecord.packet_uuid != packet_uuid,
            HubRecord.finger_count > 0)))
        if same_nik:
            verdicts = self.gallery.verify(session, templates, same_nik, stop_at=settings.duplicate_score)
            best = verdicts[0] if verdicts else None
            if best is not None and best.score >= settings.duplicate_score:
                return Decision(packet_uuid, CentralStatus.DUPLICATE,
                                "NIK dan sidik jari sama dengan rekaman lain: orang yang sama direkam lagi.",
                                "Same NIK and same fingerprints as another record: the same person recorded again.",
                                best.packet_uuid, best.score)
            return Decision(packet_uuid, CentralStatus.ADJUDICATION,
                            "NIK sama dengan rekaman lain, tetapi sidik jarinya berbeda.",
                            "The same NIK as another record, but different fingerprints.",
                            same_nik[0], best.score if best else None)
        vectors = {p: finger_vector(d, templates[p]) for p, d in descriptors.items()}
        candidates = self.gallery.nearest(vectors, exclude=packet_uuid)
        verdicts = self.gallery.verify(session, templates, candidates, stop_at=settings.duplicate_score,
                                       max_fingers=settings.fingers_per_candidate)
        best = verdicts[0] if verdicts else None
        if best is not None and best.score >= settings.duplicate_score:
            return Decision(packet_uuid, CentralStatus.DUPLICATE,
                            f"Sidik jari sama dengan rekaman lain dengan NIK lain (skor {best.score}).",
                            f"The same fingerprints as another record under another NIK (score {best.score}).",
                            best.packet_uuid, best.score)
        if best is not None and best.score >= settings.adjudicate_score:
            return Decision(packet_uuid, CentralStatus.ADJUDICATION,
                            f"Sidik jari mirip dengan rekaman lain (skor {best.score}): perlu diputuskan supervisor.",
                            f"Fingerprints resemble another record (score {best.score}): a supervisor decides.",
                            best.packet_uuid, best.score)
        return Decision(packet_uuid, CentralStatus.PRINT_READY, "Tunggal dan lengkap.", "Unique and whole.",
                        None, best.score if best else None)

    def _store(self, session: Session, packet: HubPacket, contents: PacketContents | None,
               templates: dict[int, bytes], descriptors: dict[int, bytes], decision: Decision) -> None:
        """The record row, its templates and the status change, in the decision's transaction."""
        session.execute(delete(HubTemplate).where(HubTemplate.packet_uuid == packet.packet_uuid))
        record = session.get(HubRecord, packet.packet_uuid) or HubRecord(packet_uuid=packet.packet_uuid)
        if contents is not None:
            record.enrolment_uuid = contents.enrolment_uuid
            record.nik, record.name, record.sex = contents.nik, (contents.name or "")[:200] or None, contents.sex
            record.birth_date = contents.birth_date.isoformat() if contents.birth_date else None
        record.finger_count = len(templates)
        record.matched_packet_uuid, record.match_score = decision.other_packet_uuid, decision.score
        record.reason_id, record.reason_en = decision.reason_id, decision.reason_en
        record.processed_at = utc_now()
        session.add(record)
        for position, template in sorted(templates.items()):
            session.add(HubTemplate(packet_uuid=packet.packet_uuid, position=position, data=template,
                                    descriptor=descriptors[position]))
        _set_status(session, packet, decision.status, decision.reason_id, decision.reason_en,
                    other=decision.other_packet_uuid, score=decision.score)


def _set_status(session: Session, packet: HubPacket, status: CentralStatus, reason_id: str, reason_en: str, *,
                other: str | None = None, score: int | None = None, actor: str = WORKER_ACTOR,
                note: str | None = None) -> None:
    packet.status = status.value
    packet.status_updated_at = utc_now()
    session.add(HubStatusEvent(packet_uuid=packet.packet_uuid, status=status.value, reason_id=reason_id,
                               reason_en=reason_en, other_packet_uuid=other, score=score, actor=actor[:100],
                               note=note))


def record_status_change(session: Session, packet: HubPacket, status: CentralStatus, *, actor: str,
                         reason_id: str, reason_en: str, other: str | None = None, note: str | None = None) -> None:
    """Set a packet's status by hand (an office decision), kept in its history."""
    _set_status(session, packet, status, reason_id, reason_en, other=other, actor=actor, note=note)
