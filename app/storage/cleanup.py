"""Clean after a crash: at start, wipe files under the data folder that no committed row references.

A ``kill -9`` or power cut can leave (a) a blob written before its transaction committed (a capture,
an ANSI/NIST record, a sealed packet), (b) an old blob whose row was already re-pointed but whose
delete never ran, (c) the temp file of an interrupted atomic write. Each is overwritten, then removed;
only the counts are logged, never names or contents.

What is never touched: any blob a row references (drafts' captures, unsent packets, records waiting
for approval), blob folders this module does not know (a new kind must add its reference column to
``BLOB_REFERENCES`` first), hidden files other than atomic-write temp files, and every other file
(the database and its WAL, keys, settings).

Assumption: one station process writes the data folder at a time, and nothing it writes is in flight
while it starts. Two processes at once (the GUI and a ``station sync`` from a terminal) are allowed:
every process holds a shared lock on ``station.lock`` for its lifetime, and clean-up runs only when it
gets the lock exclusively, i.e. when no other station process could be between writing a blob and
committing its row. Where ``fcntl`` is missing (Windows) the lock is not taken and the assumption holds
alone.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from sqlalchemy import select

from app.domain.enums import Modality
from app.storage.blobs import BlobStore
from app.storage.db import Database
from app.storage.models import Capture, Enrolment, OutboxEntry

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

# Every column that holds a blob reference, and the blob folders (kinds) whose files they account for.
BLOB_REFERENCES = (Capture.image_ref, Enrolment.record_ref, OutboxEntry.packet_ref)
CLEANED_KINDS = frozenset({*(m.value for m in Modality), "record", "packet"})

# ``atomic_write_bytes`` writes ``.{name}.{random}.tmp`` beside the target before renaming it.
TEMP_FILE = re.compile(r"^\..+\.tmp$")

LOCK_FILE_NAME = "station.lock"


@dataclass(frozen=True)
class CleanupReport:
    blobs_removed: int
    temp_files_removed: int
    unknown_folders: int

    @property
    def removed(self) -> int:
        return self.blobs_removed + self.temp_files_removed


def referenced_blobs(db: Database) -> set[str]:
    """Every blob reference in a committed row."""
    refs: set[str] = set()
    with db.session() as session:
        for column in BLOB_REFERENCES:
            refs.update(ref for ref in session.scalars(select(column).where(column.is_not(None))) if ref)
    return refs


def _blob_files(blob_dir: Path) -> tuple[list[str], int]:
    """Refs of the files in the cleaned blob folders, and how many other folders were left alone."""
    refs: list[str] = []
    unknown = 0
    if not blob_dir.is_dir():
        return refs, unknown
    for folder in sorted(p for p in blob_dir.iterdir() if p.is_dir()):
        if folder.name not in CLEANED_KINDS:
            unknown += 1
            continue
        # Hidden names are never blobs: atomic-write temp files (wiped below) or another step's work in
        # progress that its owner finishes (e.g. a ``.NAME.sealing`` copy of an upgrade in place).
        refs += [f"{folder.name}/{f.name}" for f in folder.iterdir() if f.is_file() and not f.name.startswith(".")]
    return refs, unknown


def _temp_files(data_dir: Path) -> list[Path]:
    return [path for path in data_dir.rglob(".*.tmp") if path.is_file() and TEMP_FILE.match(path.name)]


def wipe_file(path: Path) -> None:
    """Overwrite a file with zeros, flush it to disk, then remove it (idempotent)."""
    try:
        length = path.stat().st_size
        with open(path, "r+b") as handle:
            chunk = b"\0" * min(length, 1 << 20)
            left = length
            while left > 0:
                left -= handle.write(chunk[:left])
            handle.flush()
            os.fsync(handle.fileno())
        path.unlink()
    except FileNotFoundError:
        pass


def remove_unreferenced_files(db: Database, blobs: BlobStore, data_dir: Path) -> CleanupReport:
    """Wipe orphaned blobs and temp files; returns the counts (also logged, without names).

    Files are listed before the references are read, so a blob committed in between is kept.
    """
    candidates, unknown = _blob_files(blobs.root)
    temp_files = _temp_files(data_dir)
    keep = referenced_blobs(db)
    orphans = [ref for ref in candidates if ref not in keep]
    for ref in orphans:
        blobs.delete(ref)
    for path in temp_files:
        wipe_file(path)
    report = CleanupReport(len(orphans), len(temp_files), unknown)
    if report.removed:
        log.warning("clean-up at start: removed %d unreferenced files and %d unfinished temp files",
                    report.blobs_removed, report.temp_files_removed)
    if unknown:
        log.info("clean-up at start: %d blob folders of unknown kind left alone", unknown)
    return report


class StationProcessLock:
    """A lock on ``station.lock`` in the data folder: shared while a station runs, exclusive for clean-up."""

    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / LOCK_FILE_NAME
        self._handle: IO[bytes] | None = None

    def _open(self) -> IO[bytes]:
        if self._handle is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._handle = open(self.path, "a+b")  # held open for the station process's lifetime
        return self._handle

    def acquire_for_cleanup(self) -> bool:
        """True when no other station process holds the data folder (then clean-up is safe)."""
        if fcntl is None:
            return True
        try:
            fcntl.flock(self._open().fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log.info("clean-up at start skipped: another station process is using the data folder")
            return False
        return True

    def hold_shared(self) -> None:
        """Hold the folder shared for this process's lifetime (waits while another process cleans up)."""
        if fcntl is not None:
            fcntl.flock(self._open().fileno(), fcntl.LOCK_SH)

    def release(self) -> None:
        if self._handle is not None:
            self._handle.close()  # closing drops the lock; a killed process drops it too
            self._handle = None
