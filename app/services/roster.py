"""Import a school's roster: every bad row reported and skipped, good rows in ONE transaction.

Rows are keyed by NIK: a NIK already on the station is left as it is, so
importing the same file twice changes nothing. The site is created when it does
not exist yet (a school by default).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select

from app.domain.enums import AuditAction, SiteKind
from app.domain.problems import Problem
from app.services.applicant_fields import build_applicant_values
from app.services.audit import record_audit
from app.services.roster_files import RosterRow, RosterTable, cell_text, number_lost_digits, read_roster
from app.services.sites import SiteService, clean_site_name, parse_site_kind
from app.storage.db import Database
from app.storage.models import Applicant, Site

log = logging.getLogger(__name__)

LOOKUP_BATCH = 500
_SCIENTIFIC = re.compile(r"^\d(?:[.,]\d+)?[eE]\+?\d+$")


@dataclass(frozen=True)
class RejectedRow:
    """One reason a row was skipped: its row number, the column (as headed in the file), why."""

    row: int
    column: str
    code: str
    message_id: str
    message_en: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class RosterImportResult:
    site_id: int | None
    site_name: str
    site_created: bool
    total_rows: int
    imported: int
    already_present: int
    rejected_rows: int
    rejections: tuple[RejectedRow, ...] = ()
    warnings: tuple[RejectedRow, ...] = ()
    ignored_columns: tuple[str, ...] = ()
    file_format: str = ""
    encoding: str | None = None
    delimiter: str | None = None
    columns: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["rejections"] = [r.to_dict() for r in self.rejections]
        data["warnings"] = [w.to_dict() for w in self.warnings]
        return data


@dataclass(frozen=True)
class RosterPreview:
    """A roster file read and checked, nothing written: what an import would do, row by row.

    The GUI shows it (every bad row with its Excel row number, column and reason)
    before the operator confirms; ``commit_roster`` then writes exactly its good rows.
    """

    path: Path
    file_name: str
    total_rows: int
    good: tuple[dict[str, Any], ...]
    good_rows: tuple[int, ...]  # the file row number of each good row, in order
    rejections: tuple[RejectedRow, ...]
    warnings: tuple[RejectedRow, ...]
    rejected_rows: int
    already_present: int  # good rows whose NIK is already on the station (left untouched)
    table: RosterTable

    @property
    def importable(self) -> int:
        return len(self.good) - self.already_present


def preview_roster(db: Database, path: Path | str, *, reference: dt.date | None = None,
                   encoding: str | None = None) -> RosterPreview:
    """Read and check ``path`` with the command line's rules; nothing is written.

    Raises:
        RosterFileError: the file is not a readable roster.
    """
    path = Path(path)
    reference = reference or dt.date.today()
    table = read_roster(path, encoding=encoding)
    rejections: list[RejectedRow] = []
    warnings: list[RejectedRow] = []
    good: list[dict[str, Any]] = []
    good_rows: list[int] = []
    first_row_of_nik: dict[str, int] = {}
    rejected_numbers: set[int] = set()

    for row in table.rows:
        values, errors, row_warnings = _validate(row, table, reference)
        nik = values.get("nik", "")
        if not errors and nik in first_row_of_nik:
            errors = [("nik", Problem("duplicate_in_file",
                                      f"NIK sama dengan baris {first_row_of_nik[nik]}.",
                                      f"Same NIK as row {first_row_of_nik[nik]}."))]
        if errors:
            rejected_numbers.add(row.number)
            rejections.extend(_rejected(row.number, table, column, problem) for column, problem in errors)
            continue
        first_row_of_nik[nik] = row.number
        warnings.extend(_rejected(row.number, table, column, problem) for column, problem in row_warnings)
        good.append(values)
        good_rows.append(row.number)
    with db.session() as session:
        present = len(_existing_sites(session, [v["nik"] for v in good]))
    return RosterPreview(path, path.name, len(table.rows), tuple(good), tuple(good_rows), tuple(rejections),
                         tuple(warnings), len(rejected_numbers), present, table)


def import_roster(
    db: Database,
    path: Path | str,
    site_name: str,
    *,
    kind: SiteKind | str = SiteKind.SCHOOL,
    reference: dt.date | None = None,
    encoding: str | None = None,
    operator_id: int | None = None,
) -> RosterImportResult:
    """Import ``path`` into the site ``site_name`` (``preview_roster`` then ``commit_roster``).

    Raises:
        RosterFileError: the file is not a readable roster (nothing imported).
        InputError: the site name or kind is invalid.
        StorageError: the database refused the write (nothing imported).
    """
    kind = parse_site_kind(kind)
    site_name = clean_site_name(site_name)
    preview = preview_roster(db, path, reference=reference, encoding=encoding)
    return commit_roster(db, preview, site_name, kind=kind, operator_id=operator_id)


def commit_roster(db: Database, preview: RosterPreview, site_name: str, *, kind: SiteKind | str = SiteKind.SCHOOL,
                  operator_id: int | None = None) -> RosterImportResult:
    """Write a preview's good rows into ``site_name`` in one transaction (NIKs already here are left alone).

    Raises:
        InputError: the site name or kind is invalid.
        StorageError: the database refused the write (nothing imported).
    """
    kind = parse_site_kind(kind)
    site_name = clean_site_name(site_name)
    table = preview.table
    good = list(preview.good)
    first_row_of_nik = {values["nik"]: number for values, number in zip(good, preview.good_rows)}
    warnings = list(preview.warnings)
    sites = SiteService(db)
    imported = already = 0
    site_id: int | None = None
    created = False
    with db.session() as session:
        existing_sites = _existing_sites(session, [v["nik"] for v in good])
        fresh = [v for v in good if v["nik"] not in existing_sites]
        already = len(good) - len(fresh)
        site = session.scalar(select(Site).where(func.lower(Site.name) == site_name.lower()))
        warnings.extend(_elsewhere(existing_sites, first_row_of_nik, table, site_name))
        if fresh or site is not None:
            site, created = sites.get_or_create_site(session, site_name, kind)
            site_id = site.id
            if fresh:  # ORM bulk insert: one executemany, same transaction
                session.execute(insert(Applicant), [{**values, "site_id": site.id} for values in fresh])
            imported = len(fresh)
            record_audit(session, AuditAction.ROSTER_IMPORTED, operator_id=operator_id, subject=f"site:{site.id}",
                         details={"file": preview.file_name, "imported": imported, "already_present": already,
                                  "rejected_rows": preview.rejected_rows})
    log.info("roster %s: %d imported, %d already present, %d rows rejected", preview.file_name, imported, already,
             preview.rejected_rows)
    return RosterImportResult(
        site_id=site_id, site_name=site.name if site is not None else site_name, site_created=created,
        total_rows=preview.total_rows,
        imported=imported, already_present=already, rejected_rows=preview.rejected_rows,
        rejections=preview.rejections, warnings=tuple(warnings), ignored_columns=table.ignored_columns,
        file_format=table.file_format, encoding=table.encoding, delimiter=table.delimiter, columns=table.columns,
    )


def _existing_sites(session: Any, niks: list[str]) -> dict[str, str | None]:
    """NIK -> name of the site it is registered at, for the NIKs already on the station."""
    existing: dict[str, str | None] = {}
    for start in range(0, len(niks), LOOKUP_BATCH):  # stay under SQLite's bound-parameter limit
        batch = niks[start:start + LOOKUP_BATCH]
        rows = session.execute(
            select(Applicant.nik, Site.name).outerjoin(Site, Applicant.site_id == Site.id)
            .where(Applicant.nik.in_(batch))
        )
        existing.update((nik, name) for nik, name in rows)
    return existing


def _validate(row: RosterRow, table: RosterTable, reference: dt.date
              ) -> tuple[dict[str, Any], list[tuple[str, Problem]], list[tuple[str, Problem]]]:
    raw: dict[str, Any] = {}
    errors: list[tuple[str, Problem]] = []
    for name, value in row.values.items():
        if name in ("nik", "kk_number"):
            if number_lost_digits(value) or _SCIENTIFIC.match(cell_text(value)):
                errors.append((name, Problem(
                    "number_format", "Excel menyimpan nomor ini sebagai angka sehingga digit terakhir hilang.",
                    "Excel stored this number as a number and lost its last digits.")))
                continue
            raw[name] = cell_text(value)
        elif name == "birth_date" and isinstance(value, (dt.date, dt.datetime)):
            raw[name] = value
        elif name == "birth_place_date":
            place, _, when = cell_text(value).rpartition(",")
            raw.setdefault("birth_place", place.strip())
            raw.setdefault("birth_date", when.strip())
        else:
            raw[name] = cell_text(value)
    if "birth_place_date" in row.values:
        raw.pop("birth_place_date", None)
    values, field_errors, field_warnings = build_applicant_values(raw, reference)
    bad_fields = {name for name, _ in errors}
    errors.extend((e.column, e.problem) for e in field_errors
                  if e.column not in bad_fields and not (e.column == "nik" and "nik" in bad_fields))
    return values, errors, [(w.column, w.problem) for w in field_warnings]


def _elsewhere(existing_sites: dict[str, str | None], row_of_nik: dict[str, int], table: RosterTable,
               site_name: str) -> list[RejectedRow]:
    """Warnings for NIKs already registered at another site (or typed in by hand): left where they are."""
    found = []
    for nik, other in existing_sites.items():
        if other is not None and other.lower() == site_name.lower():
            continue
        where_id = f"lokasi {other}" if other else "data manual"
        where_en = f"site {other}" if other else "a manual entry"
        found.append(_rejected(row_of_nik[nik], table, "nik", Problem(
            "registered_elsewhere", f"NIK sudah terdaftar di {where_id}; data itu tidak diubah.",
            f"This NIK is already registered at {where_en}; it was left unchanged.")))
    return sorted(found, key=lambda w: w.row)


def _rejected(number: int, table: RosterTable, column: str, problem: Problem) -> RejectedRow:
    if column not in table.columns and column in ("birth_date", "birth_place"):
        column = "birth_place_date"
    header = table.columns.get(column, column)
    return RejectedRow(number, header, problem.code, problem.message_id, problem.message_en)
