"""A small USB stick for fault tests: a real size-limited tmpfs when the tests may mount (root),
else the same faults injected at the write seam (``app.sync.handover_media``)."""

from __future__ import annotations

import errno
import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app.sync import handover_media


def _mount(*args: str) -> bool:
    return subprocess.run(["mount", *args], capture_output=True, check=False).returncode == 0


class Stick:
    """A folder standing for a stick's mount point that can fill up, turn read-only, or be pulled."""

    def __init__(self, path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.path = path
        self.monkeypatch = monkeypatch
        self.mounted = False
        self._budget: int | None = None
        self._read_only = False

    def mount(self, size_kib: int) -> Stick:
        self.path.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0 and _mount("-t", "tmpfs", "-o", f"size={size_kib}k,mode=0755", "tmpfs", str(self.path)):
            self.mounted = True
        else:  # no mount allowed: the seam counts bytes and refuses past the size
            self._budget = size_kib * 1024
            self.monkeypatch.setattr(handover_media, "_write_all", self._budget_write)
            original_open = os.open
            self.monkeypatch.setattr(handover_media.os, "open", lambda *a, **k: self._open(original_open, *a, **k))
        return self

    def _budget_write(self, fd: int, data: bytes) -> None:
        assert self._budget is not None
        used = sum(p.stat().st_size for p in self.path.rglob("*") if p.is_file())
        if used + len(data) > self._budget:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        os.write(fd, data)

    def _open(self, original, path, flags, *args, **kwargs):
        if self._read_only and flags & (os.O_WRONLY | os.O_RDWR):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS))
        return original(path, flags, *args, **kwargs)

    def grow(self, size_kib: int) -> None:
        if self.mounted:
            assert _mount("-o", f"remount,size={size_kib}k", str(self.path))
        else:
            self._budget = size_kib * 1024

    def set_read_only(self, read_only: bool) -> None:
        if self.mounted:
            assert _mount("-o", "remount," + ("ro" if read_only else "rw"), str(self.path))
        else:
            self._read_only = read_only

    def unmount(self) -> None:
        if self.mounted:
            subprocess.run(["umount", "-l", str(self.path)], capture_output=True, check=False)
            self.mounted = False


@pytest.fixture
def stick(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Stick]:
    made = Stick(tmp_path / "stick", monkeypatch)
    yield made
    made.unmount()


def pull_after(monkeypatch: pytest.MonkeyPatch, files: int) -> Callable[[], None]:
    """Make the stick vanish (EIO) while writing the file after the first ``files`` ones; returns "plug it back"."""
    written: list[int] = []
    original = handover_media._write_all

    def write(fd: int, data: bytes) -> None:
        if len(written) >= files:
            os.write(fd, data[: len(data) // 2])
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        original(fd, data)
        written.append(len(data))

    monkeypatch.setattr(handover_media, "_write_all", write)
    return lambda: monkeypatch.setattr(handover_media, "_write_all", original)
