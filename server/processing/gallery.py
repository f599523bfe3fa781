"""The hub's fingerprint gallery: every processed record from every station, searched 1:N.

Candidate search runs on a vector index (usearch, HNSW) over one fixed-length
vector per record: the pre-filter descriptors of the card and thumb fingers
(``INDEXED_POSITIONS``), each centred on the gallery's mean descriptor at that
position and unit length, laid side by side. The inner product of two such
vectors is the mean per-finger similarity, so one poor finger is carried by the
others. The nearest ``candidates`` records are then verified with Bozorth3 on
the fingers both records have; Bozorth3 alone decides.

Each worker process keeps its own index in memory and tops it up from the
database (templates newer than the last it saw) inside the decision lock, so
workers on several machines see each other's records before deciding.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session
from usearch.index import Index

from app.biometrics.templates import DESCRIPTOR_SIZE, TemplateExtractor, describe, stored_descriptor
from server.models import HubTemplate

log = logging.getLogger(__name__)

# Right and left thumb and index finger (ANSI/NIST 1, 2, 6, 7): the fingers every
# station captures first (card fingers) and that are least often an exception.
INDEXED_POSITIONS: tuple[int, ...] = (2, 7, 1, 6)
VECTOR_SIZE = DESCRIPTOR_SIZE * len(INDEXED_POSITIONS)
REBUILD_GROWTH = 2.0  # re-centre and rebuild the index when the gallery has grown this much


def finger_vector(stored: bytes | None, template: bytes) -> np.ndarray:
    """One finger's part of a record vector: the pair histogram of its stored descriptor (computed when stale).

    Raises:
        ValueError: the template is not an ISO/IEC 19794-2 record.
    """
    descriptor = stored_descriptor(stored) or describe(template)
    return descriptor.pairs


@dataclass(frozen=True)
class Verified:
    """Bozorth3's verdict on one candidate record."""

    packet_uuid: str
    score: int  # the best single-finger score
    position: int  # the finger that gave it
    fingers_compared: int


@dataclass
class _Entry:
    packet_uuid: str
    descriptors: dict[int, np.ndarray]


class HubGallery:
    """In-memory candidate index over the hub's templates (one per worker process)."""

    def __init__(self, extractor: TemplateExtractor | None = None, *, candidates: int = 50) -> None:
        self.extractor = extractor or TemplateExtractor()
        self.candidates = candidates
        self._entries: list[_Entry] = []
        self._by_packet: dict[str, int] = {}
        self._last_template_id = 0
        self._centre: dict[int, np.ndarray] = {}
        self._index: Index | None = None
        self._indexed = 0  # entries in the index (the rest wait for the next rebuild or add)
        self._built_at = 0

    def __len__(self) -> int:
        return len(self._entries)

    # loading -------------------------------------------------------------
    def refresh(self, session: Session) -> int:
        """Add every template stored since the last call; returns how many records are in the gallery."""
        rows = session.execute(
            select(HubTemplate.id, HubTemplate.packet_uuid, HubTemplate.position, HubTemplate.descriptor,
                   HubTemplate.data)
            .where(HubTemplate.id > self._last_template_id, HubTemplate.position.in_(INDEXED_POSITIONS))
            .order_by(HubTemplate.id)
        ).all()
        for row_id, packet_uuid, position, descriptor, data in rows:
            self._last_template_id = max(self._last_template_id, row_id)
            try:
                vector = finger_vector(descriptor, data)
            except ValueError:
                log.warning("hub template %s is unreadable; skipped", row_id)
                continue
            self._entry(packet_uuid).descriptors[position] = vector
        self._index_new()
        return len(self._entries)

    def add(self, packet_uuid: str, descriptors: Mapping[int, np.ndarray]) -> None:
        """A record just decided in this process (its rows are in the same transaction)."""
        entry = self._entry(packet_uuid)
        entry.descriptors.update({p: d for p, d in descriptors.items() if p in INDEXED_POSITIONS})
        self._index_new()

    def _entry(self, packet_uuid: str) -> _Entry:
        index = self._by_packet.get(packet_uuid)
        if index is None:
            index = self._by_packet[packet_uuid] = len(self._entries)
            self._entries.append(_Entry(packet_uuid, {}))
        return self._entries[index]

    # the vector index ----------------------------------------------------------
    def _vector(self, descriptors: Mapping[int, np.ndarray]) -> np.ndarray:
        parts = []
        present = 0
        for position in INDEXED_POSITIONS:
            descriptor = descriptors.get(position)
            if descriptor is None:
                parts.append(np.zeros(DESCRIPTOR_SIZE, np.float32))
                continue
            centred = descriptor - self._centre.get(position, 0.0)
            norm = float(np.linalg.norm(centred))
            parts.append((centred / norm if norm > 0 else centred).astype(np.float32))
            present += 1
        vector = np.concatenate(parts)
        return vector / np.sqrt(present) if present else vector

    def _rebuild(self) -> None:
        """Re-centre on the whole gallery and index every record again."""
        for position in INDEXED_POSITIONS:
            stacked = [e.descriptors[position] for e in self._entries if position in e.descriptors]
            if stacked:
                self._centre[position] = np.vstack(stacked).mean(axis=0).astype(np.float32)
        self._index = Index(ndim=VECTOR_SIZE, metric="ip", dtype="f16")
        if self._entries:
            vectors = np.vstack([self._vector(e.descriptors) for e in self._entries])
            self._index.add(np.arange(len(self._entries), dtype=np.uint64), vectors)
        self._indexed = self._built_at = len(self._entries)

    def _index_new(self) -> None:
        if self._index is None or len(self._entries) >= max(self._built_at * REBUILD_GROWTH, 64):
            self._rebuild()
            return
        if self._indexed < len(self._entries):
            fresh = range(self._indexed, len(self._entries))
            self._index.add(np.fromiter(fresh, dtype=np.uint64),
                            np.vstack([self._vector(self._entries[i].descriptors) for i in fresh]))
            self._indexed = len(self._entries)

    # search ---------------------------------------------------------------
    def nearest(self, descriptors: Mapping[int, np.ndarray], *, exclude: str | None = None) -> list[str]:
        """The packet UUIDs of the ``candidates`` records nearest to a probe (all of them in a small gallery)."""
        others = [e.packet_uuid for e in self._entries if e.packet_uuid != exclude]
        if len(others) <= self.candidates or self._index is None:
            return others
        probe = self._vector(descriptors)
        if not np.any(probe):
            return []
        count = min(self.candidates + 1, len(self._entries))
        matches = self._index.search(probe, count, exact=len(self._entries) <= 4 * self.candidates)
        found = [self._entries[int(key)].packet_uuid for key in matches.keys]
        return [uuid for uuid in found if uuid != exclude][: self.candidates]

    def verify(self, session: Session, probes: Mapping[int, bytes], packet_uuids: Iterable[str], *,
               stop_at: int | None = None, max_fingers: int | None = None) -> list[Verified]:
        """Bozorth3 on the fingers the probe and each candidate both have (card and thumbs first,
        at most ``max_fingers`` of them; stopping at a score of ``stop_at``); best score first."""
        wanted = list(dict.fromkeys(packet_uuids))
        if not wanted or not probes:
            return []
        loaded = {position: self._load(template) for position, template in probes.items()}
        stored: dict[str, dict[int, bytes]] = {}
        for packet_uuid, position, data in session.execute(
                select(HubTemplate.packet_uuid, HubTemplate.position, HubTemplate.data)
                .where(HubTemplate.packet_uuid.in_(wanted))):
            stored.setdefault(packet_uuid, {})[position] = bytes(data)
        verdicts = []
        for packet_uuid in wanted:
            best_score, best_position, compared = -1, 0, 0
            for position in _verification_order(stored.get(packet_uuid, {}), loaded)[:max_fingers]:
                probe = loaded[position]
                other = self._load(stored[packet_uuid][position])
                if probe is None or other is None:
                    continue
                score = int(probe.compare(other))
                compared += 1
                if score > best_score:
                    best_score, best_position = score, position
                if stop_at is not None and score >= stop_at:
                    break
            if compared:
                verdicts.append(Verified(packet_uuid, best_score, best_position, compared))
        return sorted(verdicts, key=lambda v: -v.score)

    def _load(self, template: bytes) -> Any:
        """An NBIS minutiae object, or None when the template is unreadable."""
        try:
            return self.extractor.load(template)
        except ValueError:
            return None


def _verification_order(stored: Mapping[int, bytes], probes: Mapping[int, object]) -> list[int]:
    """Shared fingers, the indexed (card and thumb) fingers first."""
    shared = [p for p in stored if p in probes]
    return sorted(shared, key=lambda p: (p not in INDEXED_POSITIONS, INDEXED_POSITIONS.index(p)
                                         if p in INDEXED_POSITIONS else p))
