"""Upgrade in place: a station written by release 0.1.0 (plaintext) is encrypted at its first log-in.

Order, so that a power cut at any step loses nothing and a re-run finishes the job:
1. the keyring with the new data key is saved (``upgrade_pending``);
2. the plaintext database is exported into an SQLCipher copy (``sqlcipher_export``),
   which replaces it atomically; the plaintext pages are then overwritten and removed;
3. at the unlock that follows, every plaintext blob is sealed in place and the station's
   PEM signing key moves into the encrypted database; the flag is cleared.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from app.storage.blobs import wipe_file
from app.storage.db import CIPHER_PAGE_SIZE, Database, is_plaintext_sqlite, key_pragma

if TYPE_CHECKING:
    from app.storage.vault import StationVault

log = logging.getLogger(__name__)


def _sidecars(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal")]


def resume_interrupted(path: Path) -> None:
    """Tidy what a cut-short :func:`encrypt_database_file` left (never touching the one live copy)."""
    old = path.with_name(path.name + ".plaintext-old")
    tmp = path.with_name(path.name + ".encrypting")
    if old.exists():
        if path.exists() and os.path.samefile(old, path):
            old.unlink()  # a second name for the live plaintext file: only the name goes
        else:
            wipe_file(old, unlink=True)
    if tmp.exists():
        wipe_file(tmp, unlink=True)  # an unfinished encrypted copy: made again from the plaintext


def encrypt_database_file(path: Path, cipher_key: bytes) -> None:
    """Replace the plaintext SQLite file at ``path`` by an SQLCipher copy, then wipe the plaintext."""
    import sqlcipher3.dbapi2 as sqlcipher

    resume_interrupted(path)
    if not is_plaintext_sqlite(path):
        return
    tmp = path.with_name(path.name + ".encrypting")
    old = path.with_name(path.name + ".plaintext-old")
    connection = sqlcipher.connect(str(path), isolation_level=None)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.execute(f"ATTACH DATABASE ? AS encrypted KEY {key_pragma(cipher_key).split('=', 1)[1]}",
                           (str(tmp),))
        connection.execute(f"PRAGMA encrypted.cipher_page_size = {CIPHER_PAGE_SIZE}")
        connection.execute("SELECT sqlcipher_export('encrypted')")
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        connection.execute(f"PRAGMA encrypted.user_version = {int(version)}")
        connection.execute("DETACH DATABASE encrypted")
        connection.execute("PRAGMA journal_mode = DELETE")  # the WAL is folded in and goes
    finally:
        connection.close()
    _fsync(tmp)
    os.link(path, old)
    os.replace(tmp, path)
    _fsync_dir(path.parent)
    wipe_file(old, unlink=True)
    for sidecar in _sidecars(path):
        if sidecar.exists() and not sidecar.name.endswith("-shm"):
            wipe_file(sidecar, unlink=True)
    log.info("database converted to SQLCipher")


def finish(vault: StationVault, import_legacy_keys: Callable[[Database, Path], object]) -> None:
    """Seal every blob still in the clear, then ``import_legacy_keys(db, DATA/keys)`` moves the PEM signing key
    into the database (the sync's, passed in by the vault's owner: sync sits above storage)."""
    blobs = vault.blobs
    blobs.resume_sealing()
    sealed = sum(blobs.seal_in_place(ref) for ref in blobs.refs())
    import_legacy_keys(vault.db, vault.data_dir / "keys")
    log.info("upgrade in place: %d stored files encrypted", sealed)


def _fsync(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
