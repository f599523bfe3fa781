"""Hub processing throughput: packets decided per second, per worker core, on SQLite and PostgreSQL.

A station records ``--packets`` synthetic people (simulated devices, real records)
and sends them to a hub on 127.0.0.1 that only receives. Then, for each set-up, every
packet is put back to ``received`` and processed: SQLite with its one in-process
worker; PostgreSQL (a throw-away cluster) through procrastinate with 1, 2 and 4
worker processes. Reports wall time and packets per second, and the workers' CPU
seconds per packet: packets per CPU-second is one worker core's throughput, which a
loaded machine does not distort (wall-clock scaling needs idle cores).

    python -m bench.bench_hub_throughput --packets 16 --workers 1,2,4
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import tempfile
import time
from pathlib import Path

from sqlalchemy import delete, select, update

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
from tests.support.station import unlocked_station

RESULTS = Path(__file__).with_name("results")


def record_packets(folder: Path, count: int) -> tuple[Path, str]:
    """A hub data folder holding ``count`` received packets; returns it and its SQLite URL."""
    data = folder / "hub-data"
    init_hub_key(data)
    url = f"sqlite:///{folder / 'hub.sqlite3'}"
    paths = StationPaths(folder / "st" / "config", folder / "st" / "data", folder / "st" / "logs")
    paths.ensure()
    station = unlocked_station(from_mapping({"sync": {"require_approval": False}}, paths))
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


def time_sqlite(hub: Hub) -> tuple[float, float]:
    """(wall seconds, CPU seconds) to process every packet in this process."""
    count = reset(hub)
    started, cpu = time.perf_counter(), time.process_time()
    decided = InProcessWorker(PacketProcessor(hub)).drain()
    assert decided == count, (decided, count)
    return time.perf_counter() - started, time.process_time() - cpu


def _worker(url: str, data: str, number: int) -> None:
    hub = Hub(url, Path(data), migrate=False)
    try:
        run_job_worker(url, lambda: PacketProcessor(hub), name=f"bench-{number}", wait=False)
    finally:
        hub.close()


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_postgres(hub: Hub, url: str, workers: int) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the worker processes) with ``workers`` procrastinate workers."""
    count = reset(hub)
    queue = JobQueue(url)
    try:
        assert queue.enqueue_pending(PacketProcessor(hub)) == count
    finally:
        queue.close()
    context = multiprocessing.get_context("spawn")
    started, cpu = time.perf_counter(), _children_cpu()
    processes = [context.Process(target=_worker, args=(url, str(hub.data_dir), n)) for n in range(workers)]
    for process in processes:
        process.start()
    for process in processes:
        process.join()
    elapsed = time.perf_counter() - started
    assert not PacketProcessor(hub).pending()
    return elapsed, _children_cpu() - cpu


def _row(database: str, workers: int, packets: int, seconds: float, cpu: float) -> dict[str, object]:
    """Wall-clock throughput, and packets per CPU-second: a worker core's throughput whatever the load."""
    return {"database": database, "workers": workers, "packets": packets, "wall_s": round(seconds, 1),
            "packets_per_s": round(packets / seconds, 2), "cpu_s": round(cpu, 1),
            "cpu_s_per_packet": round(cpu / packets, 2), "packets_per_core_s": round(packets / cpu, 2) if cpu else None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packets", type=int, default=16)
    parser.add_argument("--workers", default="1,2,4")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        data, sqlite_url = record_packets(Path(folder), args.packets)
        sqlite_hub = Hub(sqlite_url, data)
        seconds, cpu = time_sqlite(sqlite_hub)
        rows.append(_row("sqlite", 1, args.packets, seconds, cpu))
        print(json.dumps(rows[-1]), flush=True)
        server = start_postgres()
        try:
            pg_url = server.create_database("hubbench")
            pg_hub = Hub(pg_url, data)
            ensure_queue_schema(pg_hub.engine)
            copy_to(sqlite_hub, pg_hub)
            for workers in (int(w) for w in args.workers.split(",")):
                # jobs start before the clock; procrastinate workers spawn inside it (start-up counts)
                seconds, cpu = time_postgres(pg_hub, pg_url, workers)
                rows.append(_row("postgresql", workers, args.packets, seconds, cpu))
                print(json.dumps(rows[-1]), flush=True)
            pg_hub.close()
        finally:
            server.stop()
        sqlite_hub.close()
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "bench_hub_throughput.json").write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
