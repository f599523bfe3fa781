"""The duplicate pre-filter's in-memory index of one finger position.

Every stored template of the position is held with its two descriptors as
arrays kept ready for the next search: the pair histograms centred on the
gallery's mean and unit length (one row per template), and the Minutia
Cylinder-Code word counts word by word (one row per word, so a probe's words
select whole rows), with each template's weighted bag length. A search is then
two matrix products over the whole position (``similarity``), not a rebuild.

The gallery's statistics (mean pair histogram, word rarity) are recomputed
when templates are removed or the position has grown by more than a
``REFRESH_GROWTH`` share since they were computed; templates added in between
are prepared with the statistics in force (a save adds ten templates; their
effect on a mean over thousands is far below the pre-filter's noise).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from app.biometrics import mcc
from app.biometrics.templates import DESCRIPTOR_SIZE, Descriptor

REFRESH_GROWTH = 1 / 32  # statistics recomputed once the position grew by this share since they were
_SQRT = np.sqrt(np.arange(256, dtype=np.float32))  # word count -> weight (damps words repeated in one finger)
_COLUMNS_AT_ONCE = 8192  # MCC similarities are computed this many stored templates at a time (bounded memory)


@dataclass(frozen=True)
class StoredTemplate:
    """One stored template of a position, with whose it is and its pre-filter descriptor."""

    row_id: int
    enrolment_id: int | None
    operator_id: int | None
    template: bytes
    descriptor: Descriptor


def owner_code(enrolment_id: int | None, operator_id: int | None) -> int:
    """One integer naming whose template it is: 2·enrolment id, or 2·operator id + 1."""
    return 2 * enrolment_id if enrolment_id is not None else 2 * (operator_id or 0) + 1


class PositionIndex:
    """The templates of one finger position and the pre-filter's arrays over them."""

    def __init__(self) -> None:
        self.row_ids: list[int] = []
        self.enrolment_ids: list[int | None] = []
        self.operator_ids: list[int | None] = []
        self.templates: list[bytes] = []
        self._pairs = np.zeros((0, DESCRIPTOR_SIZE), np.float32)  # as stored (unit length, not centred)
        self._bags = np.zeros((mcc.WORDS, 0), np.uint8)  # word counts, one column per template
        self._owners = np.zeros(0, np.int64)
        self._unit_pairs = np.zeros((0, DESCRIPTOR_SIZE), np.float32)  # centred, unit length
        self._bag_norms = np.zeros(0, np.float32)  # length of each template's bag once weighted
        self._centre = np.zeros(DESCRIPTOR_SIZE, np.float32)
        self._idf = np.zeros(mcc.WORDS, np.float32)  # how rare each word is in this position's gallery
        self._prepared = 0  # templates whose derived rows are ready
        self._statistics_of = 0  # how many templates the statistics were computed over (0: none yet)

    def __len__(self) -> int:
        return len(self.row_ids)

    def add(self, rows: list[StoredTemplate]) -> None:
        """Keep more stored templates (their arrays are prepared at the next search)."""
        if not rows:
            return
        start, end = len(self), len(self) + len(rows)
        self._reserve(end)
        for i, row in enumerate(rows, start):
            self._pairs[i] = row.descriptor.pairs
            self._bags[:, i] = row.descriptor.cylinders
            self._owners[i] = owner_code(row.enrolment_id, row.operator_id)
            self.row_ids.append(row.row_id)
            self.enrolment_ids.append(row.enrolment_id)
            self.operator_ids.append(row.operator_id)
            self.templates.append(row.template)

    def remove(self, row_ids: set[int]) -> None:
        """Forget deleted templates; the statistics are recomputed at the next search."""
        keep = [i for i, row_id in enumerate(self.row_ids) if row_id not in row_ids]
        for name in ("row_ids", "enrolment_ids", "operator_ids", "templates"):
            values = getattr(self, name)
            setattr(self, name, [values[i] for i in keep])
        self._pairs = self._pairs[keep]
        self._bags = np.ascontiguousarray(self._bags[:, keep])
        self._owners = self._owners[keep]
        self._unit_pairs = np.zeros_like(self._pairs)
        self._bag_norms = np.zeros(len(keep), np.float32)
        self._prepared = self._statistics_of = 0

    def owners(self) -> np.ndarray:
        """Per template (in index order), whose it is (``owner_code``)."""
        return self._owners[:len(self)]

    def similarity(self, probe: Descriptor, indices: np.ndarray, *, cylinders: bool = True) -> np.ndarray:
        """The fused similarity of the probe to the given templates: pair-histogram cosine plus MCC cosine.

        Each cosine is standardised over the given templates. ``cylinders=False``
        ranks by the pair histogram alone (the earlier pre-filter, for benchmarks).
        """
        self._prepare()
        size = len(self)
        centred = probe.pairs - self._centre
        length = float(np.linalg.norm(centred))
        pairs = (self._unit_pairs[:size] @ (centred / length if length > 0 else centred))[indices]
        if not cylinders:
            return pairs
        words = np.flatnonzero(probe.cylinders)
        weighted = _SQRT[probe.cylinders[words]] * self._idf[words]
        norm = float(np.linalg.norm(weighted))
        weights = weighted * self._idf[words]
        bags = self._bags[words]  # the probe's words only: the others add nothing
        mcc_cosine = np.empty(size, np.float32)
        for start in range(0, size, _COLUMNS_AT_ONCE):
            end = min(start + _COLUMNS_AT_ONCE, size)
            mcc_cosine[start:end] = weights @ _SQRT[bags[:, start:end]]
        mcc_cosine /= np.maximum(self._bag_norms[:size] * norm, 1e-9)
        return _standardised(pairs) + _standardised(mcc_cosine[indices])

    def _reserve(self, size: int) -> None:
        capacity = len(self._owners)
        if size <= capacity:
            return
        capacity = max(size, 2 * capacity, 64)
        self._pairs = _grown(self._pairs, capacity, axis=0)
        self._bags = _grown(self._bags, capacity, axis=1)
        self._owners = _grown(self._owners, capacity, axis=0)
        self._unit_pairs = _grown(self._unit_pairs, capacity, axis=0)
        self._bag_norms = _grown(self._bag_norms, capacity, axis=0)

    def _prepare(self) -> None:
        """Bring the derived arrays up to date: all of them when the statistics are due, else the new rows only."""
        size = len(self)
        if self._prepared == size:
            return
        if not self._statistics_of or size > self._statistics_of * (1 + REFRESH_GROWTH):
            pairs, bags = self._pairs[:size], self._bags[:, :size]
            self._centre = pairs.mean(axis=0)
            present = np.count_nonzero(bags, axis=1)
            self._idf = np.log((size + 1) / (present + 1)).astype(np.float32)
            self._statistics_of, self._prepared = size, 0
        start = self._prepared
        self._unit_pairs[start:size] = _unit_rows(self._pairs[start:size] - self._centre)
        for first in range(start, size, _COLUMNS_AT_ONCE):
            last = min(first + _COLUMNS_AT_ONCE, size)
            weighted = _SQRT[self._bags[:, first:last]] * self._idf[:, None]
            self._bag_norms[first:last] = np.linalg.norm(weighted, axis=0)
        self._prepared = size


def _grown(array: np.ndarray, capacity: int, *, axis: int) -> np.ndarray:
    shape = list(array.shape)
    shape[axis] = capacity
    grown = np.zeros(shape, array.dtype)
    index = [slice(None)] * array.ndim
    index[axis] = slice(0, array.shape[axis])
    grown[tuple(index)] = array
    return grown


def _standardised(values: np.ndarray) -> np.ndarray:
    spread = float(values.std())
    return (values - values.mean()) / spread if spread > 0 else np.zeros_like(values)


def _unit_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return (matrix / np.where(norms > 0, norms, 1)).astype(np.float32)
