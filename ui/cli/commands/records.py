"""``station export nist UUID --out FILE`` and ``station inspect FILE [--json]``: standard records.

``inspect`` works on any ANSI/NIST-ITL file and needs no station database;
exit 0 when every image decodes to its stated size, 1 when some are damaged,
2 when the file is not a transaction at all (with a clear message).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.errors import InputError
from app.records.nist import inspect_transaction
from app.storage.atomic import atomic_write_bytes
from ui.cli.context import CommandContext
from ui.cli.output import print_json

TYPE_NAMES = {1: "header", 2: "demographics", 8: "signature", 10: "face", 14: "finger", 17: "iris"}
FINGER_NAMES = {1: "right_thumb", 2: "right_index", 3: "right_middle", 4: "right_ring", 5: "right_little",
                6: "left_thumb", 7: "left_index", 8: "left_middle", 9: "left_ring", 10: "left_little"}
EYE_NAMES = {1: "right", 2: "left"}


def register(subparsers: argparse._SubParsersAction) -> None:
    export = subparsers.add_parser("export", help="ekspor rekaman / export records")
    kinds = export.add_subparsers(dest="export_kind", required=True)
    nist = kinds.add_parser("nist", help="transaksi ANSI/NIST-ITL satu perekaman / one enrolment's ANSI/NIST-ITL file")
    nist.add_argument("uuid", help="UUID perekaman / enrolment UUID")
    nist.add_argument("--out", type=Path, required=True, help="berkas tujuan / output file (.an2)")
    nist.add_argument("--json", action="store_true", help="keluaran JSON / JSON output")
    nist.set_defaults(func=run_export)

    inspect = subparsers.add_parser("inspect", help="periksa berkas ANSI/NIST-ITL / inspect an ANSI/NIST-ITL file")
    inspect.add_argument("file", type=Path, help="berkas .an2 / .nist")
    inspect.add_argument("--json", action="store_true", help="keluaran JSON / JSON output")
    inspect.set_defaults(func=run_inspect)


def run_export(context: CommandContext) -> int:
    args = context.args
    data = context.station.enrolments.record_bytes(args.uuid)
    atomic_write_bytes(args.out, data)
    if args.json:
        print_json({"ok": True, "uuid": args.uuid, "out": args.out, "bytes": len(data)})
    else:
        print(f"Ditulis / written: {args.out} ({len(data):,} bytes)")
    return 0


def run_inspect(context: CommandContext) -> int:
    args = context.args
    try:
        data = args.file.read_bytes()
    except OSError as exc:
        raise InputError(f"Berkas {args.file} tidak dapat dibaca: {exc.strerror}.",
                         f"Cannot read {args.file}: {exc.strerror}.") from exc
    summary = inspect_transaction(data)
    damaged = [r for r in summary["records"] if r.get("image_ok") is False or r.get("vectors_ok") is False]
    if args.json:
        print_json(summary)
    else:
        print(describe(summary))
        if damaged:
            print(f"Galat: {len(damaged)} citra rusak / Error: {len(damaged)} damaged images")
    return 1 if damaged else 0


def _record_line(record: dict[str, Any]) -> str:
    kind = record["type"]
    name = TYPE_NAMES.get(kind, "?")
    head = f"Type-{kind:<2} {name:<12} IDC {record['idc'] if record['idc'] is not None else '-':>3}"
    if kind == 2:
        return f"{head}  {len(record['fields'])} fields"
    if kind == 14:
        where = FINGER_NAMES.get(record["position"], str(record["position"]))
        extra = f"  AMP {record['amputation']}" if record["amputation"] else f"  NFIQ2 {record['quality']}"
        if record.get("comment"):
            extra += f"  ({record['comment']})"
        return f"{head}  {where:<13} {record['width']}x{record['height']} {record['compression']} " \
               f"{record['bytes']:,} B{extra}{'' if record['image_ok'] else '  IMAGE BAD'}"
    if kind in (10, 17):
        where = "face" if kind == 10 else EYE_NAMES.get(record["eye"], str(record["eye"]))
        return f"{head}  {where:<13} {record['width']}x{record['height']} {record['compression']} " \
               f"{record['bytes']:,} B  quality {record['quality']}{'' if record['image_ok'] else '  IMAGE BAD'}"
    if kind == 8:
        return f"{head}  {record['vectors']} pen vectors{'' if record['vectors_ok'] else '  NOT TERMINATED'}"
    return head


def describe(summary: dict[str, Any]) -> str:
    lines = [
        f"ANSI/NIST-ITL {summary['version']}  TOT {summary['transaction_type']}  DAT {summary['date']}",
        f"TCN {summary['tcn']}  ORI {summary['originating_agency']}  DAI {summary['destination']}",
        f"{summary['size']:,} bytes, {len(summary['records'])} records",
    ]
    lines += [_record_line(record) for record in summary["records"]]
    return "\n".join(lines)
