"""Whole-record build time and record size: ``python -m bench.bench_records [--repeat N]``.

A typical enrolment is recorded once with the simulated devices (ten fingers,
face token, two irises, signature) in a scratch station under bench/results/;
its ANSI/NIST-ITL transaction is then rebuilt N times (WSQ, JPEG 2000, pen
vectors, and the parse-back check included) and measured per record type.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import time
from pathlib import Path

from sqlalchemy import select

from app.bootstrap import build_station
from app.config import from_mapping
from app.paths import StationPaths
from app.records.nist import inspect_transaction
from app.records.transaction import transaction_for_enrolment
from app.services.demo import run_demo
from app.storage.models import Enrolment
from app.timezones import utc_now

RESULTS = Path(__file__).with_name("results")
TYPE_NAMES = {"1": "type1_header", "2": "type2_demographics", "8": "type8_signature", "10": "type10_face",
              "14": "type14_fingers", "17": "type17_irises"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    home = RESULTS / "records-station"
    shutil.rmtree(home, ignore_errors=True)
    paths = StationPaths(home / "config", home / "data", home / "logs")
    paths.ensure()
    station = build_station(from_mapping({}, paths), log_to_file=False)
    station.operators.create_first_supervisor("bench", "Bench Supervisor", "bench-sandi-123")  # opens it
    try:
        started = time.perf_counter()
        demo = run_demo(station, 1)[0]
        enrol_s = time.perf_counter() - started
        service = station.enrolments
        timings = []
        with station.db.session() as session:
            enrolment = session.scalar(select(Enrolment).where(Enrolment.uuid == demo.uuid))
            for _ in range(args.repeat):
                started = time.perf_counter()
                data = transaction_for_enrolment(enrolment, station.blobs, station.config.identity,
                                                 service.settings, service.quality_settings, utc_now())
                timings.append(time.perf_counter() - started)
        summary = inspect_transaction(data)
        per_type: dict[str, int] = {}
        for record in summary["records"]:
            name = TYPE_NAMES.get(str(record["type"]), f"type{record['type']}")
            per_type[name] = per_type.get(name, 0) + int(record.get("bytes") or 0)
        header_and_text = summary["size"] - sum(per_type.values())
        result = {
            "record_build_s": {"median": round(statistics.median(timings), 3), "min": round(min(timings), 3),
                               "max": round(max(timings), 3), "repeat": args.repeat},
            "record_size_bytes": summary["size"],
            "image_bytes_per_type": per_type,
            "fields_and_headers_bytes": header_and_text,
            "records": summary["counts"],
            "demo_enrolment_s (capture+quality+save, simulated devices)": round(enrol_s, 2),
        }
    finally:
        station.close()
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "bench_records.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
