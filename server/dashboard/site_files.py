"""A campaign's school list from CSV or XLSX: code, name, target (and district), checked whole before anything is kept.

Like the roster import: the file must be a readable table with a header row; any
bad row refuses the whole file with every problem listed by row number, so an
office never half-imports a school list.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from typing import Any

from server.dashboard.errors import DashboardError

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_SITES = 2000
_NON_WORD = re.compile(r"[^0-9a-z]+")
HEADERS = {
    "code": {"kode", "kode_sekolah", "kode_lokasi", "npsn", "code", "site_code", "school_code"},
    "name": {"nama", "nama_sekolah", "sekolah", "lokasi", "name", "school", "site"},
    "target": {"target", "sasaran", "jumlah_sasaran", "jumlah", "target_count"},
    "district": {"kecamatan", "wilayah", "district", "area"},
}
REQUIRED = ("code", "name", "target")
_FIELD_FOR = {alias: field for field, aliases in HEADERS.items() for alias in aliases}
_SITE_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


@dataclass(frozen=True)
class SiteRow:
    code: str
    name: str
    target: int
    district: str | None


def _refused(message_id: str, message_en: str, details: tuple[str, ...] = ()) -> DashboardError:
    return DashboardError(422, "bad_site_file", f"Berkas sekolah ditolak: {message_id} Tidak ada yang disimpan.",
                          f"The school file was refused: {message_en} Nothing was saved.", details=details)


def _header_field(cell: Any) -> str | None:
    return _FIELD_FOR.get(_NON_WORD.sub("_", str(cell or "").replace("\ufeff", "").strip().lower()).strip("_"))


def read_site_file(data: bytes, filename: str) -> list[SiteRow]:
    """Every school in the file, or a refusal naming each bad row.

    Raises:
        DashboardError: 422 (empty, too large, not CSV/XLSX, no header, bad rows, repeated codes).
    """
    if not data.strip():
        raise _refused("berkasnya kosong.", "the file is empty.")
    if len(data) > MAX_FILE_BYTES:
        raise _refused("berkas lebih dari 2 MB.", "the file is larger than 2 MB.")
    rows = _xlsx_rows(data) if data.startswith(b"PK\x03\x04") else _csv_rows(data, filename)
    header_at = next((i for i, row in enumerate(rows[:20])
                      if all(f in {_header_field(c) for c in row} for f in REQUIRED)), None)
    if header_at is None:
        raise _refused("baris judul tidak ditemukan; perlu kolom KODE, NAMA dan TARGET.",
                       "no header row found; the columns CODE, NAME and TARGET are needed.")
    positions: dict[str, int] = {}
    for index, cell in enumerate(rows[header_at]):
        field = _header_field(cell)
        if field is not None and field not in positions:
            positions[field] = index
    sites: list[SiteRow] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(rows[header_at + 1:], start=header_at + 2):
        values = {f: _text(row[i]) if i < len(row) else "" for f, i in positions.items()}
        if not any(values.values()):
            continue
        site, row_problems = _site(values)
        if site is not None and site.code in seen:
            row_problems.append(f"kode {site.code} sudah ada di baris {seen[site.code]} / "
                                f"code {site.code} already on row {seen[site.code]}")
        if row_problems:
            problems.append(f"Baris {number} / row {number}: " + "; ".join(row_problems))
        elif site is not None:
            seen[site.code] = number
            sites.append(site)
    if problems:
        raise _refused(f"{len(problems)} baris tidak valid.", f"{len(problems)} rows are invalid.",
                       tuple(problems[:50]))
    if not sites:
        raise _refused("tidak ada baris sekolah di bawah judul.", "there are no school rows below the header.")
    if len(sites) > MAX_SITES:
        raise _refused(f"lebih dari {MAX_SITES} lokasi.", f"more than {MAX_SITES} sites.")
    return sites


def _site(values: dict[str, str]) -> tuple[SiteRow | None, list[str]]:
    problems = []
    code, name, target_text = values.get("code", ""), values.get("name", ""), values.get("target", "")
    if not _SITE_CODE.match(code):
        problems.append("kode kosong atau berisi tanda selain huruf, angka, titik, garis bawah, tanda hubung / "
                        "the code is empty or has characters other than letters, digits, dot, underscore, hyphen")
    if not name or len(name) > 200:
        problems.append("nama kosong atau lebih dari 200 huruf / the name is empty or longer than 200 characters")
    target = None
    try:
        number = float(target_text.replace(" ", ""))
        if number.is_integer() and 0 < number <= 100_000:
            target = int(number)
    except ValueError:
        pass
    if target is None:
        problems.append(f"target '{target_text[:20]}' bukan bilangan bulat 1–100000 / "
                        f"target '{target_text[:20]}' is not a whole number 1–100000")
    if problems:
        return None, problems
    assert target is not None
    return SiteRow(code.upper(), name, target, values.get("district") or None), []


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _csv_rows(data: bytes, filename: str) -> list[list[Any]]:
    if filename.lower().endswith((".xlsx", ".xlsm")):
        raise _refused("berkas .xlsx ini rusak atau bukan berkas Excel.", "this .xlsx file is damaged or not Excel.")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise _refused("format .xls lama tidak didukung; simpan sebagai .xlsx atau CSV UTF-8.",
                       "the old .xls format is not supported; save it as .xlsx or CSV UTF-8.")
    if b"\x00" in data[:65536]:
        raise _refused("berkas berisi data biner, bukan CSV atau XLSX.", "the file holds binary data, not CSV or XLSX.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _refused("berkas bukan teks UTF-8; simpan dari Excel sebagai 'CSV UTF-8'.",
                       "the file is not UTF-8 text; save it from Excel as 'CSV UTF-8'.") from None
    best: list[list[Any]] = []
    best_fields = -1
    for delimiter in (",", ";", "\t"):
        try:
            rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        except csv.Error as exc:
            raise _refused(f"CSV rusak ({exc}).", f"the CSV is malformed ({exc}).") from None
        fields = max((len({_header_field(c) for c in row} - {None}) for row in rows[:20]), default=0)
        if fields > best_fields:
            best, best_fields = rows, fields
    return best


def _xlsx_rows(data: bytes) -> list[list[Any]]:
    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(part.file_size for part in archive.infolist()) > 50 * MAX_FILE_BYTES:
                raise _refused("isi .xlsx terlalu besar setelah dibuka.", "the .xlsx unpacks to far too much data.")
    except zipfile.BadZipFile:
        raise _refused("berkas .xlsx rusak.", "the .xlsx file is damaged.") from None
    # openpyxl reads untrusted bytes through zipfile, zlib and XML: any of them may raise almost anything.
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            return [list(row) for row in sheet.iter_rows(values_only=True, max_row=MAX_SITES + 25)]
        finally:
            workbook.close()
    except DashboardError:
        raise
    except Exception:
        raise _refused("berkas .xlsx rusak atau tidak terbaca.", "the .xlsx file is damaged or unreadable.") from None
