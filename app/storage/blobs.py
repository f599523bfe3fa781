"""The one seam through which image and packet bytes reach the disk.

Everything biometric is written here and nowhere else, so encryption at rest is
one ``BlobCodec`` away. References are opaque relative paths stored in the
database (``Capture.image_ref``).
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Protocol

from app.errors import NotFoundError, StorageError
from app.storage.atomic import atomic_write_bytes


class BlobCodec(Protocol):
    """Turns plaintext into what lies on disk and back (identity, or sealing)."""

    def encode(self, plaintext: bytes, ref: str) -> bytes: ...

    def decode(self, stored: bytes, ref: str) -> bytes: ...


class PlainCodec:
    def encode(self, plaintext: bytes, ref: str) -> bytes:
        return plaintext

    def decode(self, stored: bytes, ref: str) -> bytes:
        return stored


class BlobStore:
    def __init__(self, root: Path, codec: BlobCodec | None = None) -> None:
        self.root = Path(root)
        self.codec: BlobCodec = codec or PlainCodec()

    def _path(self, ref: str) -> Path:
        path = (self.root / ref).resolve()
        if self.root.resolve() not in path.parents:
            raise StorageError("Referensi berkas tidak valid.", f"Invalid blob reference: {ref!r}")
        return path

    def put(self, data: bytes, kind: str, suffix: str = ".bin") -> str:
        """Store bytes atomically; returns the reference. ``kind`` is a folder (``face``, ``packet``)."""
        if not kind.isidentifier():
            raise ValueError(f"bad blob kind {kind!r}")
        ref = f"{kind}/{uuid.uuid4().hex}{suffix}"
        atomic_write_bytes(self._path(ref), self.codec.encode(data, ref))
        return ref

    def restore(self, ref: str, data: bytes) -> None:
        """Store bytes under an existing reference (``station backup restore``: references must not change)."""
        atomic_write_bytes(self._path(ref), self.codec.encode(data, ref))

    def get(self, ref: str) -> bytes:
        try:
            stored = self._path(ref).read_bytes()
        except FileNotFoundError:
            raise NotFoundError(f"Berkas data {ref} tidak ada.", f"Stored data {ref} is missing.") from None
        return self.codec.decode(stored, ref)

    def exists(self, ref: str) -> bool:
        return self._path(ref).exists()

    def size(self, ref: str) -> int:
        return self._path(ref).stat().st_size

    def delete(self, ref: str) -> None:
        """Remove a blob (idempotent). Overwrites first so the bytes do not linger."""
        path = self._path(ref)
        try:
            length = path.stat().st_size
            with open(path, "r+b") as handle:
                handle.write(b"\0" * length)
                handle.flush()
                os.fsync(handle.fileno())
            path.unlink()
        except FileNotFoundError:
            pass
