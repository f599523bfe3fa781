"""The simulated iris scanner: the iris contract, plus per-eye identity and the quality knob."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from drivers.iris.base import Eye
from drivers.iris.sim import SimulatedIrisScanner
from tests.drivers.contracts import IrisScannerContract


class TestSimulatedIrisContract(IrisScannerContract):
    backend = "sim"

    @pytest.fixture
    def make_device(self):
        return lambda: SimulatedIrisScanner(seed=3)


def sharpness(pixels: np.ndarray) -> float:
    small = cv2.resize(pixels, (160, 120), interpolation=cv2.INTER_AREA)
    return float(cv2.Laplacian(small, cv2.CV_64F).var())  # downscaled: edges, not sensor noise


def test_images_are_640x480_with_a_dark_pupil_in_the_middle() -> None:
    with SimulatedIrisScanner() as scanner:
        image = scanner.capture_eye(Eye.LEFT)
    assert image.size == (640, 480)
    centre = image.pixels[200:280, 280:360]
    assert centre.min() < 40  # pupil
    assert image.pixels.max() > 200  # specular highlight


def test_each_eye_and_person_differs_and_repeats_per_seed() -> None:
    def capture(seed: int, subject: int, eye: Eye) -> np.ndarray:
        with SimulatedIrisScanner(seed=seed, subject=subject) as scanner:
            return scanner.capture_eye(eye).pixels

    assert np.array_equal(capture(3, 1, Eye.LEFT), capture(3, 1, Eye.LEFT))
    assert not np.array_equal(capture(3, 1, Eye.LEFT), capture(3, 1, Eye.RIGHT))
    assert not np.array_equal(capture(3, 1, Eye.LEFT), capture(3, 2, Eye.LEFT))


def test_poor_quality_and_dirty_window_blur_the_image() -> None:
    with SimulatedIrisScanner(quality="good") as scanner:
        good = scanner.capture_eye(Eye.RIGHT).pixels
        scanner.inject_fault("dirty_sensor")
        dirty = scanner.capture_eye(Eye.RIGHT).pixels
    with SimulatedIrisScanner(quality="poor") as scanner:
        poor = scanner.capture_eye(Eye.RIGHT).pixels
    assert sharpness(poor) < sharpness(good) / 2
    assert sharpness(dirty) < sharpness(good) / 2
