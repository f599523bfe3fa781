"""``station audit verify|list``: check the tamper-evident audit chain and read the log."""

from __future__ import annotations

import argparse
import re

from app.domain.enums import AuditAction
from app.services.audit_log import AuditEntry, ChainReport, Checkpoint
from ui.cli.commands._args import iso_date
from ui.cli.context import CommandContext
from ui.cli.output import print_json


def _checkpoint(text: str) -> Checkpoint:
    match = re.fullmatch(r"\s*(\d+):([0-9a-fA-F]{64})\s*", text)
    if not match:
        raise argparse.ArgumentTypeError(
            f"titik periksa harus NOMOR:MAC (64 heksadesimal) / checkpoint must be SEQ:MAC (64 hex), not {text!r}")
    return Checkpoint(int(match.group(1)), match.group(2).lower())


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"harus bilangan bulat positif / must be a positive whole number: {text!r}")
    return value


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("audit", help="log audit / audit log")
    actions = parser.add_subparsers(dest="audit_command", required=True)

    verify = actions.add_parser("verify", help="periksa rantai log audit / verify the audit chain")
    verify.add_argument("--checkpoint", type=_checkpoint, metavar="SEQ:MAC",
                        help="titik periksa dari pusat / a checkpoint kept at the office (from a packet)")
    verify.add_argument("--json", action="store_true", help="keluaran JSON / JSON output")
    verify.set_defaults(func=run_verify)

    listing = actions.add_parser("list", help="daftar kejadian / list events, newest first")
    listing.add_argument("--limit", type=_positive, default=50, help="paling banyak / at most N events (50)")
    listing.add_argument("--all", action="store_true", help="semua kejadian / every event")
    listing.add_argument("--since", type=iso_date, metavar="YYYY-MM-DD",
                         help="sejak hari itu / from that day on (station's time zone)")
    listing.add_argument("--action", action="append", choices=[a.value for a in AuditAction], default=[],
                         help="hanya jenis ini / only this kind (repeatable)")
    listing.add_argument("--by", metavar="USERNAME", help="hanya petugas ini / only this operator")
    listing.add_argument("--json", action="store_true", help="keluaran JSON / JSON output")
    listing.set_defaults(func=run_list)


def run_verify(context: CommandContext) -> int:
    report = context.station.audit_log.verify(context.args.checkpoint)
    if context.args.json:
        print_json(report.to_dict())
    else:
        print_report(report)
    return 0 if report.ok else 1


def print_report(report: ChainReport) -> None:
    if report.ok:
        print(f"Log audit utuh: {report.verified} kejadian, semua tautan cocok.")
        print(f"Audit log intact: {report.verified} events, every link verifies.")
        print(f"Ujung / head: {report.head.seq}:{report.head.mac}")
        return
    problem = report.problem
    assert problem is not None
    print(f"LOG AUDIT RUSAK: {problem.message_id}")
    print(f"AUDIT LOG BROKEN: {problem.message_en}")
    print(f"{report.verified} kejadian pertama utuh / first {report.verified} events intact; "
          f"{report.events} kejadian tersimpan / events stored")


def run_list(context: CommandContext) -> int:
    args = context.args
    entries = context.station.audit_log.entries(limit=None if args.all else args.limit, since=args.since,
                                                actions=tuple(AuditAction(a) for a in args.action),
                                                operator_username=args.by)
    if args.json:
        print_json({"count": len(entries), "events": [e.to_dict() for e in entries]})
        return 0
    if not entries:
        print("Tidak ada kejadian / no events")
    for entry in entries:
        print_entry(entry)
    return 0


def print_entry(entry: AuditEntry) -> None:
    seq = f"{entry.seq:>6}" if entry.seq is not None else "     -"
    about = entry.subject_id if entry.subject_id == entry.subject_en else f"{entry.subject_id} / {entry.subject_en}"
    print(f"{seq}  {entry.at_local:<20} {entry.operator or '-':<16} {entry.label_id} / {entry.label_en}"
          f"{'  ' + about if about else ''}")
