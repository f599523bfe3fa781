"""Fuzzing ``station inspect FILE``: a damaged .an2 file gives a summary or a bilingual error (exit 2), never a traceback."""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
from pathlib import Path

import cv2
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.records.nist import FaceImage, FingerRecord, IrisRecord, SignatureVectors, TransactionHeader, build_transaction
from drivers.fingerprint.base import FingerPosition
from drivers.fingerprint.synth import synthesize_fingerprint
from drivers.iris.base import Eye
from tests.fuzz.strategies import damaged_bytes
from tests.support.cli import station_cli
from tests.support.fuzz import fuzz_settings, tally

pytestmark = pytest.mark.fuzz

_names = itertools.count()
SEPARATORS = [b"\x1c", b"\x1d", b"\x1e", b"\x1f", b":", b".", b"\n"]


@functools.cache
def _transaction() -> bytes:
    header = TransactionHeader("0d6c1c8e-7f65-4a4b-9d3e-1f4e8e0a2b10", "3573", "3573-01", "SIAK",
                               dt.datetime(2026, 11, 23, 3, 4, 5, tzinfo=dt.UTC))
    finger = FingerRecord(FingerPosition.RIGHT_INDEX, synthesize_fingerprint(3, FingerPosition.RIGHT_INDEX)[:200, :160],
                          55)
    face = FaceImage(cv2.imencode(".jpg", np.full((64, 48, 3), 128, np.uint8))[1].tobytes(), 48, 64, 80)
    iris = IrisRecord(Eye.LEFT, cv2.imencode(".png", np.zeros((48, 64), np.uint8))[1].tobytes(), 64, 48, 60)
    pen = [{"x": 100 + 20 * i, "y": 1500, "pressure": 512, "tip": i != 5} for i in range(10)]
    return build_transaction(header, {"nik": "3573014503080001", "name": "SITI CONTOH", "birth_date": "20080305"},
                             [finger], face, [iris], SignatureVectors(pen, 4000, 3000, 1023, 120.0, 75.0))


@st.composite
def an2_files(draw: st.DrawFn) -> bytes:
    data = _transaction()
    kind = draw(st.sampled_from(["bytes", "separators", "lengths", "truncate", "random", "valid"]))
    if kind == "bytes":
        return draw(damaged_bytes(data))
    if kind == "separators":
        damaged = bytearray(data)
        for _ in range(draw(st.integers(1, 5))):
            at = draw(st.integers(0, len(damaged) - 1))
            damaged[at:at + draw(st.integers(0, 1))] = draw(st.sampled_from(SEPARATORS))
        return bytes(damaged)
    if kind == "lengths":  # a record's or field's stated length (the digits after "N.001:") changed
        matches = list(re.finditer(rb"\d+\.0*01:(\d+)", data))
        match = draw(st.sampled_from(matches))
        digits = str(draw(st.one_of(st.integers(0, 10**7), st.just(0), st.integers(-5, 5)))).encode()
        return data[: match.start(1)] + digits + data[match.end(1):]
    if kind == "truncate":
        return data[: draw(st.integers(0, len(data)))]
    if kind == "random":
        return b"1.001:" + draw(st.binary(max_size=300))
    return data


@fuzz_settings(quick=100, long=2000)
@given(data=an2_files(), as_json=st.booleans())
def test_station_inspect(station_home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], data: bytes,
                         as_json: bool) -> None:
    count = tally("station inspect .an2")
    path = tmp_path / f"fuzz-{next(_names)}.an2"
    path.write_bytes(data)
    try:
        count.tried += 1
        code = station_cli("inspect", str(path), *(["--json"] if as_json else []))
    except BaseException as exc:  # an exception out of main() is exactly what must not happen
        count.fail(f"{type(exc).__name__} escaped main(): {exc}")
    finally:
        path.unlink()
    out, err = capsys.readouterr()
    if "Traceback" in out + err or code not in (0, 1, 2):
        count.fail(f"exit {code}: {(out + err)[-300:]}")
    if code == 2:
        if not err.strip() and not (as_json and '"ok": false' in out):
            count.fail(f"exit 2 without a message: {out[-200:]}")
        count.refused += 1
    else:
        count.accepted += 1
