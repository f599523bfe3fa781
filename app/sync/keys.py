"""The station's signing key and what it knows of the hub after registration.

The station's Ed25519 private key lives in the encrypted database
(``station_state``), like the hub token: it opens only after an operator logs
in. Release 0.1.0 kept it as a PEM file in ``data/keys/``; the upgrade moves it
in and wipes the file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

from app.errors import StorageError
from app.storage.atomic import atomic_write_bytes
from app.storage.blobs import wipe_file
from app.storage.db import Database
from app.sync import state
from app.sync.errors import NotRegisteredError
from app.sync.packet_format import b64, load_x25519_public, raw_public

STATION_KEY_FILE = "station_ed25519.pem"
STATION_KEY_STATE = "sync.station_key"


def write_private_file(path: Path, data: bytes) -> None:
    """Write a secret atomically and make it readable by the owner only (0600)."""
    atomic_write_bytes(path, data)
    os.chmod(path, 0o600)


def _parse_station_key(pem: bytes, where: str) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(pem, password=None)
    except ValueError as exc:
        raise StorageError(
            f"Kunci stasiun ({where}) rusak atau tidak terbaca.",
            f"The station key ({where}) is damaged or unreadable.",
            action_id="Hubungi admin: stasiun perlu didaftarkan ulang.",
            action_en="Contact the administrator: the station must be registered again.",
        ) from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise StorageError("Kunci stasiun bukan Ed25519.", "The station key is not Ed25519.")
    return key


def import_legacy_station_key(db: Database, legacy_dir: Path) -> bool:
    """Move release 0.1.0's PEM file into the encrypted database and wipe the file. False when none."""
    path = legacy_dir / STATION_KEY_FILE
    if not path.exists():
        return False
    pem = path.read_bytes()
    _parse_station_key(pem, str(path))
    if state.get_json(db, STATION_KEY_STATE) is None:
        state.put_json(db, STATION_KEY_STATE, pem.decode("ascii"))
    wipe_file(path, unlink=True)
    return True


def load_or_create_station_key(db: Database, legacy_dir: Path | None = None) -> Ed25519PrivateKey:
    """The station's signing key (from the encrypted database), created on first use."""
    if legacy_dir is not None:
        import_legacy_station_key(db, legacy_dir)
    stored = state.get_json(db, STATION_KEY_STATE)
    if stored is not None:
        return _parse_station_key(str(stored).encode("ascii"), "station_state")
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    state.put_json(db, STATION_KEY_STATE, pem.decode("ascii"))
    return key


def station_public_b64(key: Ed25519PrivateKey) -> str:
    return b64(raw_public(key.public_key()))


@dataclass(frozen=True)
class Registration:
    """What ``station register`` obtained from the hub."""

    hub_url: str
    station_id: str
    token: str  # bearer token for status, roster and config calls
    hub_public_key: str  # X25519, base64
    site_code: str
    registered_at: str

    @property
    def hub_key(self) -> X25519PublicKey:
        return load_x25519_public(self.hub_public_key)


def load_registration(db: Database) -> Registration | None:
    data = state.get_json(db, state.REGISTRATION_KEY)
    return Registration(**data) if data else None


def require_registration(db: Database) -> Registration:
    registration = load_registration(db)
    if registration is None:
        raise NotRegisteredError()
    return registration


def save_registration(db: Database, registration: Registration) -> None:
    state.put_json(db, state.REGISTRATION_KEY, registration.__dict__)
