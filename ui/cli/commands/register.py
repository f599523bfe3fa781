"""``station register --hub URL --code CODE``: register this station at the hub (once, by a supervisor)."""

from __future__ import annotations

import argparse

from ui.cli.context import CommandContext
from ui.cli.output import print_json


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("register", help="daftarkan stasiun ke pusat / register the station at the hub")
    parser.add_argument("--hub", required=True, metavar="URL", help="hub address, e.g. https://hub.example:8470")
    parser.add_argument("--code", required=True, help="one-time code from `station-hub station invite SITE`")
    parser.add_argument("--json", action="store_true")
    parser.set_defaults(func=run)


def run(context: CommandContext) -> int:
    registration = context.station.sync.register(context.args.hub, context.args.code)
    if context.args.json:
        print_json({"ok": True, "station_id": registration.station_id, "hub_url": registration.hub_url,
                    "site_code": registration.site_code})
    else:
        print(f"Stasiun terdaftar / station registered: {registration.station_id}")
        print(f"Pusat / hub: {registration.hub_url}; lokasi / site: {registration.site_code}")
    return 0
