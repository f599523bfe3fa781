"""The frozen smoke test's own checks can fail: blank screenshots, leaking environments; its XLSX is a real workbook."""

from __future__ import annotations

import importlib.util
import struct
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from app.bootstrap import Station
from app.services.roster import import_roster

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def smoke() -> Iterator[ModuleType]:
    spec = importlib.util.spec_from_file_location("smoke_frozen", ROOT / "scripts" / "smoke_frozen.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["smoke_frozen"] = module  # dataclasses look their module up there
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        sys.modules.pop("smoke_frozen", None)


def _png(path: Path, width: int, height: int, pixel, filter_type: int = 0) -> Path:
    rows = b"".join(bytes([filter_type]) + b"".join(bytes(pixel(x, y)) for x in range(width)) for y in range(height))

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))
    return path


def test_a_blank_screenshot_fails(smoke: ModuleType, tmp_path: Path) -> None:
    blank = _png(tmp_path / "blank.png", 1000, 700, lambda x, y: (255, 255, 255))
    with pytest.raises(smoke.SmokeFailure, match="colours"):
        smoke.check_screenshot(blank)


def test_a_tiny_screenshot_fails(smoke: ModuleType, tmp_path: Path) -> None:
    tiny = _png(tmp_path / "tiny.png", 64, 64, lambda x, y: (x * 4, y * 4, 0))
    with pytest.raises(smoke.SmokeFailure, match="smaller than a station window"):
        smoke.check_screenshot(tiny)


def test_a_real_qt_screenshot_passes(smoke: ModuleType, qtbot, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QPushButton, QWidget

    widget = QWidget()
    form = QFormLayout(widget)
    form.addRow(QLabel("Masuk petugas"))
    form.addRow("Nama pengguna", QLineEdit())
    form.addRow(QPushButton("Masuk"))
    widget.resize(1024, 700)
    qtbot.addWidget(widget)
    path = tmp_path / "real.png"
    assert widget.grab().save(str(path))
    assert "1024x700" in smoke.check_screenshot(path)


def test_every_png_row_filter_decodes(smoke: ModuleType, tmp_path: Path) -> None:
    for filter_type in range(5):  # raw bytes read back through each filter's inverse
        path = _png(tmp_path / f"f{filter_type}.png", 3, 2, lambda x, y: (x, y, 7), filter_type)
        width, height, rows = smoke.png_pixels(path)
        assert (width, height, len(rows)) == (3, 2, 2)
    width, height, rows = smoke.png_pixels(_png(tmp_path / "f0.png", 3, 2, lambda x, y: (x, y, 7), 0))
    assert rows[1] == bytes([0, 1, 7, 1, 1, 7, 2, 1, 7])


def test_the_environment_refuses_a_leaking_python(smoke: ModuleType, tmp_path: Path) -> None:
    env = smoke.clean_env(tmp_path)
    assert env["PATH"] == "/usr/bin:/bin" and not any(key.startswith("PYTHON") for key in env)
    with pytest.raises(smoke.SmokeFailure, match="leaks"):
        smoke.clean_env(tmp_path, PYTHONPATH="/somewhere")
    with pytest.raises(smoke.SmokeFailure, match="leaks"):
        smoke.clean_env(tmp_path, PATH="/work/.venv/bin:/usr/bin")


def test_the_login_arguments_are_added_in_one_place(smoke: ModuleType, tmp_path: Path, monkeypatch) -> None:
    calls = []
    laptop = smoke.Laptop(tmp_path, tmp_path, tmp_path / "home")
    monkeypatch.setattr(laptop, "run", lambda *args, **kwargs: calls.append((args, kwargs)))
    monkeypatch.setattr(smoke, "LOGIN_ARGS", ("--operator", "{username}", "--password-stdin"))
    laptop.data("status", "--json")
    args, kwargs = calls[0]
    assert args == ("status", "--json", "--operator", smoke.SUPERVISOR[0], "--password-stdin")
    assert kwargs["stdin"].startswith(smoke.SUPERVISOR[2] + "\n")


def test_the_generated_rosters_import(smoke: ModuleType, station: Station, tmp_path: Path) -> None:
    csv_result = import_roster(station.db, smoke.write_csv(tmp_path / "siswa.csv"), "SMA Uji",
                               reference=station.applicants.today())
    xlsx_result = import_roster(station.db, smoke.write_xlsx(tmp_path / "siswa.xlsx"), "SMA Uji",
                                reference=station.applicants.today())
    assert (csv_result.imported, csv_result.rejected_rows) == (len(smoke.CSV_ROWS), 0)
    assert (xlsx_result.imported, xlsx_result.rejected_rows, xlsx_result.file_format) == (len(smoke.XLSX_ROWS), 0, "xlsx")
