"""Local duplicate check ("uji ketunggalan" on the station) with Bozorth3.

Before an enrolment is saved its finger templates are searched against every
saved enrolment on this station and against the operators' own prints. The
gallery is loaded once into memory and topped up with rows added since. A
pre-filter ranks every stored template of each probed finger's position; its
similarity fuses two descriptors, each standardised over the gallery: the pair
histogram (centred on the gallery's mean) and the bag of Minutia Cylinder-Code
words (``app.biometrics.mcc``, weighted by how rare each word is in the
gallery), both kept ready per position (``app.biometrics.prefilter``). The
fingers' similarities are then fused per person (``app.biometrics.shortlist``) and Bozorth3 scores only the ``people`` nearest
people's templates of the probed positions (more people when fewer fingers
were probed, never more than ``candidates`` templates of one position; with
three fingers or fewer each finger's own nearest as well); the
first score at or above ``threshold`` is the duplicate (the comparisons stop
there: whether the person is a duplicate is then decided, and a mate's
comparisons are the costly ones, so the match carries that score, not
necessarily the highest). A gallery position no
larger than ``candidates`` is searched exhaustively. Descriptors stored by an
older release are recomputed from the templates on first load and written back.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy import bindparam, func, select, update
from sqlalchemy.orm import Session

from app.biometrics import shortlist
from app.biometrics.prefilter import PositionIndex, StoredTemplate
from app.biometrics.templates import (
    ISO_FORMAT,
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


class DuplicateChecker:
    """Searches probe templates against the station's gallery; keeps the gallery cached."""

    def __init__(self, db: Database, extractor: TemplateExtractor | None = None,
                 settings: DuplicateSettings | None = None, *, cylinders: bool = True, by_person: bool = True) -> None:
        self.db = db
        self.extractor = extractor or TemplateExtractor()
        self.settings = settings or DuplicateSettings()
        self.cylinders = cylinders  # False: the pair histogram alone (the earlier pre-filter, for benchmarks)
        self.by_person = by_person  # False: the earlier per-finger shortlist (the benchmark's "before")
        self._galleries: dict[str, PositionIndex] = {}
        self._last_row_id = 0
        self._rows_seen = 0  # template rows loaded (held or not) and not since deleted
        self._not_held: set[int] = set()  # stored rows not in memory (another format, or unreadable)
        self._lock = threading.RLock()  # the GUI's storage thread and a CLI may share one checker

    # gallery ---------------------------------------------------------------
    def refresh(self) -> int:
        """Load templates added since the last call (all of them the first time); returns the gallery size.

        One cheap query (how many template rows there are and the newest id, from
        indexes only) tells whether anything changed; rows are read as plain
        columns, not ORM objects, and deletions are looked for only when the count
        says some rows went.
        """
        with self._lock, self.db.session() as session:
            stored, newest = session.execute(
                select(func.count(), func.max(BiometricTemplate.id)).select_from(BiometricTemplate)).one()
            if newest is not None and newest > self._last_row_id:
                self._load(session, newest)
            if stored != self._rows_seen:  # some were deleted: find which (a full id scan)
                self._forget_deleted(session)
            return self._held()

    def _held(self) -> int:
        return sum(len(g) for g in self._galleries.values())

    def _load(self, session: Session, newest: int) -> None:
        """Templates with ids after the last loaded one, up to ``newest``; stale descriptors recomputed and written back."""
        rows = session.execute(
            select(BiometricTemplate.id, BiometricTemplate.position, BiometricTemplate.format,
                   BiometricTemplate.enrolment_id, BiometricTemplate.operator_id, BiometricTemplate.data,
                   BiometricTemplate.prefilter)
            .where(BiometricTemplate.id > self._last_row_id, BiometricTemplate.id <= newest)
            .order_by(BiometricTemplate.id)).all()
        added: dict[str, list[StoredTemplate]] = {}
        recomputed: list[dict[str, Any]] = []
        for row_id, position, template_format, enrolment_id, operator_id, data, stored in rows:
            self._rows_seen += 1
            self._last_row_id = row_id
            if template_format != ISO_FORMAT:
                self._not_held.add(row_id)
                continue
            descriptor = stored_descriptor(stored)
            if descriptor is None:  # stored by an older release: computed once, kept for the next start
                try:
                    descriptor = describe(data)
                except ValueError:
                    log.warning("template %s is unreadable; skipped", row_id)
                    self._not_held.add(row_id)
                    continue
                recomputed.append({"row_id": row_id, "prefilter": encode_descriptor(descriptor)})
            added.setdefault(position, []).append(
                StoredTemplate(row_id, enrolment_id, operator_id, bytes(data), descriptor))
        for position, templates in added.items():
            self._galleries.setdefault(position, PositionIndex()).add(templates)
        if recomputed:
            table = BiometricTemplate.__table__
            session.execute(update(table).where(table.c.id == bindparam("row_id"))
                            .values(prefilter=bindparam("prefilter")), recomputed)
            log.info("recomputed %d duplicate-search descriptors", len(recomputed))

    def _forget_deleted(self, session: Session) -> None:
        present = set(session.scalars(select(BiometricTemplate.id).where(BiometricTemplate.id <= self._last_row_id)))
        self._not_held &= present
        for gallery in self._galleries.values():
            gone = set(gallery.row_ids) - present
            if gone:
                gallery.remove(gone)
        self._rows_seen = self._held() + len(self._not_held)
        self._last_row_id = max(present, default=0)  # SQLite hands a deleted newest row's id out again

    # search ----------------------------------------------------------------
    def search(self, probes: Mapping[str, bytes], *, exclude_enrolment_id: int | None = None) -> DuplicateMatch | None:
        """A match at or above the threshold for any probe finger, or None.

        Bozorth3 scores the shortlist in the pre-filter's order and stops at the
        first score at or above the threshold (that decides the search).
        ``probes`` maps finger slugs to ISO templates. Only saved enrolments
        (not drafts or cancelled ones) and operators' prints are compared.
        """
        with self._lock:
            return self._search(probes, exclude_enrolment_id)

    def _search(self, probes: Mapping[str, bytes], exclude_enrolment_id: int | None) -> DuplicateMatch | None:
        self.refresh()
        with self.db.session() as session:
            searchable = _searchable_owners(session, exclude_enrolment_id)
            shortlist = self._shortlist(probes, searchable)
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
                    break  # the decision is made: a mate's comparisons are the costly ones (Bozorth3 grows with the score)
        if best is not None and best.score >= self.settings.threshold:
            return best
        return None

    def shortlist(self, probes: Mapping[str, bytes]) -> dict[str, list[int]]:
        """The stored template row ids Bozorth3 would score for each probe finger (benchmarks and tests)."""
        with self._lock:
            self.refresh()
            with self.db.session() as session:
                searchable = _searchable_owners(session, None)
            chosen = self._shortlist(probes, searchable)
            return {position: [self._galleries[position].row_ids[i] for i in indices]
                    for position, indices in chosen.items()}

    def _shortlist(self, probes: Mapping[str, bytes], searchable: np.ndarray) -> dict[str, np.ndarray]:
        """Per probe finger, the gallery indices Bozorth3 scores.

        A gallery position no larger than ``candidates`` is taken whole. The
        others are ranked by the pre-filter and chosen per person
        (``shortlist.by_person``), or per finger with ``by_person=False``.
        """
        chosen, ranked = self._ranked(probes, searchable)
        if self.by_person:
            return chosen | shortlist.by_person(ranked, self.settings.people, self.settings.candidates)
        return chosen | shortlist.by_finger(ranked, self.settings.candidates)

    def _ranked(self, probes: Mapping[str, bytes], searchable: np.ndarray) -> tuple[dict[str, np.ndarray], dict[str, shortlist.Ranked]]:
        """The positions taken whole (small galleries), and the pre-filter's ranking of every other probed one."""
        whole: dict[str, np.ndarray] = {}
        ranked: dict[str, shortlist.Ranked] = {}
        for position in probes:
            gallery = self._galleries.get(position)
            if gallery is None or not len(gallery):
                continue
            owners = gallery.owners()
            indices = np.flatnonzero(searchable[np.minimum(owners, len(searchable) - 1)] | (owners % 2 == 1))
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
            ranked[position] = shortlist.Ranked(indices, owners[indices],
                                                gallery.similarity(probe, indices, cylinders=self.cylinders))
        return whole, ranked

    def people_ranking(self, probes: Mapping[str, bytes]) -> list[int | None]:
        """Saved enrolments' ids nearest first by the fused pre-filter (None for an operator), for benchmarks."""
        with self._lock:
            self.refresh()
            with self.db.session() as session:
                searchable = _searchable_owners(session, None)
            _, ranked = self._ranked(probes, searchable)
            if not ranked:
                return []
            owners, _ = shortlist.fused_people(ranked)
            return [int(o) // 2 if o % 2 == 0 else None for o in owners]

    def _score(self, position: str, template: bytes, gallery: PositionIndex,
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
            if score >= self.settings.threshold:
                break  # at or above the threshold decides the search; a higher score would not change it
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


def _searchable_owners(session: Session, exclude_enrolment_id: int | None) -> np.ndarray:
    """Per owner code (``prefilter.owner_code``), whether its templates are searched.

    Saved enrolments other than the excluded one are; operators' prints (odd
    codes) are added by the caller; codes past the end (enrolments saved since) are not.
    """
    ids = np.fromiter(session.scalars(select(Enrolment.id).where(Enrolment.status.not_in(_NOT_SEARCHED))),
                      dtype=np.int64)
    searched = np.zeros(2 * int(ids.max(initial=0)) + 2, dtype=bool)
    searched[2 * ids] = True
    if exclude_enrolment_id is not None and 2 * exclude_enrolment_id < len(searched):
        searched[2 * exclude_enrolment_id] = False
    return searched


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
