"""The fingerprint gate on synthetic prints (drivers.fingerprint.synth) and the capture policy."""

from __future__ import annotations

import json

import cv2
import numpy as np
import pytest

from app.errors import InputError
from app.quality.finger import FingerCapturePolicy, assess_finger
from app.quality.settings import QualitySettings
from drivers.fingerprint.base import FingerImage, FingerPosition
from drivers.fingerprint.synth import synthesize_fingerprint


@pytest.fixture(scope="module")
def good_print() -> np.ndarray:
    return synthesize_fingerprint(11, FingerPosition.RIGHT_INDEX, quality="good")


@pytest.fixture(scope="module")
def poor_print() -> np.ndarray:
    return synthesize_fingerprint(11, FingerPosition.RIGHT_INDEX, quality="poor")


def test_good_print_passes_with_nfiq2_score(good_print) -> None:
    report = assess_finger(good_print, FingerPosition.RIGHT_INDEX)
    assert report.passed, report.to_dict()
    assert report.modality.value == "finger"
    assert 40 <= report.score <= 100
    assert report.check("nfiq2").value == report.score
    assert [c.name for c in report.checks] == ["image_size", "nfiq2", "contrast", "foreground", "minutiae"]
    assert report.check("minutiae").value >= 12
    json.dumps(report.to_dict())


def test_poor_print_fails_nfiq2_with_guidance(good_print, poor_print) -> None:
    good = assess_finger(good_print, "right_index")
    poor = assess_finger(poor_print, "right_index")
    assert poor.score < good.score
    assert not poor.passed
    assert "nfiq2" in {c.name for c in poor.failed_checks}
    assert "kaca pemindai" in poor.check("nfiq2").guidance_id
    assert "scanner glass" in poor.check("nfiq2").guidance_en


def test_threshold_follows_the_position(poor_print) -> None:
    lenient = QualitySettings.from_mapping({"finger": {"right_index": 0, "left_index": 100}})
    assert assess_finger(poor_print, "right_index", lenient).check("nfiq2").passed
    assert not assess_finger(poor_print, "left_index", lenient).check("nfiq2").passed
    assert assess_finger(poor_print, "left_index", lenient).check("nfiq2").threshold == 100


@pytest.mark.parametrize("pixels", [np.full((400, 320), 255, np.uint8), np.zeros((400, 320), np.uint8)])
def test_empty_glass_scores_zero_without_crashing(pixels) -> None:
    report = assess_finger(pixels, 2)
    assert not report.passed and report.score == 0
    assert "place the finger" in report.check("nfiq2").guidance_en


def test_too_small_image_fails_its_size_check(good_print) -> None:
    report = assess_finger(good_print[:150, :150].copy(), 2)
    assert not report.check("image_size").passed
    assert report.check("image_size").value == "150x150"


def test_other_resolutions_are_resampled_to_500_ppi(good_print) -> None:
    at_1000 = cv2.resize(good_print, None, fx=2, fy=2, interpolation=cv2.INTER_CUBIC)
    report = assess_finger(FingerImage(at_1000, FingerPosition.RIGHT_INDEX, ppi=1000), FingerPosition.RIGHT_INDEX)
    assert report.check("image_size").value == "320x400"
    assert report.score > 0


@pytest.mark.parametrize("bad", [None, "print.png", np.zeros((300, 300), np.float32), np.zeros((0, 0), np.uint8),
                                 np.zeros((300, 300, 2), np.uint8)])
def test_bad_pixels_raise_input_error(bad) -> None:
    with pytest.raises(InputError) as caught:
        assess_finger(bad, 2)
    assert caught.value.message_id and caught.value.message_en


def test_unknown_position_is_an_input_error(good_print) -> None:
    with pytest.raises(InputError):
        assess_finger(good_print, "right_pinkie")


def test_capture_policy_defaults() -> None:
    policy = FingerCapturePolicy(QualitySettings())
    assert policy.threshold(FingerPosition.RIGHT_THUMB) == 40
    assert policy.threshold("left_little") == 30
    assert policy.passes(FingerPosition.RIGHT_THUMB, 40)
    assert not policy.passes(FingerPosition.RIGHT_THUMB, 39)
    assert not policy.passes(FingerPosition.RIGHT_THUMB, None)
    assert [policy.may_force(n) for n in range(5)] == [False, False, False, True, True]
    assert policy.attempts_left(1) == 2 and policy.attempts_left(7) == 0
    assert policy.is_card_finger(FingerPosition.RIGHT_INDEX)
    assert policy.is_card_finger("left_index")
    assert not policy.is_card_finger(FingerPosition.RIGHT_THUMB)


def test_capture_policy_from_configuration() -> None:
    settings = QualitySettings.from_mapping({"max_attempts": 1, "card_fingers": ["right_thumb", "right_index"],
                                             "finger": {"right_thumb": 55}})
    policy = FingerCapturePolicy(settings)
    assert policy.may_force(1)
    assert policy.is_card_finger(1) and policy.is_card_finger(2) and not policy.is_card_finger(7)
    assert policy.threshold(1) == 55


def test_a_print_is_kept_only_when_every_check_passed_and_the_score_reaches_the_threshold() -> None:
    from app.domain.enums import Modality
    from app.quality.report import QualityCheck, QualityReport

    policy = FingerCapturePolicy(QualitySettings())
    good = QualityCheck("nfiq2", True, 45, 30)
    bad = QualityCheck("minutiae", False, 3, 12)

    def report(score: float | None, *checks: QualityCheck) -> QualityReport:
        return QualityReport.from_checks(Modality.FINGER, list(checks), score=score)

    thumb = FingerPosition.RIGHT_THUMB  # threshold 40
    assert policy.accepts(thumb, report(45, good))
    assert not policy.accepts(thumb, report(39, good))  # checks passed, score below the thumb's threshold
    assert not policy.accepts(thumb, report(45, good, bad))  # score high enough, a check failed
    assert not policy.accepts(thumb, report(None, good))
