"""Frozen station against the same station from ``.venv``: ``python -m bench.bench_installer [--repeat N]``.

Measures, side by side in one run, the time from starting ``station gui --screenshot``
(offscreen) until the GUI reports its log-in screen ready, for the frozen build in
``dist/station/`` and for ``.venv``'s Python running the same code. Each variant gets its
own station home with a supervisor (so the log-in form, not first-run, is shown) and one
warm-up start; then the two alternate, ``--repeat`` times each, in a bare environment
(no ``PYTHON*`` variables). Also reported: the archive's and the unpacked folder's sizes.
The issue's limits: frozen at most 1.5x the ``.venv`` median, archive at most 250 MB.
Results go to bench/results/bench_installer.json; numbers depend on the machine's load.
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
from typing import Any

from app import __version__
from ui.installer_manifest import archive_name

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).with_name("results")
SUPERVISOR = ("bench", "Bench Supervisor", "bench-sandi-123")
RATIO_LIMIT = 1.5
ARCHIVE_LIMIT_MB = 250


def variants(frozen: Path) -> dict[str, list[str]]:
    return {"frozen": [str(frozen)], "venv": [sys.executable, "-m", "ui.station"]}


def bare_env(home: Path) -> dict[str, str]:
    return {"PATH": "/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8", "STATION_HOME": str(home),
            "QT_QPA_PLATFORM": "offscreen"}


def prepare_home(command: list[str], home: Path) -> None:
    home.mkdir(parents=True)
    subprocess.run([*command, "operator", "add", SUPERVISOR[0], "--role", "supervisor", "--name", SUPERVISOR[1],
                    "--password-stdin"], input=f"{SUPERVISOR[2]}\n", text=True, env=bare_env(home), cwd=ROOT,
                   check=True, capture_output=True)


def time_to_login(command: list[str], home: Path) -> tuple[float, float]:
    """(seconds until the log-in screen is ready, seconds until the process ended)."""
    shot = home / "login.png"
    started = time.perf_counter()
    process = subprocess.Popen([*command, "gui", "--screenshot", str(shot)], stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True, env=bare_env(home), cwd=ROOT)
    ready = None
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith("screenshot") and "(login)" in line:
            ready = time.perf_counter() - started
    code = process.wait(timeout=120)
    ended = time.perf_counter() - started
    if code != 0 or ready is None:
        raise SystemExit(f"bench_installer: `{' '.join(command)} gui --screenshot` failed (exit {code})")
    return ready, ended


def folder_mib(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink()) / 2**20


def run(repeat: int, dist: Path) -> dict[str, Any]:
    frozen = dist / "station" / ("station.exe" if os.name == "nt" else "station")
    if not frozen.exists():
        raise SystemExit(f"bench_installer: no frozen station at {frozen}: run `make installer` first")
    commands = variants(frozen)
    ready: dict[str, list[float]] = {name: [] for name in commands}
    ended: dict[str, list[float]] = {name: [] for name in commands}
    with tempfile.TemporaryDirectory(prefix="bench-installer-") as scratch:
        homes = {name: Path(scratch) / name for name in commands}
        for name, command in commands.items():
            prepare_home(command, homes[name])
            time_to_login(command, homes[name])  # warm-up: page cache, first byte-code compile
        for index in range(repeat):
            order = list(commands) if index % 2 == 0 else list(reversed(commands))
            for name in order:
                seconds_ready, seconds_ended = time_to_login(commands[name], homes[name])
                ready[name].append(seconds_ready)
                ended[name].append(seconds_ended)
                print(f"  {index + 1}/{repeat} {name:6s} log-in ready {seconds_ready:5.2f} s, exited {seconds_ended:5.2f} s",
                      flush=True)
    medians = {name: statistics.median(values) for name, values in ready.items()}
    archive = dist / archive_name(__version__)
    archive_mb = archive.stat().st_size / 1e6 if archive.exists() else None
    return {
        "repeat": repeat,
        "login_ready_s": {name: [round(v, 3) for v in values] for name, values in ready.items()},
        "process_s": {name: [round(v, 3) for v in values] for name, values in ended.items()},
        "median_login_ready_s": {name: round(value, 3) for name, value in medians.items()},
        "ratio_frozen_to_venv": round(medians["frozen"] / medians["venv"], 3),
        "ratio_limit": RATIO_LIMIT,
        "archive": archive.name,
        "archive_mb": round(archive_mb, 1) if archive_mb is not None else None,
        "archive_limit_mb": ARCHIVE_LIMIT_MB,
        "unpacked_mib": round(folder_mib(dist / "station"), 1),
        "cpus": os.cpu_count(),
        "load_average": [round(v, 2) for v in os.getloadavg()] if hasattr(os, "getloadavg") else None,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    args = parser.parse_args(argv)
    result = run(max(1, args.repeat), args.dist)
    medians = result["median_login_ready_s"]
    print(f"log-in screen ready, median of {result['repeat']}: frozen {medians['frozen']:.2f} s, "
          f".venv {medians['venv']:.2f} s, ratio {result['ratio_frozen_to_venv']:.2f} (limit {RATIO_LIMIT})")
    if result["archive_mb"] is not None:
        print(f"archive {result['archive']}: {result['archive_mb']:.1f} MB (limit {ARCHIVE_LIMIT_MB}); "
              f"unpacked {result['unpacked_mib']:.0f} MiB")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "bench_installer.json").write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
