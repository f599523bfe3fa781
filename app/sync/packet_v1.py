"""Packet format version 1: the layout, its writer and its reader.

Layout (all integers big-endian)::

    MAGIC            8 bytes   b"EKTPPKT1"
    header_length    4 bytes
    header           JSON (UTF-8, sorted keys): who, when, and how the key is wrapped
    ciphertext       AES-256-GCM(content_key, nonce, plaintext, aad = MAGIC|length|header)
    signature       64 bytes   Ed25519(station key) over everything before it

    plaintext = metadata_length (4 bytes) | metadata JSON | ANSI/NIST-ITL record

Key wrapping: a fresh random 256-bit content key per packet is wrapped for the
hub with ECIES over X25519: an ephemeral X25519 key agrees a secret with the
hub's public key, HKDF-SHA256 (salt = ephemeral public | hub public, info =
``KEY_WRAP_INFO``) derives a key-encryption key, and AES-256-GCM encrypts the
content key under it with the packet UUID as associated data.

The content hash is SHA-256 over the whole sealed packet; the hub checks it,
then the signature, then that it can open the packet, before it accepts it.
Never change this module's bytes: packets already written must stay readable.
A new layout is a new module (``packet_v2.py``) registered in ``packet_format.READERS``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import struct
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from app.sync.errors import PacketFormatError
from app.sync.packet_common import (
    MAGIC_PREFIX,
    MAX_HEADER_LENGTH,
    MAX_METADATA_LENGTH,
    MAX_PACKET_SIZE,
    b64,
    json_object,
    key_id,
    malformed,
    raw_public,
    sha256_hex,
    unb64,
    unsupported_version,
)

FORMAT_VERSION = 1
MAGIC = MAGIC_PREFIX + b"1"
SIGNATURE_LENGTH = 64
CIPHER = "AES-256-GCM"
KEY_WRAP = "X25519-HKDF-SHA256/AES-256-GCM"
KEY_WRAP_INFO = b"ektp-station packet v1 content key"
_LENGTH = struct.Struct(">I")


@dataclass(frozen=True)
class PacketHeader:
    packet_uuid: str
    station_id: str
    created_at: str
    hub_key_id: str
    ephemeral_key: str
    wrap_nonce: str
    wrapped_key: str
    nonce: str
    format_version: int = FORMAT_VERSION
    cipher: str = CIPHER
    key_wrap: str = KEY_WRAP

    def to_bytes(self) -> bytes:
        return json.dumps(self.__dict__, sort_keys=True, separators=(",", ":")).encode("utf-8")

    @classmethod
    def from_bytes(cls, data: bytes) -> PacketHeader:
        fields = json_object(data, "header")
        try:
            header = cls(**fields)
        except TypeError as exc:
            raise malformed("header") from exc
        for name, expected in _HEADER_TYPES.items():
            value = getattr(header, name)
            if type(value) is not expected:  # bool is not an int here
                raise malformed(f"header field {name}")
        if header.format_version != FORMAT_VERSION or header.cipher != CIPHER or header.key_wrap != KEY_WRAP:
            raise unsupported_version(str(header.format_version), str(FORMAT_VERSION))
        return header


_HEADER_TYPES = {name: int if name == "format_version" else str for name in PacketHeader.__dataclass_fields__}


@dataclass(frozen=True)
class SealedPacket:
    data: bytes
    sha256: str
    header: PacketHeader

    @property
    def size(self) -> int:
        return len(self.data)


@dataclass(frozen=True)
class OpenedPacket:
    header: PacketHeader
    metadata: dict[str, Any]
    record: bytes


def seal_packet(
    *,
    packet_uuid: str,
    station_id: str,
    metadata: dict[str, Any],
    record: bytes,
    hub_public_key: X25519PublicKey,
    station_key: Ed25519PrivateKey,
    created_at: dt.datetime | None = None,
) -> SealedPacket:
    """Encrypt metadata + record to the hub and sign the result with the station key."""
    content_key = AESGCM.generate_key(bit_length=256)
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = raw_public(ephemeral.public_key())
    kek = _key_encryption_key(ephemeral.exchange(hub_public_key), ephemeral_public, raw_public(hub_public_key))
    wrap_nonce = os.urandom(12)
    header = PacketHeader(
        packet_uuid=packet_uuid,
        station_id=station_id,
        created_at=(created_at or dt.datetime.now(dt.UTC)).isoformat(),
        hub_key_id=key_id(hub_public_key),
        ephemeral_key=b64(ephemeral_public),
        wrap_nonce=b64(wrap_nonce),
        wrapped_key=b64(AESGCM(kek).encrypt(wrap_nonce, content_key, packet_uuid.encode())),
        nonce=b64(os.urandom(12)),
    )
    header_bytes = header.to_bytes()
    prefix = MAGIC + _LENGTH.pack(len(header_bytes)) + header_bytes
    meta_bytes = json.dumps(metadata, sort_keys=True, ensure_ascii=False).encode("utf-8")
    plaintext = _LENGTH.pack(len(meta_bytes)) + meta_bytes + record
    body = prefix + AESGCM(content_key).encrypt(unb64(header.nonce), plaintext, prefix)
    data = body + station_key.sign(body)
    return SealedPacket(data=data, sha256=sha256_hex(data), header=header)


def _key_encryption_key(shared: bytes, ephemeral_public: bytes, hub_public: bytes) -> bytes:
    return HKDF(hashes.SHA256(), 32, salt=ephemeral_public + hub_public, info=KEY_WRAP_INFO).derive(shared)


def _header_span(data: bytes) -> tuple[int, int]:
    """(start, end) of the header JSON, checking the framing only."""
    if len(data) > MAX_PACKET_SIZE:
        raise malformed("too large")
    if len(data) < len(MAGIC) + _LENGTH.size + SIGNATURE_LENGTH or not data.startswith(MAGIC):
        raise malformed("magic")
    (length,) = _LENGTH.unpack_from(data, len(MAGIC))
    start = len(MAGIC) + _LENGTH.size
    if length > MAX_HEADER_LENGTH or start + length + SIGNATURE_LENGTH > len(data):
        raise malformed("header length")
    return start, start + length


def _split(data: bytes) -> tuple[bytes, PacketHeader, bytes, bytes]:
    """(prefix, header, ciphertext, signature), checking the framing only."""
    start, end = _header_span(data)
    header = PacketHeader.from_bytes(data[start:end])
    return data[:end], header, data[end:-SIGNATURE_LENGTH], data[-SIGNATURE_LENGTH:]


def read_header_fields(data: bytes) -> dict[str, Any]:
    """The header's raw JSON object (framing checked, nothing else), for a schema check before use.

    Raises:
        PacketFormatError: ``malformed_packet``.
    """
    start, end = _header_span(data)
    return json_object(data[start:end], "header")


def read_header(data: bytes) -> PacketHeader:
    """The packet's header, without checking signature or contents."""
    return _split(data)[1]


def verify_packet(data: bytes, station_public_key: Ed25519PublicKey) -> PacketHeader:
    """Check the framing and the station's signature.

    Raises:
        PacketFormatError: malformed, or the signature is not the station's (forged or tampered).
    """
    _prefix, header, _ciphertext, signature = _split(data)
    try:
        station_public_key.verify(signature, data[:-SIGNATURE_LENGTH])
    except InvalidSignature:
        raise PacketFormatError(
            "bad_signature",
            "Tanda tangan paket tidak cocok dengan kunci stasiun (dipalsukan atau diubah).",
            "The packet signature does not match the station key (forged or tampered).",
        ) from None
    return header


def open_packet(data: bytes, hub_private_key: X25519PrivateKey, station_public_key: Ed25519PublicKey) -> OpenedPacket:
    """Verify, unwrap and decrypt a packet (hub side).

    Raises:
        PacketFormatError: malformed, bad signature, wrong hub key, or contents that fail authentication.
    """
    header = verify_packet(data, station_public_key)
    prefix, _header, ciphertext, _signature = _split(data)
    if header.hub_key_id != key_id(hub_private_key.public_key()):
        raise PacketFormatError(
            "wrong_hub_key",
            "Paket dienkripsi untuk kunci pusat lain.",
            "The packet was encrypted for another hub key.",
        )
    try:
        ephemeral_public = unb64(header.ephemeral_key)
        shared = hub_private_key.exchange(X25519PublicKey.from_public_bytes(ephemeral_public))
        kek = _key_encryption_key(shared, ephemeral_public, raw_public(hub_private_key.public_key()))
        content_key = AESGCM(kek).decrypt(unb64(header.wrap_nonce), unb64(header.wrapped_key), header.packet_uuid.encode())
        plaintext = AESGCM(content_key).decrypt(unb64(header.nonce), ciphertext, prefix)
    except (InvalidTag, ValueError) as exc:
        raise PacketFormatError(
            "undecryptable", "Isi paket tidak dapat dibuka.", "The packet contents cannot be opened."
        ) from exc
    if len(plaintext) < _LENGTH.size:
        raise malformed("contents")
    (meta_length,) = _LENGTH.unpack_from(plaintext)
    if meta_length > MAX_METADATA_LENGTH or _LENGTH.size + meta_length > len(plaintext):
        raise malformed("metadata length")
    metadata = json_object(plaintext[_LENGTH.size : _LENGTH.size + meta_length], "metadata")
    return OpenedPacket(header=header, metadata=metadata, record=plaintext[_LENGTH.size + meta_length :])


class PacketV1Reader:
    """Version 1 behind the reader interface ``packet_format`` dispatches to."""

    version = FORMAT_VERSION
    magic = MAGIC

    def read_header_fields(self, data: bytes) -> dict[str, Any]:
        return read_header_fields(data)

    def read_header(self, data: bytes) -> PacketHeader:
        return read_header(data)

    def verify(self, data: bytes, station_public_key: Ed25519PublicKey) -> PacketHeader:
        return verify_packet(data, station_public_key)

    def open(self, data: bytes, hub_private_key: X25519PrivateKey,
             station_public_key: Ed25519PublicKey) -> OpenedPacket:
        return open_packet(data, hub_private_key, station_public_key)
