"""``station-hub handover import DIR``: the office side of a hand-over on removable media."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path

from app.sync.handover_format import ALREADY_RECEIVED, MISSING, REFUSED, STORED
from server.handover import import_handover
from server.handover_keys import load_or_create_hub_signing_key
from server.hub import Hub

_RESULT_WORDS = {STORED: "DITERIMA / stored", ALREADY_RECEIVED: "SUDAH ADA / already received",
                 REFUSED: "DITOLAK / refused", MISSING: "TIDAK ADA / missing"}


def register_commands(commands: argparse._SubParsersAction, common: argparse.ArgumentParser,
                      open_hub: Callable[[argparse.Namespace], Hub]) -> None:
    handover = commands.add_parser("handover", help="hand-over on removable media").add_subparsers(
        dest="handover_command", required=True)
    importer = handover.add_parser("import", parents=[common],
                                   help="verify and store a station's hand-over folder, write the signed receipt")
    importer.add_argument("dir", type=Path)
    importer.add_argument("--json", action="store_true")
    importer.set_defaults(func=lambda args: _import(args, open_hub))


def _import(args: argparse.Namespace, open_hub: Callable[[argparse.Namespace], Hub]) -> int:
    hub = open_hub(args)
    try:
        signing_key, _created = load_or_create_hub_signing_key(hub.data_dir)
        report = import_handover(hub, args.dir, signing_key)
    finally:
        hub.close()
    result = report.to_dict()
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return 0 if result["ok"] else 1
    print(f"Serah terima dari stasiun / hand-over from station {report.station_code}: "
          f"{result['stored']} diterima / stored, {result['already_received']} sudah ada / already received, "
          f"{result['refused']} ditolak / refused, {result['missing']} tidak ada / missing")
    for packet in report.packets:
        if packet["result"] in (REFUSED, MISSING):
            print(f"  {_RESULT_WORDS[packet['result']]:28} {packet['packet_uuid']}")
            print(f"      {packet.get('message_id', '')}\n      {packet.get('message_en', '')}")
    if report.receipt_error:
        error = report.receipt_error
        print(f"Tanda terima TIDAK ditulis / receipt NOT written: {error['message_id']} / {error['message_en']}")
        print(f"  {error['action_id']} / {error['action_en']}")
        print("  Paket sudah tersimpan di pusat; impor lagi untuk menulis tanda terima. / The packets are stored; "
              "import again to write the receipt.")
    else:
        print(f"Tanda terima ditulis / receipt written: {report.receipt}")
        print("Kembalikan media ke stasiun untuk membaca tanda terima. / Take the medium back to the station to "
              "read the receipt.")
    return 0 if result["ok"] else 1
