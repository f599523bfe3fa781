"""The applicant queue of a large roster: ``python -m bench.bench_queue [--rows N] [--compare DIR]``.

Builds (once, cached under bench/results/queue-ROWS/) a station whose site holds
N synthetic students (default 55,000) of whom 2 % are recorded (saved, approved,
sent, failed or a draft, without images), then measures in a fresh process:
``ApplicantService.queue_rows`` and the queue page from ``refresh()`` to the
rows on screen (offscreen Qt), and a name search on the page. ``--compare DIR``
measures another checkout (e.g. a worktree of main) on a copy of the same
station in the same run. Numbers depend on the machine's load; results go to
bench/results/bench_queue.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from bench.compare import run_in_tree

RESULTS = Path(__file__).with_name("results")
ROOT = Path(__file__).resolve().parents[1]
REPEAT = 3


def build_station_home(rows: int) -> Path:
    """A STATION_HOME with one site of ``rows`` students (cached: the import takes a while)."""
    home = RESULTS / f"queue-{rows}"
    if (home / "ready").exists():
        return home
    shutil.rmtree(home, ignore_errors=True)
    import datetime as dt

    from app.bootstrap import build_station
    from app.config import load_config
    from app.domain.enums import CentralStatus, EnrolmentStatus, OutboxState
    from app.paths import StationPaths
    from app.services.roster import import_roster
    from app.storage.models import Applicant, Enrolment, OutboxEntry
    from bench.bench_roster import HEADER, synthetic_rows

    paths = StationPaths(home / "config", home / "data", home / "logs")
    paths.ensure()
    os.environ["STATION_HOME"] = str(home)
    station = build_station(load_config(None), log_to_file=False)
    try:
        roster = home / "roster.csv"
        lines = [HEADER, *synthetic_rows(rows)]
        roster.write_text("\n".join(";".join(map(str, r)) for r in lines) + "\n", encoding="utf-8")
        result = import_roster(station.db, roster, "SMA Sintetis Besar", reference=dt.date(2024, 11, 27))
        kinds = [EnrolmentStatus.BIO_CAPTURED, EnrolmentStatus.APPROVED, EnrolmentStatus.DRAFT,
                 EnrolmentStatus.PRINT_READY_RECORD, EnrolmentStatus.DUPLICATE_RECORD]
        with station.db.session() as session:
            ids = session.scalars(Applicant.__table__.select().with_only_columns(Applicant.id)
                                  .where(Applicant.site_id == result.site_id).order_by(Applicant.id)).all()
            for index, applicant_id in enumerate(ids[::50]):
                status = kinds[index % len(kinds)]
                enrolment = Enrolment(applicant_id=applicant_id, status=status)
                session.add(enrolment)
                if status is EnrolmentStatus.PRINT_READY_RECORD:
                    session.add(OutboxEntry(enrolment=enrolment, state=OutboxState.SENT,
                                            central_status=CentralStatus.PRINT_READY))
                elif status in (EnrolmentStatus.BIO_CAPTURED, EnrolmentStatus.APPROVED):
                    session.add(OutboxEntry(enrolment=enrolment, state=OutboxState.QUEUED))
        station.sites.open_visit(result.site_id, operator_ids=[])
    finally:
        station.close()
    (home / "ready").write_text(str(result.imported), encoding="utf-8")
    return home


MEASURE = r'''
import json, os, statistics, sys, time
from PySide6.QtCore import QCoreApplication, QEventLoop
from PySide6.QtWidgets import QApplication
from app.bootstrap import build_station
from app.config import load_config
from ui.gui.context import GuiContext
from ui.gui.pages.queue_page import QueuePage

app = QApplication.instance() or QApplication(["bench-queue"])
station = build_station(load_config(None), log_to_file=False)
visit = station.sites.active_visit()
service_s = []
for _ in range(REPEAT):
    started = time.perf_counter()
    rows = station.applicants.queue_rows(visit.site_id)
    service_s.append(time.perf_counter() - started)

def pump(condition, timeout_s=120.0):
    end = time.monotonic() + timeout_s
    while time.monotonic() < end and not condition():
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)

context = GuiContext(station)
context.set_visit(visit)
page_s, search_s = [], []
for _ in range(REPEAT):
    page = QueuePage(context)
    page.resize(1200, 800)
    page.show()
    QCoreApplication.processEvents()
    started = time.perf_counter()
    page.refresh()
    pump(lambda: page.table.rowCount() > 0)
    page_s.append(time.perf_counter() - started)
    started = time.perf_counter()
    page.search.setText("Siswa Sintetis 4321")
    pump(lambda: 0 < page.table.rowCount() < 100)
    search_s.append(time.perf_counter() - started)
    shown = page.table.rowCount()
    page.close()
    page.deleteLater()
context.shutdown()
station.close()
print(json.dumps({"roster_rows": len(rows), "queue_rows_s": round(statistics.median(service_s), 3),
                  "queue_page_open_s": round(statistics.median(page_s), 3),
                  "search_s": round(statistics.median(search_s), 3), "rows_after_search": shown}))
'''.replace("REPEAT", str(REPEAT))


def measure(tree: Path, home: Path) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-queue-") as scratch:
        copy = Path(scratch) / "home"
        shutil.copytree(home, copy)
        return run_in_tree(tree, ["-c", MEASURE], env={"STATION_HOME": str(copy), "QT_QPA_PLATFORM": "offscreen"},
                           timeout=900)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=55_000)
    parser.add_argument("--compare", type=Path, default=None, help="another checkout to measure side by side")
    args = parser.parse_args()
    home = build_station_home(args.rows)
    results: dict[str, Any] = {"load_average_1min": round(os.getloadavg()[0], 2), "repeat": REPEAT,
                               "this_tree": measure(ROOT, home)}
    if args.compare is not None:
        results[f"compared: {args.compare}"] = measure(args.compare.resolve(), home)
    print(json.dumps(results, indent=2))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "bench_queue.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
