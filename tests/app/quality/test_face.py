"""The face gate on synthetic frames: each spoiled frame fails the check it should."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import threading

import cv2
import numpy as np
import pytest

from app.errors import InputError
from app.quality.face import AutoCapture, assess_face, classify_background, expected_backgrounds, make_token_image
from app.quality.face_token import EYE_DISTANCE, EYE_LINE_Y
from app.quality.settings import FaceSettings, QualitySettings

ODD_YEAR = dt.date(2007, 3, 5)
EVEN_YEAR = dt.date(2008, 3, 5)


def failed(report) -> set[str]:
    return {check.name for check in report.failed_checks}


def test_good_frame_passes_every_check_with_measured_values(portrait) -> None:
    report = assess_face(portrait("red"), birth_date=ODD_YEAR)
    assert report.passed, report.to_dict()
    assert report.score == 100
    names = [check.name for check in report.checks]
    assert names == ["face_count", "centring", "head_size", "roll", "sharpness", "brightness", "exposure",
                     "lighting", "background_uniformity", "background_colour"]
    assert all(check.value is not None for check in report.checks)
    assert all(check.guidance_id == "" for check in report.checks)
    assert report.check("background_colour").value == "red"
    assert report.face_box is not None and report.eye_points is not None
    json.dumps(report.to_dict())


def test_blue_backdrop_for_an_even_birth_year_at_1280x720(portrait) -> None:
    report = assess_face(portrait("blue", size=(1280, 720)), birth_date=EVEN_YEAR)
    assert report.passed, report.to_dict()
    assert report.check("background_colour").value == "blue"


def test_no_face(portrait) -> None:
    frame = np.full((480, 640, 3), (40, 30, 200), dtype=np.uint8)
    report = assess_face(frame)
    assert failed(report) == {"face_count"}
    assert report.check("face_count").value == 0
    assert report.score == 0
    assert "hadapkan wajah" in report.guidance("id")[0]


def test_two_faces(portrait) -> None:
    frame = np.concatenate([portrait(size=(480, 480)), portrait(size=(480, 480), seed=1)], axis=1)
    report = assess_face(frame)
    assert failed(report) == {"face_count"}
    assert report.check("face_count").value == 2
    assert "only the applicant" in report.guidance("en")[0]


def test_face_off_centre(portrait) -> None:
    report = assess_face(portrait(shift=(150, 0)))
    assert failed(report) == {"centring"}
    assert report.check("centring").value > 0.12
    assert report.check("centring").guidance_en == "Move your face to the centre of the frame."


def test_face_too_small_and_too_big(portrait) -> None:
    small = assess_face(portrait(face_height=0.18))
    assert "head_size" in failed(small)
    assert "come closer" in small.check("head_size").guidance_en
    big = assess_face(portrait(face_height=0.82))
    assert "head_size" in failed(big)
    assert "move back" in big.check("head_size").guidance_en


def test_tilted_head(portrait) -> None:
    report = assess_face(portrait(angle=15))
    assert failed(report) == {"roll"}
    assert abs(report.check("roll").value) > 8


def test_blurred(portrait) -> None:
    report = assess_face(cv2.GaussianBlur(portrait(), (0, 0), 2.0))
    assert failed(report) == {"sharpness"}
    assert report.check("sharpness").guidance_id.startswith("Foto buram")


def test_over_exposed(portrait) -> None:
    frame = np.clip(portrait().astype(np.float32) * 2.2, 0, 255).astype(np.uint8)
    report = assess_face(frame)
    assert {"exposure", "brightness"} <= failed(report)
    assert report.check("exposure").value > 0.05
    assert "over-exposed" in report.check("exposure").guidance_en


def test_too_dark(portrait) -> None:
    report = assess_face((portrait() * 0.15).astype(np.uint8))
    assert "brightness" in failed(report)
    assert "too dark" in report.check("brightness").guidance_en


def test_light_from_one_side(portrait) -> None:
    frame = portrait().astype(np.float32)
    frame[:, 320:] *= 0.45
    report = assess_face(frame.astype(np.uint8))
    assert "lighting" in failed(report)
    assert report.check("lighting").value > 0.25


def test_cluttered_backdrop(portrait) -> None:
    frame = portrait()
    frame[:, :64] = np.random.default_rng(0).integers(0, 256, (480, 64, 3), dtype=np.uint8)
    report = assess_face(frame)
    assert "background_uniformity" in failed(report)
    assert report.check("background_uniformity").value > 30


@pytest.mark.parametrize(("backdrop", "birth_date", "citizenship", "passes"), [
    ("red", ODD_YEAR, "WNI", True),
    ("red", EVEN_YEAR, "WNI", False),
    ("blue", EVEN_YEAR, "WNI", True),
    ("blue", ODD_YEAR, "WNI", False),
    ("orange", ODD_YEAR, "WNA", True),
    ("red", ODD_YEAR, "WNA", False),
    ("grey", None, "WNI", False),
    ("blue", None, "WNI", True),
])
def test_backdrop_colour_rule(portrait, backdrop, birth_date, citizenship, passes) -> None:
    report = assess_face(portrait(backdrop), birth_date=birth_date, citizenship=citizenship)
    check = report.check("background_colour")
    assert check.passed is passes
    if not passes:
        assert check.guidance_id.startswith("Latar harus") and check.guidance_en.startswith("The backdrop must be")


def test_expected_backgrounds() -> None:
    assert expected_backgrounds(ODD_YEAR) == ("red",)
    assert expected_backgrounds(EVEN_YEAR) == ("blue",)
    assert expected_backgrounds(None) == ("red", "blue")
    assert expected_backgrounds(EVEN_YEAR, "WNA") == ("orange",)


def test_classify_background_colours() -> None:
    def pixels(bgr):
        return np.tile(np.array(bgr, dtype=np.uint8), (100, 1))

    assert classify_background(pixels((40, 30, 200))) == "red"
    assert classify_background(pixels((200, 90, 30))) == "blue"
    assert classify_background(pixels((30, 130, 240))) == "orange"
    assert classify_background(pixels((240, 240, 240))) == "other"
    assert classify_background(np.empty((0, 3), dtype=np.uint8)) == "other"


def test_settings_are_applied(portrait) -> None:
    strict = QualitySettings(face=FaceSettings(min_sharpness=5000.0))
    assert "sharpness" in failed(assess_face(portrait(), settings=strict))
    assert "sharpness" in failed(assess_face(portrait(), settings=strict.face))


@pytest.mark.parametrize("bad", [None, np.zeros((10, 10, 3), np.uint8), np.zeros((64, 64, 3), np.float32),
                                 np.zeros((64, 64, 2), np.uint8), "photo.jpg"])
def test_bad_input_is_a_clear_error(bad) -> None:
    with pytest.raises(InputError) as caught:
        assess_face(bad)
    assert caught.value.message_id and caught.value.message_en


def test_grey_and_bgra_frames_are_accepted(portrait) -> None:
    frame = portrait()
    assert assess_face(cv2.cvtColor(frame, cv2.COLOR_BGR2BGRA)).check("face_count").passed
    assert assess_face(cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)).check("face_count").passed


def test_token_image_geometry(portrait) -> None:
    frame = portrait("blue", size=(1280, 720), shift=(80, 40))
    report = assess_face(frame)
    token = make_token_image(frame, report)
    assert token.shape == (640, 480, 3) and token.dtype == np.uint8
    # The eyes found again in the token lie on the standard's line and distance.
    again = assess_face(token)
    (lx, ly), (rx, ry) = again.eye_points
    assert abs((ly + ry) / 2 - EYE_LINE_Y * 480) < 0.05 * 480
    assert abs((rx - lx) - EYE_DISTANCE * 480) < 0.05 * 480
    assert abs((lx + rx) / 2 - 240) < 0.05 * 480


def test_token_pads_with_the_edge_colour(portrait) -> None:
    frame = portrait("blue", face_height=0.6, shift=(0, 40))
    report = assess_face(frame)
    token = make_token_image(frame, report)
    (lx, _), (rx, _) = report.eye_points
    assert (rx - lx) * 640 / (EYE_DISTANCE * 480) > frame.shape[0]  # the crop is taller than the frame
    assert classify_background(token[:5, :60].reshape(-1, 3)) == "blue"


def test_token_needs_a_face(portrait) -> None:
    frame = np.full((480, 640, 3), 128, dtype=np.uint8)
    with pytest.raises(InputError):
        make_token_image(frame, assess_face(frame))


def test_token_from_the_face_box_when_the_eyes_were_not_found(portrait) -> None:
    frame = portrait("blue")
    report = assess_face(frame)
    without_eyes = dataclasses.replace(report, eye_points=None)
    token = make_token_image(frame, without_eyes)
    again = assess_face(token)
    (lx, ly), (rx, ry) = again.eye_points
    assert abs((ly + ry) / 2 - EYE_LINE_Y * 480) < 0.08 * 480
    assert abs((rx - lx) - EYE_DISTANCE * 480) < 0.08 * 480


def test_autocapture_needs_consecutive_passing_frames(portrait) -> None:
    good = assess_face(portrait())
    bad = assess_face(cv2.GaussianBlur(portrait(), (0, 0), 2.0))
    auto = AutoCapture(required_consecutive=3)
    assert [auto.feed(r) for r in (good, good, bad, good, good)] == [False] * 5
    assert auto.streak == 2
    assert auto.feed(good) is True
    assert auto.streak == 0
    auto.feed(good)
    auto.reset()
    assert auto.streak == 0
    with pytest.raises(ValueError):
        AutoCapture(0)


def test_frames_checked_on_several_threads(portrait) -> None:
    frame = portrait()
    results: list[bool] = []
    threads = [threading.Thread(target=lambda: results.append(assess_face(frame).passed)) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [True, True, True]


def test_sensor_noise_does_not_pass_for_sharpness(portrait) -> None:
    blurred = cv2.GaussianBlur(portrait(), (0, 0), 2.5).astype(np.float32)
    noise = np.random.default_rng(1).normal(0, 3.0, blurred.shape[:2])[..., None]
    report = assess_face(np.clip(blurred + noise, 0, 255).astype(np.uint8))
    assert "sharpness" in failed(report)
    noisy_sharp = np.clip(portrait().astype(np.float32) + 4 * noise / 3, 0, 255).astype(np.uint8)
    assert assess_face(noisy_sharp).check("sharpness").passed


def test_simulated_camera_frames(portrait) -> None:
    from drivers.camera.scene import render_frame

    assert assess_face(render_frame(0, background="blue"), birth_date=EVEN_YEAR).passed
    assert failed(assess_face(render_frame(3, scenario="two_faces"))) == {"face_count"}
    assert "sharpness" in failed(assess_face(render_frame(0, dirty=True)))
    assert "background_uniformity" in failed(assess_face(render_frame(0, background="scene")))
