"""The duplicate search of an enrolment, run once and reused while nothing it depends on changed.

The GUI starts the search as soon as the fingers are done (off its thread); the
review and the save then reuse that answer instead of searching again. An answer
is reused only for the same enrolment, the same probe templates and the same
gallery (the saved enrolments and stored templates, stamped by cheap aggregates);
anything else searches again.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import func, select

from app.biometrics.duplicates import DuplicateChecker, DuplicateMatch
from app.domain.enums import EnrolmentStatus
from app.storage.db import Database
from app.storage.models import BiometricTemplate, Enrolment

_NOT_IN_GALLERY = (EnrolmentStatus.DRAFT, EnrolmentStatus.CANCELLED)
_ANSWERS_KEPT = 8


@dataclass(frozen=True)
class _SearchKey:
    enrolment_id: int
    probes: str  # digest of the probe positions and templates
    gallery: tuple[int, ...]


class DuplicateSearches:
    """``search(probes, enrolment_id)`` through a one-answer-per-enrolment memory.

    Thread-safe: a second caller for the same enrolment waits for a search already
    running and takes its answer (the GUI's search thread and its storage thread).
    """

    def __init__(self, db: Database, checker: DuplicateChecker) -> None:
        self.db = db
        self.checker = checker
        self.searches_run = 0  # how many searches really ran (tests, benchmarks)
        self._answers: dict[int, tuple[_SearchKey, DuplicateMatch | None]] = {}
        self._lock = threading.Lock()

    def search(self, probes: Mapping[str, bytes], enrolment_id: int) -> DuplicateMatch | None:
        """The best possible duplicate of the enrolment's probes, or None; reused when nothing changed."""
        if not probes:
            return None
        with self._lock:
            key = _SearchKey(enrolment_id, _digest(probes), self._gallery_stamp())
            known = self._answers.get(enrolment_id)
            if known is not None and known[0] == key:
                return known[1]
            answer = self.checker.search(probes, exclude_enrolment_id=enrolment_id)
            self.searches_run += 1
            self._answers.pop(enrolment_id, None)
            self._answers[enrolment_id] = (key, answer)
            while len(self._answers) > _ANSWERS_KEPT:
                del self._answers[next(iter(self._answers))]  # the oldest: a recording long finished
            return answer

    def _gallery_stamp(self) -> tuple[int, ...]:
        """Changes whenever a template is added or removed or an enrolment enters or leaves the gallery."""
        with self.db.session() as session:
            templates = session.execute(
                select(func.count(BiometricTemplate.id), func.coalesce(func.max(BiometricTemplate.id), 0))).one()
            enrolments = session.execute(
                select(func.count(Enrolment.id), func.coalesce(func.sum(Enrolment.id), 0))
                .where(Enrolment.status.not_in(_NOT_IN_GALLERY))).one()
        return (int(templates[0]), int(templates[1]), int(enrolments[0]), int(enrolments[1]))


def _digest(probes: Mapping[str, bytes]) -> str:
    digest = hashlib.sha256()
    for position in sorted(probes):
        digest.update(position.encode("ascii") + b"\0" + len(probes[position]).to_bytes(4, "big") + probes[position])
    return digest.hexdigest()
