"""``station handover export|receipt DIR``: hand packets over on removable media when the network never comes."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.sync.handover_export import HandoverProgress, export_handover
from app.sync.handover_receipt import apply_handover_receipt
from ui.cli.context import CommandContext
from ui.cli.output import print_json


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("handover", help="serah terima lewat media lepas / hand-over on removable media")
    commands = parser.add_subparsers(dest="handover_command", required=True)
    export = commands.add_parser("export", help="salin paket yang belum dikonfirmasi pusat ke DIR / copy unconfirmed "
                                              "packets to DIR")
    export.add_argument("dir", type=Path, help="folder on the USB stick (or any folder)")
    export.add_argument("--json", action="store_true", help="machine-readable output")
    export.set_defaults(func=run_export)
    receipt = commands.add_parser("receipt", help="baca tanda terima pusat dari DIR / read the hub's receipt in DIR")
    receipt.add_argument("dir", type=Path)
    receipt.add_argument("--json", action="store_true", help="machine-readable output")
    receipt.set_defaults(func=run_receipt)


def _progress(progress: HandoverProgress) -> None:
    print(f"\r  {progress.packets_done}/{progress.packets_total} paket/packets, "
          f"{progress.bytes_done / 1e6:.1f}/{progress.bytes_total / 1e6:.1f} MB   ", end="", file=sys.stderr, flush=True)


def run_export(context: CommandContext) -> int:
    interactive = not context.args.json and sys.stderr.isatty()
    report = export_handover(context.station.sync, context.args.dir, _progress if interactive else None)
    if interactive:
        print(file=sys.stderr)
    if context.args.json:
        print_json(report.to_dict())
        return 0
    print(f"Tersalin ke / copied to {report.folder}: {len(report.packets)} paket/packets "
          f"({report.copied} baru / new, {report.already_there} sudah ada / already there), "
          f"{report.bytes_written / 1e6:.2f} MB ditulis / written, diperiksa ulang / read back and checked")
    print(f"Manifes / manifest: {report.manifest}")
    if report.awaiting_approval:
        print(f"Menunggu persetujuan supervisor, tidak disalin / awaiting supervisor approval, not copied: "
              f"{report.awaiting_approval}")
    if report.not_sealed:
        print(f"Belum disegel, tidak bisa diserahkan / not sealed yet, cannot be handed over: {report.not_sealed}")
    print("Bawa media ke kantor; paket tetap dalam antrean kirim sampai pusat mengonfirmasi. / Take the medium to "
          "the office; the packets stay in the sending queue until the hub confirms them.")
    return 0


def run_receipt(context: CommandContext) -> int:
    report = apply_handover_receipt(context.station.sync, context.args.dir)
    if context.args.json:
        print_json(report.to_dict())
        return 0 if not report.not_received else 1
    print(f"Diterima pusat / received by the hub: {len(report.received)} paket/packets")
    if report.not_received:
        print(f"Tidak diterima, akan diserahkan lagi / not received, to hand over again: {len(report.not_received)}")
        for item in report.not_received:
            print(f"  {item['packet_uuid']}: {item.get('message_id') or ''} / {item.get('message_en') or ''}")
    if report.unknown:
        print(f"Tidak dikenal di stasiun ini (diabaikan) / unknown to this station (ignored): {len(report.unknown)}")
    return 0 if not report.not_received else 1
