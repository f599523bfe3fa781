"""The iris gate on synthetic near-infrared eyes."""

from __future__ import annotations

import json

import cv2
import numpy as np
import pytest

from app.errors import InputError
from app.quality.iris import assess_iris, find_iris
from app.quality.settings import IrisSettings, QualitySettings
from drivers.iris.base import Eye, IrisImage


def failed(report) -> set[str]:
    return {check.name for check in report.failed_checks}


def test_open_sharp_eye_passes(eye) -> None:
    report = assess_iris(eye())
    assert report.passed, report.to_dict()
    assert report.modality.value == "iris"
    assert 50 <= report.score <= 100
    assert [c.name for c in report.checks] == ["iris_found", "iris_size", "visible_iris", "sharpness", "exposure",
                                               "score"]
    json.dumps(report.to_dict())


def test_geometry_is_found(eye) -> None:
    geometry = find_iris(eye(iris_radius=120, pupil_radius=45, centre=(300, 250)))
    assert geometry is not None
    assert abs(geometry.centre[0] - 300) < 3 and abs(geometry.centre[1] - 250) < 3
    assert abs(geometry.pupil_radius - 45) < 5
    assert abs(geometry.iris_radius - 120) < 8


def test_eyelids_covering_the_iris(eye) -> None:
    report = assess_iris(eye(eyelid_gap=0.4))
    assert "visible_iris" in failed(report)
    assert report.check("visible_iris").value < 0.7
    assert "open the eyes wider" in report.check("visible_iris").guidance_en


def test_iris_partly_outside_the_image_is_not_fully_visible(eye) -> None:
    assert assess_iris(eye(centre=(60, 240))).check("visible_iris").value < 0.85


def test_blurred_iris(eye) -> None:
    report = assess_iris(cv2.GaussianBlur(eye(), (0, 0), 3.0))
    assert failed(report) == {"sharpness"}
    assert report.check("sharpness").guidance_id.startswith("Gambar iris buram")


def test_small_iris(eye) -> None:
    report = assess_iris(eye(iris_radius=50, pupil_radius=18))
    assert "iris_size" in failed(report)
    assert report.check("iris_size").value < 80


def test_over_exposed_iris(eye) -> None:
    report = assess_iris(np.clip(eye().astype(np.float32) * 2.5, 0, 255).astype(np.uint8))
    assert "exposure" in failed(report)


@pytest.mark.parametrize("pixels", [np.full((480, 640), 128, np.uint8),
                                    np.random.default_rng(0).integers(0, 256, (480, 640), dtype=np.uint8)])
def test_no_eye(pixels) -> None:
    report = assess_iris(pixels)
    assert failed(report) == {"iris_found"} and report.score == 0
    assert report.guidance("en") == ("No iris found: open the eyes wide and look at the dot in the scanner.",)


def test_settings_and_iris_image_accepted(eye) -> None:
    image = IrisImage(eye(), Eye.LEFT)
    strict = QualitySettings(iris=IrisSettings(min_score=100.0, min_sharpness=10_000.0))
    report = assess_iris(image, strict)
    assert {"sharpness", "score"} <= failed(report)
    assert assess_iris(image, IrisSettings()).passed


@pytest.mark.parametrize("bad", [None, np.zeros((480, 640), np.float64), np.zeros((20, 20), np.uint8), "eye.png",
                                 np.zeros((100, 100, 2), np.uint8)])
def test_bad_input(bad) -> None:
    with pytest.raises(InputError):
        assess_iris(bad)


def test_simulated_scanner_eyes() -> None:
    from drivers.iris.synth import synthesize_eye

    assert assess_iris(synthesize_eye(4, Eye.RIGHT.value, quality=1.0)).passed
    poor = assess_iris(synthesize_eye(4, Eye.RIGHT.value, quality=0.2))
    assert not poor.passed and poor.failed_checks


def test_noise_is_not_sharpness(eye) -> None:
    blurred = cv2.GaussianBlur(eye(), (0, 0), 3.0).astype(np.float32)
    noisy = np.clip(blurred + np.random.default_rng(0).normal(0, 4.0, blurred.shape), 0, 255).astype(np.uint8)
    assert "sharpness" in failed(assess_iris(noisy))
