"""Local duplicate check ("uji ketunggalan" on the station) with Bozorth3.

Before an enrolment is saved its finger templates are searched against every
saved enrolment on this station and against the operators' own prints. The
gallery is loaded once into memory and topped up with rows added since; for
each probe finger a pair-histogram pre-filter picks the ``candidates`` most
similar stored templates of the same position, and Bozorth3 scores those. A
gallery no larger than ``candidates`` is searched exhaustively.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sqlalchemy import select

from app.biometrics.templates import (
    ISO_FORMAT,
    TemplateExtractor,
    descriptor_bytes,
    descriptor_from_bytes,
    pair_descriptor,
    parse_iso_minutiae,
)
from app.domain.enums import EnrolmentStatus
from app.errors import ConfigError, InputError
from app.storage.db import Database
from app.storage.models import BiometricTemplate, Enrolment, Operator
from drivers.fingerprint.base import FingerPosition

log = logging.getLogger(__name__)

# Enrolments whose templates are not searched: unfinished or withdrawn.
_NOT_SEARCHED = (EnrolmentStatus.DRAFT, EnrolmentStatus.CANCELLED)


@dataclass(frozen=True)
class DuplicateSettings:
    """``[duplicates]``: Bozorth3 score that flags a possible duplicate, and pre-filter size."""

    threshold: int = 80
    candidates: int = 40

    @classmethod
    def from_config(cls, config: Any) -> DuplicateSettings:
        table = config.section("duplicates") if hasattr(config, "section") else dict(config or {})
        unknown = set(table) - {"threshold", "candidates"}
        if unknown:
            names = ", ".join(sorted(unknown))
            raise ConfigError(f"Kunci tidak dikenal di [duplicates]: {names}.", f"Unknown keys in [duplicates]: {names}.")
        threshold, candidates = table.get("threshold", cls.threshold), table.get("candidates", cls.candidates)
        for key, value, low, high in (("threshold", threshold, 1, 1000), ("candidates", candidates, 1, 100_000)):
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                raise ConfigError(f"[duplicates] {key} harus bilangan bulat {low}–{high}.",
                                  f"[duplicates] {key} must be a whole number {low}–{high}.")
        return cls(threshold=threshold, candidates=candidates)


@dataclass(frozen=True)
class DuplicateMatch:
    """The best match found: another enrolment (its UUID) or an operator's own print."""

    score: int
    position: str
    enrolment_uuid: str | None = None
    operator_id: int | None = None

    @property
    def reference(self) -> str:
        """What goes into ``Enrolment.possible_duplicate_of``."""
        return self.enrolment_uuid or f"operator:{self.operator_id}"

    def to_dict(self) -> dict[str, Any]:
        return {"score": self.score, "position": self.position, "enrolment_uuid": self.enrolment_uuid,
                "operator_id": self.operator_id}


@dataclass
class _Gallery:
    """The templates of one finger position, in memory."""

    row_ids: list[int] = field(default_factory=list)
    enrolment_ids: list[int | None] = field(default_factory=list)
    operator_ids: list[int | None] = field(default_factory=list)
    templates: list[bytes] = field(default_factory=list)
    descriptors: list[np.ndarray] = field(default_factory=list)
    matrix: np.ndarray | None = None  # stacked descriptors, rebuilt lazily

    def add(self, row: BiometricTemplate) -> None:
        try:
            descriptor = descriptor_from_bytes(row.prefilter, row.data)
        except ValueError:
            log.warning("template %s is unreadable; skipped", row.id)
            return
        self.row_ids.append(row.id)
        self.enrolment_ids.append(row.enrolment_id)
        self.operator_ids.append(row.operator_id)
        self.templates.append(bytes(row.data))
        self.descriptors.append(descriptor)
        self.matrix = None

    def remove(self, row_ids: set[int]) -> None:
        keep = [i for i, row_id in enumerate(self.row_ids) if row_id not in row_ids]
        for name in ("row_ids", "enrolment_ids", "operator_ids", "templates", "descriptors"):
            values = getattr(self, name)
            setattr(self, name, [values[i] for i in keep])
        self.matrix = None

    def stacked(self) -> np.ndarray:
        if self.matrix is None:
            self.matrix = np.vstack(self.descriptors) if self.descriptors else np.zeros((0, 1), np.float32)
        return self.matrix


class DuplicateChecker:
    """Searches probe templates against the station's gallery; keeps the gallery cached."""

    def __init__(self, db: Database, extractor: TemplateExtractor | None = None,
                 settings: DuplicateSettings | None = None) -> None:
        self.db = db
        self.extractor = extractor or TemplateExtractor()
        self.settings = settings or DuplicateSettings()
        self._galleries: dict[str, _Gallery] = {}
        self._last_row_id = 0
        self._lock = threading.RLock()  # the GUI's storage thread and a CLI may share one checker

    # gallery ---------------------------------------------------------------
    def refresh(self) -> int:
        """Load templates added since the last call (all of them the first time); returns the gallery size."""
        with self._lock, self.db.session() as session:
            rows = session.scalars(
                select(BiometricTemplate)
                .where(BiometricTemplate.id > self._last_row_id, BiometricTemplate.format == ISO_FORMAT)
                .order_by(BiometricTemplate.id)
            ).all()
            for row in rows:
                self._galleries.setdefault(row.position, _Gallery()).add(row)
                self._last_row_id = row.id
            present = set(session.scalars(select(BiometricTemplate.id)).all())
            for gallery in self._galleries.values():
                gone = set(gallery.row_ids) - present
                if gone:
                    gallery.remove(gone)
            return sum(len(g.row_ids) for g in self._galleries.values())

    def forget(self) -> None:
        """Drop the in-memory gallery (it reloads on the next search)."""
        with self._lock:
            self._galleries.clear()
            self._last_row_id = 0

    # search ----------------------------------------------------------------
    def search(self, probes: Mapping[str, bytes], *, exclude_enrolment_id: int | None = None) -> DuplicateMatch | None:
        """The best match at or above the threshold for any probe finger, or None.

        ``probes`` maps finger slugs to ISO templates. Only saved enrolments
        (not drafts or cancelled ones) and operators' prints are compared.
        """
        with self._lock:
            return self._search(probes, exclude_enrolment_id)

    def _search(self, probes: Mapping[str, bytes], exclude_enrolment_id: int | None) -> DuplicateMatch | None:
        self.refresh()
        with self.db.session() as session:
            searchable = set(session.scalars(
                select(Enrolment.id).where(Enrolment.status.not_in(_NOT_SEARCHED))).all())
            uuids: dict[int, str] = {}
            best: DuplicateMatch | None = None
            for position, template in probes.items():
                gallery = self._galleries.get(position)
                if gallery is None or not gallery.row_ids:
                    continue
                match = self._search_one(position, template, gallery, searchable, exclude_enrolment_id)
                if match is not None and (best is None or match[0] > best.score):
                    score, enrolment_id, operator_id = match
                    if enrolment_id is not None and enrolment_id not in uuids:
                        uuids[enrolment_id] = session.scalar(select(Enrolment.uuid).where(Enrolment.id == enrolment_id))
                    best = DuplicateMatch(score, position, uuids.get(enrolment_id) if enrolment_id else None,
                                          operator_id)
        if best is not None and best.score >= self.settings.threshold:
            return best
        return None

    def _search_one(self, position: str, template: bytes, gallery: _Gallery, searchable: set[int],
                    exclude_enrolment_id: int | None) -> tuple[int, int | None, int | None] | None:
        eligible = np.array([
            (operator_id is not None) or (enrolment_id in searchable and enrolment_id != exclude_enrolment_id)
            for enrolment_id, operator_id in zip(gallery.enrolment_ids, gallery.operator_ids, strict=True)
        ], dtype=bool)
        indices = np.flatnonzero(eligible)
        if len(indices) == 0:
            return None
        if len(indices) > self.settings.candidates:
            probe_descriptor = pair_descriptor(parse_iso_minutiae(template))
            similarity = gallery.stacked()[indices] @ probe_descriptor
            top = np.argpartition(-similarity, self.settings.candidates - 1)[: self.settings.candidates]
            indices = indices[top]
        try:
            probe = self.extractor.load(template)
        except ValueError:
            log.warning("probe template for %s is unreadable; not searched", position)
            return None
        best: tuple[int, int | None, int | None] | None = None
        for index in indices:
            try:
                other = self.extractor.load(gallery.templates[index])
            except ValueError:
                log.warning("stored template %s is unreadable; skipped", gallery.row_ids[index])
                continue
            score = int(probe.compare(other))
            if best is None or score > best[0]:
                best = (score, gallery.enrolment_ids[index], gallery.operator_ids[index])
        return best

    # operators' own prints -------------------------------------------------
    def enrol_operator_prints(self, operator_id: int, images: Mapping[FingerPosition | str, np.ndarray]) -> int:
        """Store an operator's finger templates so their own prints are never saved as an applicant's.

        Replaces the operator's earlier templates. Returns how many were stored.

        Raises:
            InputError: the operator does not exist, or no image gave a usable template.
        """
        templates = _extract_all(self.extractor, images)
        if not templates:
            raise InputError("Sidik jari petugas tidak terbaca.", "The operator's fingerprints could not be read.",
                             action_id="Bersihkan kaca pemindai lalu ulangi.",
                             action_en="Clean the scanner glass, then try again.")
        with self.db.session() as session:
            if session.get(Operator, operator_id) is None:
                raise InputError(f"Petugas {operator_id} tidak ada.", f"Operator {operator_id} does not exist.")
            for old in session.scalars(select(BiometricTemplate).where(BiometricTemplate.operator_id == operator_id)):
                session.delete(old)
            for position, data in templates.items():
                session.add(BiometricTemplate(operator_id=operator_id, position=position, format=ISO_FORMAT,
                                              data=data, prefilter=descriptor_bytes(data)))
        return len(templates)


def _extract_all(extractor: TemplateExtractor, images: Mapping[FingerPosition | str, np.ndarray]) -> dict[str, bytes]:
    templates: dict[str, bytes] = {}
    for key, pixels in images.items():
        position = FingerPosition.parse(key) if isinstance(key, str) else FingerPosition(key)
        data = extractor.extract(pixels)
        if data is not None:
            templates[position.slug] = data
    return templates


def positions_to_search(captured: Iterable[str], card_fingers: Iterable[FingerPosition]) -> list[str]:
    """Every captured finger, card fingers (at least both index fingers) first."""
    captured = list(captured)
    first = [p.slug for p in card_fingers if p.slug in captured]
    return first + [p for p in captured if p not in first]
