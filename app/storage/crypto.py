"""The cryptographic primitives of encryption at rest, in one place.

AES-256-GCM for everything sealed on the station's disk; HKDF-SHA256 subkeys of
the one station data key per purpose; argon2id to turn an operator's password
into a key-encryption key; X25519 (ECIES) to wrap the data key for the office.
"""

from __future__ import annotations

import base64
import hmac
import os
import secrets
from dataclasses import dataclass

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from app.errors import StorageError

KEY_BYTES = 32
NONCE_BYTES = 12
SUBKEY_INFO_PREFIX = b"ektp-station/v1/"


class DecryptionError(StorageError):
    """A sealed value did not open: wrong key, or the bytes were changed."""

    default_message_id = "Data terenkripsi tidak dapat dibuka (kunci salah atau berkas diubah)."
    default_message_en = "Encrypted data cannot be opened (wrong key, or the file was changed)."


def b64e(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def b64d(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def seal(key: bytes, plaintext: bytes, associated: bytes) -> bytes:
    """``nonce || ciphertext+tag`` under AES-256-GCM, bound to ``associated`` (the value's identity)."""
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, associated)


def open_sealed(key: bytes, sealed: bytes, associated: bytes) -> bytes:
    """The plaintext of :func:`seal`. Raises DecryptionError for a wrong key or changed bytes."""
    if len(sealed) < NONCE_BYTES + 16:
        raise DecryptionError()
    try:
        return AESGCM(key).decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], associated)
    except InvalidTag:
        raise DecryptionError() from None


def hkdf(key: bytes, info: bytes, length: int = KEY_BYTES) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=None, info=info).derive(key)


@dataclass(frozen=True)
class Argon2Params:
    """argon2id cost, stored beside each wrapped copy so it can be raised later without breaking old ones."""

    time_cost: int = 3
    memory_kib: int = 65536
    parallelism: int = 4

    def to_dict(self) -> dict[str, int]:
        return {"t": self.time_cost, "m": self.memory_kib, "p": self.parallelism}

    @classmethod
    def from_dict(cls, data: dict[str, int]) -> Argon2Params:
        return cls(int(data["t"]), int(data["m"]), int(data["p"]))


def password_key(password: str, salt: bytes, params: Argon2Params) -> bytes:
    """The key-encryption key for one operator's password (argon2id, raw 32 bytes)."""
    return hash_secret_raw(password.encode("utf-8"), salt, params.time_cost, params.memory_kib,
                           params.parallelism, KEY_BYTES, Type.ID)


class DataKey:
    """The station's data key while unlocked; :meth:`wipe` zeroes it at log-out.

    Python cannot promise that no copy lingers (derived subkeys are ``bytes``),
    but the master copy lives in one mutable buffer that is overwritten.
    """

    def __init__(self, raw: bytes | bytearray) -> None:
        if len(raw) != KEY_BYTES:
            raise ValueError("a data key is 32 bytes")
        self._raw = bytearray(raw)

    @classmethod
    def generate(cls) -> DataKey:
        return cls(secrets.token_bytes(KEY_BYTES))

    @property
    def wiped(self) -> bool:
        return not any(self._raw)

    def raw(self) -> bytes:
        return bytes(self._raw)

    def subkey(self, purpose: str) -> bytes:
        """A 32-byte HKDF-SHA256 subkey for one purpose (``database``, ``blobs``, ``audit-chain``, ``backup``…)."""
        if not purpose or self.wiped:
            raise ValueError("no purpose, or the key was wiped")
        return hkdf(bytes(self._raw), SUBKEY_INFO_PREFIX + purpose.encode("utf-8"))

    def same_as(self, other: bytes) -> bool:
        return hmac.compare_digest(bytes(self._raw), other)

    def wipe(self) -> None:
        for index in range(len(self._raw)):
            self._raw[index] = 0


# --- the office's copy: ECIES over X25519 ------------------------------------------------------

def wrap_for_public_key(public_key: X25519PublicKey, secret: bytes, associated: bytes) -> dict[str, str]:
    """``secret`` sealed so only the holder of the X25519 private key opens it (ephemeral key agreement)."""
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = ephemeral.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    shared = ephemeral.exchange(public_key)
    key = hkdf(shared, b"ektp-station/v1/office-wrap|" + ephemeral_public)
    return {"ephemeral": b64e(ephemeral_public), "sealed": b64e(seal(key, secret, associated))}


def unwrap_with_private_key(private_key: X25519PrivateKey, wrapped: dict[str, str], associated: bytes) -> bytes:
    """The secret of :func:`wrap_for_public_key`. Raises DecryptionError (wrong key, changed copy)."""
    try:
        ephemeral_public = b64d(wrapped["ephemeral"])
        sealed = b64d(wrapped["sealed"])
        peer = X25519PublicKey.from_public_bytes(ephemeral_public)
    except (KeyError, ValueError, TypeError):
        raise DecryptionError() from None
    key = hkdf(private_key.exchange(peer), b"ektp-station/v1/office-wrap|" + ephemeral_public)
    return open_sealed(key, sealed, associated)


def public_key_b64(key: X25519PublicKey) -> str:
    return b64e(key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw))


def load_public_key(text: str) -> X25519PublicKey:
    try:
        return X25519PublicKey.from_public_bytes(b64d(text))
    except (ValueError, TypeError):
        raise DecryptionError("Kunci publik tidak valid.", "The public key is invalid.") from None
