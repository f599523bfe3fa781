"""What every packet format version shares: size limits, key and hash helpers, JSON parsing, errors."""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

from app.sync.errors import PacketFormatError

# Every version's magic starts with this; the byte after it names the version ("1" for v1).
MAGIC_PREFIX = b"EKTPPKT"
MAX_PACKET_SIZE = 64 * 1024 * 1024
MAX_HEADER_LENGTH = 16 * 1024
MAX_METADATA_LENGTH = 256 * 1024  # a real station's metadata is a few KB
MAX_CHUNK_SIZE = 16 * 1024 * 1024  # the largest upload chunk a hub accepts ([sync] chunk_size at most this)


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def raw_public(key: X25519PublicKey | Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id(key: X25519PublicKey | Ed25519PublicKey) -> str:
    """A short fingerprint of a public key (first 16 hex digits of its SHA-256)."""
    return sha256_hex(raw_public(key))[:16]


def load_x25519_public(text: str) -> X25519PublicKey:
    try:
        return X25519PublicKey.from_public_bytes(unb64(text))
    except ValueError as exc:
        raise PacketFormatError("bad_key", "Kunci publik pusat tidak valid.", "The hub public key is invalid.") from exc


def load_ed25519_public(text: str) -> Ed25519PublicKey:
    try:
        return Ed25519PublicKey.from_public_bytes(unb64(text))
    except ValueError as exc:
        raise PacketFormatError("bad_key", "Kunci publik stasiun tidak valid.", "The station public key is invalid.") from exc


def json_object(data: bytes, part: str) -> dict[str, Any]:
    """A JSON object from UTF-8 bytes, or ``malformed_packet`` (broken text, NaN, deep nesting, huge numbers)."""
    try:
        value = json.loads(data.decode("utf-8"), parse_constant=_no_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise malformed(part) from exc
    if not isinstance(value, dict):
        raise malformed(part)
    return value


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def malformed(part: str) -> PacketFormatError:
    return PacketFormatError(
        "malformed_packet", f"Paket rusak ({part}).", f"The packet is malformed ({part})."
    )


def unsupported_version(version: str, known: str) -> PacketFormatError:
    return PacketFormatError(
        "unsupported_version",
        f"Versi paket {version} tidak didukung (versi yang dikenal: {known}); "
        "perangkat lunak yang membaca perlu diperbarui.",
        f"Packet format version {version} is not supported (known versions: {known}); "
        "the reading software needs an update.",
    )
