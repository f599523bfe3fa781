"""``station roster import FILE --site NAME``: import a school's student list (CSV or XLSX)."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.domain.enums import SiteKind
from app.services.roster import RosterImportResult, import_roster
from ui.cli.context import CommandContext
from ui.cli.output import print_json


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("roster", help="daftar pemohon / applicant rosters")
    actions = parser.add_subparsers(dest="roster_command", required=True)
    load = actions.add_parser("import", help="impor CSV/XLSX / import a CSV or XLSX roster")
    load.add_argument("file", type=Path)
    load.add_argument("--site", required=True, help="nama lokasi / site name (created if missing)")
    load.add_argument("--kind", default=SiteKind.SCHOOL.value, choices=[k.value for k in SiteKind],
                      help="jenis lokasi baru / kind of a new site (default: school)")
    load.add_argument("--encoding", default=None, help="pengodean CSV bila bukan UTF-8 / CSV encoding if not UTF-8")
    load.add_argument("--json", action="store_true", help="keluaran JSON / JSON output")
    load.set_defaults(func=run_import)


def run_import(context: CommandContext) -> int:
    args = context.args
    station = context.station
    result = import_roster(station.db, args.file, args.site, kind=args.kind, encoding=args.encoding,
                           reference=station.applicants.today())
    if args.json:
        print_json({"ok": True, **result.to_dict()})
    else:
        _print_text(result)
    return 0


def _print_text(result: RosterImportResult) -> None:
    created = " (lokasi baru / new site)" if result.site_created else ""
    print(f"Lokasi / site: {result.site_name}{created}")
    print(f"Baris / rows: {result.total_rows}  diimpor / imported: {result.imported}  "
          f"sudah ada / already present: {result.already_present}  ditolak / rejected: {result.rejected_rows}")
    if result.ignored_columns:
        print(f"Kolom diabaikan / ignored columns: {', '.join(result.ignored_columns)}")
    for rejection in result.rejections:
        print(f"  baris / row {rejection.row}, {rejection.column}: {rejection.message_id} / {rejection.message_en}")
    for warning in result.warnings:
        print(f"  peringatan / warning: baris / row {warning.row}, {warning.column}: {warning.message_id}")
