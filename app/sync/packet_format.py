"""The sealed packet format, defined once and used by station and hub: one reader per version.

A packet's first bytes name its version (``EKTPPKT`` then ``1`` for version 1);
:data:`READERS` maps each known magic to its reader, so a hub can keep reading
version 1 packets from stations not yet updated while others send a newer one.
Unknown versions are refused with ``unsupported_version`` (bilingual, naming the
known ones); bytes that are no packet at all with ``malformed_packet``.

The station writes :data:`FORMAT_VERSION` (``seal_packet``). Layouts:
``packet_v1.py`` (the only one so far); helpers every version shares:
``packet_common.py``.
"""

from __future__ import annotations

from typing import Any, Protocol

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from app.sync import packet_v1
from app.sync.packet_common import (
    MAGIC_PREFIX,
    MAX_CHUNK_SIZE,
    MAX_HEADER_LENGTH,
    MAX_METADATA_LENGTH,
    MAX_PACKET_SIZE,
    b64,
    key_id,
    load_ed25519_public,
    load_x25519_public,
    malformed,
    raw_public,
    sha256_hex,
    unb64,
    unsupported_version,
)
from app.sync.packet_v1 import (
    CIPHER,
    FORMAT_VERSION,
    KEY_WRAP,
    KEY_WRAP_INFO,
    MAGIC,
    SIGNATURE_LENGTH,
    OpenedPacket,
    PacketHeader,
    SealedPacket,
    seal_packet,
)

__all__ = [
    "CIPHER", "FORMAT_VERSION", "KEY_WRAP", "KEY_WRAP_INFO", "MAGIC", "MAGIC_PREFIX", "MAX_CHUNK_SIZE",
    "MAX_HEADER_LENGTH", "MAX_METADATA_LENGTH", "MAX_PACKET_SIZE", "READERS", "SIGNATURE_LENGTH",
    "OpenedPacket", "PacketHeader", "PacketReader", "SealedPacket", "b64", "key_id", "load_ed25519_public",
    "load_x25519_public", "open_packet", "packet_version", "raw_public", "read_header", "read_header_fields",
    "reader_for", "seal_packet", "sha256_hex", "unb64", "verify_packet",
]


class PacketReader(Protocol):
    """How one format version is read; every check a version needs happens inside its reader."""

    @property
    def version(self) -> int: ...

    @property
    def magic(self) -> bytes: ...

    def read_header_fields(self, data: bytes) -> dict[str, Any]: ...

    def read_header(self, data: bytes) -> PacketHeader: ...

    def verify(self, data: bytes, station_public_key: Ed25519PublicKey) -> PacketHeader: ...

    def open(self, data: bytes, hub_private_key: X25519PrivateKey,
             station_public_key: Ed25519PublicKey) -> OpenedPacket: ...


# Every version this release reads, by the magic its packets start with.
READERS: dict[bytes, PacketReader] = {
    packet_v1.MAGIC: packet_v1.PacketV1Reader(),
}


def reader_for(data: bytes) -> PacketReader:
    """The reader of the version ``data`` is written in.

    Raises:
        PacketFormatError: ``unsupported_version`` (a packet of a version this release does not know),
            ``malformed_packet`` (not a packet).
    """
    magic = data[: len(MAGIC)]
    reader = READERS.get(magic)
    if reader is not None:
        return reader
    if magic.startswith(MAGIC_PREFIX) and len(magic) == len(MAGIC):
        known = ", ".join(str(r.version) for r in sorted(READERS.values(), key=lambda r: r.version))
        version = magic[len(MAGIC_PREFIX):].decode("ascii", "replace")
        raise unsupported_version(version if version.isprintable() else repr(version), known)
    raise malformed("magic")


def packet_version(data: bytes) -> int:
    """The format version of a packet (see :func:`reader_for` for the errors)."""
    return reader_for(data).version


def read_header_fields(data: bytes) -> dict[str, Any]:
    """The header's raw JSON object (framing checked, nothing else), for a schema check before use.

    Raises:
        PacketFormatError: ``malformed_packet``, ``unsupported_version``.
    """
    return reader_for(data).read_header_fields(data)


def read_header(data: bytes) -> PacketHeader:
    """The packet's header, without checking signature or contents."""
    return reader_for(data).read_header(data)


def verify_packet(data: bytes, station_public_key: Ed25519PublicKey) -> PacketHeader:
    """Check the framing and the station's signature.

    Raises:
        PacketFormatError: malformed, unknown version, or the signature is not the station's.
    """
    return reader_for(data).verify(data, station_public_key)


def open_packet(data: bytes, hub_private_key: X25519PrivateKey, station_public_key: Ed25519PublicKey) -> OpenedPacket:
    """Verify, unwrap and decrypt a packet of any known version (hub side).

    Raises:
        PacketFormatError: malformed, unknown version, bad signature, wrong hub key, or contents that
            fail authentication.
    """
    return reader_for(data).open(data, hub_private_key, station_public_key)
