"""Benchmark: 1,000 realistic sealed packets through a bandwidth-limited loopback proxy.

Run: ``.venv/bin/python -m bench.bench_sync [--packets 1000] [--bandwidth-mbps 80] [--concurrency 4]``.

Measures (numbers printed and written as JSON to ``bench/results/``):

* sync time vs a plain TCP transfer of the same packet bytes through the same
  proxy (the ratio says what sealing-aware, chunked, resumable HTTP costs);
* bytes on the wire (both directions, counted by the proxy) per payload byte
  (the ANSI/NIST record bytes) and per sealed-packet byte;
* what a connection cut in the middle of a chunk costs in resent bytes.

The hub runs as a separate ``station-hub serve`` process, as in the field.
Record bodies are random bytes of 0.5–1 MB (the size of a real enrolment record).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

RESULTS_DIR = Path(__file__).resolve().parent / "results"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Sink:
    """A TCP server that reads and discards everything (the plain-transfer baseline's far end)."""

    def __init__(self) -> None:
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(4)
        self.port = self.listener.getsockname()[1]
        self.received = 0
        self.done = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        conn, _ = self.listener.accept()
        with conn:
            while data := conn.recv(1 << 16):
                self.received += len(data)
        self.done.set()

    def close(self) -> None:
        self.listener.close()


def _start_hub(data: Path, port: int) -> subprocess.Popen:
    command = [sys.executable, "-m", "server.cli"]
    subprocess.run([*command, "keys", "init", "--data", str(data)], check=True, capture_output=True)
    hub = subprocess.Popen([*command, "serve", "--no-processing", "--data", str(data), "--port", str(port)],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=1).status_code == 200:
                return hub
        except httpx.TransportError:
            time.sleep(0.2)
    hub.kill()
    raise RuntimeError("the hub did not start")


def _invite(data: Path, site: str) -> str:
    answer = subprocess.run([sys.executable, "-m", "server.cli", "station", "invite", site, "--data", str(data)],
                            check=True, capture_output=True, text=True)
    return answer.stdout.strip().split()[-1]


def _make_station(home: Path, **sync: object):
    os.environ["STATION_HOME"] = str(home)
    from app.bootstrap import build_station
    from app.config import from_mapping
    from app.paths import StationPaths

    paths = StationPaths.default()
    paths.ensure()
    station = build_station(from_mapping({"sync": {"require_approval": False, **sync}}, paths), log_to_file=False)
    station.operators.create_first_supervisor("bench", "Bench Supervisor", "bench-sandi-123")  # opens it
    return station


def _add_packets(station, count: int, rng: random.Random, first: int = 0) -> int:
    from app.sync.synthetic import add_synthetic_enrolment

    payload = 0
    for serial in range(first, first + count):
        size = rng.randint(500_000, 1_000_000)
        payload += size
        add_synthetic_enrolment(station.db, station.blobs, serial=serial, record_size=size, image_size=1024, rng=rng)
    return payload


def _plain_transfer(proxy, packet_bytes: list[bytes]) -> float:
    """Stream the same bytes through the same proxy to a sink; returns seconds."""
    sink = _Sink()
    proxy.upstream_port = sink.port
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", proxy.port)) as conn:
        for data in packet_bytes:
            conn.sendall(data)
        conn.shutdown(socket.SHUT_WR)
        sink.done.wait(timeout=3600)
    elapsed = time.monotonic() - started
    sink.close()
    return elapsed


def run(packets: int, bandwidth_mbps: float, chunk_kib: int, concurrency: int, cut_packets: int) -> dict:
    from app.storage.models import OutboxEntry
    from server.netfaults import FaultProxy

    rng = random.Random(2024)
    bandwidth = bandwidth_mbps * 1e6 / 8
    with tempfile.TemporaryDirectory(prefix="bench-sync-") as folder:
        root = Path(folder)
        hub_port = _free_port()
        hub = _start_hub(root / "hub", hub_port)
        try:
            proxy = FaultProxy(hub_port, bandwidth_bytes_per_s=bandwidth).start()
            station = _make_station(root / "station", chunk_size=chunk_kib * 1024, concurrency=concurrency)
            started = time.monotonic()
            payload = _add_packets(station, packets, rng)
            created_s = time.monotonic() - started
            started = time.monotonic()
            station.sync.register(proxy.url, _invite(root / "hub", "BENCH"))  # seals all queued packets
            seal_s = time.monotonic() - started
            with station.db.session() as session:
                refs = [(e.packet_ref, e.packet_size) for e in session.query(OutboxEntry).order_by(OutboxEntry.id)]
            packet_total = sum(size for _ref, size in refs)

            before_up, before_down = proxy.counters.bytes_up, proxy.counters.bytes_down
            report = station.sync.sync_now(pull=False)
            sync_s = report.duration_s
            wire = proxy.counters.bytes_up - before_up + proxy.counters.bytes_down - before_down
            assert len(report.sent) == packets and not report.failed, report.failed[:3]

            packet_bytes = [station.blobs.get(ref) for ref, _size in refs]
            plain_s = _plain_transfer(proxy, packet_bytes)
            proxy.upstream_port = hub_port
            del packet_bytes

            # A cut in the middle of a chunk, on a smaller batch.
            cut_payload = _add_packets(station, cut_packets, rng, first=packets)
            station.sync.seal_pending()
            chunk = chunk_kib * 1024
            before_up = proxy.counters.bytes_up
            proxy.cut_after(3 * chunk + chunk // 2)
            cut_report = station.sync.sync_now(pull=False)
            assert len(cut_report.sent) == cut_packets and proxy.counters.cuts == 1
            cut_wire_up = proxy.counters.bytes_up - before_up
            cut_packet_total = sum(r.size for r in cut_report.sent)
            proxy.stop()
            station.close()
        finally:
            hub.terminate()
            hub.wait(timeout=30)
    return {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()} {os.cpu_count()} cpu, Python {platform.python_version()}",
        "packets": packets, "bandwidth_mbit_s": bandwidth_mbps, "chunk_kib": chunk_kib, "concurrency": concurrency,
        "payload_bytes": payload, "sealed_packet_bytes": packet_total,
        "create_s": round(created_s, 1), "seal_s": round(seal_s, 1),
        "sync_s": round(sync_s, 2), "plain_transfer_s": round(plain_s, 2), "ratio_sync_to_plain": round(sync_s / plain_s, 3),
        "wire_bytes": wire, "wire_per_payload_byte": round(wire / payload, 4),
        "wire_per_packet_byte": round(wire / packet_total, 4),
        "cut": {"packets": cut_packets, "payload_bytes": cut_payload, "resent_bytes": cut_report.bytes_resent,
                "upstream_wire_bytes": cut_wire_up, "upstream_over_packet_bytes": cut_wire_up - cut_packet_total},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packets", type=int, default=1000)
    parser.add_argument("--bandwidth-mbps", type=float, default=80.0, help="proxy bandwidth, megabit/s each way")
    parser.add_argument("--chunk-kib", type=int, default=256)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--cut-packets", type=int, default=10)
    args = parser.parse_args()
    result = run(args.packets, args.bandwidth_mbps, args.chunk_kib, args.concurrency, args.cut_packets)
    print(json.dumps(result, indent=2))
    RESULTS_DIR.mkdir(exist_ok=True)
    (RESULTS_DIR / "sync.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
