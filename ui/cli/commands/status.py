"""``station status [--json]``: identity, records by status, outbox, last sync, free disk and any freeze."""

from __future__ import annotations

import argparse

from app.station_status import StationStatus, station_status
from ui.cli.context import CommandContext
from ui.cli.output import print_json


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("status", help="keadaan stasiun / station status")
    parser.add_argument("--json", action="store_true", help="keluaran JSON / JSON output")
    parser.set_defaults(func=run_status)


def run_status(context: CommandContext) -> int:
    status = station_status(context.station)
    if context.args.json:
        print_json(status.to_dict())
    else:
        print_status(status)
    return 0


def _counts(counts: dict[str, int]) -> str:
    shown = [f"{name} {count}" for name, count in counts.items() if count]
    return ", ".join(shown) or "-"


def print_status(status: StationStatus) -> None:
    hub = f"{status.hub_url} ({status.hub_station_id}, {status.site_code or '-'})" if status.registered \
        else "belum terdaftar / not registered"
    print(f"Stasiun / station: {status.name} [{status.station_code}], {status.timezone}")
    print(f"Pusat / hub: {hub}")
    print(f"Perekaman / enrolments: {_counts(status.enrolments)}")
    print(f"Kotak keluar / outbox: {_counts(status.outbox)}")
    approval = "wajib / required" if status.require_approval else "tidak perlu / not needed"
    print(f"Persetujuan supervisor / approval: {approval}; menunggu / waiting: {status.limits.pending_approval}")
    print(f"Sinkron terakhir / last sync: {status.last_sync_local or 'belum pernah / never'}")
    print(f"Disk kosong / free disk: {status.free_disk_gib:.2f} GiB")
    if not status.frozen:
        print("Perekaman terbuka / recording open")
        return
    print("PEREKAMAN DIBEKUKAN / RECORDING FROZEN:")
    for breach in status.limits.breaches:
        print(f"  - {breach.message_id}")
        print(f"    {breach.message_en}")
        print(f"    Tindakan: {breach.action_id}")
        print(f"    Action: {breach.action_en}")
