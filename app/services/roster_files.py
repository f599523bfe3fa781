"""Read a school's roster file (CSV or XLSX) into rows of field name -> cell value.

Columns are found by header name (Indonesian and English aliases, any case,
spaces/dots/slashes ignored); the header may sit below a few title rows. CSV
files must be UTF-8 (with or without BOM) or UTF-16 with a BOM; any other
encoding is refused with a clear message unless the caller names it, because a
guessed code page silently garbles names. The delimiter (``,`` ``;`` tab ``|``)
is the one that makes the header recognisable (Indonesian Excel writes ``;``).

Raises RosterFileError for anything that is not a readable roster; nothing is
imported then.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.errors import InputError

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_XLSX_UNPACKED_BYTES = 512 * 1024 * 1024  # what the parts of an .xlsx say they unpack to (zip bombs)
MAX_XLSX_PARTS = 10_000
HEADER_SEARCH_ROWS = 10
DELIMITERS = (",", ";", "\t", "|")
REQUIRED_FIELDS = ("nik", "name")
EXCEL_EXACT_LIMIT = 2**53  # numbers above this are rounded in a float

ALIASES: dict[str, tuple[str, ...]] = {
    "nik": ("nik", "no_nik", "nomor_nik", "nomor_induk_kependudukan", "nik_siswa"),
    "name": ("nama", "name", "nama_lengkap", "nama_siswa", "full_name", "nama_peserta_didik"),
    "kk_number": ("no_kk", "kk", "nomor_kk", "no_kartu_keluarga", "nomor_kartu_keluarga", "kk_number",
                  "family_card", "family_card_number"),
    "birth_date": ("tgl_lahir", "tanggal_lahir", "date_of_birth", "birth_date", "dob", "tgl_lhr", "birthdate"),
    "birth_place_date": ("ttl", "tempat_tgl_lahir", "tempat_tanggal_lahir"),
    "sex": ("jenis_kelamin", "jk", "l_p", "lp", "sex", "gender", "kelamin"),
    "student_number": ("nis", "no_induk", "nomor_induk", "nomor_induk_siswa", "student_number", "student_id"),
    "class_name": ("kelas", "class", "rombel", "class_name", "rombongan_belajar"),
    "birth_place": ("tempat_lahir", "tmp_lahir", "tpt_lahir", "place_of_birth", "birth_place"),
    "address": ("alamat", "address", "alamat_lengkap"),
    "rt": ("rt",),
    "rw": ("rw",),
    "village": ("kelurahan", "desa", "kel_desa", "kelurahan_desa", "village"),
    "district": ("kecamatan", "district"),
    "regency": ("kabupaten", "kota", "kabupaten_kota", "kab_kota", "regency", "city"),
    "province": ("provinsi", "province"),
    "religion": ("agama", "religion"),
    "marital_status": ("status_perkawinan", "status_kawin", "marital_status"),
    "occupation": ("pekerjaan", "occupation"),
    "citizenship": ("kewarganegaraan", "citizenship", "nationality"),
    "blood_type": ("golongan_darah", "gol_darah", "goldar", "blood_type"),
}
_ALIAS_TO_FIELD = {alias: field for field, aliases in ALIASES.items() for alias in aliases}
_NON_WORD = re.compile(r"[^0-9a-z]+")


class RosterFileError(InputError):
    default_message_id = "Berkas daftar tidak dapat dibaca."
    default_message_en = "The roster file cannot be read."
    default_action_id = ("Simpan ulang dari Excel sebagai 'CSV UTF-8' atau .xlsx, lalu impor lagi. "
                         "Tidak ada data yang diimpor.")
    default_action_en = "Save it again from Excel as 'CSV UTF-8' or .xlsx, then import again. Nothing was imported."


def damaged_file(detail_id: str = "", detail_en: str = "") -> RosterFileError:
    """The one answer for a file a reader cannot get through: damaged, or not a roster at all."""
    return RosterFileError(
        "Berkas rusak atau bukan daftar pemohon" + (f" ({detail_id})" if detail_id else "") + ".",
        "The file is damaged or not a roster" + (f" ({detail_en})" if detail_en else "") + ".",
    )


@dataclass(frozen=True)
class RosterRow:
    number: int  # the row number a person sees in Excel or a text editor (header row counts)
    values: dict[str, Any]  # field name -> cell value (str, int, float, date)


@dataclass(frozen=True)
class RosterTable:
    columns: dict[str, str]  # field name -> the header text as written in the file
    ignored_columns: tuple[str, ...]
    rows: tuple[RosterRow, ...]
    file_format: str  # "csv" or "xlsx"
    encoding: str | None = None
    delimiter: str | None = None


def normalize_header(text: Any) -> str:
    return _NON_WORD.sub("_", str(text or "").replace("\ufeff", "").strip().lower()).strip("_")


def field_for_header(text: Any) -> str | None:
    return _ALIAS_TO_FIELD.get(normalize_header(text))


def read_roster(path: Path, *, encoding: str | None = None) -> RosterTable:
    """Read a CSV or XLSX roster. Raises RosterFileError (nothing imported) when it is not one."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            megabytes = size // 1_048_576
            raise RosterFileError(f"Berkas terlalu besar ({megabytes} MB).", f"The file is too large ({megabytes} MB).")
        data = path.read_bytes()
    except FileNotFoundError:
        raise RosterFileError(f"Berkas {path} tidak ada.", f"The file {path} does not exist.",
                              action_id="Periksa nama dan folder berkas.",
                              action_en="Check the file name and folder.") from None
    except IsADirectoryError:
        raise RosterFileError(f"{path} adalah folder.", f"{path} is a folder, not a file.") from None
    except OSError as exc:
        raise RosterFileError(f"Berkas {path} tidak dapat dibuka: {exc.strerror}.",
                              f"Cannot open {path}: {exc.strerror}.") from exc
    if not data.strip():
        raise RosterFileError("Berkas kosong.", "The file is empty.")
    if data.startswith(b"PK\x03\x04"):
        table = _read_xlsx(data)
        if not table.rows:
            raise RosterFileError("Lembar kerja hanya berisi baris judul, tanpa data.",
                                  "The sheet has a header but no data rows.")
        return table
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise RosterFileError("Format .xls lama tidak didukung.", "The old .xls format is not supported.",
                              action_id="Buka di Excel lalu simpan sebagai .xlsx atau 'CSV UTF-8'.",
                              action_en="Open it in Excel and save it as .xlsx or 'CSV UTF-8'.")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        raise RosterFileError("Berkas .xlsx ini rusak atau bukan berkas Excel.",
                              "This .xlsx file is damaged or not an Excel file.")
    table = _read_csv(data, encoding)
    if not table.rows:
        raise RosterFileError("Berkas hanya berisi baris judul, tanpa data.", "The file has a header but no data rows.")
    return table


def check_encoding(encoding: str) -> str:
    """``encoding`` if it names a text encoding Python knows (``cp1252``, ``utf-16``...).

    Raises:
        RosterFileError: an unknown name, or a codec that is not a text encoding (``rot13``, ``hex``, ``base64``).
    """
    try:
        try:
            b"x".decode(encoding)  # non-text codecs (rot13, hex, base64, zlib...) raise LookupError here
        except UnicodeError:
            pass  # a text encoding that cannot decode one lone byte (utf-16): still a text encoding
        return codecs.lookup(encoding).name
    except (LookupError, ValueError, TypeError):
        shown = encoding[:40]
        raise RosterFileError(f"Pengodean teks '{shown}' tidak dikenal.", f"Unknown text encoding '{shown}'.",
                              action_id="Sebutkan pengodean teks, misalnya utf-8 atau cp1252.",
                              action_en="Name a text encoding, for example utf-8 or cp1252.") from None


def _decode(data: bytes, encoding: str | None) -> tuple[str, str]:
    if encoding:
        check_encoding(encoding)
        try:
            return data.decode(encoding), encoding
        except UnicodeError as exc:  # UnicodeDecodeError, or a bare UnicodeError from codecs such as idna
            where_id = f" (byte {exc.start})" if isinstance(exc, UnicodeDecodeError) else ""
            where_en = f" (at byte {exc.start})" if isinstance(exc, UnicodeDecodeError) else ""
            raise RosterFileError(f"Berkas bukan {encoding}{where_id}.",
                                  f"The file is not {encoding}{where_en}.") from exc
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise RosterFileError("Berkas UTF-16 rusak.", "The UTF-16 file is damaged.") from exc
    try:
        return data.decode("utf-8-sig"), "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8"
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise RosterFileError(
            f"Berkas bukan teks UTF-8 (baris {line}); mungkin disimpan sebagai 'CSV (Comma delimited)' atau bukan CSV.",
            f"The file is not UTF-8 text (line {line}); it was perhaps saved as 'CSV (Comma delimited)', "
            "or is not a CSV.",
            action_id="Simpan ulang dari Excel sebagai 'CSV UTF-8', atau sebutkan pengodeannya (--encoding cp1252). "
                      "Tidak ada data yang diimpor.",
            action_en="Save it again from Excel as 'CSV UTF-8', or name its encoding (--encoding cp1252). "
                      "Nothing was imported.",
        ) from exc


def _read_csv(data: bytes, encoding: str | None) -> RosterTable:
    is_utf16 = (data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
                or (encoding or "").lower().startswith("utf-16"))
    if not is_utf16 and b"\x00" in data[:65536]:
        raise RosterFileError("Berkas berisi data biner, bukan CSV atau XLSX.",
                              "The file holds binary data, not a CSV or XLSX.")
    text, used_encoding = _decode(data, encoding)
    if "\x00" in text or sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\r\n\t") > 8:
        raise RosterFileError("Berkas berisi data biner, bukan CSV.", "The file holds binary data, not a CSV.")
    best: tuple[int, str, list[list[str]]] | None = None
    for delimiter in DELIMITERS:
        try:
            rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False))
        except csv.Error as exc:
            raise RosterFileError(f"CSV rusak: {exc}.", f"The CSV is malformed: {exc}.") from exc
        found = _find_header(rows)
        if found is not None and (best is None or found[1] > best[0]):
            best = (found[1], delimiter, rows)
    if best is None:
        raise _no_header()
    _, delimiter, rows = best
    return _table(rows, "csv", used_encoding, delimiter)


def _read_xlsx(data: bytes) -> RosterTable:
    _check_zip(data)
    import openpyxl

    # openpyxl reads untrusted bytes through zipfile, zlib and an XML parser: a damaged part can make
    # any of them raise almost anything (BadZipFile, zlib.error, ParseError, KeyError, TypeError...),
    # while opening and while reading rows. Each such failure is one "damaged" answer.
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # see above
        raise damaged_file("tidak dapat dibuka sebagai .xlsx", "cannot be opened as .xlsx") from exc
    try:
        for sheet in workbook.worksheets:
            rows = [list(row) for row in sheet.iter_rows(values_only=True)]
            if _find_header(rows) is not None:
                return _table(rows, "xlsx", None, None)
    except Exception as exc:  # see above
        raise damaged_file("lembar kerja tidak terbaca", "a worksheet cannot be read") from exc
    finally:
        with contextlib.suppress(Exception):
            workbook.close()
    raise _no_header()


def _check_zip(data: bytes) -> None:
    """The .xlsx container's table of contents is readable and does not unpack to an absurd size."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, KeyError) as exc:
        raise damaged_file("isi zip rusak", "the zip container is damaged") from exc
    if len(parts) > MAX_XLSX_PARTS or sum(part.file_size for part in parts) > MAX_XLSX_UNPACKED_BYTES:
        raise damaged_file("isi terlalu besar setelah dibuka", "it unpacks to far too much data")


def _find_header(rows: list[list[Any]]) -> tuple[int, int] | None:
    """(row index, recognised column count) of the first row naming NIK and name."""
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        fields = {field_for_header(cell) for cell in row} - {None}
        if all(f in fields for f in REQUIRED_FIELDS) or ("nik" in fields and "birth_place_date" in fields
                                                          and "name" in fields):
            return index, len(fields)
    return None


def _no_header() -> RosterFileError:
    return RosterFileError(
        "Baris judul kolom tidak ditemukan: perlu paling sedikit kolom NIK dan NAMA.",
        "No header row found: at least the columns NIK and NAME are needed.",
        action_id="Tambahkan baris judul (mis. NIK;NAMA;NO_KK;TGL_LAHIR;JENIS_KELAMIN;NIS;KELAS). "
                  "Tidak ada data yang diimpor.",
        action_en="Add a header row (e.g. NIK,NAME,KK,DATE_OF_BIRTH,SEX,NIS,CLASS). Nothing was imported.",
    )


def _table(rows: list[list[Any]], file_format: str, encoding: str | None, delimiter: str | None) -> RosterTable:
    found = _find_header(rows)
    assert found is not None
    header_index = found[0]
    header = rows[header_index]
    positions: dict[str, int] = {}
    ignored = []
    for position, cell in enumerate(header):
        field = field_for_header(cell)
        if field is None or field in positions:
            if str(cell or "").strip():
                ignored.append(str(cell).strip())
            continue
        positions[field] = position
    parsed = []
    for offset, row in enumerate(rows[header_index + 1:], start=header_index + 2):
        if all(_is_blank(cell) for cell in row):
            continue
        values = {field: row[pos] if pos < len(row) else None for field, pos in positions.items()}
        parsed.append(RosterRow(offset, values))
    columns = {field: str(header[pos]).strip() for field, pos in positions.items()}
    return RosterTable(columns, tuple(ignored), tuple(parsed), file_format, encoding, delimiter)


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def cell_text(value: Any) -> str:
    """A cell as text: whole numbers without '.0', dates ISO, everything stripped."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def number_lost_digits(value: Any) -> bool:
    """A 16-digit NIK/KK held as a number in a spreadsheet cell has probably lost its last digit.

    Excel keeps 15 significant digits, so a typed 16-digit number always ends in 0
    (and beyond 2**53 even exact software-written numbers are rounded): such a
    number cannot be trusted, while one ending in another digit was written exactly.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    if abs(value) >= EXCEL_EXACT_LIMIT:
        return True
    return abs(value) >= 10**15 and int(value) % 10 == 0
