"""Packet encoders keep biometric value within the stated tolerances (synthetic samples, behaviour not timings)."""

from __future__ import annotations

import cv2
import pytest

from app.quality.face import assess_face
from app.quality.face_token import make_token_image
from app.quality.iris import assess_iris
from app.quality.samples import compose_portrait, synthetic_eye
from app.records import encoding
from app.records.inspect import RecordError


@pytest.mark.parametrize("backdrop", ["red", "blue"])
def test_the_face_token_at_the_chosen_jpeg_quality_still_passes_the_gate(backdrop: str) -> None:
    frame = compose_portrait(backdrop, (1280, 720), seed=3)
    token = make_token_image(frame, assess_face(frame))
    original = assess_face(token)
    assert original.check("face_count").passed and original.eye_points is not None
    stored = cv2.imencode(".jpg", token, [cv2.IMWRITE_JPEG_QUALITY, 92])[1].tobytes()  # what the station keeps
    packed = encoding.encode_face_jpeg(stored)
    assert len(packed) < len(stored)
    decoded = assess_face(encoding.decode_image(packed, "RGB"))
    # Every check of the gate comes out the same on the decoded token (the token's thin border fails the
    # backdrop checks either way), the eyes are still found, and the score stays within the tolerance.
    assert [(c.name, c.passed) for c in decoded.checks] == [(c.name, c.passed) for c in original.checks]
    assert decoded.eye_points is not None
    assert original.score - decoded.score <= encoding.FACE_SCORE_TOLERANCE


def test_a_face_photo_already_smaller_than_the_setting_would_make_it_is_kept() -> None:
    token = make_token_image(frame := compose_portrait("red", (1280, 720), seed=4), assess_face(frame))
    small = cv2.imencode(".jpg", token, [cv2.IMWRITE_JPEG_QUALITY, 40])[1].tobytes()
    assert encoding.encode_face_jpeg(small) == small


def test_the_iris_at_the_chosen_jpeg2000_rate_keeps_its_score() -> None:
    eye = synthetic_eye(seed=12)
    original = assess_iris(eye)
    assert original.passed
    png = cv2.imencode(".png", eye)[1].tobytes()
    packed = encoding.encode_iris(png)
    assert len(packed) < len(encoding.encode_iris(png, 10))  # smaller than the old setting
    decoded = assess_iris(encoding.decode_image(packed, "L"))
    assert decoded.passed
    assert original.score - decoded.score <= encoding.IRIS_SCORE_TOLERANCE


def test_a_corrupted_stored_image_is_a_record_error() -> None:
    with pytest.raises(RecordError):
        encoding.encode_iris(b"\x89PNG broken")
    with pytest.raises(RecordError):
        encoding.encode_face_jpeg(b"\xff\xd8 broken")
