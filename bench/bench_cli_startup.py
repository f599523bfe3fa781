"""Command-line start-up: ``python -m bench.bench_cli_startup [--repeat N] [--compare DIR]``.

Times ``station --version``, ``station --help`` and ``station nik NIK --json`` as fresh
processes (what an operator waits for), median of N runs, in a scratch STATION_HOME.
``--compare DIR`` runs the same commands from another checkout (e.g. a worktree of
main) in the same run, interleaved, so load affects both alike. Numbers depend on the
machine's load; results go to bench/results/bench_cli_startup.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RESULTS = Path(__file__).with_name("results")
ROOT = Path(__file__).resolve().parents[1]
COMMANDS: dict[str, list[str]] = {
    "--version": ["--version"],
    "--help": ["--help"],
    "nik": ["nik", "3573014503080001", "--on", "2024-11-27", "--json"],
}


def _once(tree: Path, argv: list[str], home: str) -> float:
    env = {**os.environ, "PYTHONPATH": str(tree), "STATION_HOME": home}
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "ui.station", *argv], cwd=tree, env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--compare", type=Path, default=None, help="another checkout to time side by side")
    args = parser.parse_args()
    trees = {"this_tree": ROOT}
    if args.compare is not None:
        trees[f"compared: {args.compare}"] = args.compare.resolve()
    results: dict[str, object] = {"load_average_1min": round(os.getloadavg()[0], 2), "repeat": args.repeat}
    with tempfile.TemporaryDirectory(prefix="bench-cli-") as home:
        for tree in trees.values():
            _once(tree, ["--version"], home)  # warm the file cache
        times: dict[str, dict[str, list[float]]] = {name: {c: [] for c in COMMANDS} for name in trees}
        for _ in range(args.repeat):
            for command, argv in COMMANDS.items():
                for name, tree in trees.items():
                    times[name][command].append(_once(tree, argv, home))
    for name, per_command in times.items():
        results[name] = {command: {"median_s": round(statistics.median(values), 3), "max_s": round(max(values), 3)}
                         for command, values in per_command.items()}
    print(json.dumps(results, indent=2))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "bench_cli_startup.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
