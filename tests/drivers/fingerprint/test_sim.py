"""The simulated fingerprint scanner: the scanner contract, plus repeatable subjects, slaps and preview."""

from __future__ import annotations

import numpy as np
import pytest

from drivers.fingerprint.base import FingerPosition
from drivers.fingerprint.sim import SimulatedFingerprintScanner
from drivers.fingerprint.synth import synthesize_fingerprint
from tests.drivers.contracts import FingerprintScannerContract


class TestSimulatedFingerprintContract(FingerprintScannerContract):
    backend = "sim"

    @pytest.fixture
    def make_device(self):
        return lambda: SimulatedFingerprintScanner(seed=7)


def test_captures_are_impressions_of_the_subjects_finger() -> None:
    scanner = SimulatedFingerprintScanner(seed=7, subject=3)
    with scanner:
        first = scanner.capture_finger(FingerPosition.RIGHT_INDEX)
        second = scanner.capture_finger(FingerPosition.RIGHT_INDEX)
        scanner.set_subject(4)
        other = scanner.capture_finger(FingerPosition.RIGHT_INDEX)
    assert np.array_equal(first.pixels, synthesize_fingerprint(3, FingerPosition.RIGHT_INDEX, impression=0, rng_seed=7))
    assert np.array_equal(second.pixels, synthesize_fingerprint(3, FingerPosition.RIGHT_INDEX, impression=1, rng_seed=7))
    assert np.array_equal(other.pixels, synthesize_fingerprint(4, FingerPosition.RIGHT_INDEX, impression=0, rng_seed=7))


def test_two_scanners_with_one_seed_give_the_same_images() -> None:
    images = []
    for _ in range(2):
        with SimulatedFingerprintScanner(seed=11, subject=2) as scanner:
            images.append(scanner.capture_finger(FingerPosition.LEFT_THUMB).pixels)
    assert np.array_equal(*images)


def test_slaps_are_supported_and_wide() -> None:
    with SimulatedFingerprintScanner() as scanner:
        assert FingerPosition.PLAIN_RIGHT_FOUR in scanner.supported_positions
        slap = scanner.capture_finger(FingerPosition.PLAIN_THUMBS)
    assert slap.position is FingerPosition.PLAIN_THUMBS
    width, height = slap.size
    assert width > height


def test_slaps_can_be_switched_off() -> None:
    scanner = SimulatedFingerprintScanner(slaps=False)
    assert FingerPosition.PLAIN_LEFT_FOUR not in scanner.supported_positions
    assert not scanner.supports_slaps


def test_a_slap_is_segmented_into_fingers_that_match_their_single_captures() -> None:
    from app.biometrics.templates import TemplateExtractor

    with SimulatedFingerprintScanner(subject=3) as scanner:
        assert scanner.supports_slaps
        slap = scanner.capture_slap(FingerPosition.PLAIN_RIGHT_FOUR, exceptions=[FingerPosition.RIGHT_LITTLE])
        single = scanner.capture_finger(FingerPosition.RIGHT_MIDDLE)
    assert [f.image.position for f in slap.fingers] == [
        FingerPosition.RIGHT_INDEX, FingerPosition.RIGHT_MIDDLE, FingerPosition.RIGHT_RING]
    assert slap.image is not None and slap.image.shape == (700, 1600)
    extractor = TemplateExtractor()
    middle = extractor.extract(slap.finger(FingerPosition.RIGHT_MIDDLE).image.pixels)
    ring = extractor.extract(slap.finger(FingerPosition.RIGHT_RING).image.pixels)
    again = extractor.extract(single.pixels)
    assert middle is not None and again is not None and ring is not None
    probe = extractor.load(again)
    assert extractor.load(middle).compare(probe) >= 40 > extractor.load(ring).compare(probe)  # Bozorth3


def test_preview_shows_the_finger_coming_down() -> None:
    with SimulatedFingerprintScanner() as scanner:
        scanner.start_preview(FingerPosition.RIGHT_INDEX)
        darkness = [255 - scanner.latest_preview(timeout=10).pixels.mean()]
        for _ in range(40):
            darkness.append(255 - scanner.latest_preview(timeout=10).pixels.mean())
            if darkness[-1] > darkness[0] + 20:
                break
    assert darkness[-1] > darkness[0] + 20
