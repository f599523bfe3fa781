"""``station gui`` (the default): start the Qt station window."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ui.cli.context import CommandContext


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("gui", help="jalankan aplikasi / start the station GUI")
    parser.add_argument("--screenshot", type=Path, metavar="FILE",
                        help="simpan gambar layar pertama (PNG) lalu keluar / save the first screen as PNG, then quit")
    parser.set_defaults(func=run)


def has_display() -> bool:
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def run(context: CommandContext) -> int:
    if not has_display():
        print(
            "Tidak ada layar (DISPLAY kosong). Jalankan dengan layar virtual:\n"
            "    xvfb-run -a make run\n"
            "No display found. Run it on a virtual screen:\n"
            "    xvfb-run -a make run\n"
            "(or QT_QPA_PLATFORM=offscreen for a windowless smoke run)",
            file=sys.stderr,
        )
        return 2
    if context.launch_gui is None:  # the command line run without the station program (python -m ui.cli.main)
        print("Aplikasi jendela tidak tersedia di sini: jalankan perintah `station`.\n"
              "The station window is not available here: run the `station` program.", file=sys.stderr)
        return 2
    return context.launch_gui(context.locked_station, context.args.screenshot)  # the log-in screen unlocks it
