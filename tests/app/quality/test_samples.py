"""The synthetic sample images are deterministic and shaped as the gates expect."""

from __future__ import annotations

import numpy as np

from app.quality.samples import compose_portrait, synthetic_eye


def test_portrait_is_deterministic_and_sized() -> None:
    frame = compose_portrait("blue", size=(1280, 720), seed=4)
    assert frame.shape == (720, 1280, 3) and frame.dtype == np.uint8
    assert np.array_equal(frame, compose_portrait("blue", size=(1280, 720), seed=4))


def test_eye_is_deterministic_and_sized() -> None:
    eye = synthetic_eye(seed=2)
    assert eye.shape == (480, 640) and eye.dtype == np.uint8
    assert np.array_equal(eye, synthetic_eye(seed=2))
