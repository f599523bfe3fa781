"""Atomic file writes: temp file in the same folder, fsync, rename, fsync the folder.

A reader sees the old file or the new one, never half of one, even after a
power cut. A full disk raises StorageFullError and leaves no temp file behind.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from app.errors import StorageError, StorageFullError


def atomic_write_bytes(path: Path, data: bytes) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
        _fsync_dir(path.parent)
    except OSError as exc:
        try:
            os.unlink(tmp_name)
        except FileNotFoundError:
            pass
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise StorageFullError() from exc
        raise StorageError(
            f"Berkas {path.name} tidak dapat ditulis: {exc.strerror}.",
            f"Cannot write {path.name}: {exc.strerror}.",
        ) from exc


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # not supported on this platform (Windows)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
