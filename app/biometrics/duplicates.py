"""Local duplicate check ("uji ketunggalan" on the station) with Bozorth3.

Before an enrolment is saved its finger templates are searched against every
saved enrolment on this station and against the operators' own prints. The
gallery is loaded once into memory and topped up with rows added since. A
pre-filter ranks every stored template of each probed finger's position; its
similarity fuses two descriptors, each standardised over the gallery: the pair
histogram (centred on the gallery's mean) and the bag of Minutia Cylinder-Code
words (``app.biometrics.mcc``, weighted by how rare each word is in the
gallery). The fingers' similarities are then fused per person
(``app.biometrics.shortlist``) and Bozorth3 scores only the ``people`` nearest
people's templates of the probed positions (more people when fewer fingers
were probed, never more than ``candidates`` templates of one position; with
three fingers or fewer each finger's own nearest as well); the
best score at or above ``threshold`` is the duplicate. A gallery position no
larger than ``candidates`` is searched exhaustively. Descriptors stored by an
older release are recomputed from the templates on first load and written back.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sqlalchemy import func, select

from app.biometrics import mcc, shortlist
from app.biometrics.templates import (
    ISO_FORMAT,
    Descriptor,
    TemplateExtractor,
    describe,
    descriptor_bytes,
    encode_descriptor,
    stored_descriptor,
)
from app.config import reject_unknown_keys
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
    """``[duplicates]``: Bozorth3 score that flags a possible duplicate, and how much Bozorth3 verifies.

    ``people``: the people (nearest over all probe fingers) whose probed fingers
    Bozorth3 scores when ten fingers are probed (fewer fingers: proportionally
    more people); ``candidates``: at most this many templates of one position.
    """

    threshold: int = 80
    candidates: int = 40
    people: int = 4

    @classmethod
    def from_config(cls, config: Any) -> DuplicateSettings:
        table = config.section("duplicates") if hasattr(config, "section") else dict(config or {})
        reject_unknown_keys("duplicates", table, ("threshold", "candidates", "people"))
        values = {key: table.get(key, getattr(cls, key)) for key in ("threshold", "candidates", "people")}
        for key, low, high in (("threshold", 1, 1000), ("candidates", 1, 100_000), ("people", 1, 10_000)):
            value = values[key]
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                raise ConfigError(f"[duplicates] {key} harus bilangan bulat {low}–{high}.",
                                  f"[duplicates] {key} must be a whole number {low}–{high}.")
        return cls(**values)


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


_SQRT = np.sqrt(np.arange(256, dtype=np.float32))  # word count -> weight (damps words repeated in one finger)
_ROWS_AT_ONCE = 4096  # MCC similarities are computed this many stored templates at a time (bounded memory)


@dataclass
class _Gallery:
    """The templates of one finger position, in memory."""

    row_ids: list[int] = field(default_factory=list)
    enrolment_ids: list[int | None] = field(default_factory=list)
    operator_ids: list[int | None] = field(default_factory=list)
    templates: list[bytes] = field(default_factory=list)
    descriptors: list[Descriptor] = field(default_factory=list)
    matrix: np.ndarray | None = None  # centred, unit-length pair histograms, rebuilt lazily
    centre: np.ndarray | None = None  # the gallery's mean pair histogram
    bags: np.ndarray | None = None  # MCC word counts, one uint8 row per template
    bag_norms: np.ndarray | None = None  # length of each row once weighted
    idf: np.ndarray | None = None  # how rare each MCC word is in this gallery
    owner_ids: np.ndarray | None = None  # per row: 2·enrolment id, or 2·operator id + 1

    def add(self, row: BiometricTemplate) -> bytes | None:
        """Keep one stored template; returns its recomputed descriptor when the stored one was missing or stale."""
        descriptor = stored_descriptor(row.prefilter)
        recomputed = None
        if descriptor is None:
            try:
                descriptor = describe(row.data)
            except ValueError:
                log.warning("template %s is unreadable; skipped", row.id)
                return None
            recomputed = encode_descriptor(descriptor)
        self.row_ids.append(row.id)
        self.enrolment_ids.append(row.enrolment_id)
        self.operator_ids.append(row.operator_id)
        self.templates.append(bytes(row.data))
        self.descriptors.append(descriptor)
        self.matrix = None
        return recomputed

    def remove(self, row_ids: set[int]) -> None:
        keep = [i for i, row_id in enumerate(self.row_ids) if row_id not in row_ids]
        for name in ("row_ids", "enrolment_ids", "operator_ids", "templates", "descriptors"):
            values = getattr(self, name)
            setattr(self, name, [values[i] for i in keep])
        self.matrix = None

    def stacked(self) -> np.ndarray:
        """The pair histograms, centred on the gallery's mean and unit length, one row per template.

        Centring removes what every finger's pair histogram shares, so the
        similarity ranks by what sets a finger apart (on real synthetic prints
        it lifted the true mate from a median rank of 3 to 1). The MCC bags and
        their word weights are rebuilt at the same time.
        """
        if self.matrix is None:
            if not self.descriptors:
                self.centre = np.zeros(1, np.float32)
                self.matrix = np.zeros((0, 1), np.float32)
                self.bags = np.zeros((0, mcc.WORDS), np.uint8)
                self.idf = np.zeros(mcc.WORDS, np.float32)
                self.bag_norms = np.zeros(0, np.float32)
                self.owner_ids = np.zeros(0, np.int64)
            else:
                stacked = np.vstack([d.pairs for d in self.descriptors])
                self.centre = stacked.mean(axis=0)
                self.matrix = _unit_rows(stacked - self.centre)
                self.bags = np.vstack([d.cylinders for d in self.descriptors])
                present = np.count_nonzero(self.bags, axis=0)
                self.idf = np.log((len(self.bags) + 1) / (present + 1)).astype(np.float32)
                self.bag_norms = np.concatenate([
                    np.linalg.norm(_SQRT[self.bags[i:i + _ROWS_AT_ONCE]] * self.idf, axis=1)
                    for i in range(0, len(self.bags), _ROWS_AT_ONCE)]).astype(np.float32)
                self.owner_ids = np.array([2 * e if e is not None else 2 * (o or 0) + 1
                                           for e, o in zip(self.enrolment_ids, self.operator_ids, strict=True)],
                                          dtype=np.int64)
        return self.matrix

    def similarity(self, indices: np.ndarray, probe: Descriptor, *, cylinders: bool = True) -> np.ndarray:
        """The fused similarity of the probe to the given rows: pair-histogram cosine plus MCC cosine, each standardised.

        ``cylinders=False`` ranks by the pair histogram alone (the earlier pre-filter, for benchmarks).
        """
        matrix = self.stacked()
        pairs = matrix[indices] @ _unit_rows((probe.pairs - self.centre)[None, :])[0]
        if not cylinders:
            return pairs
        weights = _SQRT[probe.cylinders] * self.idf ** 2
        norm = float(np.linalg.norm(_SQRT[probe.cylinders] * self.idf))
        cylinders = np.empty(len(indices), np.float32)
        for start in range(0, len(indices), _ROWS_AT_ONCE):
            chunk = indices[start:start + _ROWS_AT_ONCE]
            cylinders[start:start + len(chunk)] = _SQRT[self.bags[chunk]] @ weights
        cylinders /= np.maximum(self.bag_norms[indices] * norm, 1e-9)
        return _standardised(pairs) + _standardised(cylinders)

    def owners(self, indices: np.ndarray) -> np.ndarray:
        """One integer per row naming whose template it is: 2·enrolment id, or 2·operator id + 1."""
        self.stacked()
        return self.owner_ids[indices]

    def searchable_rows(self, searchable: set[int], exclude_enrolment_id: int | None) -> np.ndarray:
        """Rows of operators' prints and of searchable enrolments other than the excluded one."""
        self.stacked()
        owners = self.owner_ids
        allowed = np.fromiter((2 * e for e in searchable if e != exclude_enrolment_id), dtype=np.int64)
        return np.flatnonzero((owners % 2 == 1) | np.isin(owners, allowed))


def _standardised(values: np.ndarray) -> np.ndarray:
    spread = float(values.std())
    return (values - values.mean()) / spread if spread > 0 else np.zeros_like(values)


def _unit_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return (matrix / np.where(norms > 0, norms, 1)).astype(np.float32)


class DuplicateChecker:
    """Searches probe templates against the station's gallery; keeps the gallery cached."""

    def __init__(self, db: Database, extractor: TemplateExtractor | None = None,
                 settings: DuplicateSettings | None = None, *, cylinders: bool = True, by_person: bool = True) -> None:
        self.db = db
        self.extractor = extractor or TemplateExtractor()
        self.settings = settings or DuplicateSettings()
        self.cylinders = cylinders  # False: the pair histogram alone (the earlier pre-filter, for benchmarks)
        self.by_person = by_person  # False: the earlier per-finger shortlist (the benchmark's "before")
        self._galleries: dict[str, _Gallery] = {}
        self._last_row_id = 0
        self._unreadable: set[int] = set()  # stored rows not in memory (their templates could not be read)
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
            recomputed = 0
            for row in rows:
                gallery = self._galleries.setdefault(row.position, _Gallery())
                held = len(gallery.row_ids)
                fresh = gallery.add(row)
                if fresh is not None:  # stored by an older release: computed once, kept for the next start
                    row.prefilter = fresh
                    recomputed += 1
                if len(gallery.row_ids) == held:
                    self._unreadable.add(row.id)
                self._last_row_id = row.id
            if recomputed:
                log.info("recomputed %d duplicate-search descriptors", recomputed)
            held = sum(len(g.row_ids) for g in self._galleries.values())
            stored = session.scalar(select(func.count(BiometricTemplate.id)).where(
                BiometricTemplate.id <= self._last_row_id, BiometricTemplate.format == ISO_FORMAT))
            if stored != held + len(self._unreadable):  # some were deleted: find which (a full id scan)
                present = set(session.scalars(select(BiometricTemplate.id)).all())
                self._unreadable &= present
                for gallery in self._galleries.values():
                    gone = set(gallery.row_ids) - present
                    if gone:
                        gallery.remove(gone)
                held = sum(len(g.row_ids) for g in self._galleries.values())
            return held

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
            shortlist = self._shortlist(probes, searchable, exclude_enrolment_id)
            uuids: dict[int, str] = {}
            best: DuplicateMatch | None = None
            for position, indices in shortlist.items():
                match = self._score(position, probes[position], self._galleries[position], indices)
                if match is not None and (best is None or match[0] > best.score):
                    score, enrolment_id, operator_id = match
                    if enrolment_id is not None and enrolment_id not in uuids:
                        uuids[enrolment_id] = session.scalar(select(Enrolment.uuid).where(Enrolment.id == enrolment_id))
                    best = DuplicateMatch(score, position, uuids.get(enrolment_id) if enrolment_id else None,
                                          operator_id)
        if best is not None and best.score >= self.settings.threshold:
            return best
        return None

    def shortlist(self, probes: Mapping[str, bytes]) -> dict[str, list[int]]:
        """The stored template row ids Bozorth3 would score for each probe finger (benchmarks and tests)."""
        with self._lock:
            self.refresh()
            with self.db.session() as session:
                searchable = set(session.scalars(
                    select(Enrolment.id).where(Enrolment.status.not_in(_NOT_SEARCHED))).all())
            chosen = self._shortlist(probes, searchable, None)
            return {position: [self._galleries[position].row_ids[i] for i in indices]
                    for position, indices in chosen.items()}

    def _shortlist(self, probes: Mapping[str, bytes], searchable: set[int],
                   exclude_enrolment_id: int | None) -> dict[str, np.ndarray]:
        """Per probe finger, the gallery indices Bozorth3 scores.

        A gallery position no larger than ``candidates`` is taken whole. The
        others are ranked by the pre-filter and chosen per person
        (``shortlist.by_person``), or per finger with ``by_person=False``.
        """
        chosen, ranked = self._ranked(probes, searchable, exclude_enrolment_id)
        if self.by_person:
            return chosen | shortlist.by_person(ranked, self.settings.people, self.settings.candidates)
        return chosen | shortlist.by_finger(ranked, self.settings.candidates)

    def _ranked(self, probes: Mapping[str, bytes], searchable: set[int], exclude_enrolment_id: int | None
                ) -> tuple[dict[str, np.ndarray], dict[str, shortlist.Ranked]]:
        """The positions taken whole (small galleries), and the pre-filter's ranking of every other probed one."""
        whole: dict[str, np.ndarray] = {}
        ranked: dict[str, shortlist.Ranked] = {}
        for position in probes:
            gallery = self._galleries.get(position)
            if gallery is None or not gallery.row_ids:
                continue
            indices = gallery.searchable_rows(searchable, exclude_enrolment_id)
            if not len(indices):
                continue
            if len(indices) <= self.settings.candidates:
                whole[position] = indices
                continue
            try:
                probe = describe(probes[position])
            except ValueError:
                log.warning("probe template for %s is unreadable; not searched", position)
                continue
            ranked[position] = shortlist.Ranked(indices, gallery.owners(indices),
                                                gallery.similarity(indices, probe, cylinders=self.cylinders))
        return whole, ranked

    def people_ranking(self, probes: Mapping[str, bytes]) -> list[int | None]:
        """Saved enrolments' ids nearest first by the fused pre-filter (None for an operator), for benchmarks."""
        with self._lock:
            self.refresh()
            with self.db.session() as session:
                searchable = set(session.scalars(
                    select(Enrolment.id).where(Enrolment.status.not_in(_NOT_SEARCHED))).all())
            _, ranked = self._ranked(probes, searchable, None)
            if not ranked:
                return []
            owners, _ = shortlist.fused_people(ranked)
            return [int(o) // 2 if o % 2 == 0 else None for o in owners]

    def _score(self, position: str, template: bytes, gallery: _Gallery,
               indices: np.ndarray) -> tuple[int, int | None, int | None] | None:
        """Bozorth3's best score over the chosen gallery templates, with whose template it was."""
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
