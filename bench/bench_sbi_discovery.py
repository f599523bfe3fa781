"""Benchmark: SBI discovery over the whole 4501–4600 range when nothing (or one service) listens.

Run: ``.venv/bin/python -m bench.bench_sbi_discovery [--host 127.0.0.1] [--runs 5]``.
The target is under 2 s for the full range with nothing listening.
"""

from __future__ import annotations

import argparse
import statistics
import time

from drivers.sbi.discovery import DEFAULT_PORTS, discover, open_ports


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    already = open_ports(args.host, DEFAULT_PORTS)
    timings = []
    for _ in range(args.runs):
        started = time.perf_counter()
        found = discover(args.host, DEFAULT_PORTS)
        timings.append(time.perf_counter() - started)
    print(f"host {args.host}: {len(DEFAULT_PORTS)} ports, {len(already)} listening, {len(found)} SBI devices")
    print(f"full-range discovery: median {statistics.median(timings):.3f} s, max {max(timings):.3f} s over {args.runs} runs")
    return 0 if max(timings) < 2.0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
