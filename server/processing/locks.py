"""One decision at a time across the whole hub, held until the decision is committed.

PostgreSQL: a transaction-level advisory lock (every worker on every machine).
SQLite (one machine): a lock file in the hub's data folder (every worker process)
plus a thread lock (threads of one process).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.orm import Session

from server.hub import Hub

try:  # POSIX; a Windows hub runs one worker process (the thread lock still serialises its threads)
    import fcntl
except ImportError:  # pragma: no cover - not on the Linux hub
    fcntl = None  # type: ignore[assignment]

ADVISORY_KEY = 0x454B5450  # "EKTP"
_THREADS = threading.Lock()


@contextlib.contextmanager
def decision_session(hub: Hub) -> Iterator[Session]:
    """A session holding the hub-wide decision lock; committed before the lock is released."""
    if hub.engine.dialect.name == "postgresql":
        with hub.session() as session:
            session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_KEY})
            yield session
        return
    path = Path(hub.data_dir) / "processing.lock"
    with _THREADS, open(path, "a+b") as handle:
        if fcntl is not None:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            with hub.session() as session:
                yield session
        finally:
            if fcntl is not None:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
