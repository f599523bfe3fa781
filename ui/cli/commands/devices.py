"""``station devices list [--json] [--watch SECONDS]``: configured devices and what is plugged in (serial, USB)."""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from app.services.devices import DevicesOverview, list_devices
from drivers.discovery import DiscoveredDevice, device_watcher
from ui.cli.context import CommandContext
from ui.cli.output import print_json


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("devices", help="perangkat / devices")
    actions = parser.add_subparsers(dest="devices_command", required=True)
    listing = actions.add_parser("list", help="perangkat terpasang dan terdeteksi / configured and discovered devices")
    listing.add_argument("--json", action="store_true", help="keluaran JSON / JSON output")
    # SUPPRESS: when absent here, the top-level ``station --config FILE`` still counts.
    listing.add_argument("--config", type=Path, default=argparse.SUPPRESS,
                         help="berkas konfigurasi / configuration file (TOML)")
    listing.add_argument("--watch", type=float, default=0.0, metavar="SECONDS",
                         help="lalu pantau colok/cabut selama N detik / then report plug-ins and unplugs for N seconds")
    listing.set_defaults(func=run_list)


def run_list(context: CommandContext) -> int:
    overview = list_devices(context.config)
    if context.args.json:
        print_json(overview.to_dict())
    else:
        print_overview(overview)
    if getattr(context.args, "watch", 0) > 0:
        watch(context.args.watch, as_json=context.args.json)
    return 0


def watch(seconds: float, *, as_json: bool, interval_s: float = 0.5) -> None:
    """Report devices plugged in or pulled out until ``seconds`` have passed (Ctrl+C stops earlier)."""

    def report(event: str, device: DiscoveredDevice) -> None:
        if as_json:
            print(json.dumps({"event": event, **device.to_dict()}, ensure_ascii=False), flush=True)
            return
        sign = "+ terpasang / plugged in" if event == "added" else "- dicabut / unplugged"
        usb_id = f" [{device.usb_id}]" if device.usb_id else ""
        known = f" -> {device.family} · {device.model}" if device.family else ""
        print(f"{sign}: {device.transport} {device.address}{usb_id} {device.description}{known}", flush=True)

    watcher = device_watcher(interval_s=interval_s)
    watcher.poll()  # what is there now was listed above
    watcher.on_added = lambda device: report("added", device)
    watcher.on_removed = lambda device: report("removed", device)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        time.sleep(min(interval_s, max(0.0, deadline - time.monotonic())))
        watcher.poll()


def print_overview(overview: DevicesOverview) -> None:
    print("Perangkat yang diatur / Configured devices:")
    for row in overview.configured:
        settings = ", ".join(f"{key}={value}" for key, value in sorted(row.settings.items()))
        status = "ok" if row.valid else f"GALAT / ERROR: {row.error['message_id'] if row.error else ''}"
        print(f"  {row.family:<12} {row.backend:<8} {status}  {settings}")
    if not overview.configured:
        print("  (tidak ada / none)")
    print("Terdeteksi / Discovered:")
    for device in overview.discovered.devices:
        known = f"{device.family} · {device.model} ({device.kind})" if device.family else "tidak dikenal / unknown"
        usb_id = f" [{device.usb_id}]" if device.usb_id else ""
        description = f" {device.description}" if device.description else ""
        print(f"  {device.transport:<6} {device.address:<16}{usb_id}{description} -> {known}")
    if not overview.discovered.devices:
        print("  (tidak ada / none)")
    for problem in overview.discovered.problems:
        print(f"  ! {problem}")
