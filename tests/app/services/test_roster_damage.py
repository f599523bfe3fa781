"""Damaged roster files and wrong encodings: one clear bilingual refusal, through the service and the CLI."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from app.services.roster_files import RosterFileError, check_encoding, read_roster
from tests.support.cli import station_cli


def _workbook(tmp_path: Path) -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["NIK", "Nama"])
    book.active.append(["3573014503080001", "Siti"])
    path = tmp_path / "ok.xlsx"
    book.save(path)
    return path.read_bytes()


def _with_part(data: bytes, name: str, content: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, content if info.filename == name else source.read(info))
    return buffer.getvalue()


def _bad_deflate(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(name)
    damaged = bytearray(data)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for offset in range(2, min(40, info.compress_size)):
        damaged[start + offset] ^= 0xA5
    return bytes(damaged)


@pytest.mark.parametrize("damage", ["sheet_xml", "workbook_xml", "styles_xml", "deflate", "truncated"])
def test_a_damaged_xlsx_is_one_clear_error(tmp_path: Path, damage: str) -> None:
    good = _workbook(tmp_path)
    data = {
        "sheet_xml": lambda: _with_part(good, "xl/worksheets/sheet1.xml", b"<worksheet><sheetData><row><c"),
        "workbook_xml": lambda: _with_part(good, "xl/workbook.xml", b"<workbook><sheets><sheet name="),
        "styles_xml": lambda: _with_part(good, "xl/styles.xml", b"\xff\xfe<<"),
        "deflate": lambda: _bad_deflate(good, "xl/worksheets/sheet1.xml"),
        "truncated": lambda: good[: len(good) // 2],
    }[damage]()
    path = tmp_path / "rusak.xlsx"
    path.write_bytes(data)
    with pytest.raises(RosterFileError) as refused:
        read_roster(path)
    assert "rusak" in refused.value.message_id and "damaged" in refused.value.message_en


@pytest.mark.parametrize("name", ["rot13", "hex", "base64", "zlib", "no-such-codec", "utf-8\x00"])
def test_only_text_encodings_are_accepted(name: str) -> None:
    with pytest.raises(RosterFileError) as refused:
        check_encoding(name)
    assert "Pengodean" in refused.value.message_id and "encoding" in refused.value.message_en


def test_text_encodings_are_accepted() -> None:
    assert [check_encoding(n) for n in ("cp1252", "UTF-16", "latin-1")] == ["cp1252", "utf-16", "iso8859-1"]


@pytest.mark.parametrize("args", [["--encoding", "rot13"], ["--encoding", "base64"]])
def test_cli_refuses_a_non_text_encoding_with_exit_2(station_home: Path, tmp_path: Path, args: list[str],
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "siswa.csv"
    path.write_text("NIK,Nama\r\n3573014503080001,Siti\r\n", encoding="utf-8")
    assert station_cli("roster", "import", str(path), "--site", "SMA 1", *args) == 2
    err = capsys.readouterr().err
    assert "Pengodean" in err and "encoding" in err and "Traceback" not in err


def test_cli_refuses_a_damaged_xlsx_with_exit_2(station_home: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "siswa.xlsx"
    path.write_bytes(_bad_deflate(_workbook(tmp_path), "xl/worksheets/sheet1.xml"))
    assert station_cli("roster", "import", str(path), "--site", "SMA 1") == 2
    err = capsys.readouterr().err
    assert "rusak" in err and "damaged" in err and "Traceback" not in err
