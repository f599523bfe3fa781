"""Hub processing throughput: packets decided per second, per worker core, on SQLite and PostgreSQL.

A station records ``--packets`` synthetic people (simulated devices, real records)
and sends them to a hub on 127.0.0.1 that only receives. Then, for each set-up, every
packet is put back to ``received`` and processed: SQLite with its one in-process
worker; PostgreSQL (a throw-away cluster) through procrastinate with 1, 2 and 4
worker processes. Reports wall time, packets per second, and per worker.

    python -m bench.bench_hub_throughput --packets 16 --workers 1,2,4
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import tempfile
import time
from pathlib import Path

from sqlalchemy import delete, select, update

from app.bootstrap import build_station
from app.config import from_mapping
from app.domain.enums import CentralStatus
from app.paths import StationPaths
from app.services.demo import run_demo
from server.hub import Hub
from server.keys import init_hub_key
from server.local import LocalHub
from server.models import HubPacket, HubRecord, HubStation, HubStatusEvent, HubTemplate
from server.processing.pipeline import PacketProcessor
from server.processing.queue import InProcessWorker, JobQueue, ensure_queue_schema, run_job_worker
from tests.support.postgres import start_postgres

RESULTS = Path(__file__).with_name("results")


def record_packets(folder: Path, count: int) -> tuple[Path, str]:
    """A hub data folder holding ``count`` received packets; returns it and its SQLite URL."""
    data = folder / "hub-data"
    init_hub_key(data)
    url = f"sqlite:///{folder / 'hub.sqlite3'}"
    paths = StationPaths(folder / "st" / "config", folder / "st" / "data", folder / "st" / "logs")
    paths.ensure()
    station = build_station(from_mapping({"sync": {"require_approval": False}}, paths), log_to_file=False)
    try:
        with LocalHub(url, data) as local:
            assert local.hub is not None
            station.sync.register(local.url, local.hub.invite("BENCH"))
            run_demo(station, count, first_subject=20_000)
            station.sync.sync_now(pull=False)
    finally:
        station.close()
    return data, url


def copy_to(source: Hub, target: Hub) -> None:
    """Replay every packet of ``source`` into ``target`` (same data folder and key) as a station upload would."""
    with source.session() as session:
        stations = list(session.scalars(select(HubStation)))
        packets = list(session.scalars(select(HubPacket)))
    with target.session() as session:
        for station in stations:
            session.merge(HubStation(id=station.id, station_code=station.station_code, name=station.name,
                                     site_code=station.site_code, public_key=station.public_key,
                                     token_sha256=station.token_sha256))
    by_id = {s.id: s for s in stations}
    for packet in packets:
        data = source.packet_path(packet.packet_uuid).read_bytes()
        sender = by_id[packet.station_id]
        target.begin(sender, packet.packet_uuid, packet.sha256, packet.size)
        target.append(sender, packet.packet_uuid, 0, data)


def reset(hub: Hub) -> int:
    with hub.session() as session:
        for table in (HubTemplate, HubRecord, HubStatusEvent):
            session.execute(delete(table))
        return session.execute(update(HubPacket).values(status=CentralStatus.RECEIVED.value)).rowcount


def time_sqlite(hub: Hub) -> float:
    count = reset(hub)
    started = time.perf_counter()
    decided = InProcessWorker(PacketProcessor(hub)).drain()
    assert decided == count, (decided, count)
    return time.perf_counter() - started


def _worker(url: str, data: str, number: int) -> None:
    hub = Hub(url, Path(data), migrate=False)
    try:
        run_job_worker(url, lambda: PacketProcessor(hub), name=f"bench-{number}", wait=False)
    finally:
        hub.close()


def time_postgres(hub: Hub, url: str, workers: int) -> float:
    count = reset(hub)
    queue = JobQueue(url)
    try:
        assert queue.enqueue_pending(PacketProcessor(hub)) == count
    finally:
        queue.close()
    context = multiprocessing.get_context("spawn")
    started = time.perf_counter()
    processes = [context.Process(target=_worker, args=(url, str(hub.data_dir), n)) for n in range(workers)]
    for process in processes:
        process.start()
    for process in processes:
        process.join()
    elapsed = time.perf_counter() - started
    assert not PacketProcessor(hub).pending()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packets", type=int, default=16)
    parser.add_argument("--workers", default="1,2,4")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        data, sqlite_url = record_packets(Path(folder), args.packets)
        sqlite_hub = Hub(sqlite_url, data)
        seconds = time_sqlite(sqlite_hub)
        rows.append({"database": "sqlite", "workers": 1, "packets": args.packets, "seconds": round(seconds, 1),
                     "packets_per_s": round(args.packets / seconds, 2),
                     "per_worker": round(args.packets / seconds, 2)})
        print(json.dumps(rows[-1]), flush=True)
        server = start_postgres()
        try:
            pg_url = server.create_database("hubbench")
            pg_hub = Hub(pg_url, data)
            ensure_queue_schema(pg_hub.engine)
            copy_to(sqlite_hub, pg_hub)
            for workers in (int(w) for w in args.workers.split(",")):
                # jobs start before the clock; procrastinate workers spawn inside it (start-up counts)
                seconds = time_postgres(pg_hub, pg_url, workers)
                rows.append({"database": "postgresql", "workers": workers, "packets": args.packets,
                             "seconds": round(seconds, 1), "packets_per_s": round(args.packets / seconds, 2),
                             "per_worker": round(args.packets / seconds / workers, 2)})
                print(json.dumps(rows[-1]), flush=True)
            pg_hub.close()
        finally:
            server.stop()
        sqlite_hub.close()
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "bench_hub_throughput.json").write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
