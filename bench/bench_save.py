"""Saving one enrolment on a station that already holds thousands, as the GUI does it.

The GUI starts the duplicate search as soon as the fingers are done (off its
thread), so by the time the operator presses save the answer is known and the
save reuses it. This benchmark measures that save: a real, encrypted station is
filled with ``--enrolments`` saved enrolments of ten finger templates each
(synthetic minutiae, bulk-inserted, already received at the centre so none
waits for approval), then ``--saves`` demo enrolments are
recorded with the simulated devices; before each save the duplicate search runs
untimed (the GUI's early search), then ``EnrolmentService.save`` is timed: the
checks, the reused duplicate answer, the ANSI/NIST record, the sealed blobs and
rows in one transaction. ``--search-in-save`` times the save with the search
inside it instead (what the save cost before the search moved).

Run: ``python -m bench.bench_save [--enrolments 5000] [--saves 5] [--search-in-save]``.
Target (issue 14): ≤ 300 ms a save at 5,000 enrolments.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

RESULTS = Path(__file__).resolve().parent / "results"
PASSWORD = "bench-sandi-123"
POSITIONS = ("right_thumb", "right_index", "right_middle", "right_ring", "right_little",
             "left_thumb", "left_index", "left_middle", "left_ring", "left_little")
UNIQUE_TEMPLATES = 500  # distinct synthetic templates, cycled (a descriptor costs about 2 ms)


def _random_template(rng: np.random.Generator, count: int) -> bytes:
    from app.biometrics.templates import write_iso_template

    angle, radius = rng.uniform(0, 2 * np.pi, count), np.sqrt(rng.uniform(0, 1, count))
    x, y = 160 + 130 * radius * np.cos(angle), 200 + 170 * radius * np.sin(angle)
    direction = np.mod(np.arctan2(y - 200, x - 160) + rng.normal(0, 0.2, count), 2 * np.pi)
    return write_iso_template(np.column_stack([x, y, direction]).astype(np.float32), 320, 400)


def fill(station: Any, count: int) -> float:
    """``count`` saved enrolments with ten templates each, bulk-inserted; returns the seconds it took."""
    from sqlalchemy import insert

    from app.biometrics.templates import ISO_FORMAT, descriptor_bytes
    from app.domain.enums import EnrolmentStatus, Sex
    from app.storage.models import Applicant, BiometricTemplate, Enrolment, new_uuid

    started = time.perf_counter()
    rng = np.random.default_rng(2026)
    pool = [_random_template(rng, int(rng.integers(40, 90))) for _ in range(UNIQUE_TEMPLATES)]
    described = [(data, descriptor_bytes(data)) for data in pool]
    now = dt.datetime.now(dt.UTC)
    base = 900_000  # ids clear of what the demo enrolments will take
    with station.db.session() as session:
        session.execute(insert(Applicant), [
            {"id": base + i, "nik": f"3573019901{i:06d}", "name": f"BENCH {i}", "birth_date": dt.date(2008, 1, 1),
             "sex": Sex.MALE} for i in range(count)])
        session.execute(insert(Enrolment), [
            {"id": base + i, "uuid": new_uuid(), "applicant_id": base + i, "status": EnrolmentStatus.RECEIVED_AT_CENTRAL,
             "captured_at": now} for i in range(count)])
        rows = []
        for i in range(count):
            for j, slug in enumerate(POSITIONS):
                data, descriptor = described[(i * len(POSITIONS) + j) % len(described)]
                rows.append({"enrolment_id": base + i, "position": slug, "format": ISO_FORMAT, "data": data,
                             "prefilter": descriptor})
        session.execute(insert(BiometricTemplate), rows)
    return time.perf_counter() - started


def measure(enrolments: int, saves: int, search_in_save: bool) -> dict[str, Any]:
    from app.bootstrap import build_station
    from app.config import from_mapping
    from app.paths import StationPaths
    from app.services.demo import run_demo

    with tempfile.TemporaryDirectory(prefix="bench-save-") as home:
        os.environ["STATION_HOME"] = home
        paths = StationPaths.default()
        paths.ensure()
        station = build_station(from_mapping({}, paths), log_to_file=False)
        station.operators.create_first_supervisor("bench", "Bench Supervisor", PASSWORD)
        try:
            fill_s = fill(station, enrolments)
            service = station.enrolments
            original = service.save
            save_ms: list[float] = []
            search_ms: list[float] = []

            def timed_save(uuid: str) -> Any:
                if not search_in_save:
                    started = time.perf_counter()
                    service.search_duplicates(uuid)  # the GUI's early search, not part of the save
                    search_ms.append((time.perf_counter() - started) * 1000)
                started = time.perf_counter()
                try:
                    return original(uuid)
                finally:
                    save_ms.append((time.perf_counter() - started) * 1000)

            service.save = timed_save  # type: ignore[method-assign]
            run_demo(station, saves + 1)
        finally:
            station.close()
    measured = save_ms[1:]  # the first save also loads the gallery into memory and warms the encoders
    return {
        "enrolments": enrolments,
        "templates": enrolments * len(POSITIONS),
        "saves_timed": len(measured),
        "search_in_save": search_in_save,
        "fill_s": round(fill_s, 1),
        "first_save_ms": round(save_ms[0], 1),
        "save_ms": {"median": round(statistics.median(measured), 1), "max": round(max(measured), 1),
                    "all": [round(value, 1) for value in measured]},
        "early_search_ms_median": round(statistics.median(search_ms[1:]), 1) if len(search_ms) > 1 else None,
        "load_average": [round(value, 2) for value in os.getloadavg()],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enrolments", type=int, default=5000)
    parser.add_argument("--saves", type=int, default=5)
    parser.add_argument("--search-in-save", action="store_true",
                        help="time the save with the duplicate search inside it (before the early search)")
    args = parser.parse_args()
    result = measure(args.enrolments, args.saves, args.search_in_save)
    RESULTS.mkdir(exist_ok=True)
    suffix = "_search_in_save" if args.search_in_save else ""
    (RESULTS / f"bench_save_{args.enrolments}{suffix}.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
