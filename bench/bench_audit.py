"""Audit chain and crash clean-up costs: append, verify and list at N events; the start-up orphan scan.

``python -m bench.bench_audit [--events N] [--files N]``: a throwaway station home in a temp folder,
synthetic events only. Compares an audit write with the chain (this branch) against the same insert
with the chain detached (what release 0.1.0 did), in one run on the same machine.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from app.bootstrap import build_station
from app.config import from_mapping
from app.domain.enums import AuditAction
from app.paths import StationPaths
from app.services.audit import record_audit
from app.storage.audit_chain import attach_audit_chain, chain_for, detach_audit_chain
from app.storage.cleanup import remove_unreferenced_files
from app.sync.synthetic import add_synthetic_enrolment


def _append(station, count: int, subject: str) -> float:
    started = time.perf_counter()
    for n in range(count):
        with station.db.session() as session:
            record_audit(session, AuditAction.SELFCHECK, subject=f"{subject}-{n}", details={"passed": 4, "n": n})
    return (time.perf_counter() - started) / count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=20_000, help="events in the log for verify/list")
    parser.add_argument("--writes", type=int, default=300, help="timed single-event transactions")
    parser.add_argument("--files", type=int, default=5_000, help="orphan blob files for the start-up clean-up")
    parser.add_argument("--enrolments", type=int, default=1_000,
                        help="saved enrolments (6 referenced files each) for the scan that removes nothing")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        paths = StationPaths(home / "config", home / "data", home / "logs")
        paths.ensure()
        station = build_station(from_mapping({}, paths), log_to_file=False)
        try:
            chain = chain_for(station.db)
            assert chain is not None
            detach_audit_chain(station.db, chain)
            plain_write = _append(station, args.writes, "plain")
            attach_audit_chain(station.db, chain)
            chained_write = _append(station, args.writes, "chained")
            with station.db.engine.begin() as connection:  # the unchained rows above are not part of the chain
                connection.exec_driver_sql("DELETE FROM audit_events WHERE seq IS NULL")
            bulk_started = time.perf_counter()
            left = args.events - args.writes
            with station.db.session() as session:
                for n in range(max(0, left)):
                    record_audit(session, AuditAction.SYNC, subject=f"bulk-{n}", details={"sent": n % 7})
            bulk_s = time.perf_counter() - bulk_started
            started = time.perf_counter()
            report = station.audit_log.verify()
            verify_s = time.perf_counter() - started
            started = time.perf_counter()
            listed = station.audit_log.entries(limit=500)
            list_s = time.perf_counter() - started
            for n in range(args.files):
                station.blobs.put(b"x" * 256, "finger" if n % 2 else "face", ".png")
            started = time.perf_counter()
            removed = remove_unreferenced_files(station.db, station.blobs, paths.data_dir)
            scan_s = time.perf_counter() - started
            for serial in range(args.enrolments):  # referenced files: the scan keeps every one
                add_synthetic_enrolment(station.db, station.blobs, serial=serial, record_size=4096, image_size=512)
            started = time.perf_counter()
            kept = remove_unreferenced_files(station.db, station.blobs, paths.data_dir)
            clean_scan_s = time.perf_counter() - started
            assert kept.removed == 0
        finally:
            station.close()
    result = {
        "events": report.events, "verified": report.verified, "ok": report.ok,
        "write_ms_plain": round(plain_write * 1000, 2), "write_ms_chained": round(chained_write * 1000, 2),
        "bulk_append_per_event_ms": round(bulk_s / max(1, left) * 1000, 3),
        "verify_s": round(verify_s, 3), "list_500_s": round(list_s, 3),
        "orphans_removed": removed.blobs_removed, "cleanup_scan_orphans_s": round(scan_s, 3),
        "cleanup_scan_clean_s": round(clean_scan_s, 3), "referenced_files": args.enrolments * 6,
    }
    print(f"audit write, one event per transaction: {result['write_ms_plain']} ms plain, "
          f"{result['write_ms_chained']} ms chained")
    print(f"verify {report.events} events: {result['verify_s']} s; list newest 500: {result['list_500_s']} s "
          f"({len(listed)} rows)")
    print(f"start-up clean-up: {removed.blobs_removed} orphans wiped in {result['cleanup_scan_orphans_s']} s; "
          f"scan of {args.enrolments * 6} referenced files, nothing to wipe: {result['cleanup_scan_clean_s']} s")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
