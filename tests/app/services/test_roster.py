"""Roster import: CSV/XLSX, header aliases, encodings, delimiters, per-row rejections, idempotence."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select

from app.bootstrap import Station
from app.domain.enums import SiteKind
from app.errors import StorageFullError
from app.services.roster import import_roster
from app.services.roster_files import RosterFileError
from app.storage.models import Applicant, Site

TODAY = dt.date(2024, 11, 27)
HEADER_ID = ["NIK", "Nama", "No KK", "Tgl Lahir", "Jenis Kelamin", "NIS", "Kelas", "Tempat Lahir", "Alamat", "Agama"]
GOOD_ROWS = [
    ["3573014503080001", "Siti Aminah", "3573012001150003", "05-03-2008", "P", "1001", "XII IPA 1", "Malang",
     "Jl. Ijen 1", "Islam"],
    ["3573010502080002", "Budi Santoso", "", "05/02/2008", "L", "1002", "XII IPA 1", "Malang", "", "Kristen"],
    ["3573015911070003", "Dewi Lestari", "", "19 November 2007", "Perempuan", "1003", "XII IPS 2", "Blitar", "",
     "Hindu"],
]


def write_csv(path: Path, rows: list[list[str]], delimiter: str = ",", encoding: str = "utf-8") -> Path:
    lines = [delimiter.join(row) for row in rows]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def count_applicants(station: Station) -> int:
    with station.db.session() as session:
        return session.scalar(select(func.count(Applicant.id))) or 0


def run(station: Station, path: Path, site: str = "SMAN 1 Malang", **kwargs: object):
    return import_roster(station.db, path, site, reference=TODAY, **kwargs)


@pytest.mark.parametrize(("delimiter", "encoding"), [(",", "utf-8"), (";", "utf-8"), (";", "utf-8-sig"),
                                                     ("\t", "utf-16"), ("|", "utf-8")])
def test_csv_in_the_usual_shapes_imports_every_good_row(station: Station, tmp_path: Path, delimiter: str,
                                                        encoding: str) -> None:
    path = write_csv(tmp_path / "siswa.csv", [HEADER_ID, *GOOD_ROWS], delimiter, encoding)
    result = run(station, path)
    assert (result.imported, result.rejected_rows, result.site_created) == (3, 0, True)
    assert result.delimiter == delimiter
    siti = station.applicants.by_nik("3573014503080001")
    assert siti is not None and siti.student_number == "1001" and siti.class_name == "XII IPA 1"
    assert siti.birth_place == "Malang" and siti.religion == "Islam" and siti.kk_number == "3573012001150003"


def test_english_headers_in_any_case_and_spacing(station: Station, tmp_path: Path) -> None:
    header = ["  name ", "NIK", "Date of Birth", "SEX", "class", "Student Number", "Remarks"]
    rows = [["Siti", "3573014503080001", "2008-03-05", "F", "XII", "1001", "ok"]]
    result = run(station, write_csv(tmp_path / "r.csv", [header, *rows]))
    assert result.imported == 1
    assert result.ignored_columns == ("Remarks",)
    assert result.columns["name"] == "name"


def test_every_bad_row_is_reported_with_row_column_and_reason(station: Station, tmp_path: Path) -> None:
    rows = [
        HEADER_ID,
        GOOD_ROWS[0],
        ["3573014503080000", "Serial Nol", "", "", "", "", "", "", "", ""],  # row 3: serial 0000
        ["3573010502080002", "Salah Tanggal", "", "06-02-2008", "L", "", "", "", "", ""],  # row 4: date mismatch
        ["3573010502080009", "", "", "", "", "", "", "", "", ""],  # row 5: no name
        ["", "", "", "", "", "", "", "", "", ""],  # blank: skipped silently
        ["3573014503080001", "Siti Lagi", "", "", "", "", "", "", "", ""],  # row 7: duplicate of row 2
        ["3573010502080003", "Budi", "", "", "X", "", "", "", "", ""],  # row 8: sex unknown
    ]
    result = run(station, write_csv(tmp_path / "r.csv", rows, ";"))
    assert result.imported == 1 and result.rejected_rows == 5 and result.total_rows == 6
    found = {(r.row, r.column, r.code) for r in result.rejections}
    assert found == {(3, "NIK", "serial"), (4, "Tgl Lahir", "birth_date_mismatch"), (5, "Nama", "required"),
                     (7, "NIK", "duplicate_in_file"), (8, "Jenis Kelamin", "sex")}
    assert all(r.message_id and r.message_en for r in result.rejections)


def test_importing_the_same_file_again_changes_nothing(station: Station, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "r.csv", [HEADER_ID, *GOOD_ROWS])
    run(station, path)
    with station.db.session() as session:
        before = [(a.id, a.name, a.updated_at) for a in session.scalars(select(Applicant).order_by(Applicant.id))]
    again = run(station, path, "sman 1 malang")
    assert (again.imported, again.already_present, again.site_created) == (0, 3, False)
    with station.db.session() as session:
        after = [(a.id, a.name, a.updated_at) for a in session.scalars(select(Applicant).order_by(Applicant.id))]
        assert session.scalar(select(func.count(Site.id))) == 1
    assert before == after


def test_xlsx_with_title_rows_numbers_and_date_cells(station: Station, tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["DAFTAR SISWA KELAS XII"])
    sheet.append([])
    sheet.append(["No", "NIK", "NAMA", "TGL_LAHIR", "JK", "NIS", "KELAS"])
    sheet.append([1, "3573014503080001", "Siti Aminah", dt.datetime(2008, 3, 5), "P", 1001, "XII IPA 1"])
    sheet.append([2, 3573010502080002, "Budi Santoso", "05-02-2008", "L", 1002.0, "XII IPA 1"])
    sheet.append([3, 9471014503080001.0, "Angka Panjang", None, None, None, None])  # beyond float precision
    sheet.append([4, 3573014503080010, "Diketik di Excel", None, None, None, None])  # Excel kept 15 digits
    path = tmp_path / "siswa.xlsx"
    workbook.save(path)
    result = run(station, path, kind=SiteKind.SCHOOL)
    assert result.file_format == "xlsx"
    assert result.imported == 2
    assert [(r.row, r.column, r.code) for r in result.rejections] == [(6, "NIK", "number_format"), (7, "NIK", "number_format")]
    budi = station.applicants.by_nik("3573010502080002")
    assert budi is not None and budi.student_number == "1002"


def test_ttl_column_splits_place_and_date(station: Station, tmp_path: Path) -> None:
    rows = [["NIK", "NAMA", "TTL"], ["3573014503080001", "Siti", '"Malang, 05-03-2008"']]
    result = run(station, write_csv(tmp_path / "r.csv", rows))
    assert result.imported == 1
    assert station.applicants.by_nik("3573014503080001").birth_place == "Malang"


def test_excel_scientific_notation_in_a_csv_is_explained(station: Station, tmp_path: Path) -> None:
    result = run(station, write_csv(tmp_path / "r.csv", [["NIK", "NAMA"], ["3.57301E+15", "Siti"]]))
    assert [r.code for r in result.rejections] == ["number_format"]


def test_a_cp1252_csv_gets_a_clear_error_or_is_decoded_when_named(station: Station, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "r.csv", [["NIK", "NAMA"], ["3573014503080001", "Renée Siti"]], ";", "cp1252")
    with pytest.raises(RosterFileError) as error:
        run(station, path)
    assert "UTF-8" in error.value.message_en and "--encoding" in error.value.action_en
    assert count_applicants(station) == 0
    result = run(station, path, encoding="cp1252")
    assert result.imported == 1
    assert station.applicants.by_nik("3573014503080001").name == "Renée Siti"


@pytest.mark.parametrize(("content", "phrase"), [
    (b"", "empty"),
    (b"   \r\n \r\n", "empty"),
    (bytes(range(256)) * 4, "binary"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, ".xls"),
    (b"PK\x03\x04garbage-not-a-zip", "damaged"),
    (b"siti,3573014503080001\nbudi,3573010502080002\n", "header"),
    (b"NIK;NAMA\n", "no data rows"),
    (b"NIK\x00;NAMA\n1;2\n", "binary"),
])
def test_malformed_files_get_a_clear_error_and_import_nothing(station: Station, tmp_path: Path, content: bytes,
                                                              phrase: str) -> None:
    path = tmp_path / "rusak.csv"
    path.write_bytes(content)
    with pytest.raises(RosterFileError) as error:
        run(station, path)
    assert phrase in error.value.message_en
    assert error.value.message_id and error.value.action_id
    assert count_applicants(station) == 0
    assert station.sites.list_sites() == []


def test_missing_file_and_unknown_encoding(station: Station, tmp_path: Path) -> None:
    with pytest.raises(RosterFileError, match="tidak ada"):
        run(station, tmp_path / "nope.csv")
    path = write_csv(tmp_path / "r.csv", [HEADER_ID, *GOOD_ROWS])
    with pytest.raises(RosterFileError):
        run(station, path, encoding="klingon")


def test_when_every_row_is_bad_no_site_is_created(station: Station, tmp_path: Path) -> None:
    result = run(station, write_csv(tmp_path / "r.csv", [["NIK", "NAMA"], ["123", "Siti"]]))
    assert (result.imported, result.rejected_rows, result.site_id) == (0, 1, None)
    assert station.sites.list_sites() == []


def test_a_failure_after_the_rows_are_written_rolls_everything_back(station: Station, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import app.services.roster as roster_module

    def disk_full_at_the_audit(session: object, *args: object, **kwargs: object) -> None:
        assert count_in(session) == 3  # the applicants are already in the transaction
        raise StorageFullError()

    monkeypatch.setattr(roster_module, "record_audit", disk_full_at_the_audit)
    with pytest.raises(StorageFullError):
        run(station, write_csv(tmp_path / "r.csv", [HEADER_ID, *GOOD_ROWS]))
    assert count_applicants(station) == 0
    assert station.sites.list_sites() == []


def count_in(session: object) -> int:
    return session.scalar(select(func.count(Applicant.id)))  # type: ignore[attr-defined]


def test_a_nik_registered_at_another_site_is_left_there_with_a_warning(station: Station, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "r.csv", [HEADER_ID, *GOOD_ROWS])
    run(station, path, "SMAN 1 Malang")
    result = run(station, path, "SMAN 2 Malang")
    assert (result.imported, result.already_present) == (0, 3)
    assert [(w.row, w.column, w.code) for w in result.warnings] == [
        (2, "NIK", "registered_elsewhere"), (3, "NIK", "registered_elsewhere"), (4, "NIK", "registered_elsewhere")]
    assert "SMAN 1 Malang" in result.warnings[0].message_en
    assert result.site_id is None  # nothing new to put there, so no empty site
    assert [s.name for s in station.sites.list_sites()] == ["SMAN 1 Malang"]
