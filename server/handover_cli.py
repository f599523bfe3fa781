"""The office's offline procedures: ``station-hub handover import DIR`` (a station's hand-over on
removable media) and ``station-hub backup recovery-key DIR`` (the key a replacement laptop restores with)."""

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
    backup = commands.add_parser("backup", help="station backups").add_subparsers(dest="backup_command", required=True)
    recovery = backup.add_parser("recovery-key", parents=[common],
                                 help="unwrap a station backup set with the hub key: the recovery key to restore with")
    recovery.add_argument("dir", type=Path)
    recovery.add_argument("--json", action="store_true")
    recovery.set_defaults(func=lambda args: _recovery_key(args, open_hub))


def _recovery_key(args: argparse.Namespace, open_hub: Callable[[argparse.Namespace], Hub]) -> int:
    from app.backup_format import format_recovery_key, unwrap_for_office
    from app.backup_restore import read_manifest, read_set

    document = read_set(args.dir)
    manifest = read_manifest(args.dir, None)  # signed by the station the set belongs to
    hub = open_hub(args)
    try:
        office = document.get("wrapped", {}).get("office")
        if not office:
            from app.backup_format import BackupError

            raise BackupError("no_office_key", "Cadangan ini dibuat sebelum stasiun terdaftar; kantor tidak dapat "
                              "membukanya.", "This backup was made before the station was registered; the office "
                              "cannot open it.")
        key = unwrap_for_office(office, hub.key, str(document["set_id"]))
    finally:
        hub.close()
    text = format_recovery_key(key)
    if args.json:
        print(json.dumps({"station_code": document.get("station_code"), "set_id": document["set_id"],
                          "newest_backup": manifest["backup_id"], "recovery_key": text}, indent=2))
        return 0
    print(f"Stasiun / station {document.get('station_code')}, cadangan terbaru / newest backup {manifest['backup_id']}")
    print(f"Kunci pemulihan / recovery key: {text}")
    print("Berikan hanya kepada supervisor laptop pengganti. / Give it only to the replacement laptop's supervisor.")
    return 0


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
