"""The station's lock: the keyring on disk, the data key in memory, and what it opens.

Locked, the database engine is closed and the blob codec has no key: every
stored-data call refuses with StationLockedError. :meth:`StationVault.unlock`
takes the data key (from an operator's password, the recovery code or the
office's token), opens SQLCipher with its ``database`` subkey and the blobs with
its ``blobs`` subkey, migrates, and finishes an interrupted upgrade in place.
:meth:`StationVault.lock` drops and zeroes all of it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from enum import Enum
from pathlib import Path

from app.errors import StationLockedError, StorageError
from app.storage import upgrade as plaintext_upgrade
from app.storage.blobs import BlobStore, SealedCodec
from app.storage.crypto import DataKey
from app.storage.db import Database, is_plaintext_sqlite, sqlite_file
from app.storage.keyring import Keyring

log = logging.getLogger(__name__)

KEYRING_FILE = "keyring.json"


class VaultState(Enum):
    NEW = "new"  # nothing stored yet: the first supervisor creates the key
    PLAINTEXT = "plaintext"  # written by release 0.1.0: converted at the first log-in
    ENCRYPTED = "encrypted"


class StationVault:
    def __init__(self, data_dir: Path, db: Database, blobs: BlobStore, *,
                 import_legacy_keys: Callable[[Database, Path], object], migrate: bool = True) -> None:
        """``import_legacy_keys(db, DATA/keys)`` moves release 0.1.0's key files in at the upgrade (the sync's)."""
        self.data_dir = Path(data_dir)
        self.import_legacy_keys = import_legacy_keys
        self.db = db
        self.blobs = blobs
        self.migrate = migrate
        self.codec = blobs.codec if isinstance(blobs.codec, SealedCodec) else SealedCodec()
        blobs.codec = self.codec
        self._key: DataKey | None = None
        # Run once the database and blobs are open, before anything else writes (the station links its
        # audit chain and cleans up after a crash there); an exception locks again and propagates.
        self.on_unlock: Callable[[], None] | None = None

    @property
    def keyring_path(self) -> Path:
        return self.data_dir / KEYRING_FILE

    @property
    def database_path(self) -> Path:
        path = sqlite_file(self.db.url)
        if path is None:
            raise StorageError("Enkripsi basis data memerlukan berkas SQLite.", "Database encryption needs an SQLite file.")
        return path

    def keyring(self) -> Keyring | None:
        return Keyring.load(self.keyring_path)

    def require_keyring(self) -> Keyring:
        keyring = self.keyring()
        if keyring is None:
            raise StationLockedError("Stasiun belum memiliki supervisor.", "The station has no supervisor yet.",
                                     action_id="Buat supervisor pertama.", action_en="Create the first supervisor.")
        return keyring

    @property
    def state(self) -> VaultState:
        if self.keyring_path.exists():
            return VaultState.ENCRYPTED
        plaintext_upgrade.resume_interrupted(self.database_path)
        if is_plaintext_sqlite(self.database_path):
            return VaultState.PLAINTEXT
        return VaultState.NEW

    @property
    def unlocked(self) -> bool:
        return self._key is not None

    @property
    def data_key(self) -> DataKey:
        if self._key is None:
            raise StationLockedError()
        return self._key

    def subkey(self, purpose: str) -> bytes:
        return self.data_key.subkey(purpose)

    def unlock(self, key: DataKey) -> None:
        """Open the database and blobs with ``key`` (idempotent for the same key).

        Raises:
            StorageError: the database does not open with this key (another station's folder).
        """
        if self._key is not None:
            if self._key.same_as(key.raw()):
                key.wipe()
                return
            self.lock()
        plaintext_upgrade.resume_interrupted(self.database_path)
        if is_plaintext_sqlite(self.database_path):
            # Release 0.1.0's file (or an upgrade cut short): converted before anything else opens it.
            plaintext_upgrade.encrypt_database_file(self.database_path, key.subkey("database"))
        try:
            self.db.open(key.subkey("database"))
            if self.migrate:
                self.db.upgrade()
        except BaseException:
            self.db.close()
            raise
        self.codec.set_key(key.subkey("blobs"))
        self._key = key
        if self.on_unlock is not None:
            try:
                self.on_unlock()
            except BaseException:
                self.lock()
                raise
        keyring = self.keyring()
        if keyring is not None and keyring.data.get("upgrade_pending"):
            plaintext_upgrade.finish(self, self.import_legacy_keys)
            keyring = self.require_keyring()
            keyring.data.pop("upgrade_pending", None)
            keyring.save()
            log.info("plaintext data of an earlier release encrypted")

    def lock(self) -> None:
        """Close everything the key opened and zero the key."""
        self.db.close()
        self.codec.clear()
        if self._key is not None:
            self._key.wipe()
        self._key = None
