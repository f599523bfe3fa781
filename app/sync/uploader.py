"""Resumable, idempotent upload of one sealed packet in chunks.

The hub is asked for its offset first (``begin_upload``), so a packet cut off
half-way resumes where the hub's copy ends, and a packet the hub already holds
is answered with its original receipt without sending a byte again.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from app.storage.blobs import BlobStore
from app.storage.crypto import DecryptionError
from app.storage.db import Database
from app.sync import outbox
from app.sync.client import HubClient, HubRefusedError
from app.sync.errors import PacketFormatError, SyncError, SyncErrorKind
from app.sync.packet_format import sha256_hex
from app.sync.settings import SyncSettings
from app.sync.storage_steps import StorageRunner, run_here

MAX_OFFSET_CORRECTIONS = 5
# Outbox ``bytes_sent`` is informational (resuming asks the hub for its offset), so it is written
# at most once per this many bytes, not after every chunk: each write is an fsync'd SQLite commit.
PROGRESS_RECORD_BYTES = 4 * 1024 * 1024


@dataclass
class TransferCounters:
    """Bytes acknowledged by the hub and bytes sent again after a failure (thread-safe)."""

    acknowledged: int = 0
    resent: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, acknowledged: int = 0, resent: int = 0) -> None:
        with self._lock:
            self.acknowledged += acknowledged
            self.resent += resent


class PacketUploader:
    def __init__(self, client: HubClient, db: Database, blobs: BlobStore, settings: SyncSettings,
                 counters: TransferCounters, on_bytes: Callable[[int], None] | None = None,
                 sleep: Callable[[float], None] = time.sleep, storage: StorageRunner = run_here) -> None:
        self.client = client
        self.storage = storage  # where each database and blob step runs
        self.db = db
        self.blobs = blobs
        self.settings = settings
        self.counters = counters
        self.on_bytes = on_bytes or (lambda _n: None)
        self.sleep = sleep

    def upload(self, due: outbox.DuePacket) -> dict[str, Any]:
        """Send one packet, retrying transient failures a few times; returns the hub's receipt.

        Raises:
            SyncError: the hub stayed unreachable for this run, or refused the packet.
        """
        data = self.storage(lambda: self._read(due))
        if sha256_hex(data) != due.sha256 or len(data) != due.size:
            raise PacketFormatError("local_corruption", "Paket tersimpan di stasiun rusak.",
                                    "The packet stored on the station is damaged.")
        self.storage(lambda: outbox.mark_uploading(self.db, due.entry_id))
        tries = self.settings.tries_per_run
        for attempt in range(tries):
            try:
                return self._send(due, data)
            except SyncError as error:
                if not error.kind.retryable or attempt == tries - 1:
                    raise
                self.sleep(min(2.0, 0.1 * 2 ** attempt))
        raise AssertionError("unreachable")

    def _read(self, due: outbox.DuePacket) -> bytes:
        try:
            return self.blobs.get(due.packet_ref)
        except DecryptionError:  # changed on disk: its authentication tag no longer matches
            return b""

    def _send(self, due: outbox.DuePacket, data: bytes) -> dict[str, Any]:
        answer = self.client.begin_upload(due.packet_uuid, due.sha256, due.size)
        corrections = 0
        recorded = 0
        while answer.get("state") != "complete":
            offset = _offset(answer, due.size)
            chunk = data[offset : offset + self.settings.chunk_size]
            try:
                answer = self.client.put_chunk(due.packet_uuid, offset, chunk)
            except HubRefusedError as error:
                if error.code != "offset_mismatch" or corrections >= MAX_OFFSET_CORRECTIONS:
                    raise
                corrections += 1
                answer = {"state": "partial", "offset": error.body.get("offset")}
                continue
            except SyncError:
                self.counters.add(resent=len(chunk))  # the chunk went (partly) out and must go again
                raise
            self.counters.add(acknowledged=len(chunk))
            self.on_bytes(len(chunk))
            if answer.get("state") != "complete" and _offset(answer, due.size) - recorded >= PROGRESS_RECORD_BYTES:
                recorded = _offset(answer, due.size)
                self.storage(partial(outbox.mark_progress, self.db, due.entry_id, recorded))
        receipt = answer.get("receipt")
        if not isinstance(receipt, dict) or receipt.get("sha256") != due.sha256:
            raise SyncError(SyncErrorKind.PROTOCOL, "Tanda terima dari pusat tidak cocok.",
                            "The hub's receipt does not match the packet.", code="bad_receipt")
        return receipt


def _offset(answer: dict[str, Any], size: int) -> int:
    offset = answer.get("offset")
    if not isinstance(offset, int) or not 0 <= offset <= size:
        raise SyncError(SyncErrorKind.PROTOCOL, "Posisi unggah dari pusat tidak masuk akal.",
                        "The hub reported an impossible upload offset.", code="bad_offset")
    return offset
