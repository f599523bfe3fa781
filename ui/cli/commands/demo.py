"""``station demo enrol [--count N] [--first-subject K] [--with-duplicate] [--config FILE] [--json]``: synthetic applicants end to end.

Uses the simulated devices named in the configuration and the same services
as the GUI; prints each saved enrolment's UUID (one per line, or JSON).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from app.services.demo import DemoEnrolmentResult, run_demo
from ui.cli.context import CommandContext
from ui.cli.output import print_json


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= 10_000:
        raise argparse.ArgumentTypeError(f"jumlah harus 1–10000 / count must be 1–10000, not {text!r}")
    return value


def _subject(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 1_000_000_000:
        raise argparse.ArgumentTypeError(
            f"nomor orang harus 0–1000000000 / the subject must be 0–1000000000, not {text!r}")
    return value


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("demo", help="demonstrasi dengan data sintetis / demonstrations with synthetic data")
    actions = parser.add_subparsers(dest="demo_command", required=True)
    enrol = actions.add_parser("enrol", help="rekam pemohon sintetis / record synthetic applicants")
    enrol.add_argument("--count", type=_count, default=1, help="jumlah pemohon / how many applicants (default 1)")
    enrol.add_argument("--config", dest="demo_config", type=Path, default=None,
                       help="berkas konfigurasi / configuration file (TOML)")
    enrol.add_argument("--with-duplicate", action="store_true",
                       help="rekam orang pertama sekali lagi dengan NIK lain (latihan data ganda) / "
                            "record the first person once more under another NIK (duplicate training)")
    enrol.add_argument("--first-subject", type=_subject, default=None, metavar="K",
                       help="rekam orang sintetis K, K+1, … (orang yang sama di setiap stasiun) / "
                            "record synthetic people K, K+1, … (the same people on every station)")
    enrol.add_argument("--json", action="store_true", help="keluaran JSON / JSON output")
    enrol.set_defaults(func=run_enrol)


def run_enrol(context: CommandContext) -> int:
    args = context.args
    if args.demo_config is not None:
        args.config = args.demo_config

    def show(result: DemoEnrolmentResult) -> None:
        if not args.json:
            note = f"  (data ganda? / possible duplicate of {result.possible_duplicate_of})" \
                if result.possible_duplicate_of else ""
            print(f"{result.uuid}{note}", flush=True)

    results = run_demo(context.station, args.count, progress=show, repeat_first=args.with_duplicate,
                       first_subject=args.first_subject)
    if args.json:
        print_json({"ok": True, "count": len(results), "enrolments": [r.to_dict() for r in results]})
    return 0
