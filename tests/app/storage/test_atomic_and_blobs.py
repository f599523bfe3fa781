"""Atomic writes and the blob store: a full disk loses nothing and leaves no temp file."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from app.errors import NotFoundError, StorageError, StorageFullError
from app.storage.atomic import atomic_write_bytes
from app.storage.blobs import BlobStore


def disk_full_on_fsync(monkeypatch: pytest.MonkeyPatch) -> None:
    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)


def test_atomic_write_replaces_the_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "data.bin"
    atomic_write_bytes(target, b"old")
    atomic_write_bytes(target, b"new contents")
    assert target.read_bytes() == b"new contents"
    assert [p.name for p in target.parent.iterdir()] == ["data.bin"]


def test_full_disk_keeps_the_old_file_and_leaves_no_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "data.bin"
    atomic_write_bytes(target, b"old")
    disk_full_on_fsync(monkeypatch)
    with pytest.raises(StorageFullError) as error:
        atomic_write_bytes(target, b"new" * 1000)
    monkeypatch.undo()
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["data.bin"]
    assert error.value.message_id and error.value.action_en


def test_quota_exceeded_is_also_a_full_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def over_quota(_src: str, _dst: str) -> None:
        raise OSError(errno.EDQUOT, "Disk quota exceeded")

    monkeypatch.setattr(os, "replace", over_quota)
    with pytest.raises(StorageFullError):
        atomic_write_bytes(tmp_path / "x.bin", b"x")
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == []


def test_other_write_errors_are_storage_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def denied(_src: str, _dst: str) -> None:
        raise OSError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "replace", denied)
    with pytest.raises(StorageError) as error:
        atomic_write_bytes(tmp_path / "x.bin", b"x")
    assert not isinstance(error.value, StorageFullError)
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == []


def test_blob_round_trip_and_delete(tmp_path: Path) -> None:
    store = BlobStore(tmp_path / "blobs")
    ref = store.put(b"\x89PNG fake face", "face", ".png")
    assert ref.startswith("face/") and ref.endswith(".png")
    assert store.get(ref) == b"\x89PNG fake face"
    assert store.exists(ref) and store.size(ref) == 14
    store.delete(ref)
    store.delete(ref)  # idempotent
    assert not store.exists(ref)
    with pytest.raises(NotFoundError):
        store.get(ref)


def test_blob_put_on_a_full_disk_stores_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = BlobStore(tmp_path / "blobs")
    disk_full_on_fsync(monkeypatch)
    with pytest.raises(StorageFullError):
        store.put(b"x" * 10_000, "finger", ".png")
    monkeypatch.undo()
    assert [p for p in (tmp_path / "blobs").rglob("*") if p.is_file()] == []


@pytest.mark.parametrize("ref", ["../outside.bin", "/etc/passwd", "face/../../x"])
def test_references_cannot_leave_the_store(tmp_path: Path, ref: str) -> None:
    with pytest.raises(StorageError):
        BlobStore(tmp_path / "blobs").get(ref)


def test_blob_kind_must_be_a_plain_name(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        BlobStore(tmp_path).put(b"x", "../face")


def test_codec_is_the_one_seam_for_encryption(tmp_path: Path) -> None:
    class Reversing:
        def encode(self, plaintext: bytes, ref: str) -> bytes:
            return plaintext[::-1]

        def decode(self, stored: bytes, ref: str) -> bytes:
            return stored[::-1]

    store = BlobStore(tmp_path, Reversing())
    ref = store.put(b"abc", "face")
    assert (tmp_path / ref).read_bytes() == b"cba"
    assert store.get(ref) == b"abc"
