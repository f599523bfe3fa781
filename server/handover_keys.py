"""The hub's Ed25519 signing key, beside ``hub_x25519.pem``: it signs hand-over receipts.

Created by ``station-hub keys init``, or on first use for a hub set up before
receipts existed. Stations get its public half at registration and in every
status answer, so they can check a receipt offline.
"""

from __future__ import annotations

import threading
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.sync.keys import write_private_file
from app.sync.packet_format import b64, raw_public
from server.errors import HubError

HUB_SIGNING_KEY_FILE = "hub_ed25519.pem"
_CREATE = threading.Lock()


def signing_key_path(data_dir: Path) -> Path:
    return Path(data_dir) / HUB_SIGNING_KEY_FILE


def load_or_create_hub_signing_key(data_dir: Path) -> tuple[Ed25519PrivateKey, bool]:
    """The hub's receipt signing key, created when missing. Returns (key, created).

    Raises:
        HubError: the key file exists but is damaged or not Ed25519.
    """
    path = signing_key_path(data_dir)
    with _CREATE:
        if not path.exists():
            key = Ed25519PrivateKey.generate()
            Path(data_dir).mkdir(parents=True, exist_ok=True)
            write_private_file(path, key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                       serialization.NoEncryption()))
            return key, True
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError):
        raise HubError(500, "bad_hub_signing_key", f"Kunci tanda tangan pusat {path} rusak.",
                       f"The hub signing key {path} is damaged.") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise HubError(500, "bad_hub_signing_key", "Kunci tanda tangan pusat bukan Ed25519.",
                       "The hub signing key is not Ed25519.")
    return key, False


def hub_signing_public_b64(data_dir: Path) -> str:
    """The public half stations keep to check receipts (base64 of the raw key)."""
    return b64(raw_public(load_or_create_hub_signing_key(data_dir)[0].public_key()))
