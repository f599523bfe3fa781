"""Where processing work waits: procrastinate on PostgreSQL, a thread in the hub's process on SQLite.

PostgreSQL (an office with many stations): each received packet becomes a
procrastinate job (``process_packet``, queue ``packets``, one job per packet by
its queueing lock); ``station-hub worker --processes N`` on any number of
machines takes jobs, so adding processes or machines adds throughput.

SQLite (the single-machine default): the same :class:`PacketProcessor` runs on a
thread beside ``serve`` (or in ``station-hub worker``), woken when a packet
arrives and sweeping every few seconds.

Either way the database is the truth: a packet left ``received`` (a job lost, a
worker killed) is found again by :meth:`PacketProcessor.pending` at the next sweep.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import make_url

from server.processing.pipeline import PacketProcessor

log = logging.getLogger(__name__)

QUEUE_NAME = "packets"
TASK_NAME = "process_packet"
SWEEP_INTERVAL_S = 5.0


def uses_job_queue(db_url: str) -> bool:
    """PostgreSQL hubs queue work in procrastinate; SQLite hubs process in-process."""
    return make_url(db_url).get_backend_name() == "postgresql"


def libpq_conninfo(db_url: str) -> str:
    """The libpq form of a SQLAlchemy ``postgresql+psycopg://`` URL."""
    return make_url(db_url).set(drivername="postgresql").render_as_string(hide_password=False)


class InProcessWorker:
    """Processes waiting packets on one background thread (SQLite hubs)."""

    def __init__(self, processor: PacketProcessor, *, sweep_interval_s: float = SWEEP_INTERVAL_S) -> None:
        self.processor = processor
        self.sweep_interval_s = sweep_interval_s
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def notify(self, _packet_uuid: str = "") -> None:
        """A packet arrived: look now rather than at the next sweep."""
        self._wake.set()

    def drain(self) -> int:
        """Process everything waiting now; returns how many packets were decided."""
        decided = 0
        while not self._stop.is_set():
            waiting = self.processor.pending(limit=100)
            if not waiting:
                return decided
            for packet_uuid in waiting:
                if self._stop.is_set():
                    break
                try:
                    if self.processor.process(packet_uuid) is not None:
                        decided += 1
                except Exception:  # one bad packet must not stop the others; it stays in the sweep
                    log.exception("processing packet %s failed", packet_uuid)
                    self._stop.wait(1.0)
        return decided

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="hub-processing", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.drain()
            self._wake.wait(self.sweep_interval_s)
            self._wake.clear()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=30)


def procrastinate_app(db_url: str) -> Any:
    """The procrastinate app of a PostgreSQL hub, with its one task registered."""
    import procrastinate  # only PostgreSQL hubs need it

    app = procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=libpq_conninfo(db_url)))

    @app.task(name=TASK_NAME, queue=QUEUE_NAME, pass_context=True, retry=3)
    def process_packet(context: Any, packet_uuid: str) -> str | None:
        processor: PacketProcessor = context.additional_context["processor"]
        decision = processor.process(packet_uuid)
        return decision.status.value if decision else None

    return app


def ensure_queue_schema(engine: Any) -> bool:
    """Create procrastinate's tables in a PostgreSQL hub database once; True when created now."""
    with engine.begin() as connection:
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": 0x454B5451})
        if connection.execute(text("SELECT to_regclass('procrastinate_jobs')")).scalar() is not None:
            return False
        from procrastinate.schema import SchemaManager

        connection.exec_driver_sql(SchemaManager.get_schema().replace("%", "%%"))  # no parameters: literal %
        return True


class JobQueue:
    """Defers ``process_packet`` jobs on a PostgreSQL hub (``serve`` calls :meth:`enqueue` per packet)."""

    def __init__(self, db_url: str) -> None:
        self.app = procrastinate_app(db_url)
        self._opened = False
        self._lock = threading.Lock()

    def open(self) -> None:
        with self._lock:
            if not self._opened:
                self.app.open()
                self._opened = True

    def close(self) -> None:
        with self._lock:
            if self._opened:
                self.app.close()
                self._opened = False

    def enqueue(self, packet_uuid: str) -> bool:
        """One job for the packet; False when one is already waiting (or the queue is unreachable)."""
        from procrastinate import exceptions

        self.open()
        task = self.app.tasks[TASK_NAME]
        try:
            task.configure(queueing_lock=packet_uuid).defer(packet_uuid=packet_uuid)
            return True
        except exceptions.AlreadyEnqueued:
            return False
        except exceptions.ConnectorException:
            log.warning("could not queue packet %s; the next sweep will", packet_uuid)
            return False

    def enqueue_pending(self, processor: PacketProcessor) -> int:
        """Queue every packet waiting without a job (received before the worker ran, or a lost job)."""
        return sum(self.enqueue(packet_uuid) for packet_uuid in processor.pending(limit=100_000))


def run_job_worker(db_url: str, make_processor: Callable[[], PacketProcessor], *, name: str,
                   wait: bool = True) -> None:
    """One worker process: take ``process_packet`` jobs until stopped (or, with ``wait=False``, until none is left)."""
    app = procrastinate_app(db_url)
    processor = make_processor()
    app.run_worker(queues=[QUEUE_NAME], concurrency=1, wait=wait, name=name,
                   additional_context={"processor": processor}, install_signal_handlers=wait,
                   delete_jobs="successful")
