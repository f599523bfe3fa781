"""Minutia Cylinder-Code words: invariant to placement, different for different fingers, similar for re-captures."""

from __future__ import annotations

import numpy as np

from app.biometrics import mcc
from app.biometrics.templates import TemplateExtractor, parse_iso_minutiae
from drivers.fingerprint.base import FingerPosition
from drivers.fingerprint.synth import synthesize_fingerprint


def _turned(minutiae: np.ndarray, angle: float, shift: float) -> np.ndarray:
    rotation = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    out = minutiae.copy()
    out[:, :2] = minutiae[:, :2] @ rotation.T + shift
    out[:, 2] = np.mod(minutiae[:, 2] + angle, 2 * np.pi)
    return out.astype(np.float32)


def _cosine(a: np.ndarray, b: np.ndarray) -> float:
    a, b = np.sqrt(a.astype(np.float32)), np.sqrt(b.astype(np.float32))
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


def test_cylinders_do_not_change_when_the_finger_is_turned_and_moved() -> None:
    rng = np.random.default_rng(5)
    minutiae = np.column_stack([rng.uniform(20, 300, 50), rng.uniform(20, 380, 50),
                                rng.uniform(0, 2 * np.pi, 50)]).astype(np.float32)
    assert (mcc.cylinders(minutiae) == mcc.cylinders(_turned(minutiae, 0.7, 35.0))).mean() > 0.99
    bag = mcc.bag(minutiae)
    assert bag.shape == (mcc.WORDS,) and bag.dtype == np.uint8 and bag.sum() > 0


def test_too_few_minutiae_give_an_empty_bag() -> None:
    assert mcc.cylinders(np.zeros((2, 3), np.float32)).shape[0] == 0
    assert mcc.bag(np.zeros((0, 3), np.float32)).sum() == 0


def test_a_recaptured_finger_is_nearer_to_itself_than_to_other_fingers() -> None:
    extractor = TemplateExtractor()

    def bag(subject: int, impression: int) -> np.ndarray:
        template = extractor.extract(synthesize_fingerprint(subject, FingerPosition.RIGHT_INDEX, impression=impression))
        return mcc.bag(parse_iso_minutiae(template))

    enrolled = {subject: bag(subject, 0) for subject in (61, 62, 63, 64)}
    probe = bag(61, 1)
    mate = _cosine(probe, enrolled[61])
    assert all(mate > _cosine(probe, enrolled[other]) for other in (62, 63, 64))
