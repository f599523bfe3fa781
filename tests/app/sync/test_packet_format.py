"""The sealed packet format: round trip, and every kind of damage is refused with its own code."""

from __future__ import annotations

import uuid

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from app.sync import packet_format
from app.sync.errors import PacketFormatError

RECORD = b"NIST" + bytes(range(256)) * 40


@pytest.fixture
def keys() -> tuple[X25519PrivateKey, Ed25519PrivateKey]:
    return X25519PrivateKey.generate(), Ed25519PrivateKey.generate()


def seal(hub: X25519PrivateKey, station: Ed25519PrivateKey, packet_uuid: str | None = None):
    return packet_format.seal_packet(packet_uuid=packet_uuid or str(uuid.uuid4()), station_id="station-1",
                                     metadata={"enrolment_uuid": "e-1", "nama": "SISWA SINTETIS"}, record=RECORD,
                                     hub_public_key=hub.public_key(), station_key=station)


def test_round_trip(keys) -> None:
    hub, station = keys
    packet = seal(hub, station)
    opened = packet_format.open_packet(packet.data, hub, station.public_key())
    assert opened.record == RECORD
    assert opened.metadata == {"enrolment_uuid": "e-1", "nama": "SISWA SINTETIS"}
    assert packet.sha256 == packet_format.sha256_hex(packet.data)
    assert packet_format.read_header(packet.data) == packet.header


def test_contents_are_not_readable_without_the_hub_key(keys) -> None:
    hub, station = keys
    data = seal(hub, station).data
    assert RECORD[:64] not in data and b"SISWA" not in data
    with pytest.raises(PacketFormatError) as error:
        packet_format.open_packet(data, X25519PrivateKey.generate(), station.public_key())
    assert error.value.code == "wrong_hub_key"


def test_fresh_content_key_per_packet(keys) -> None:
    hub, station = keys
    first, second = seal(hub, station, "00000000-0000-4000-8000-000000000001"), seal(hub, station,
                                                                                     "00000000-0000-4000-8000-000000000001")
    assert first.header.wrapped_key != second.header.wrapped_key and first.data != second.data


@pytest.mark.parametrize("position", [0, 20, 200, -200, -1])
def test_any_flipped_byte_is_refused(keys, position: int) -> None:
    hub, station = keys
    data = bytearray(seal(hub, station).data)
    data[position] ^= 0x01
    with pytest.raises(PacketFormatError) as error:
        packet_format.open_packet(bytes(data), hub, station.public_key())
    assert error.value.code in ("malformed_packet", "bad_signature")


def test_a_packet_signed_by_another_station_is_forged(keys) -> None:
    hub, station = keys
    forged = seal(hub, Ed25519PrivateKey.generate())
    with pytest.raises(PacketFormatError) as error:
        packet_format.verify_packet(forged.data, station.public_key())
    assert error.value.code == "bad_signature"


@pytest.mark.parametrize("data", [b"", b"EKTPPKT1", b"garbage" * 30, b"EKTPPKT1\xff\xff\xff\xff" + bytes(80)])
def test_malformed_bytes(keys, data: bytes) -> None:
    hub, station = keys
    with pytest.raises(PacketFormatError) as error:
        packet_format.open_packet(data, hub, station.public_key())
    assert error.value.code == "malformed_packet"


def test_unknown_version_is_refused(keys) -> None:
    hub, station = keys
    data = seal(hub, station).data
    patched = data.replace(b'"format_version":1', b'"format_version":9')
    with pytest.raises(PacketFormatError) as error:
        packet_format.read_header(patched)
    assert error.value.code == "unsupported_version"
