"""The plaintext scanner itself: it finds each kind of trace inside other bytes, and not in ciphertext."""

from __future__ import annotations

import io
import os
from pathlib import Path

import numpy as np
from PIL import Image

from app.records.encoding import encode_wsq
from tests.support.plaintext_scan import scan_for_plaintext


def _pixels(seed: int) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, 255, (64, 64), dtype=np.uint8)


def _png() -> bytes:
    out = io.BytesIO()
    Image.fromarray(_pixels(2)).save(out, format="PNG")
    return out.getvalue()


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.fromarray(_pixels(3)).convert("RGB").save(out, format="JPEG")
    return out.getvalue()


def test_each_trace_is_found_inside_random_bytes(tmp_path: Path) -> None:
    traces = {"wsq.bin": encode_wsq(_pixels(1)), "png.bin": _png(), "jpeg.bin": _jpeg(),
              "fmr.bin": b"FMR\x00 20\x00" + bytes(20), "nik.bin": "3573014507080003".encode("utf-16-le")}
    for name, trace in traces.items():
        (tmp_path / name).write_bytes(os.urandom(1000) + trace + os.urandom(1000))
    found = {(f.path.name, f.what) for f in scan_for_plaintext(tmp_path, ["3573014507080003"])}
    assert ("wsq.bin", "WSQ") in found and ("wsq.bin", "WSQ (NIST comment)") in found
    assert ("png.bin", "PNG") in found and ("fmr.bin", "ISO 19794-2 template (FMR)") in found
    assert any(name == "jpeg.bin" and what.startswith("JPEG") for name, what in found)
    assert ("nik.bin", "text '3573014507080003' (UTF-16)") in found


def test_megabytes_of_ciphertext_match_nothing(tmp_path: Path) -> None:
    for index in range(2):  # a busy station's WAL and packets: no signature matches by chance
        (tmp_path / f"sealed-{index}.bin").write_bytes(b"\x01" + os.urandom(2 * 1024 * 1024))
    assert scan_for_plaintext(tmp_path) == []
