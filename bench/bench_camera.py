"""Simulated camera render cost: ``python -m bench.bench_camera [--frames N] [--compare DIR]``.

Renders N frames of each scenario at 1280×720 (the simulator's own work per
preview frame, without pacing) and reports milliseconds per frame and the frame
rate that cost alone would allow. ``--compare DIR`` runs the same measurement on
another checkout (e.g. a worktree of main) in a subprocess, side by side.
Numbers depend on the machine's load; results go to bench/results/bench_camera.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).with_name("results")
CASES: tuple[tuple[str, dict[str, Any]], ...] = (
    ("face_red", {}), ("face_blue_dirty", {"background": "blue", "dirty": True}),
    ("two_faces", {"scenario": "two_faces"}), ("room_scene", {"background": "scene"}),
)


def measure(frames: int) -> dict[str, Any]:
    from drivers.camera.scene import render_frame
    from drivers.camera.sim import SimulatedCamera

    result: dict[str, Any] = {"default_fps": SimulatedCamera.settings_defaults["fps"]}
    for name, options in CASES:
        render_frame(0, **options)  # caches (backdrop, portrait) are built once per process
        times = []
        for index in range(1, frames + 1):
            started = time.perf_counter()
            render_frame(index, **options)
            times.append(time.perf_counter() - started)
        median_ms = statistics.median(times) * 1000
        result[name] = {"median_ms": round(median_ms, 2), "p95_ms": round(sorted(times)[int(0.95 * len(times))] * 1000, 2),
                        "max_fps_from_render_alone": round(1000 / median_ms, 0)}
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--frames", type=int, default=60)
    parser.add_argument("--compare", type=Path, default=None, help="another checkout to measure side by side")
    parser.add_argument("--json-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    results: dict[str, Any] = {"load_average_1min": round(os.getloadavg()[0], 2), "this_tree": measure(args.frames)}
    if args.json_only:
        print(json.dumps(results["this_tree"]))
        return 0
    if args.compare is not None:
        from bench.compare import run_in_tree  # here: this script is also the worker in the compared tree

        results[f"compared: {args.compare}"] = run_in_tree(
            args.compare, [str(Path(__file__).resolve()), "--frames", str(args.frames), "--json-only"])
    print(json.dumps(results, indent=2))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "bench_camera.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
