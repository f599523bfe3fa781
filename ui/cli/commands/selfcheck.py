"""``station selfcheck [--config FILE] [--json]``: test every configured device; exit 1 if any fails."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.services.selfcheck import SelfCheckRun
from ui.cli.context import CommandContext
from ui.cli.output import print_json


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("selfcheck", help="uji semua perangkat / self-check every device")
    # SUPPRESS: when absent here, the top-level ``station --config FILE`` still counts.
    parser.add_argument("--config", type=Path, default=argparse.SUPPRESS,
                        help="berkas konfigurasi / configuration file (TOML)")
    parser.add_argument("--json", action="store_true", help="keluaran JSON / JSON output")
    parser.add_argument("--history", type=int, default=0, metavar="N",
                        help="tampilkan N hasil terakhir saja / only show the last N stored results")
    parser.set_defaults(func=run_selfcheck)


def run_selfcheck(context: CommandContext) -> int:
    service = context.station.selfcheck
    if context.args.history:
        records = service.history(context.args.history)
        if context.args.json:
            print_json([r.to_dict() for r in records])
        else:
            for record in records:
                verdict = "LULUS/PASS" if record.ok else "GAGAL/FAIL"
                print(f"{record.at.isoformat(timespec='seconds')}  {record.family:<12} {verdict:<10} {record.details}")
        return 0

    def progress(family: str, done: int, total: int) -> None:
        if family and not context.args.json:
            print(f"[{done + 1}/{total}] {family} ...", file=sys.stderr, flush=True)

    run = service.run(progress)
    if context.args.json:
        print_json(run.to_dict())
    else:
        print_run(run)
    return 0 if run.ok else 1


def print_run(run: SelfCheckRun) -> None:
    for result in run.results:
        verdict = "LULUS / PASS" if result.ok else "GAGAL / FAIL"
        numbers = []
        if result.latency_s is not None:
            numbers.append(f"{result.latency_s:.2f} s")
        if result.quality is not None:
            numbers.append(f"mutu/quality {result.quality:.0f}")
        extra = f" ({', '.join(numbers)})" if numbers else ""
        print(f"{result.family:<12} {result.backend:<8} {verdict}{extra}")
        if result.info:
            print(f"    {result.info.get('vendor', '')} {result.info.get('model', '')} "
                  f"SN {result.info.get('serial_number', '')} fw {result.info.get('firmware', '')}")
        if result.ok:
            print(f"    {result.details}")
            continue
        error = result.error or {}
        print(f"    Sebab: {error.get('message_id', result.details)}")
        print(f"    Reason: {error.get('message_en', '')}")
        if error.get("action_id"):
            print(f"    Tindakan: {error['action_id']}")
            print(f"    Action: {error.get('action_en', '')}")
    total = len(run.results)
    passed = sum(r.ok for r in run.results)
    print(f"{passed}/{total} perangkat lulus / devices passed")
