"""Slap segmentation on synthetic slaps whose finger boxes and tilts are known."""

from __future__ import annotations

import numpy as np
import pytest

from drivers.fingerprint.base import SLAP_LAYOUT, FingerPosition
from drivers.fingerprint.segmentation import SlapSegmentationError, segment_slap
from drivers.fingerprint.synth import synthesize_fingerprint, synthesize_slap

P = FingerPosition


def overlap(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> float:
    """Intersection over union of two boxes (x0, y0, x1, y1)."""
    width = max(0, min(a[2], b[2]) - max(a[0], b[0]))
    height = max(0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = width * height
    return inter / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter)


@pytest.mark.parametrize("slap", list(SLAP_LAYOUT))
@pytest.mark.parametrize("quality", ["good", "fair", "poor"])
def test_each_finger_is_found_where_it_lies_with_its_position(slap: FingerPosition, quality: str) -> None:
    truth = synthesize_slap(4, slap, quality=quality)
    capture = segment_slap(truth.image, slap, SLAP_LAYOUT[slap])
    assert [f.image.position for f in capture.fingers] == list(SLAP_LAYOUT[slap])
    for finger in capture.fingers:
        assert overlap(finger.box, truth.boxes[finger.image.position]) > 0.8
        height, width = finger.image.pixels.shape
        assert 200 <= width <= 420 and 200 <= height <= 480 and finger.image.ppi == 500


def test_tilted_fingers_are_turned_upright() -> None:
    for subject in (1, 2, 3):
        truth = synthesize_slap(subject, P.PLAIN_RIGHT_FOUR, quality="good")
        capture = segment_slap(truth.image, P.PLAIN_RIGHT_FOUR, SLAP_LAYOUT[P.PLAIN_RIGHT_FOUR])
        for finger in capture.fingers:
            assert abs(finger.angle_degrees - truth.tilts[finger.image.position]) < 8.0


def test_a_missing_finger_leaves_the_others_their_positions() -> None:
    expected = (P.LEFT_LITTLE, P.LEFT_MIDDLE, P.LEFT_INDEX)
    truth = synthesize_slap(6, P.PLAIN_LEFT_FOUR, missing=frozenset({P.LEFT_RING}))
    capture = segment_slap(truth.image, P.PLAIN_LEFT_FOUR, expected)
    assert [f.image.position for f in capture.fingers] == list(expected)
    for finger in capture.fingers:
        assert overlap(finger.box, truth.boxes[finger.image.position]) > 0.8


def test_touching_fingers_are_split_at_the_valley_between_them() -> None:
    canvas = np.full((600, 900), 228, np.uint8)
    for x0, position in ((100, P.LEFT_THUMB), (385, P.RIGHT_THUMB)):  # 35 px overlap: one blob
        region = canvas[100:500, x0:x0 + 320]
        np.minimum(region, synthesize_fingerprint(5, position), out=region)
    capture = segment_slap(canvas, P.PLAIN_THUMBS, SLAP_LAYOUT[P.PLAIN_THUMBS])
    left, right = (f.box for f in capture.fingers)
    assert left[0] < 160 and 360 < left[2] < 430
    assert 360 < right[0] < 430 and right[2] > 640


def test_an_empty_platen_is_refused_with_what_to_do() -> None:
    with pytest.raises(SlapSegmentationError) as raised:
        segment_slap(np.full((700, 1600), 228, np.uint8), P.PLAIN_RIGHT_FOUR, SLAP_LAYOUT[P.PLAIN_RIGHT_FOUR])
    assert "0 dari 4" in raised.value.message_id and raised.value.action_en


def test_three_fingers_for_four_expected_are_refused() -> None:
    truth = synthesize_slap(7, P.PLAIN_RIGHT_FOUR, missing=frozenset({P.RIGHT_RING}))
    with pytest.raises(SlapSegmentationError):
        segment_slap(truth.image, P.PLAIN_RIGHT_FOUR, SLAP_LAYOUT[P.PLAIN_RIGHT_FOUR])
