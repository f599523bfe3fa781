"""The station's signing key and what it knows of the hub after registration.

The station's Ed25519 private key is a PEM file in the data directory with
0600 permissions. That is file-system protection, not a hardware security
module: anyone with root on the laptop can read it and sign as the station
(but cannot open sealed packets, which need the hub's private key).
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
from app.storage.db import Database
from app.sync import state
from app.sync.errors import NotRegisteredError
from app.sync.packet_format import b64, load_x25519_public, raw_public

STATION_KEY_FILE = "station_ed25519.pem"


def write_private_file(path: Path, data: bytes) -> None:
    """Write a secret atomically and make it readable by the owner only (0600)."""
    atomic_write_bytes(path, data)
    os.chmod(path, 0o600)


def load_or_create_station_key(key_dir: Path) -> Ed25519PrivateKey:
    """The station's signing key, created on first use."""
    path = key_dir / STATION_KEY_FILE
    if path.exists():
        try:
            key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        except (OSError, ValueError) as exc:
            raise StorageError(
                f"Kunci stasiun {path} rusak atau tidak terbaca.",
                f"The station key {path} is damaged or unreadable.",
                action_id="Hubungi admin: stasiun perlu didaftarkan ulang.",
                action_en="Contact the administrator: the station must be registered again.",
            ) from exc
        if not isinstance(key, Ed25519PrivateKey):
            raise StorageError("Kunci stasiun bukan Ed25519.", "The station key is not Ed25519.")
        return key
    key = Ed25519PrivateKey.generate()
    key_dir.mkdir(parents=True, exist_ok=True)
    os.chmod(key_dir, 0o700)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    write_private_file(path, pem)
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
