"""The backup set's keys and encrypted objects, defined once for the station and the office.

A backup set (one folder, ``station backup create DIR`` run into it day after day)
has one random 256-bit key. It is wrapped twice in ``ektp-backup.json``:

* ``station``: AES-256-GCM under ``Station.subkey("backup")`` (the station's own keys;
  after at-rest encryption lands, the operator's log-in unlocks it);
* ``office``: ECIES to the hub's X25519 public key (ephemeral X25519, HKDF-SHA256,
  AES-256-GCM), so the office can unwrap it with ``station-hub backup recovery-key DIR``
  and read the resulting recovery key to the supervisor of a replacement laptop.

Every object (database snapshot, key files, configuration, each blob) is
``MAGIC | nonce prefix (8) | segments``; a segment is AES-256-GCM over at most
1 MiB with nonce ``prefix | index (4)`` and associated data ``name | index | last``,
so a segment cannot be moved, swapped between objects, or the object cut short.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import struct
from collections.abc import Iterable, Iterator
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from app.sync.packet_format import b64, key_id, raw_public, unb64
from drivers.errors import StationError

SET_FILE = "ektp-backup.json"
OBJECTS_DIR = "objects"
MANIFESTS_DIR = "backups"
SET_FORMAT = "ektp-backup-set/1"
MANIFEST_FORMAT = "ektp-backup-manifest/1"
OBJECT_MAGIC = b"EKTPBAK1"
SEGMENT = 1024 * 1024
_TAG = 16
_INDEX = struct.Struct(">I")
OFFICE_WRAP_INFO = b"ektp-station backup v1 office wrap"


class BackupError(StationError):
    """A backup cannot be written, read or restored; ``code`` says why."""

    default_message_id = "Cadangan gagal."
    default_message_en = "The backup failed."

    def __init__(self, code: str, message_id: str, message_en: str, *,
                 action_id: str | None = None, action_en: str | None = None) -> None:
        self.code = code
        super().__init__(message_id, message_en, action_id=action_id, action_en=action_en)

    def to_dict(self) -> dict[str, str]:
        return {**super().to_dict(), "code": self.code}


def damaged(what_id: str, what_en: str) -> BackupError:
    return BackupError("damaged", f"Cadangan rusak atau diubah: {what_id}.", f"The backup is damaged or altered: {what_en}.",
                       action_id="Pakai cadangan lain (hari sebelumnya) atau media lain.",
                       action_en="Use another backup (an earlier day) or another medium.")


def _derive(key: bytes, purpose: bytes) -> bytes:
    return HKDF(hashes.SHA256(), 32, salt=None, info=b"ektp-backup " + purpose).derive(key)


class SetKey:
    """The backup set's key and what is derived from it: the object key, object names, a check value."""

    def __init__(self, key: bytes) -> None:
        if len(key) != 32:
            raise BackupError("bad_recovery_key", "Kunci pemulihan tidak valid.", "The recovery key is invalid.")
        self.key = key
        self._objects = AESGCM(_derive(key, b"objects"))
        self._names = _derive(key, b"names")
        self.check = _derive(key, b"check")[:16].hex()

    @classmethod
    def generate(cls) -> SetKey:
        return cls(os.urandom(32))

    def object_name(self, label: str) -> str:
        """A blob's object name: keyed, so the backup does not show which references it holds."""
        return hmac.new(self._names, label.encode("utf-8"), hashlib.sha256).hexdigest()[:40]

    def encrypt(self, name: str, chunks: Iterable[bytes]) -> Iterator[bytes]:
        """The encrypted object, segment by segment (re-chunked to ``SEGMENT``)."""
        prefix = os.urandom(8)
        yield OBJECT_MAGIC + prefix
        pending = b""
        index = 0
        for chunk in chunks:
            pending += chunk
            while len(pending) > SEGMENT:
                yield self._segment(name, prefix, index, pending[:SEGMENT], last=False)
                pending = pending[SEGMENT:]
                index += 1
        yield self._segment(name, prefix, index, pending, last=True)

    def _segment(self, name: str, prefix: bytes, index: int, plain: bytes, *, last: bool) -> bytes:
        aad = name.encode() + _INDEX.pack(index) + (b"\x01" if last else b"\x00")
        return self._objects.encrypt(prefix + _INDEX.pack(index), plain, aad)

    def decrypt(self, name: str, data: bytes) -> Iterator[bytes]:
        """The plaintext of an encrypted object, segment by segment.

        Raises:
            BackupError: wrong key, altered, truncated, or moved from another object.
        """
        if not data.startswith(OBJECT_MAGIC):
            raise damaged(f"objek {name}", f"object {name}")
        prefix = data[len(OBJECT_MAGIC) : len(OBJECT_MAGIC) + 8]
        body = memoryview(data)[len(OBJECT_MAGIC) + 8 :]
        index = 0
        while True:
            segment = bytes(body[: SEGMENT + _TAG])
            body = body[SEGMENT + _TAG :]
            last = len(body) == 0
            aad = name.encode() + _INDEX.pack(index) + (b"\x01" if last else b"\x00")
            try:
                yield self._objects.decrypt(prefix + _INDEX.pack(index), segment, aad)
            except InvalidTag:
                raise damaged(f"objek {name}", f"object {name}") from None
            if last:
                return
            index += 1

    def decrypt_all(self, name: str, data: bytes) -> bytes:
        return b"".join(self.decrypt(name, data))


def wrap_for_station(key: SetKey, station_subkey: bytes, set_id: str) -> dict[str, str]:
    nonce = os.urandom(12)
    return {"nonce": b64(nonce), "wrapped_key": b64(AESGCM(station_subkey).encrypt(nonce, key.key, set_id.encode()))}


def unwrap_for_station(wrapped: dict[str, Any], station_subkey: bytes, set_id: str) -> SetKey:
    """Raises: BackupError ``not_this_station`` when this station's keys do not open the set."""
    try:
        return SetKey(AESGCM(station_subkey).decrypt(unb64(wrapped["nonce"]), unb64(wrapped["wrapped_key"]),
                                                     set_id.encode()))
    except (InvalidTag, KeyError, ValueError, TypeError):
        raise BackupError(
            "not_this_station", "Kunci stasiun ini tidak dapat membuka cadangan tersebut.",
            "This station's keys cannot open that backup.",
            action_id="Di laptop pengganti: minta kunci pemulihan ke kantor (dibuat dari kunci pusat), lalu "
                      "pulihkan dengan kunci itu.",
            action_en="On a replacement laptop: ask the office for the recovery key (made with the hub's key), "
                      "then restore with it.") from None


def _office_kek(shared: bytes, ephemeral_public: bytes, hub_public: bytes) -> bytes:
    return HKDF(hashes.SHA256(), 32, salt=ephemeral_public + hub_public, info=OFFICE_WRAP_INFO).derive(shared)


def wrap_for_office(key: SetKey, hub_public: X25519PublicKey, set_id: str) -> dict[str, str]:
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = raw_public(ephemeral.public_key())
    kek = _office_kek(ephemeral.exchange(hub_public), ephemeral_public, raw_public(hub_public))
    nonce = os.urandom(12)
    return {"hub_key_id": key_id(hub_public), "ephemeral_key": b64(ephemeral_public), "nonce": b64(nonce),
            "wrapped_key": b64(AESGCM(kek).encrypt(nonce, key.key, set_id.encode()))}


def unwrap_for_office(wrapped: dict[str, Any], hub_private: X25519PrivateKey, set_id: str) -> SetKey:
    """The office's unwrap with the hub's private key.

    Raises:
        BackupError: the set was wrapped for another hub, or the wrapping is altered.
    """
    if wrapped.get("hub_key_id") != key_id(hub_private.public_key()):
        raise BackupError("wrong_hub", "Cadangan ini dibuat untuk server pusat lain.",
                          "This backup was made for another hub.")
    try:
        ephemeral_public = unb64(wrapped["ephemeral_key"])
        shared = hub_private.exchange(X25519PublicKey.from_public_bytes(ephemeral_public))
        kek = _office_kek(shared, ephemeral_public, raw_public(hub_private.public_key()))
        return SetKey(AESGCM(kek).decrypt(unb64(wrapped["nonce"]), unb64(wrapped["wrapped_key"]), set_id.encode()))
    except (InvalidTag, KeyError, ValueError, TypeError):
        raise damaged("kunci kantor", "office key wrapping") from None


def format_recovery_key(key: SetKey) -> str:
    """The set key as a supervisor can read it aloud or type it: base32 in groups of four."""
    text = base64.b32encode(key.key).decode("ascii").rstrip("=")
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def parse_recovery_key(text: str) -> SetKey:
    """Raises: BackupError ``bad_recovery_key`` for a mistyped or incomplete key."""
    compact = "".join(ch for ch in text.upper() if ch.isalnum())
    try:
        raw = base64.b32decode(compact + "=" * (-len(compact) % 8))
    except ValueError:
        raw = b""
    if len(raw) != 32:
        raise BackupError("bad_recovery_key", "Kunci pemulihan salah ketik atau tidak lengkap.",
                          "The recovery key is mistyped or incomplete.",
                          action_id="Periksa kunci dari kantor lalu ketik ulang.",
                          action_en="Check the key from the office and type it again.")
    return SetKey(raw)
