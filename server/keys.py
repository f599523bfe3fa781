"""The hub's X25519 key pair: stations encrypt packets to its public half.

The private key is a PEM file in the hub's data directory with 0600 permissions
(file-system protection, not an HSM). ``station-hub keys init`` creates it.
"""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from app.sync.keys import write_private_file
from server.errors import HubError

HUB_KEY_FILE = "hub_x25519.pem"


def key_path(data_dir: Path) -> Path:
    return Path(data_dir) / HUB_KEY_FILE


def init_hub_key(data_dir: Path) -> tuple[X25519PrivateKey, bool]:
    """Load the hub key, creating it when missing. Returns (key, created)."""
    path = key_path(data_dir)
    if path.exists():
        return load_hub_key(data_dir), False
    key = X25519PrivateKey.generate()
    Path(data_dir).mkdir(parents=True, exist_ok=True)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    write_private_file(path, pem)
    return key, True


def load_hub_key(data_dir: Path) -> X25519PrivateKey:
    path = key_path(data_dir)
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except FileNotFoundError:
        raise HubError(500, "no_hub_key", "Kunci pusat belum dibuat: jalankan station-hub keys init.",
                       "The hub key does not exist: run station-hub keys init.") from None
    if not isinstance(key, X25519PrivateKey):
        raise HubError(500, "bad_hub_key", "Kunci pusat bukan X25519.", "The hub key is not X25519.")
    return key
