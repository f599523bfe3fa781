"""Which stored templates Bozorth3 scores, from the pre-filter's similarities of every probe finger.

Two ways, both over the same per-finger similarities (``Ranked``: for one probe
finger, the eligible gallery rows, whose template each row is, and its
similarity to the probe):

- ``by_person`` (the station's): the people are ranked by their fingers'
  similarities fused at score level, and Bozorth3 scores only the nearest
  people's templates of the probed positions. Each finger's similarities are
  standardised over the gallery, and a person's are combined by Stouffer's
  rule (their sum over the square root of how many of that person's fingers
  were ranked), so a person with two stored fingers (an operator) competes
  fairly with one holding ten, and a true mate whose one finger ranks poorly
  is pulled up by the others. With ten fingers probed ``people`` persons are
  verified; with fewer fingers (exceptions, amputations) proportionally more,
  so a search costs about ``people`` × 10 comparisons, and never more than
  ``limit`` templates of one position. With three fingers or fewer there is too
  little to fuse: the per-finger shortlist below is used.
- ``by_finger`` (the earlier search, kept for the benchmark's side-by-side
  run): each finger's own ``limit`` nearest templates plus every template of
  the ``limit`` people nearest over all probe fingers summed; up to
  2 × ``limit`` comparisons per finger.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

FULL_HAND = 10  # fingers a ``people`` budget is counted for
FEW_FINGERS = 3  # this many probed fingers or fewer: too little to fuse, each finger keeps its own nearest too


@dataclass(frozen=True)
class Ranked:
    """One probe finger's pre-filter result over the eligible rows of its position's gallery."""

    indices: np.ndarray  # gallery rows (int)
    owners: np.ndarray  # whose template each row is (int64: 2·enrolment id, or 2·operator id + 1)
    similarity: np.ndarray  # higher is nearer


def people_to_verify(people: int, fingers: int, limit: int) -> int:
    """How many people Bozorth3 verifies when ``fingers`` probe fingers were ranked."""
    return max(1, min(limit, math.ceil(people * FULL_HAND / max(fingers, 1))))


def fused_people(ranked: dict[str, Ranked]) -> tuple[np.ndarray, np.ndarray]:
    """Every owner of a ranked row and their fused score, nearest first."""
    owners = np.concatenate([r.owners for r in ranked.values()])
    scores = np.concatenate([_standardised(r.similarity) for r in ranked.values()])
    unique, inverse = np.unique(owners, return_inverse=True)
    total = np.bincount(inverse, weights=scores, minlength=len(unique))
    fingers = np.bincount(inverse, minlength=len(unique))
    fused = total / np.sqrt(fingers)
    order = np.argsort(-fused, kind="stable")
    return unique[order], fused[order]


def by_person(ranked: dict[str, Ranked], people: int, limit: int) -> dict[str, np.ndarray]:
    """Per probe finger, the rows of the nearest people (fused over all ranked fingers)."""
    if not ranked:
        return {}
    if len(ranked) <= FEW_FINGERS:  # measured at 5,000: two fingers, 20 people found 38/50 "fair" mates
        return by_finger(ranked, limit)
    nearest, _ = fused_people(ranked)
    nearest = nearest[:people_to_verify(people, len(ranked), limit)]
    return {position: r.indices[np.isin(r.owners, nearest)] for position, r in ranked.items()}


def by_finger(ranked: dict[str, Ranked], limit: int) -> dict[str, np.ndarray]:
    """Per probe finger, its own ``limit`` nearest rows plus every row of the ``limit`` nearest people."""
    if not ranked:
        return {}
    owners = np.concatenate([r.owners for r in ranked.values()])
    unique, inverse = np.unique(owners, return_inverse=True)
    summed = np.bincount(inverse, weights=np.concatenate([r.similarity for r in ranked.values()]))
    nearest_people = unique[np.argsort(-summed, kind="stable")[:limit]]
    chosen = {}
    for position, r in ranked.items():
        keep = np.zeros(len(r.indices), dtype=bool)
        keep[np.argpartition(-r.similarity, limit - 1)[:limit]] = True
        keep |= np.isin(r.owners, nearest_people)
        chosen[position] = r.indices[keep]
    return chosen


def _standardised(values: np.ndarray) -> np.ndarray:
    spread = float(values.std())
    return (values - values.mean()) / spread if spread > 0 else np.zeros_like(values, dtype=np.float64)
