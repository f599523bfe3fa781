"""Start processing beside a hub: a thread on SQLite, job deferral on PostgreSQL."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from server.hub import Hub
from server.processing.pipeline import PacketProcessor, ProcessingSettings
from server.processing.queue import InProcessWorker, JobQueue, ensure_queue_schema, uses_job_queue

log = logging.getLogger(__name__)


@dataclass
class ProcessingHandle:
    """What :func:`start_processing` started; ``stop()`` ends it."""

    worker: InProcessWorker | None = None
    queue: JobQueue | None = None

    def stop(self) -> None:
        if self.worker is not None:
            self.worker.stop()
        if self.queue is not None:
            self.queue.close()


def start_processing(hub: Hub, settings: ProcessingSettings | None = None) -> ProcessingHandle:
    """Every packet the hub accepts from now on is processed; so is any already waiting.

    SQLite: processed here, on one background thread. PostgreSQL: a job is queued per
    packet for ``station-hub worker`` processes (anywhere) to take.
    """
    db_url = hub.engine.url.render_as_string(hide_password=False)
    if uses_job_queue(db_url):
        ensure_queue_schema(hub.engine)
        queue = JobQueue(db_url)
        queue.open()
        hub.on_received = queue.enqueue
        waiting = queue.enqueue_pending(PacketProcessor(hub, settings))
        if waiting:
            log.info("queued %d waiting packets for processing", waiting)
        return ProcessingHandle(queue=queue)
    worker = InProcessWorker(PacketProcessor(hub, settings))
    hub.on_received = worker.notify
    worker.start()
    return ProcessingHandle(worker=worker)
