"""Peak memory of a simulated capture session, before and after: ``python -m bench.bench_memory [--compare DIR]``.

One process does what the GUI process does while recording: imports the
application and Qt, builds a station, and then, on a one-thread
``QThreadPool`` like the GUI's quality executor, checks face frames at
1280×720, scans ten fingers (NFIQ 2, then the template on the storage side),
and finally records and saves one whole enrolment with the simulated devices
(``run_demo``). Reported: resident memory after the imports and the peak
(VmHWM from /proc/self/status), and the Python heap's peak (tracemalloc; native
buffers such as the NFIQ 2 model are outside it; only with ``--tracemalloc``, whose
bookkeeping inflates the RSS). ``--compare DIR`` measures
another checkout in a subprocess the same way. Imports nothing from ``bench``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve()
RESULTS = HERE.parent / "results"


def _status_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return round(int(line.split()[1]) / 1024, 1)
    return float("nan")


def session(frames: int, trace: bool) -> dict[str, Any]:
    if trace:
        tracemalloc.start()
    from PySide6.QtCore import QCoreApplication, QRunnable, QThreadPool

    from app.biometrics.templates import TemplateExtractor
    from app.bootstrap import build_station
    from app.config import from_mapping
    from app.paths import StationPaths
    from app.quality.face import assess_face
    from app.quality.finger import assess_finger
    from app.quality.samples import compose_portrait
    from app.services.demo import run_demo
    from drivers.fingerprint.base import FingerPosition
    from drivers.fingerprint.synth import synthesize_fingerprint

    imports_rss = _status_mb("VmRSS")
    app = QCoreApplication.instance() or QCoreApplication([])  # noqa: F841
    pool = QThreadPool()
    pool.setMaxThreadCount(1)

    def on_pool(work: Any) -> None:
        class Task(QRunnable):
            def run(self) -> None:
                work()
        pool.start(Task())
        pool.waitForDone(-1)

    home = Path(tempfile.mkdtemp(prefix="bench-memory-"))
    try:
        paths = StationPaths(home / "config", home / "data", home / "logs")
        paths.ensure()
        station = build_station(from_mapping({}, paths), log_to_file=False)
        extractor = TemplateExtractor()
        started = time.perf_counter()
        portrait = compose_portrait("red", (1280, 720))
        for _ in range(frames):
            on_pool(lambda: assess_face(portrait))
        for position in (p for p in FingerPosition if p.is_single_finger):
            pixels = synthesize_fingerprint(77, position)
            reports: list[Any] = []
            on_pool(lambda pixels=pixels, position=position, reports=reports: reports.append(assess_finger(pixels, position)))
            extractor.extract(pixels)
        run_demo(station, 1)
        station.close()
        session_s = time.perf_counter() - started
    finally:
        shutil.rmtree(home, ignore_errors=True)
    python_peak = tracemalloc.get_traced_memory()[1] if trace else 0
    return {"tree": str(Path(sys.modules["app"].__file__).parent.parent),
            "rss_after_imports_mb": imports_rss, "rss_now_mb": _status_mb("VmRSS"),
            "peak_rss_mb": _status_mb("VmHWM"), "python_heap_peak_mb": round(python_peak / 2**20, 1) if trace else None,
            "session_s": round(session_s, 1)}


def _run_tree(tree: Path, frames: int, trace: bool) -> dict[str, Any]:
    from bench.compare import (
        run_in_tree,  # here: this script is also the worker in the compared tree, which may have no bench.compare
    )

    command = [str(HERE), "--worker", "--frames", str(frames)] + (["--tracemalloc"] if trace else [])
    return run_in_tree(tree, command, env={"QT_QPA_PLATFORM": "offscreen"})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=30, help="face frames checked before the fingers")
    parser.add_argument("--compare", type=Path, help="another checkout to measure the same way (e.g. /work/main)")
    parser.add_argument("--tracemalloc", action="store_true",
                        help="also trace the Python heap's peak (tracemalloc's own bookkeeping inflates the RSS)")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(session(args.frames, args.tracemalloc)))
        return 0
    trees = {"this tree": HERE.parent.parent}
    if args.compare:
        trees["compared"] = args.compare.resolve()
    result = {"command": " ".join(["python -m bench.bench_memory", *sys.argv[1:]]),
              "machine": f"shared {os.cpu_count()}-core machine (up to 8 engineers' jobs); memory is not "
                         "affected by the load, times are",
              **{name: _run_tree(tree, args.frames, args.tracemalloc) for name, tree in trees.items()}}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "bench_memory.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
