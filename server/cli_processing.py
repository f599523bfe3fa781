"""``station-hub worker``, ``adjudicate list|show|decide`` and ``status history``: processing at the office."""

from __future__ import annotations

import argparse
import getpass
import json
import multiprocessing
import os
import signal
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.errors import InputError

Opener = Callable[[argparse.Namespace], Any]  # server.cli._open
UrlOf = Callable[[argparse.Namespace], str]  # server.cli._db_url


def _score(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 1 <= value <= 10_000:
        raise argparse.ArgumentTypeError(f"skor harus 1–10000 / the score must be 1–10000, not {text!r}")
    return value


def _processes(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= 64:
        raise argparse.ArgumentTypeError(f"jumlah proses harus 1–64 / processes must be 1–64, not {text!r}")
    return value


def add_score_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--duplicate-score", type=_score, default=None,
                        help="Bozorth3 score from which two records are the same person (default 80)")
    parser.add_argument("--adjudicate-score", type=_score, default=None,
                        help="score from which a supervisor decides (default 60; below it: unique)")


def settings_from(args: argparse.Namespace) -> Any:
    from server.processing.pipeline import ProcessingSettings

    try:
        return ProcessingSettings.from_env(duplicate_score=getattr(args, "duplicate_score", None),
                                           adjudicate_score=getattr(args, "adjudicate_score", None))
    except ValueError:
        raise InputError("Skor tidak cocok: skor adjudikasi harus di bawah skor data ganda.",
                         "Scores do not fit: the adjudication score must not exceed the duplicate score.") from None


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser, open_hub: Opener,
             db_url: UrlOf) -> None:
    worker = commands.add_parser("worker", parents=[common],
                                 help="process received packets (verify, decode, deduplicate, set statuses)")
    worker.add_argument("--processes", type=_processes, default=1,
                        help="worker processes on this machine (PostgreSQL; SQLite runs one)")
    worker.add_argument("--once", action="store_true", help="process what is waiting, then exit")
    add_score_arguments(worker)
    worker.set_defaults(func=lambda args: _worker(args, open_hub, db_url))

    adjudicate = commands.add_parser("adjudicate", help="records a supervisor must decide").add_subparsers(
        dest="adjudicate_command", required=True)
    listing = adjudicate.add_parser("list", parents=[common], help="records waiting for a decision")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(func=lambda args: _adjudicate_list(args, open_hub))
    show = adjudicate.add_parser("show", parents=[common], help="both records side by side")
    show.add_argument("packet_uuid")
    show.add_argument("--reveal", action="store_true", help="show the full NIKs (for the decider)")
    show.add_argument("--faces", type=Path, default=None, metavar="DIR", help="write both face photos to DIR")
    show.add_argument("--json", action="store_true")
    show.set_defaults(func=lambda args: _adjudicate_show(args, open_hub))
    decide = adjudicate.add_parser("decide", parents=[common], help="same person or different")
    decide.add_argument("packet_uuid")
    verdict = decide.add_mutually_exclusive_group(required=True)
    verdict.add_argument("--same", action="store_true", help="the same person: a duplicate record")
    verdict.add_argument("--different", action="store_true", help="different people: print-ready")
    decide.add_argument("--note", default=None)
    decide.add_argument("--by", default=None, help="who decides (default: the logged-in user)")
    decide.add_argument("--json", action="store_true")
    decide.set_defaults(func=lambda args: _adjudicate_decide(args, open_hub))


def add_status_history(status: argparse._SubParsersAction, common: argparse.ArgumentParser,
                       open_hub: Opener) -> None:
    history = status.add_parser("history", parents=[common], help="a packet's status changes with times and reasons")
    history.add_argument("packet_uuid")
    history.add_argument("--json", action="store_true")
    history.set_defaults(func=lambda args: _status_history(args, open_hub))


# worker ---------------------------------------------------------------------
def wait_for_stop() -> None:
    """Block until Ctrl+C or SIGTERM (a service manager stopping the worker)."""
    def _stop(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _stop)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        return


def _worker(args: argparse.Namespace, open_hub: Opener, db_url: UrlOf) -> int:
    from server.processing.queue import InProcessWorker, uses_job_queue

    settings = settings_from(args)
    url = db_url(args)
    if not uses_job_queue(url):
        if args.processes > 1:
            raise InputError("Hub dengan SQLite memakai satu proses pemroses; pakai PostgreSQL untuk lebih.",
                             "A SQLite hub runs one processing process; use PostgreSQL for more.")
        from server.processing.pipeline import PacketProcessor

        hub = open_hub(args)
        try:
            _ = hub.key  # fail now, clearly, when `keys init` was never run
            worker = InProcessWorker(PacketProcessor(hub, settings))
            if args.once:
                print(f"{worker.drain()} paket diproses / packets processed")
                return 0
            print("station-hub worker: SQLite, in-process (Ctrl+C to stop)", flush=True)
            worker.start()
            wait_for_stop()
            worker.stop()
        finally:
            hub.close()
        return 0
    return _job_workers(args, open_hub, url, settings)


def _job_workers(args: argparse.Namespace, open_hub: Opener, url: str, settings: Any) -> int:
    from server.processing.pipeline import PacketProcessor
    from server.processing.queue import JobQueue, ensure_queue_schema

    hub = open_hub(args)
    try:
        _ = hub.key  # fail now when `keys init` was never run
        ensure_queue_schema(hub.engine)
        queue = JobQueue(url)
        try:
            queued = queue.enqueue_pending(PacketProcessor(hub, settings))
        finally:
            queue.close()
    finally:
        hub.close()
    print(f"station-hub worker: PostgreSQL, {args.processes} process(es); {queued} waiting packet(s) queued",
          flush=True)
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_job_worker_main, name=f"hub-worker-{n}",
                               args=(url, str(args.data) if args.data else None, settings, n, not args.once))
               for n in range(args.processes)]
    for process in workers:
        process.start()
    try:
        for process in workers:
            process.join()
    except KeyboardInterrupt:
        for process in workers:
            if process.pid:
                os.kill(process.pid, signal.SIGTERM)
        for process in workers:
            process.join(timeout=30)
    return max((p.exitcode or 0) for p in workers)


def _job_worker_main(url: str, data_dir: str | None, settings: Any, number: int, wait: bool) -> None:
    """One spawned worker process (PostgreSQL)."""
    from server.cli import _default_data_dir
    from server.hub import Hub
    from server.processing.pipeline import PacketProcessor
    from server.processing.queue import run_job_worker

    hub = Hub(url, Path(data_dir) if data_dir else _default_data_dir(), migrate=False)
    try:
        run_job_worker(url, lambda: PacketProcessor(hub, settings), name=f"hub-worker-{number}", wait=wait)
    finally:
        hub.close()


# adjudication ---------------------------------------------------------------
def _adjudicate_list(args: argparse.Namespace, open_hub: Opener) -> int:
    from server.processing.adjudication import waiting

    hub = open_hub(args)
    try:
        rows = waiting(hub)
    finally:
        hub.close()
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    for row in rows:
        print(f"{row['packet_uuid']}  {row['station_code']:8}  {row['nik']}  {row['name'] or '':28}  "
              f"skor/score {row['score']}  ~ {row['other_packet_uuid']}")
        print(f"    {row['reason_id']} / {row['reason_en']}")
    print(f"{len(rows)} rekaman menunggu keputusan / records waiting for a decision")
    return 0


def _adjudicate_show(args: argparse.Namespace, open_hub: Opener) -> int:
    from server.processing.adjudication import compare

    hub = open_hub(args)
    try:
        result = compare(hub, args.packet_uuid, reveal=args.reveal, faces_dir=args.faces)
    finally:
        hub.close()
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return 0
    left, right = result["record"], result["other"]
    print(f"{'':22}{'rekaman ini / this record':40}{'rekaman lain / other record':40}")
    for key, label in (("packet_uuid", "paket / packet"), ("status", "status"), ("station_code", "stasiun / station"),
                       ("site", "lokasi / site"), ("captured_at", "direkam / captured"), ("nik", "NIK"),
                       ("name", "nama / name"), ("birth_date", "lahir / born"), ("sex", "L/P"),
                       ("face_file", "foto / face")):
        print(f"{label:22}{str(left.get(key) or '-'):40}{str(right.get(key) or '-'):40}")
    print("\nsidik jari / fingers (skor Bozorth3 / score):")
    for finger in result["fingers"]:
        score = "-" if finger["score"] is None else finger["score"]
        print(f"  {finger['position']:>2} {finger['name_id']} / {finger['name_en']}: {score}")
    print(f"\n{result['reason_id']}\n{result['reason_en']}")
    return 0


def _adjudicate_decide(args: argparse.Namespace, open_hub: Opener) -> int:
    from server.processing.adjudication import decide

    by = args.by or getpass.getuser()
    hub = open_hub(args)
    try:
        result = decide(hub, args.packet_uuid, same=args.same, by=by, note=args.note)
    finally:
        hub.close()
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        words = "orang yang sama (data ganda) / the same person (duplicate)" if args.same \
            else "orang berbeda (siap cetak) / different people (print-ready)"
        print(f"{args.packet_uuid}: {words}; diputuskan oleh / decided by {by}")
    return 0


def _status_history(args: argparse.Namespace, open_hub: Opener) -> int:
    from server.processing.adjudication import history

    hub = open_hub(args)
    try:
        events = history(hub, args.packet_uuid)
    finally:
        hub.close()
    if args.json:
        print(json.dumps(events, indent=2, ensure_ascii=False))
        return 0
    for event in events:
        other = f" ~ {event['other_packet_uuid']}" if event["other_packet_uuid"] else ""
        print(f"{event['at']}  {event['status']:26}  {event['actor']}{other}")
        if event["reason_en"]:
            print(f"    {event['reason_id']} / {event['reason_en']}")
        if event["note"]:
            print(f"    catatan / note: {event['note']}")
    return 0
