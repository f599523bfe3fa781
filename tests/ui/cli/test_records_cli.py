"""``station inspect`` and ``station export nist`` from the command line."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from app.records.nist import FingerRecord, TransactionHeader, build_transaction
from drivers.fingerprint.base import FingerPosition
from drivers.fingerprint.synth import synthesize_fingerprint
from tests.support.cli import station_cli

TCN = "5b0c3f7e-2d7a-4e8e-9a51-7f6f0f4c9a01"


@pytest.fixture
def record_file(tmp_path: Path) -> Path:
    header = TransactionHeader(TCN, "3573", "3573-01", "SIAK", dt.datetime(2026, 11, 23, tzinfo=dt.UTC))
    finger = FingerRecord(FingerPosition.RIGHT_INDEX, synthesize_fingerprint(9, FingerPosition.RIGHT_INDEX), 58)
    path = tmp_path / "record.an2"
    path.write_bytes(build_transaction(header, {"nik": "3573014503080001"}, [finger]))
    return path


def test_inspect_prints_records_positions_sizes_and_quality(record_file: Path, capsys: pytest.CaptureFixture) -> None:
    assert station_cli(*["inspect", str(record_file)]) == 0
    out = capsys.readouterr().out
    assert TCN in out and "right_index" in out and "320x400 WSQ20" in out and "NFIQ2 58" in out


def test_inspect_json(record_file: Path, capsys: pytest.CaptureFixture) -> None:
    assert station_cli(*["inspect", str(record_file), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    finger = next(r for r in summary["records"] if r["type"] == 14)
    assert (finger["position"], finger["quality"], finger["width"]) == (2, 58, 320)


def test_inspect_malformed_file_exits_2_without_traceback(tmp_path: Path, record_file: Path,
                                                          capsys: pytest.CaptureFixture) -> None:
    broken = tmp_path / "broken.an2"
    broken.write_bytes(record_file.read_bytes()[:500])
    assert station_cli(*["inspect", str(broken)]) == 2
    err = capsys.readouterr().err
    assert "ANSI/NIST-ITL" in err and "Traceback" not in err
    assert station_cli(*["inspect", str(tmp_path / "missing.an2")]) == 2


def test_export_unknown_enrolment_is_a_clear_error(station_home: Path, capsys: pytest.CaptureFixture,
                                                   tmp_path: Path) -> None:
    assert station_cli(*["export", "nist", "00000000-0000-0000-0000-000000000000", "--out", str(tmp_path / "x.an2")]) == 2
    assert "tidak ditemukan" in capsys.readouterr().err


def test_inspect_exits_1_when_an_image_is_damaged(record_file: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture) -> None:
    data = bytearray(record_file.read_bytes())
    start = data.find(b"\xff\xa0")
    for offset in range(200, 1200, 37):
        data[start + offset] ^= 0x5A
    damaged = tmp_path / "damaged.an2"
    damaged.write_bytes(bytes(data))
    assert station_cli(*["inspect", str(damaged)]) == 1
    assert "IMAGE BAD" in capsys.readouterr().out
