"""The builder's read-back checks each image's header and structure instead of decoding it again."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from app.records import layout, nist
from app.records.image_headers import header_size
from app.records.inspect import RecordError
from app.records.nist import FingerRecord, build_transaction, encode_iris, encode_wsq
from drivers.fingerprint.base import FingerPosition
from drivers.fingerprint.synth import synthesize_fingerprint
from tests.app.records.test_nist import HEADER


@pytest.fixture(scope="module")
def streams() -> dict[str, bytes]:
    grey = np.random.default_rng(3).integers(0, 255, (480, 640), dtype=np.uint8)
    return {
        layout.WSQ: encode_wsq(synthesize_fingerprint(2, FingerPosition.LEFT_INDEX)),
        layout.JPEG: cv2.imencode(".jpg", np.full((640, 480, 3), 120, np.uint8))[1].tobytes(),
        layout.JPEG2000: encode_iris(cv2.imencode(".png", grey)[1].tobytes()),
    }


@pytest.mark.parametrize(("compression", "size"), [(layout.WSQ, (320, 400)), (layout.JPEG, (480, 640)),
                                                   (layout.JPEG2000, (640, 480))])
def test_sizes_come_from_complete_streams_only(streams: dict[str, bytes], compression: str,
                                               size: tuple[int, int]) -> None:
    data = streams[compression]
    assert header_size(data, compression) == size
    assert header_size(data[: len(data) // 2], compression) is None  # cut short: no end marker
    assert header_size(data[:-1], compression) is None
    assert header_size(b"", compression) is None
    assert header_size(b"\x00" * 64, compression) is None


def test_a_wsq_segment_with_a_wrong_length_is_refused(streams: dict[str, bytes]) -> None:
    data = bytearray(streams[layout.WSQ])
    data[4:6] = (0xFF, 0xFF)  # the first table's length now runs past the end
    assert header_size(bytes(data), layout.WSQ) is None


def test_a_broken_encoder_output_stops_the_build(monkeypatch: pytest.MonkeyPatch) -> None:
    good = encode_wsq
    monkeypatch.setattr(nist, "encode_wsq", lambda pixels: good(pixels)[:-40])
    finger = FingerRecord(FingerPosition.RIGHT_INDEX, synthesize_fingerprint(2, FingerPosition.RIGHT_INDEX), 50)
    with pytest.raises(RecordError) as raised:
        build_transaction(HEADER, {"nik": "3573014503080001"}, [finger])
    assert "Type-14" in raised.value.message_en


def test_station_inspect_still_decodes_every_image(streams: dict[str, bytes]) -> None:
    finger = FingerRecord(FingerPosition.RIGHT_INDEX, synthesize_fingerprint(2, FingerPosition.RIGHT_INDEX), 50)
    data = build_transaction(HEADER, {"nik": "3573014503080001"}, [finger])
    decoded = nist.inspect_transaction(data)
    headers_only = nist.inspect_transaction(data, decode_images=False)
    assert [r["image_ok"] for r in decoded["records"] if r["type"] == 14] == [True]
    assert decoded == headers_only
