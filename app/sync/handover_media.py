"""Writing to and reading back from removable media: the one seam for hand-over and backup files.

Every file goes to a temporary name beside its target, is fsync'd, renamed and
its folder fsync'd, so a stick pulled out part-way holds the old file or the new
one, never half of one under the real name. ``read_back`` drops the page cache
first, so what it returns came from the medium rather than from memory.
Operating-system errors become a ``MediaError`` whose ``code`` says what the
operator must do: ``full``, ``read_only``, ``gone`` (pulled out, I/O error), ``not_found``
(not mounted), ``failed``.
"""

from __future__ import annotations

import errno
import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

from drivers.errors import StationError

TEMP_PREFIX = ".part-"
WRITE_BLOCK = 1024 * 1024

_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
_READ_ONLY = {errno.EROFS, errno.EACCES, errno.EPERM}
_GONE = {errno.EIO, errno.ENOENT, errno.ENODEV, errno.ENXIO, errno.ESTALE, errno.ENOTDIR}


class MediaError(StationError):
    """The removable medium (or folder) refused a read or a write; ``code`` says how."""

    def __init__(self, code: str, message_id: str, message_en: str, action_id: str, action_en: str) -> None:
        self.code = code
        super().__init__(message_id, message_en, action_id=action_id, action_en=action_en)

    def to_dict(self) -> dict[str, str]:
        return {**super().to_dict(), "code": self.code}


def media_error(exc: OSError, folder: Path) -> MediaError:
    """The operator's explanation of an operating-system error on ``folder``."""
    if exc.errno in _FULL:
        return MediaError("full", f"Media penyimpanan {folder} penuh.", f"The storage medium {folder} is full.",
                          "Pakai media yang lebih besar atau kosongkan ruang, lalu ulangi; yang sudah tersalin tidak "
                          "disalin lagi.", "Use a larger medium or free some space, then run it again; what was "
                          "copied is not copied again.")
    if exc.errno in _READ_ONLY:
        return MediaError("read_only", f"Media {folder} tidak dapat ditulisi (terkunci atau hanya-baca).",
                          f"The medium {folder} cannot be written (locked or read-only).",
                          "Geser kunci tulis pada flashdisk atau pakai media lain, lalu ulangi.",
                          "Slide the stick's write-protect switch or use another medium, then run it again.")
    if exc.errno in _GONE:
        return MediaError("gone", f"Media {folder} terlepas atau rusak saat dipakai.",
                          f"The medium {folder} was pulled out or failed while in use.",
                          "Pasang kembali media lalu ulangi; data di stasiun tetap aman.",
                          "Plug the medium back in and run it again; the data on the station is safe.")
    return MediaError("failed", f"Media {folder} bermasalah: {exc.strerror}.",
                      f"The medium {folder} has a problem: {exc.strerror}.",
                      "Periksa media lalu ulangi; data di stasiun tetap aman.",
                      "Check the medium and run it again; the data on the station is safe.")


def _write_all(fd: int, data: bytes) -> None:
    """Write every byte (the seam tests use to inject a full or vanished medium)."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view[:WRITE_BLOCK])
        view = view[written:]


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # not supported on this platform (Windows)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def ensure_folder(folder: Path, *subfolders: str) -> None:
    """Create ``folder`` and its ``subfolders`` on the medium; the folder's parent must exist already
    (a stick that is not mounted must not turn into a folder on the laptop's own disk).

    Raises:
        MediaError: the medium is missing (not mounted), read-only or full.
    """
    try:
        folder.mkdir(exist_ok=True)
        for name in subfolders:
            (folder / name).mkdir(exist_ok=True)
    except FileNotFoundError as exc:
        raise MediaError("not_found", f"Folder {folder.parent} tidak ada (media belum terpasang?).",
                         f"The folder {folder.parent} does not exist (is the medium not mounted?).",
                         "Pasang media, tunggu sampai terbuka, lalu pilih foldernya lagi.",
                         "Plug the medium in, wait until it opens, then choose its folder again.") from exc
    except OSError as exc:
        raise media_error(exc, folder) from exc


def write_durably(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically and durably; nothing is left under a temporary name on failure.

    Raises:
        MediaError: the medium is full, read-only, or went away part-way.
    """
    write_durably_from(path, (data,))


def write_durably_from(path: Path, chunks: Iterable[bytes]) -> None:
    """``write_durably`` for a stream of chunks (a large file never sits in memory whole).

    Raises:
        MediaError: the medium is full, read-only, or went away part-way.
    """
    path = Path(path)
    tmp = path.with_name(f"{TEMP_PREFIX}{path.name}")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    except OSError as exc:
        raise media_error(exc, path.parent) from exc
    try:
        try:
            for chunk in chunks:
                _write_all(fd, chunk)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
        _fsync_folder(path.parent)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise media_error(exc, path.parent) from exc


def read_back(path: Path) -> bytes:
    """Read a file as it lies on the medium (page cache dropped first).

    Raises:
        MediaError: the medium went away or the file cannot be read.
    """
    try:
        with open(path, "rb") as handle:
            if hasattr(os, "posix_fadvise"):
                os.posix_fadvise(handle.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)
            return handle.read()
    except OSError as exc:
        raise media_error(exc, Path(path).parent) from exc


def hash_back(path: Path) -> tuple[str, int]:
    """(SHA-256, size) of a file as it lies on the medium (page cache dropped first), read in blocks.

    Raises:
        MediaError: the medium went away or the file cannot be read.
    """
    digest = hashlib.sha256()
    size = 0
    try:
        with open(path, "rb") as handle:
            if hasattr(os, "posix_fadvise"):
                os.posix_fadvise(handle.fileno(), 0, 0, os.POSIX_FADV_DONTNEED)
            while block := handle.read(WRITE_BLOCK):
                digest.update(block)
                size += len(block)
    except OSError as exc:
        raise media_error(exc, Path(path).parent) from exc
    return digest.hexdigest(), size


def remove_leftovers(folder: Path) -> None:
    """Delete temporary files a pulled stick or a crash left in ``folder`` (best effort)."""
    try:
        for leftover in folder.glob(f"{TEMP_PREFIX}*"):
            leftover.unlink(missing_ok=True)
    except OSError:
        pass
