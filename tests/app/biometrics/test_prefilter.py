"""The pre-filter's per-position index: arrays kept ready across searches, the same ranking as built afresh."""

from __future__ import annotations

import numpy as np

from app.biometrics import mcc
from app.biometrics.prefilter import REFRESH_GROWTH, PositionIndex, StoredTemplate
from app.biometrics.templates import DESCRIPTOR_SIZE, Descriptor


def _templates(count: int, seed: int, first_id: int = 1) -> list[StoredTemplate]:
    rng = np.random.default_rng(seed)
    out = []
    for k in range(count):
        pairs = rng.random(DESCRIPTOR_SIZE, dtype=np.float32)
        bag = (rng.random(mcc.WORDS) < 0.25) * rng.integers(1, 5, mcc.WORDS)
        out.append(StoredTemplate(first_id + k, first_id + k, None, b"",
                                  Descriptor(pairs / np.linalg.norm(pairs), bag.astype(np.uint8))))
    return out


def _built(templates: list[StoredTemplate]) -> PositionIndex:
    index = PositionIndex()
    index.add(templates)
    return index


def _probe() -> Descriptor:
    return _templates(1, seed=99)[0].descriptor


def test_a_second_search_gives_the_same_similarities_without_rebuilding() -> None:
    index = _built(_templates(300, seed=1))
    rows = np.arange(len(index))
    first = index.similarity(_probe(), rows)
    assert np.array_equal(index.similarity(_probe(), rows), first)


def test_a_few_templates_added_keep_the_statistics_and_many_renew_them() -> None:
    gallery = _templates(400, seed=2)
    index = _built(gallery[:320])
    index.similarity(_probe(), np.arange(320))
    few = int(320 * REFRESH_GROWTH)
    index.add(gallery[320:320 + few])
    rows = np.arange(320 + few)
    kept = index.similarity(_probe(), rows)
    fresh = _built(gallery[:320 + few]).similarity(_probe(), rows)
    assert np.corrcoef(kept, fresh)[0, 1] > 0.99  # the same ranking in all but ties, statistics not renewed
    index.add(gallery[320 + few:])
    rows = np.arange(400)
    assert np.allclose(index.similarity(_probe(), rows), _built(gallery).similarity(_probe(), rows), atol=1e-5)


def test_removed_templates_are_forgotten_and_the_rest_ranked_as_if_never_there() -> None:
    gallery = _templates(200, seed=3)
    index = _built(gallery)
    index.similarity(_probe(), np.arange(200))
    index.remove({t.row_id for t in gallery[50:120]})
    kept = gallery[:50] + gallery[120:]
    assert index.row_ids == [t.row_id for t in kept]
    assert list(index.owners()) == [2 * t.row_id for t in kept]
    rows = np.arange(len(kept))
    assert np.allclose(index.similarity(_probe(), rows), _built(kept).similarity(_probe(), rows), atol=1e-5)


def test_the_pair_histogram_alone_ranks_by_the_centred_cosine() -> None:
    gallery = _templates(100, seed=4)
    pairs = np.vstack([t.descriptor.pairs for t in gallery])
    centred = pairs - pairs.mean(axis=0)
    probe = _probe().pairs - pairs.mean(axis=0)
    expected = centred @ probe / (np.linalg.norm(centred, axis=1) * np.linalg.norm(probe))
    assert np.allclose(_built(gallery).similarity(_probe(), np.arange(100), cylinders=False), expected, atol=1e-5)
