"""The ANSI/NIST-ITL builder: every record reads back with its positions, sizes and qualities."""

from __future__ import annotations

import datetime as dt

import cv2
import numpy as np
import pytest

from app.domain.enums import CaptureException
from app.records.inspect import MalformedTransactionError
from app.records.nist import (
    FaceImage,
    FingerRecord,
    IrisRecord,
    SignatureVectors,
    TransactionHeader,
    build_transaction,
    inspect_transaction,
    signature_vectors,
)
from drivers.fingerprint.base import FingerPosition
from drivers.fingerprint.synth import synthesize_fingerprint
from drivers.iris.base import Eye

TCN = "0d6c1c8e-7f65-4a4b-9d3e-1f4e8e0a2b10"
HEADER = TransactionHeader(TCN, "3573", "3573-01", "SIAK", dt.datetime(2026, 11, 23, 3, 4, 5, tzinfo=dt.UTC))


def _png(pixels: np.ndarray) -> bytes:
    return cv2.imencode(".png", pixels)[1].tobytes()


@pytest.fixture(scope="module")
def transaction() -> bytes:
    fingers = [FingerRecord(p, synthesize_fingerprint(3, p), 40 + int(p)) for p in
               (FingerPosition.RIGHT_THUMB, FingerPosition.RIGHT_INDEX, FingerPosition.LEFT_INDEX)]
    fingers.append(FingerRecord(FingerPosition.LEFT_LITTLE, None, exception=CaptureException.AMPUTATED))
    fingers.append(FingerRecord(FingerPosition.RIGHT_RING, synthesize_fingerprint(3, FingerPosition.RIGHT_RING), 21,
                                forced=True, attempts=4))
    face = np.full((480, 360, 3), 128, np.uint8)
    iris = np.random.default_rng(1).integers(0, 255, (480, 640), dtype=np.uint8)
    pen = [{"x": 100 + 20 * i, "y": 1500, "pressure": 512, "tip": i != 10} for i in range(30)]
    return build_transaction(
        HEADER, {"nik": "3573014503080001", "name": "SITI CONTOH\x1dX", "birth_date": "20080305"}, fingers,
        FaceImage(cv2.imencode(".jpg", face)[1].tobytes(), 360, 480, 81),
        [IrisRecord(Eye.LEFT, _png(iris), 640, 480, 66)],
        SignatureVectors(pen, 4000, 3000, 1023, 120.0, 75.0),
    )


def test_header_and_counts(transaction: bytes) -> None:
    summary = inspect_transaction(transaction)
    assert (summary["version"], summary["tcn"], summary["originating_agency"]) == ("0500", TCN, "3573")
    assert summary["date"] == "20261123"
    assert summary["counts"] == {"1": 1, "2": 1, "14": 5, "10": 1, "17": 1, "8": 1}


def test_fingers_read_back_with_positions_qualities_and_exceptions(transaction: bytes) -> None:
    fingers = {r["position"]: r for r in inspect_transaction(transaction)["records"] if r["type"] == 14}
    assert sorted(fingers) == [1, 2, 4, 7, 10]
    assert fingers[2]["quality"] == 42 and fingers[7]["quality"] == 47
    assert (fingers[2]["width"], fingers[2]["height"], fingers[2]["compression"]) == (320, 400, "WSQ20")
    assert all(r["image_ok"] for r in fingers.values())
    assert fingers[10]["amputation"] == "XX" and fingers[10]["quality"] is None
    assert fingers[4]["comment"] == "FORCED AFTER 4 ATTEMPTS"
    assert fingers[2]["bytes"] < 320 * 400 / 5  # WSQ compresses


def test_demographics_face_iris_and_signature(transaction: bytes) -> None:
    records = {r["type"]: r for r in inspect_transaction(transaction)["records"]}
    assert records[2]["fields"]["nik"] == "3573014503080001"
    assert records[2]["fields"]["name"] == "SITI CONTOH X"  # separators never reach the file
    assert (records[10]["width"], records[10]["height"], records[10]["quality"]) == (360, 480, 81)
    assert (records[17]["eye"], records[17]["quality"], records[17]["image_ok"]) == (2, 66, True)
    assert records[8]["representation"] == 2 and records[8]["vectors"] == 31 and records[8]["vectors_ok"]


def test_signature_vectors_use_thousandths_of_an_inch_from_bottom_left() -> None:
    vectors = signature_vectors(SignatureVectors([{"x": 4000, "y": 3000, "pressure": 1023, "tip": True},
                                                  {"x": 0, "y": 0, "pressure": 0, "tip": False}],
                                                 4000, 3000, 1023, 101.6, 76.2))
    assert vectors == bytes([0x0F, 0xA0, 0, 0, 254, 0, 0, 0x0B, 0xB8, 0, 0, 0, 0, 0, 255])


@pytest.mark.parametrize("damage", ["truncate", "extra", "garbage", "empty"])
def test_damaged_files_are_refused_clearly(transaction: bytes, damage: str) -> None:
    data = {"truncate": transaction[:-100], "extra": transaction + b"xyz", "garbage": b"1.001:zz\x1d",
            "empty": b""}[damage]
    with pytest.raises(MalformedTransactionError):
        inspect_transaction(data)


def test_damaged_wsq_image_is_reported_not_raised(transaction: bytes) -> None:
    data = bytearray(transaction)
    start = data.find(b"\xff\xa0")  # first WSQ image
    for offset in range(200, 1200, 37):
        data[start + offset] ^= 0x5A
    fingers = [r for r in inspect_transaction(bytes(data))["records"] if r["type"] == 14]
    assert fingers[0]["image_ok"] is False


def test_an_image_the_wsq_decoder_trips_over_is_reported_not_raised(transaction: bytes) -> None:
    """Found by ``make fuzz``: the wsq plugin raises UnboundLocalError on this damage (was a traceback)."""
    data = bytearray(transaction)
    data[data.find(b"\xff\xa0") + 4] ^= 0xFF
    fingers = [r for r in inspect_transaction(bytes(data))["records"] if r["type"] == 14]
    assert fingers[0]["image_ok"] is False
