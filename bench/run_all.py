"""Run every benchmark in turn (``make bench``); each prints its own table and JSON.

Benchmarks are not tests: the numbers depend on the machine and its load, so
they are reported in issue notes and README, never asserted.
"""

from __future__ import annotations

import subprocess
import sys
import time

BENCHMARKS: tuple[str, ...] = (
    "bench.bench_quality",
    "bench.bench_scan_path",
    "bench.bench_memory",
    "bench.bench_encoders",
    "bench.bench_synth",
    "bench.bench_records",
    "bench.bench_save",
    "bench.bench_duplicates",
    "bench.bench_roster",
    "bench.bench_sbi_discovery",
    "bench.bench_sync",
    "bench.bench_limits",
    "bench.bench_gui",
    "bench.bench_handover",
    "bench.bench_hub_dedup",
    "bench.bench_hub_throughput",
    "bench.bench_two_stations",
    "bench.bench_installer",
    "bench.bench_audit",
    "bench.bench_camera",
    "bench.bench_cli_startup",
    "bench.bench_queue",
    "bench.bench_enrolment_gui",
    "bench.bench_at_rest",
    "bench.bench_hub_scores",
    "bench.bench_dashboard",
)


def main() -> int:
    failures: list[str] = []
    for module in BENCHMARKS:
        print(f"\n=== {module} ===", flush=True)
        started = time.monotonic()
        result = subprocess.run([sys.executable, "-m", module], check=False)
        print(f"--- {module}: exit {result.returncode}, {time.monotonic() - started:.0f} s", flush=True)
        if result.returncode != 0:
            failures.append(module)
    if failures:
        print(f"\nFailed: {', '.join(failures)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
