"""``station report daily``: one day's recordings at a site (or every site) as a PDF or CSV for supervisors."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.services.report import DailyReport, DailyReportService, parse_report_day
from app.services.report_writers import write_report
from ui.cli.context import CommandContext
from ui.cli.output import print_json


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("report", help="laporan / reports")
    kinds = parser.add_subparsers(dest="report_command", required=True)
    daily = kinds.add_parser("daily", help="laporan harian (PDF/CSV) / daily report (PDF/CSV)")
    daily.add_argument("--date", default=None, metavar="YYYY-MM-DD",
                       help="hari laporan (zona waktu stasiun; bawaan hari ini) / the day (station's time zone; "
                            "default today)")
    daily.add_argument("--site", default=None, metavar="NAME",
                       help="nama lokasi (bawaan semua lokasi hari itu) / site name (default every site that day)")
    daily.add_argument("--out", required=True, type=Path, metavar="FILE.pdf|FILE.csv",
                       help="berkas laporan: .pdf atau .csv / the report file: .pdf or .csv")
    daily.add_argument("--json", action="store_true", help="machine-readable output")
    daily.set_defaults(func=run_daily)


def run_daily(context: CommandContext) -> int:
    args = context.args
    day = parse_report_day(args.date) if args.date else None
    service = DailyReportService.from_config(context.config, context.station.db)
    report = service.build(day, args.site)
    path = write_report(report, args.out)
    if args.json:
        print_json({"ok": True, "out": str(path), "format": path.suffix.lower().lstrip("."), **report.to_dict()})
    else:
        print_summary(report, path)
    return 0


def print_summary(report: DailyReport, path: Path) -> None:
    where = report.site or "semua lokasi / all sites"
    print(f"Laporan harian / daily report {report.day.isoformat()} · {where} -> {path}")
    print(f"  Direkam / recorded: {report.recorded}, target {report.target}")
    print(f"  Dipaksa / forced: {report.forced_count}, pengecualian / exceptions: {report.exception_count}, "
          f"kemungkinan ganda / possible duplicates: {len(report.duplicates)}")
    print(f"  Disetujui / approved: {report.approved}, menunggu persetujuan / awaiting approval: "
          f"{report.awaiting_approval}")
    sending = report.sending
    print(f"  Terkirim / sent: {sending.sent}, diserahkan / handed over: {sending.handed_over}, "
          f"menunggu / waiting: {sending.waiting}, gagal / failed: {sending.failed}")
