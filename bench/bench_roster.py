"""Roster import and queue speed: ``python -m bench.bench_roster [--rows N]``.

Builds a synthetic roster of N students (default 5,554: Malang's 2024 target)
as a ';' CSV and as an XLSX with 1% bad rows, imports each into a fresh SQLite
station database, imports it again (must change nothing), lists the site's
queue, and times ``parse_nik`` alone. Results go to bench/results/roster.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import tempfile
import time
from pathlib import Path

import openpyxl

from app.domain.enums import Sex
from app.domain.nik import format_nik, parse_nik
from app.services.applicants import ApplicantService
from app.services.roster import import_roster
from app.storage.db import Database

RESULTS = Path(__file__).with_name("results")
TODAY = dt.date(2024, 11, 27)
DISTRICTS = ("357301", "357302", "357303", "357304", "357305")


def synthetic_rows(count: int, seed: int = 7) -> list[list[object]]:
    rng = random.Random(seed)
    rows: list[list[object]] = []
    for index in range(count):
        born = dt.date(2007, 1, 1) + dt.timedelta(days=rng.randrange(730))
        sex = rng.choice(list(Sex))
        district = DISTRICTS[(index // 9999) % len(DISTRICTS)]  # unique NIKs up to 49,995 rows
        nik = format_nik(born, sex, district, index % 9999 + 1)
        if index % 100 == 99:
            nik = nik[:-4] + "0000"  # 1% bad rows: serial 0000
        rows.append([nik, f"Siswa Sintetis {index + 1}", born.strftime("%d-%m-%Y"), sex.value, str(10000 + index),
                     f"XII-{index % 12 + 1}"])
    return rows


HEADER = ["NIK", "NAMA", "TGL_LAHIR", "JK", "NIS", "KELAS"]


def write_files(folder: Path, rows: list[list[object]]) -> dict[str, Path]:
    csv_path = folder / "roster.csv"
    csv_path.write_text("\n".join(";".join(map(str, r)) for r in [HEADER, *rows]) + "\n", encoding="utf-8-sig")
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    xlsx_path = folder / "roster.xlsx"
    workbook.save(xlsx_path)
    return {"csv": csv_path, "xlsx": xlsx_path}


def timed(action):
    start = time.perf_counter()
    value = action()
    return value, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=5554)
    args = parser.parse_args()
    rows = synthetic_rows(args.rows)
    report: dict[str, object] = {"rows": args.rows}
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        files = write_files(folder, rows)
        for kind, path in files.items():
            db = Database(f"sqlite:///{folder / f'{kind}.sqlite3'}")
            db.upgrade()
            first, first_s = timed(lambda: import_roster(db, path, "SMA Sintetis", reference=TODAY))  # noqa: B023
            again, again_s = timed(lambda: import_roster(db, path, "SMA Sintetis", reference=TODAY))  # noqa: B023
            applicants = ApplicantService(db)
            queue, queue_s = timed(lambda: applicants.queue_rows(first.site_id))  # noqa: B023
            report[kind] = {
                "imported": first.imported, "rejected_rows": first.rejected_rows, "import_s": round(first_s, 3),
                "rows_per_s": round(args.rows / first_s), "reimport_imported": again.imported,
                "reimport_s": round(again_s, 3), "queue_rows": len(queue), "queue_s": round(queue_s, 3),
            }
            db.dispose()
    niks = [str(r[0]) for r in rows]
    _, parse_s = timed(lambda: [parse_nik(n, TODAY) for n in niks])
    report["parse_nik_per_s"] = round(len(niks) / parse_s)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "roster.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
