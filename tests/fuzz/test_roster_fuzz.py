"""Fuzzing roster import (CSV and XLSX, zip and XML damage, encodings): an import or one clear refusal, never a traceback."""

from __future__ import annotations

import functools
import io
import itertools
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.bootstrap import Station
from app.errors import InputError
from app.services.roster import import_roster
from tests.fuzz.strategies import damaged_bytes
from tests.support.fuzz import fuzz_settings, tally

pytestmark = pytest.mark.fuzz

HEADER = ["NIK", "Nama", "No KK", "Tgl Lahir", "Jenis Kelamin", "NIS", "Kelas"]
ROW = ["3573014503080001", "Siti Aminah", "3573012001150003", "05-03-2008", "P", "1001", "XII IPA 1"]
_names = itertools.count()

CELLS = st.one_of(st.text(max_size=30), st.sampled_from(ROW + HEADER + ["", "=1/0", "#N/A", "9" * 30, "\x00", '"']),
                  st.integers(-(10**20), 10**20).map(str))


def _import(station: Station, folder: Path, data: bytes, suffix: str, encoding: str | None = None) -> None:
    path = folder / f"roster-{next(_names)}{suffix}"
    path.write_bytes(data)
    try:
        import_roster(station.db, path, "SMA Fuzz", encoding=encoding)
    finally:
        path.unlink()


@st.composite
def csv_files(draw: st.DrawFn) -> bytes:
    delimiter = draw(st.sampled_from([",", ";", "\t", "|", " "]))
    rows = [draw(st.lists(CELLS, max_size=9)) for _ in range(draw(st.integers(0, 6)))]
    if draw(st.integers(0, 4)):
        rows.insert(draw(st.integers(0, min(2, len(rows)))), [c.replace(",", delimiter) for c in HEADER])
    if draw(st.integers(0, 3)):
        rows.append(ROW)
    text = "\r\n".join(delimiter.join(row) for row in rows)
    if draw(st.integers(0, 9)) == 0:
        text += '"' + "x" * draw(st.integers(1, 200_000))  # an unterminated, huge quoted field
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "utf-16", "cp1252"]))
    data = text.encode(encoding, "replace")
    if draw(st.integers(0, 2)) == 0:
        data = draw(damaged_bytes(data)) if data else data
    return data


@fuzz_settings(quick=150, long=3000)
@given(data=csv_files())
def test_csv_files(station: Station, tmp_path: Path, data: bytes) -> None:
    with tally("roster: CSV files").case((InputError,)):
        _import(station, tmp_path, data, ".csv")


@functools.cache
def _workbook() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Daftar siswa kelas XII"])
    sheet.append(HEADER)
    sheet.append(ROW)
    sheet.append(["3573010502080002", "Budi", None, 20080205, "L", 1002, "XII"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _rezip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@st.composite
def xlsx_files(draw: st.DrawFn) -> bytes:
    """A real workbook with its zip container, one XML part or one part's deflate stream damaged."""
    original = _workbook()
    with zipfile.ZipFile(io.BytesIO(original)) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
        infos = archive.infolist()
    kind = draw(st.sampled_from(["bytes", "xml", "xml", "deflate", "drop", "swap"]))
    name = draw(st.sampled_from(sorted(parts)))
    if kind == "bytes":
        return draw(damaged_bytes(original))
    if kind == "xml":
        xml = parts[name]
        how = draw(st.sampled_from(["truncate", "junk", "damage", "entity"]))
        if how == "truncate":
            xml = xml[: draw(st.integers(0, len(xml)))]
        elif how == "junk":
            at = draw(st.integers(0, len(xml)))
            xml = xml[:at] + draw(st.sampled_from([b"<", b"</x>", b"&bogus;", b"<c t=\"s\"><v>999</v></c>",
                                                    b"<row r=\"-1\">", b"\xff\xfe"])) + xml[at:]
        elif how == "entity":
            xml = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]><x>&a;&a;</x>'
        else:
            xml = draw(damaged_bytes(xml))
        return _rezip({**parts, name: xml})
    if kind == "deflate":
        info = next(i for i in infos if i.filename == name)
        data = bytearray(original)
        name_length = int.from_bytes(data[info.header_offset + 26 : info.header_offset + 28], "little")
        extra_length = int.from_bytes(data[info.header_offset + 28 : info.header_offset + 30], "little")
        start = info.header_offset + 30 + name_length + extra_length
        if info.compress_size:
            for _ in range(draw(st.integers(1, 4))):
                data[start + draw(st.integers(0, info.compress_size - 1))] ^= draw(st.integers(1, 255))
        return bytes(data)
    if kind == "drop":
        return _rezip({key: value for key, value in parts.items() if key != name})
    other = draw(st.sampled_from(sorted(parts)))
    return _rezip({**parts, name: parts[other], other: parts[name]})


@fuzz_settings(quick=120, long=3000)
@given(data=xlsx_files())
def test_xlsx_files(station: Station, tmp_path: Path, data: bytes) -> None:
    with tally("roster: XLSX files").case((InputError,)):
        _import(station, tmp_path, data, ".xlsx")


@fuzz_settings(quick=60, long=2000)
@given(encoding=st.one_of(st.text(min_size=1, max_size=20),
                          st.sampled_from(["rot13", "rot_13", "hex", "base64", "zlib", "bz2", "uu", "quopri",
                                           "idna", "punycode", "utf-7", "unicode_escape", "cp1252", "utf-16",
                                           "mbcs", "utf-8\x00", "undefined", "ascii"])),
       data=st.binary(max_size=200))
def test_encoding_names(station: Station, tmp_path: Path, encoding: str, data: bytes) -> None:
    with tally("roster: --encoding").case((InputError,)):
        _import(station, tmp_path, b"NIK,Nama\r\n" + data, ".csv", encoding=encoding)
