"""Benchmark: synthetic fingerprints — generation time, NFIQ 2 per quality, Bozorth3 genuine vs impostor.

Run: ``.venv/bin/python -m bench.bench_synth [--subjects 6]``. Uses fingers of
subjects the process has not generated yet, so "first capture" includes growing
the finger's ridge pattern; "re-capture" is a new impression of a cached finger.
Wall-clock times depend on the load (the machine is shared); the CPU time of a
first capture does not. Prints a summary and writes JSON to ``bench/results/bench_synth.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path

import cv2
import nbis
import numpy as np

from drivers.fingerprint.base import FingerPosition
from drivers.fingerprint.synth import synthesize_fingerprint

RESULTS_DIR = Path(__file__).resolve().parent / "results"
FINGERS = (FingerPosition.RIGHT_INDEX, FingerPosition.LEFT_INDEX, FingerPosition.RIGHT_THUMB)


def _extractor() -> nbis.NbisExtractor:
    return nbis.new_nbis_extractor(nbis.NbisExtractorSettings(
        min_quality=0.0, get_center=False, check_fingerprint=False, compute_nfiq2=True, ppi=500.0))


def _minutiae(extractor: nbis.NbisExtractor, pixels: np.ndarray) -> nbis.Minutiae:
    return extractor.extract_minutiae(cv2.imencode(".png", pixels)[1].tobytes())


def _ms(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {"median_ms": round(statistics.median(ordered) * 1000, 1),
            "p95_ms": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))] * 1000, 1),
            "max_ms": round(ordered[-1] * 1000, 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--subjects", type=int, default=6)
    args = parser.parse_args(argv)
    extractor = _extractor()
    fingers = [(1000 + s, f) for s in range(args.subjects) for f in FINGERS]

    first, again, slap, first_cpu = [], [], [], []
    captures: dict[tuple[int, FingerPosition], list[nbis.Minutiae]] = {}
    nfiq: dict[str, list[int]] = {"good": [], "fair": [], "poor": []}
    for finger in fingers:
        started, cpu = time.perf_counter(), time.process_time()
        image = synthesize_fingerprint(*finger)
        first.append(time.perf_counter() - started)
        first_cpu.append(time.process_time() - cpu)
        started = time.perf_counter()
        second = synthesize_fingerprint(*finger, impression=1)
        again.append(time.perf_counter() - started)
        captures[finger] = [_minutiae(extractor, image), _minutiae(extractor, second)]
        nfiq["good"].append(captures[finger][0].quality().score)
        for level in ("fair", "poor"):
            nfiq[level].append(_minutiae(extractor, synthesize_fingerprint(*finger, quality=level)).quality().score)
    for subject in range(2):
        started = time.perf_counter()
        synthesize_fingerprint(2000 + subject, FingerPosition.PLAIN_RIGHT_FOUR)
        slap.append(time.perf_counter() - started)

    genuine = [a.compare(b) for a, b in captures.values()]
    impostor = [captures[x][0].compare(captures[y][1]) for x in fingers for y in fingers if x != y]
    summary = {
        "fingers": len(fingers), "cpus": os.cpu_count(),
        "load_average_1min": round(os.getloadavg()[0], 2),
        "first_capture_320x400": _ms(first), "first_capture_cpu": _ms(first_cpu), "re_capture_320x400": _ms(again),
        "slap_four_cold": _ms(slap),
        "nfiq2": {k: {"min": min(v), "median": statistics.median(v), "max": max(v)} for k, v in nfiq.items()},
        "bozorth3_genuine": {"min": min(genuine), "median": statistics.median(genuine)},
        "bozorth3_impostor": {"pairs": len(impostor), "median": statistics.median(impostor),
                              "p99": float(np.percentile(impostor, 99)), "max": max(impostor)},
    }
    RESULTS_DIR.mkdir(exist_ok=True)
    out = RESULTS_DIR / "bench_synth.json"
    out.write_text(json.dumps(summary, indent=2))
    print(json.dumps(summary, indent=2))
    print(f"results: {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
