"""Benchmark: how long each quality gate takes per capture on this machine.

Run: ``.venv/bin/python -m bench.bench_quality [--frames 100] [--fingers 20]``.
Prints a table (median and 95th percentile in milliseconds) and writes the
numbers as JSON to ``bench/results/``. The face gate runs on every live preview
frame, so its 1280×720 time bounds the preview's checked frame rate.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np

from app.quality.face import assess_face
from app.quality.finger import assess_finger
from app.quality.iris import assess_iris
from app.quality.samples import compose_portrait, synthetic_eye
from app.quality.signature import assess_signature, render_signature
from drivers.fingerprint.base import TEN_FINGERS
from drivers.fingerprint.synth import synthesize_fingerprint
from drivers.signature.base import PadRanges, PenPoint

RESULTS_DIR = Path(__file__).resolve().parent / "results"


def time_each(inputs: list, run: Callable) -> dict[str, float]:
    """Wall and process-CPU time of ``run(item)`` for every item, summarised (one warm-up call first).

    CPU time is reported too because the machine may be shared: wall time then
    includes waiting for a core, CPU time does not.
    """
    run(inputs[0])
    wall, cpu = [], []
    for item in inputs:
        started, started_cpu = time.perf_counter(), time.process_time()
        run(item)
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    ordered = sorted(wall)
    p95 = ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]
    return {"n": len(ordered), "median_ms": round(statistics.median(ordered), 2), "p95_ms": round(p95, 2),
            "max_ms": round(ordered[-1], 2), "cpu_median_ms": round(statistics.median(cpu), 2)}


def face_frames(count: int) -> list[np.ndarray]:
    """1280×720 frames: the sample portrait at varying positions, sizes, backdrops and blur."""
    rng = np.random.default_rng(0)
    frames = []
    for index in range(count):
        frame = compose_portrait("red" if index % 2 else "blue", size=(1280, 720),
                                 shift=(int(rng.integers(-120, 121)), int(rng.integers(-60, 61))),
                                 face_height=float(rng.uniform(0.3, 0.55)), seed=index)
        if index % 5 == 4:
            frame = cv2.GaussianBlur(frame, (0, 0), 2.0)
        frames.append(frame)
    return frames


def signature_points() -> list[PenPoint]:
    points, t = [], 0.0
    for stroke in range(4):
        for i in range(150):
            t += 0.005
            points.append(PenPoint(1500 + stroke * 3000 + i * 18, 5000 + round(1800 * math.sin(i / 9)), 500, True, True, t))
        points.append(PenPoint(points[-1].x, points[-1].y, 0, False, True, t + 0.005))
    return points


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--frames", type=int, default=100, help="face frames at 1280x720 (default 100)")
    parser.add_argument("--fingers", type=int, default=20, help="fingerprints for NFIQ 2 (default 20)")
    parser.add_argument("--eyes", type=int, default=20, help="iris images (default 20)")
    args = parser.parse_args(argv)

    frames = face_frames(args.frames)
    no_face = [np.full((720, 1280, 3), (200, 90, 30), dtype=np.uint8)] * max(10, args.frames // 10)
    fingers = [(synthesize_fingerprint(subject, position), position)
               for subject, position in zip(range(1, args.fingers + 1), TEN_FINGERS * (args.fingers // 10 + 1))]
    eyes = [synthetic_eye(seed=i, centre=(300 + i % 40, 240)) for i in range(args.eyes)]
    points, pad = signature_points(), PadRanges(15000, 10000, 1023)

    rows = {
        "face 1280x720 (assess_face)": time_each(frames, assess_face),
        "face 1280x720, no face in frame": time_each(no_face, assess_face),
        "finger NFIQ 2 (assess_finger)": time_each(fingers, lambda f: assess_finger(f[0], f[1])),
        "iris 640x480 (assess_iris)": time_each(eyes, assess_iris),
        "signature 600 points (assess)": time_each([points] * 20, lambda p: assess_signature(p, pad)),
        "signature render 600x200": time_each([points] * 20, lambda p: render_signature(p, pad)),
    }
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{'gate':34} {'n':>4} {'median ms':>10} {'p95 ms':>8} {'max ms':>8} {'cpu med ms':>11}")
    for name, row in rows.items():
        print(f"{name:34} {row['n']:>4} {row['median_ms']:>10.1f} {row['p95_ms']:>8.1f} {row['max_ms']:>8.1f}"
              f" {row['cpu_median_ms']:>11.1f}")
    print(f"load average (1 min) at the end: {load:.2f} on {os.cpu_count()} CPUs")

    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    out = RESULTS_DIR / f"bench_quality-{stamp}.json"
    out.write_text(json.dumps({
        "benchmark": "bench_quality", "utc": stamp, "python": platform.python_version(),
        "cpus": os.cpu_count(), "load_average_1min": round(load, 2), "opencv": cv2.__version__, "results": rows,
    }, indent=2), encoding="utf-8")
    print(f"results: {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
