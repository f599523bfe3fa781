"""Benchmark: a day of 200 enrolments handed over on removable media, imported, backed up and restored.

Run: ``.venv/bin/python -m bench.bench_handover [--enrolments 200] [--record-kb 500-1000]``.

Synthetic enrolments (``app/sync/synthetic.py``; random record bytes of 0.5–1 MB, the
size of a real ANSI/NIST record, and five 60 KB images each) are saved and sealed on
a station registered at a hub on 127.0.0.1, then timed:

* ``station handover export``: every packet to a folder (a stand-in for the stick), read back;
* ``station-hub handover import``: every packet through the hub's upload intake, signed receipt;
* ``station handover receipt``: the receipt marks them received;
* ``station backup create``: the first (full) backup, then the next day's (incremental) one
  after another 200 enrolments — the size of a day's backup;
* ``station backup restore``: on a fresh "replacement laptop" home with the office's recovery key.

The folders are on the local disk: a USB 2 stick writes 10–30 MB/s, so a stick adds
about size / speed to the export and backup times printed here.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import json
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

RESULTS_DIR = Path(__file__).resolve().parent / "results"


def _folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def _station(home: Path) -> Any:
    from app.bootstrap import build_station
    from app.config import from_mapping
    from app.paths import StationPaths

    os.environ["STATION_HOME"] = str(home)
    paths = StationPaths.default()
    paths.ensure()
    station = build_station(from_mapping({"sync": {"require_approval": False}}, paths), log_to_file=False)
    station.operators.create_first_supervisor("bench-spv", "Bench Supervisor", "rahasia-bench-123")  # synthetic
    station.operators.take_recovery_code()
    return station  # open (encryption at rest): the supervisor is logged in


def _add_day(station: Any, count: int, first: int, record_range: tuple[int, int], rng: random.Random) -> None:
    from app.sync.synthetic import add_synthetic_enrolment

    for serial in range(first, first + count):
        add_synthetic_enrolment(station.db, station.blobs, serial=serial, image_size=60_000,
                                record_size=rng.randint(*record_range), rng=random.Random(serial))
    station.sync.seal_pending()


def _hub_cli(*argv: str) -> dict[str, Any]:
    from server.cli import main as hub_main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = hub_main(list(argv))
    if code != 0:
        raise SystemExit(f"station-hub {' '.join(argv)} failed ({code}): {out.getvalue()[:500]}")
    return json.loads(out.getvalue())


def run(enrolments: int, record_range: tuple[int, int]) -> dict[str, Any]:
    from app.backup_create import create_backup
    from app.backup_format import parse_recovery_key
    from app.backup_restore import restore_backup
    from app.sync.handover_export import export_handover
    from app.sync.handover_receipt import apply_handover_receipt
    from server.keys import init_hub_key
    from server.local import LocalHub

    rng = random.Random(15)
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="bench-handover-") as tmp:
        root = Path(tmp)
        hub_data = root / "hub"
        init_hub_key(hub_data)
        hub_url = f"sqlite:///{hub_data / 'hub.sqlite3'}"
        with LocalHub(hub_url, hub_data) as hub:
            assert hub.hub is not None
            station = _station(root / "station")
            station.sync.register(hub.url, hub.hub.invite("SMAN-CONTOH-1"))
            _add_day(station, enrolments, 0, record_range, rng)
            stick = root / "stick"

            started = time.perf_counter()
            exported = export_handover(station.sync, stick)
            results["export"] = {"seconds": time.perf_counter() - started, "packets": len(exported.packets),
                                 "bytes": _folder_bytes(stick)}
            started = time.perf_counter()
            imported = _hub_cli("handover", "import", str(stick), "--json", "--db", hub_url, "--data", str(hub_data))
            results["import"] = {"seconds": time.perf_counter() - started, "stored": imported["stored"]}
            started = time.perf_counter()
            receipt = apply_handover_receipt(station.sync, stick)
            results["receipt"] = {"seconds": time.perf_counter() - started, "received": len(receipt.received)}

            backup = root / "backup-stick"
            started = time.perf_counter()
            first = create_backup(station, backup)
            results["backup_first"] = {"seconds": time.perf_counter() - started, "bytes": first.bytes_written,
                                       "blobs": first.blobs, "database_bytes": first.database_bytes}
            _add_day(station, enrolments, enrolments, record_range, rng)
            started = time.perf_counter()
            day = create_backup(station, backup)
            results["backup_next_day"] = {"seconds": time.perf_counter() - started, "bytes": day.bytes_written,
                                          "new_blobs": day.blobs_written, "database_bytes": day.database_bytes}
            results["backup_set_bytes"] = _folder_bytes(backup)
            station.close()
            key = _hub_cli("backup", "recovery-key", str(backup), "--json", "--db", hub_url, "--data", str(hub_data))
            replacement = _station(root / "replacement-laptop")
            started = time.perf_counter()
            restored = restore_backup(replacement, backup, recovery_key=parse_recovery_key(key["recovery_key"]))
            results["restore"] = {"seconds": time.perf_counter() - started, "enrolments": restored.enrolments,
                                  "blobs": restored.blobs}
            replacement.close()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enrolments", type=int, default=200)
    parser.add_argument("--record-kb", default="500-1000", help="record size range in KB (random per enrolment)")
    args = parser.parse_args(argv)
    low, high = (int(x) * 1000 for x in args.record_kb.split("-"))
    load_before = os.getloadavg()
    results = run(args.enrolments, (low, high))
    results.update(enrolments_per_day=args.enrolments, record_kb=args.record_kb, load_before=load_before,
                   load_after=os.getloadavg(), machine=platform.platform(), cpus=os.cpu_count(),
                   at=dt.datetime.now(dt.UTC).isoformat())
    mb = 1e6
    print(f"A day of {args.enrolments} enrolments (records {args.record_kb} KB, 5 images x 60 KB), "
          f"load {load_before[0]:.1f} on {os.cpu_count()} CPUs:")
    print(f"  handover export   {results['export']['seconds']:7.1f} s  {results['export']['bytes'] / mb:8.1f} MB "
          f"({results['export']['packets']} packets)")
    print(f"  hub import        {results['import']['seconds']:7.1f} s  ({results['import']['stored']} stored)")
    print(f"  handover receipt  {results['receipt']['seconds']:7.1f} s")
    print(f"  backup (first)    {results['backup_first']['seconds']:7.1f} s  {results['backup_first']['bytes'] / mb:8.1f} MB "
          f"(database {results['backup_first']['database_bytes'] / mb:.1f} MB)")
    print(f"  backup (next day) {results['backup_next_day']['seconds']:7.1f} s  "
          f"{results['backup_next_day']['bytes'] / mb:8.1f} MB ({results['backup_next_day']['new_blobs']} new files)")
    print(f"  restore (2 days)  {results['restore']['seconds']:7.1f} s  {results['backup_set_bytes'] / mb:8.1f} MB set "
          f"({results['restore']['enrolments']} enrolments)")
    RESULTS_DIR.mkdir(exist_ok=True)
    (RESULTS_DIR / "bench_handover.json").write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
