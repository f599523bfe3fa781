"""``station pending`` and ``station approve``: the supervisor's approval of saved records before sending."""

from __future__ import annotations

import argparse

from app.errors import InputError
from app.services.approvals import PendingRecord
from ui.cli.commands._args import iso_date
from ui.cli.commands._supervisor import add_supervisor_arguments, verify_supervisor
from ui.cli.context import CommandContext
from ui.cli.output import print_json

NOT_NEEDED_ID = "Persetujuan supervisor tidak diperlukan: [sync] require_approval = false; rekaman langsung dikirim."
NOT_NEEDED_EN = "Supervisor approval is not needed: [sync] require_approval = false; records are sent as saved."


def register(subparsers: argparse._SubParsersAction) -> None:
    pending = subparsers.add_parser("pending", help="rekaman menunggu persetujuan / records waiting for approval")
    pending.add_argument("--json", action="store_true", help="keluaran JSON / JSON output")
    pending.set_defaults(func=run_pending)

    approve = subparsers.add_parser("approve", help="setujui rekaman untuk dikirim / approve records for sending")
    which = approve.add_mutually_exclusive_group(required=True)
    which.add_argument("--date", type=iso_date, metavar="YYYY-MM-DD",
                       help="semua yang direkam hari itu / everything recorded that day (station's time zone)")
    which.add_argument("--all-pending", action="store_true", help="semua yang menunggu / everything waiting")
    which.add_argument("uuids", nargs="*", default=[], metavar="UUID", help="UUID perekaman / enrolment UUIDs")
    add_supervisor_arguments(approve)
    approve.add_argument("--json", action="store_true", help="keluaran JSON / JSON output")
    approve.set_defaults(func=run_approve)


def run_pending(context: CommandContext) -> int:
    approvals = context.station.approvals
    records = approvals.pending() if approvals.required else []
    if context.args.json:
        print_json({"require_approval": approvals.required, "count": len(records),
                    "pending": [r.to_dict() for r in records]})
        return 0
    if not approvals.required:
        print(NOT_NEEDED_ID)
        print(NOT_NEEDED_EN)
        return 0
    print_records(records)
    print(f"{len(records)} rekaman menunggu persetujuan / records waiting for approval")
    return 0


def run_approve(context: CommandContext) -> int:
    args = context.args
    approvals = context.station.approvals
    if not approvals.required:
        if args.json:
            print_json({"ok": True, "require_approval": False, "approved": 0, "records": [],
                        "message_id": NOT_NEEDED_ID, "message_en": NOT_NEEDED_EN})
        else:
            print(NOT_NEEDED_ID)
            print(NOT_NEEDED_EN)
        return 0
    if args.uuids:
        records = approvals.select(args.uuids)
    elif args.date is not None:
        records = approvals.pending(on=args.date)
    elif args.all_pending:
        records = approvals.pending()
    else:  # argparse lets an empty UUID list through the group
        raise InputError("Pilih --date, --all-pending atau UUID.", "Choose --date, --all-pending or UUIDs.")
    if not records:  # no password asked for nothing
        if args.json:
            print_json({"ok": True, "require_approval": True, "approved": 0, "records": []})
        else:
            print("Tidak ada rekaman yang menunggu persetujuan / nothing is waiting for approval")
        return 0
    if not args.json:  # the supervisor sees what they approve before typing the password
        print_records(records)
        print(f"{len(records)} rekaman akan disetujui / records to approve", flush=True)
    supervisor = verify_supervisor(context)
    approved = approvals.approve(records, supervisor.id)
    if args.json:
        print_json({"ok": True, "require_approval": True, "approved": approved, "supervisor": supervisor.username,
                    "records": [r.to_dict() for r in records]})
        return 0
    print(f"{approved} rekaman disetujui oleh / records approved by {supervisor.username}")
    return 0


def print_records(records: list[PendingRecord]) -> None:
    for record in records:
        duplicate = f"  ! kemungkinan ganda / possible duplicate of {record.possible_duplicate_of}" \
            if record.possible_duplicate_of else ""
        print(f"{record.uuid}  {record.nik_masked}  {record.name:<30} {record.captured_local:<20} "
              f"{record.operator}{duplicate}")
