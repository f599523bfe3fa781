"""The one seam through which image and packet bytes reach the disk.

Everything biometric is written here and nowhere else. On a station the codec
is :class:`SealedCodec`: AES-256-GCM under the data key's ``blobs`` subkey, with
the blob's reference as associated data (a file moved to another name does not
open). References are opaque relative paths stored in the database
(``Capture.image_ref``).
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Protocol

from app.errors import NotFoundError, StationLockedError, StorageError
from app.storage.atomic import atomic_write_bytes
from app.storage.crypto import DecryptionError, open_sealed, seal

SEALED_MAGIC = b"EKB1"  # what every sealed blob starts with (no image format does)


class BlobCodec(Protocol):
    """Turns plaintext into what lies on disk and back (identity, or sealing)."""

    def encode(self, plaintext: bytes, ref: str) -> bytes: ...

    def decode(self, stored: bytes, ref: str) -> bytes: ...


class PlainCodec:
    def encode(self, plaintext: bytes, ref: str) -> bytes:
        return plaintext

    def decode(self, stored: bytes, ref: str) -> bytes:
        return stored


class SealedCodec:
    """AES-256-GCM per blob; the key is set at unlock and dropped at log-out (then every call refuses)."""

    def __init__(self, key: bytes | None = None) -> None:
        self._key = key

    @property
    def unlocked(self) -> bool:
        return self._key is not None

    def set_key(self, key: bytes) -> None:
        self._key = key

    def clear(self) -> None:
        self._key = None

    def _require_key(self) -> bytes:
        if self._key is None:
            raise StationLockedError()
        return self._key

    def encode(self, plaintext: bytes, ref: str) -> bytes:
        return SEALED_MAGIC + seal(self._require_key(), plaintext, _associated(ref))

    def decode(self, stored: bytes, ref: str) -> bytes:
        key = self._require_key()
        if not stored.startswith(SEALED_MAGIC):
            raise DecryptionError(f"Berkas data {ref} rusak atau tidak terenkripsi.",
                                  f"Stored data {ref} is damaged or not encrypted.")
        return open_sealed(key, stored[len(SEALED_MAGIC):], _associated(ref))


def _associated(ref: str) -> bytes:
    return b"ektp-station/blob|" + ref.encode("utf-8")


def is_sealed(stored_head: bytes) -> bool:
    return stored_head.startswith(SEALED_MAGIC)


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

    def refs(self) -> list[str]:
        """Every stored blob's reference (temp files of interrupted writes excluded)."""
        if not self.root.exists():
            return []
        return sorted(str(p.relative_to(self.root)) for p in self.root.rglob("*")
                      if p.is_file() and not p.name.startswith("."))

    def seal_in_place(self, ref: str) -> bool:
        """Encrypt a blob an earlier release wrote in the clear, wiping its plaintext; False when already sealed.

        The sealed copy is complete on disk before the plaintext is overwritten, so a
        power cut leaves one of them whole (:meth:`resume_sealing` puts it back).
        """
        path = self._path(ref)
        stored = path.read_bytes()
        if is_sealed(stored):
            return False
        tmp = path.with_name(f".{path.name}.sealing")
        atomic_write_bytes(tmp, self.codec.encode(stored, ref))
        wipe_file(path)
        os.replace(tmp, path)
        return True

    def resume_sealing(self) -> int:
        """Finish :meth:`seal_in_place` calls a power cut interrupted (their sealed copy is whole)."""
        done = 0
        for tmp in self.root.rglob(".*.sealing") if self.root.exists() else ():
            os.replace(tmp, tmp.with_name(tmp.name[1:].removesuffix(".sealing")))
            done += 1
        return done

    def delete(self, ref: str) -> None:
        """Remove a blob (idempotent). Overwrites first so the bytes do not linger."""
        wipe_file(self._path(ref), unlink=True)


def wipe_file(path: Path, *, unlink: bool = False) -> None:
    """Overwrite a file with zeros (fsync'd), then optionally remove it. Missing files are fine."""
    try:
        length = path.stat().st_size
        with open(path, "r+b") as handle:
            handle.write(b"\0" * length)
            handle.flush()
            os.fsync(handle.fileno())
        if unlink:
            path.unlink()
    except FileNotFoundError:
        pass
