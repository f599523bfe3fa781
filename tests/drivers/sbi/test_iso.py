"""Pictures out of ISO/IEC 19794 records as SBI devices send them: WSQ, JPEG, PNG; corrupted records refused."""

from __future__ import annotations

import io

import cv2
import numpy as np
import pytest
import wsq  # noqa: F401  (registers the WSQ codec with Pillow)
from PIL import Image

from drivers.errors import DeviceProtocolError
from drivers.sbi.iso import decode_image, find_image
from tests.drivers.emulators.r30x import synthetic_print


def record(format_id: bytes, image_bytes: bytes) -> bytes:
    return format_id + b"020\x00" + bytes(20) + image_bytes


def test_wsq_finger_record() -> None:
    pixels = synthetic_print()
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, "WSQ")
    decoded = decode_image(record(b"FIR\x00", buffer.getvalue()), "Finger", colour=False)
    assert decoded.shape == pixels.shape
    assert np.abs(decoded.astype(int) - pixels.astype(int)).mean() < 12  # lossy, but the same print


def test_jpeg_face_record_in_colour() -> None:
    face = np.full((640, 480, 3), (40, 40, 200), np.uint8)
    ok, jpeg = cv2.imencode(".jpg", face)
    assert ok
    kind, _data = find_image(record(b"FAC\x00", jpeg.tobytes()), "Face")
    assert kind == "jpeg"
    assert decode_image(record(b"FAC\x00", jpeg.tobytes()), "Face", colour=True).shape == (640, 480, 3)


def test_wrong_modality_and_garbage_are_refused() -> None:
    ok, png = cv2.imencode(".png", synthetic_print())
    with pytest.raises(DeviceProtocolError, match="not Iris data"):
        decode_image(record(b"FIR\x00", png.tobytes()), "Iris", colour=False)
    with pytest.raises(DeviceProtocolError, match="no image"):
        decode_image(record(b"IIR\x00", b"\x01\x02\x03" * 50), "Iris", colour=False)
    with pytest.raises(DeviceProtocolError, match="cannot be decoded"):
        decode_image(record(b"IIR\x00", b"\x89PNG\r\n\x1a\n" + bytes(40)), "Iris", colour=False)
