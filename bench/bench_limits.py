"""Cost of the registration-freeze check that runs before every new enrolment: ``python -m bench.bench_limits [--records N]``.

A scratch station (SQLite, under a temporary folder) gets N saved synthetic
enrolments spread over 60 days, a fifth of them waiting for approval; then
``StationLimits.check()``, ``station_status()`` and ``ApprovalService.pending()``
are timed (median and 95th percentile of R runs) and written to bench/results/.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.bootstrap import build_station
from app.config import from_mapping
from app.domain.enums import EnrolmentStatus, Sex, SiteKind
from app.paths import StationPaths
from app.station_status import station_status
from app.storage.models import Applicant, Enrolment, OutboxEntry, Site
from app.timezones import utc_now

RESULTS = Path(__file__).with_name("results")


def fill(station: Any, count: int) -> None:
    """``count`` saved enrolments of synthetic applicants; every fifth waits for approval."""
    now = utc_now()
    with station.db.session() as session:
        site = Site(name="BENCH - SMA Contoh", kind=SiteKind.SCHOOL, region_code="357301")
        session.add(site)
        session.flush()
        for serial in range(count):
            day = 1 + serial % 28
            applicant = Applicant(nik=f"357301{day:02d}0308{serial + 1:04d}",
                                  name=f"SISWA BENCH {serial}", birth_date=dt.date(2008, 3, day), sex=Sex.MALE,
                                  site_id=site.id)
            pending = serial % 5 == 0
            age = dt.timedelta(days=60) * serial / count
            enrolment = Enrolment(applicant=applicant, captured_at=now - age,
                                  status=EnrolmentStatus.BIO_CAPTURED if pending else EnrolmentStatus.APPROVED)
            session.add(enrolment)
            session.flush()
            session.add(OutboxEntry(enrolment_id=enrolment.id))


def timed(action: Callable[[], Any], repeat: int) -> dict[str, float]:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return {"median_ms": round(statistics.median(samples), 2),
            "p95_ms": round(samples[min(len(samples) - 1, int(0.95 * len(samples)))], 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=9_999)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    if not 1 <= args.records <= 9_999:
        parser.error("--records must be 1–9999 (the NIK serial has four digits)")
    with tempfile.TemporaryDirectory(prefix="bench-limits-") as folder:
        home = Path(folder)
        paths = StationPaths(home / "config", home / "data", home / "logs")
        paths.ensure()
        station = build_station(from_mapping({"limits": {"max_pending_approval": 0}}, paths), log_to_file=False)
        station.operators.create_first_supervisor("bench", "Bench Supervisor", "bench-sandi-123")  # opens it
        try:
            fill(station, args.records)
            report = station.limits.check()
            results = {
                "records": args.records, "pending": report.pending_approval, "repeat": args.repeat,
                "limits_check": timed(station.limits.check, args.repeat),
                "station_status": timed(lambda: station_status(station), args.repeat),
                "pending_list": timed(station.approvals.pending, max(1, args.repeat // 10)),
                "breaches": [b.code for b in report.breaches],
            }
        finally:
            station.close()
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "bench_limits.json").write_text(json.dumps(results, indent=2) + "\n")
    for name in ("limits_check", "station_status", "pending_list"):
        print(f"{name:<15} median {results[name]['median_ms']:8.2f} ms   p95 {results[name]['p95_ms']:8.2f} ms")
    print(json.dumps(results))


if __name__ == "__main__":
    main()
