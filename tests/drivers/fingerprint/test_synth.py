"""Synthetic fingerprints: repeatable, finger-specific, matchable under Bozorth3, NFIQ 2 follows the knob."""

from __future__ import annotations

import cv2
import nbis
import numpy as np
import pytest

from drivers.fingerprint.base import FingerPosition
from drivers.fingerprint.synth import FINGER_HEIGHT, FINGER_WIDTH, synthesize_fingerprint
from drivers.simulation import quality_level

FINGERS = [(21, FingerPosition.RIGHT_INDEX), (21, FingerPosition.LEFT_THUMB), (22, FingerPosition.RIGHT_INDEX)]


@pytest.fixture(scope="module")
def extractor() -> nbis.NbisExtractor:
    settings = nbis.NbisExtractorSettings(
        min_quality=0.0, get_center=False, check_fingerprint=False, compute_nfiq2=True, ppi=500.0
    )
    return nbis.new_nbis_extractor(settings)


def minutiae(extractor: nbis.NbisExtractor, pixels: np.ndarray) -> nbis.Minutiae:
    ok, png = cv2.imencode(".png", pixels)
    assert ok
    return extractor.extract_minutiae(png.tobytes())


@pytest.fixture(scope="module")
def first_and_second_captures(extractor) -> dict[tuple[int, FingerPosition], tuple[nbis.Minutiae, nbis.Minutiae]]:
    return {
        finger: (
            minutiae(extractor, synthesize_fingerprint(*finger, impression=0)),
            minutiae(extractor, synthesize_fingerprint(*finger, impression=1)),
        )
        for finger in FINGERS
    }


def test_image_is_500ppi_greyscale_with_dark_ridges_on_light() -> None:
    image = synthesize_fingerprint(21, FingerPosition.RIGHT_INDEX)
    assert image.dtype == np.uint8
    assert image.shape == (FINGER_HEIGHT, FINGER_WIDTH)
    centre = image[150:250, 110:210]
    corner = image[:30, :30]
    assert corner.mean() > centre.mean() + 40  # light platen, darker finger
    assert centre.std() > 30  # ridges and valleys, not a flat blob


def test_same_arguments_give_the_same_image_and_a_new_impression_differs() -> None:
    first = synthesize_fingerprint(21, FingerPosition.RIGHT_INDEX, impression=3)
    again = synthesize_fingerprint(21, FingerPosition.RIGHT_INDEX, impression=3)
    other = synthesize_fingerprint(21, FingerPosition.RIGHT_INDEX, impression=4)
    assert np.array_equal(first, again)
    assert not np.array_equal(first, other)


def test_ridge_flow_is_not_smooth_rings(extractor) -> None:
    found = minutiae(extractor, synthesize_fingerprint(21, FingerPosition.RIGHT_INDEX))
    assert 30 <= len(found.get()) <= 200


def test_the_same_finger_captured_twice_matches_itself(first_and_second_captures) -> None:
    for first, second in first_and_second_captures.values():
        assert first.compare(second) >= 100


def test_different_fingers_and_people_do_not_match(first_and_second_captures) -> None:
    for finger, (first, _) in first_and_second_captures.items():
        for other, (_, second) in first_and_second_captures.items():
            if other != finger:
                assert first.compare(second) < 40, (finger, other)


def test_quality_knob_moves_nfiq2(first_and_second_captures, extractor) -> None:
    for first, second in first_and_second_captures.values():
        assert first.quality().score >= 40
        assert second.quality().score >= 40
    for finger in FINGERS:
        poor = minutiae(extractor, synthesize_fingerprint(*finger, quality="poor"))
        assert poor.quality().score <= 20


@pytest.mark.parametrize(
    ("slap", "count"),
    [(FingerPosition.PLAIN_RIGHT_FOUR, 4), (FingerPosition.PLAIN_LEFT_FOUR, 4), (FingerPosition.PLAIN_THUMBS, 2)],
)
def test_slaps_put_the_fingers_side_by_side(slap: FingerPosition, count: int) -> None:
    image = synthesize_fingerprint(21, slap)
    assert image.dtype == np.uint8
    assert image.shape[1] >= count * FINGER_WIDTH
    dark_per_column = np.convolve((image < 150).sum(axis=0), np.ones(41) / 41, mode="same")
    columns_with_finger = dark_per_column > 20
    # Count separate runs of finger columns: one per finger.
    runs = np.count_nonzero(np.diff(columns_with_finger.astype(np.int8)) == 1) + int(columns_with_finger[0])
    assert runs == count


def test_quality_accepts_names_and_numbers_and_rejects_nonsense() -> None:
    assert quality_level("good") == 1.0
    assert quality_level(0.5) == 0.5
    with pytest.raises(ValueError):
        quality_level("excellent")
    with pytest.raises(ValueError):
        quality_level(1.5)
    with pytest.raises(ValueError):
        synthesize_fingerprint(1, FingerPosition.UNKNOWN)
