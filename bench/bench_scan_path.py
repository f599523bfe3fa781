"""Scan → NFIQ 2 and the face check per frame, without Qt and through a QThreadPool, before and after.

Run: ``python -m bench.bench_scan_path [--scans 20] [--frames 40] [--compare /work/main]``.

The GUI's quality executor is a one-thread ``QThreadPool`` that runs each check
as its own task; a ``threading.local`` cache is empty in every such task, so
the old code rebuilt the NFIQ 2 extractor (and the face cascades) per call.
Each scan is measured as the GUI does it: NFIQ 2 on screen (``assess_finger``),
then the template the storage thread extracts. ``--compare DIR`` runs the same
measurement on another checkout (e.g. a worktree of main) in a subprocess, so
both columns come from one run on the same machine. This file imports nothing
from ``bench`` so it can run against an older tree.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve()
RESULTS = HERE.parent / "results"


def _summary(samples: list[tuple[float, float]]) -> dict[str, float]:
    """Wall time (median, p95) and the CPU time of the thread that did the work (less sensitive to load)."""
    ordered = sorted(wall for wall, _ in samples)
    return {"median_ms": round(statistics.median(ordered) * 1000, 1),
            "p95_ms": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))] * 1000, 1),
            "cpu_median_ms": round(statistics.median(cpu for _, cpu in samples) * 1000, 1),
            "n": len(ordered)}


def _cpu_of(work: Callable[[], Any], into: list[float]) -> None:
    started = time.thread_time()
    work()
    into.append(time.thread_time() - started)


def _on_pool(pool: Any, work: Callable[[], Any]) -> tuple[float, float]:
    """One task on the pool, waited for (one scan per press): its wall and CPU time."""
    from PySide6.QtCore import QRunnable

    cpu: list[float] = []

    class Task(QRunnable):
        def run(self) -> None:
            _cpu_of(work, cpu)

    task = Task()
    started = time.perf_counter()
    pool.start(task)
    pool.waitForDone(-1)
    return time.perf_counter() - started, cpu[0]


def measure(scans: int, frames: int) -> dict[str, Any]:
    """Both paths on the code tree this process imports ``app`` from."""
    import inspect

    from PySide6.QtCore import QCoreApplication, QThreadPool

    from app.biometrics.templates import TemplateExtractor
    from app.quality.face import assess_face
    from app.quality.finger import assess_finger
    from app.quality.samples import compose_portrait
    from drivers.fingerprint.base import FingerPosition
    from drivers.fingerprint.synth import synthesize_fingerprint

    app = QCoreApplication.instance() or QCoreApplication([])  # noqa: F841 (kept alive for the pool)
    positions = [p for p in FingerPosition if p.is_single_finger]
    prints = [(synthesize_fingerprint(300 + i, positions[i % 10]), positions[i % 10]) for i in range(scans)]
    portraits = [compose_portrait(("red", "blue")[i % 2], (1280, 720), shift=(6 * (i % 5), 0), seed=i)
                 for i in range(min(frames, 8))]
    extractor = TemplateExtractor()
    reuses = "known" in inspect.signature(extractor.extract).parameters

    def scan(pixels: Any, position: Any) -> None:
        report = assess_finger(pixels, position)
        if reuses:
            extractor.extract(pixels, report.template)
        else:
            extractor.extract(pixels)

    result: dict[str, Any] = {"tree": str(Path(sys.modules["app"].__file__).parent.parent)}
    pool = QThreadPool()
    pool.setMaxThreadCount(1)
    for label, run in (("direct", lambda work: _timed(work)), ("qthreadpool", lambda work: _on_pool(pool, work))):
        scan(*prints[0])  # warm-up (builds what is kept)
        nfiq = [run(lambda p=p: assess_finger(*p)) for p in prints]
        whole = [run(lambda p=p: scan(*p)) for p in prints]
        shown = [portraits[i % len(portraits)] for i in range(frames)]
        face = [run(lambda f=frame: assess_face(f)) for frame in shown]
        result[label] = {"scan_to_nfiq2": _summary(nfiq), "scan_nfiq2_and_template": _summary(whole),
                         "face_check_1280x720": _summary(face),
                         "face_checks_per_s": round(len(face) / sum(wall for wall, _ in face), 1),
                         "face_checks_per_cpu_s": round(len(face) / sum(cpu for _, cpu in face), 1)}
    return result


def _timed(work: Callable[[], Any]) -> tuple[float, float]:
    cpu: list[float] = []
    started = time.perf_counter()
    _cpu_of(work, cpu)
    return time.perf_counter() - started, cpu[0]


def _run_tree(tree: Path, scans: int, frames: int) -> dict[str, Any]:
    from bench.compare import (
        run_in_tree,  # here: this script is also the worker in the compared tree, which may have no bench.compare
    )

    return run_in_tree(tree, [str(HERE), "--worker", "--scans", str(scans), "--frames", str(frames)],
                       env={"QT_QPA_PLATFORM": "offscreen"})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scans", type=int, default=20)
    parser.add_argument("--frames", type=int, default=40)
    parser.add_argument("--compare", type=Path, help="another checkout to measure the same way (e.g. /work/main)")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(measure(args.scans, args.frames)))
        return 0
    trees = {"this tree": HERE.parent.parent}
    if args.compare:
        trees["compared"] = args.compare.resolve()
    result = {"command": " ".join(["python -m bench.bench_scan_path", *sys.argv[1:]]),
              "machine": f"shared {os.cpu_count()}-core machine (up to 8 engineers' jobs); load "
                         f"{os.getloadavg()[0]:.1f} at start",
              **{name: _run_tree(tree, args.scans, args.frames) for name, tree in trees.items()}}
    result["load_at_end"] = round(os.getloadavg()[0], 1)
    print(f"{'':28}" + "".join(f"{name:>22}" for name in trees))
    for path in ("direct", "qthreadpool"):
        for key in ("scan_to_nfiq2", "scan_nfiq2_and_template", "face_check_1280x720"):
            cells = "".join(f"{result[n][path][key]['median_ms']:>9.1f} / {result[n][path][key]['p95_ms']:>6.1f}"
                            f" / {result[n][path][key]['cpu_median_ms']:>6.1f}" for n in trees)
            print(f"{path + ' ' + key:28}{cells}   (median / p95 / cpu median ms)")
        print(f"{path + ' face checks/s':28}" + "".join(
            f"{result[n][path]['face_checks_per_s']:>13} / {result[n][path]['face_checks_per_cpu_s']:>6} cpu"
            for n in trees))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "bench_scan_path.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
