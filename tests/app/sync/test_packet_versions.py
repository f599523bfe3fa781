"""Packet format versions: readers are chosen by the packet's magic; a committed v1 packet stays readable."""

from __future__ import annotations

import pytest

from app.sync import packet_format, packet_v1
from app.sync.errors import PacketFormatError
from server.packet_schemas import validate_header, validate_metadata
from tests.fixtures.packets import make_v1_packet as fixture

# Pinned: the committed bytes are the test; regenerating the fixture must be a deliberate change.
V1_SHA256 = "619059c7fd69a8fb34a76d9a26f361246dcdad1d0e00f550304af3fc75f91abe"


@pytest.fixture(scope="module")
def v1_packet() -> bytes:
    data = fixture.FIXTURE.read_bytes()
    assert packet_format.sha256_hex(data) == V1_SHA256
    return data


def test_the_committed_v1_packet_opens_with_its_keys(v1_packet: bytes) -> None:
    assert packet_format.packet_version(v1_packet) == 1
    opened = packet_format.open_packet(v1_packet, fixture.hub_key(), fixture.station_key().public_key())
    assert opened.record == fixture.RECORD
    assert opened.metadata == fixture.metadata()
    assert opened.header.packet_uuid == fixture.PACKET_UUID and opened.header.station_id == fixture.STATION_ID
    assert opened.header.created_at == "2024-09-16T03:04:05+00:00"
    assert packet_format.verify_packet(v1_packet, fixture.station_key().public_key()) == opened.header


def test_the_hub_schemas_accept_the_committed_v1_packet(v1_packet: bytes) -> None:
    validate_header(packet_format.read_header_fields(v1_packet))
    opened = packet_format.open_packet(v1_packet, fixture.hub_key(), fixture.station_key().public_key())
    assert validate_metadata(opened.metadata).packet_uuid == fixture.PACKET_UUID


def test_v1_is_registered_under_its_magic_and_is_what_the_station_writes() -> None:
    assert packet_format.READERS[b"EKTPPKT1"].version == 1
    assert isinstance(packet_format.READERS[packet_v1.MAGIC], packet_v1.PacketV1Reader)
    assert packet_format.FORMAT_VERSION == 1 and packet_format.MAGIC == b"EKTPPKT1"


@pytest.mark.parametrize("call", ["read_header", "read_header_fields", "verify", "open"])
def test_an_unknown_version_is_refused_in_both_languages(v1_packet: bytes, call: str) -> None:
    newer = b"EKTPPKT7" + v1_packet[8:]
    hub, station = fixture.hub_key(), fixture.station_key().public_key()
    calls = {
        "read_header": lambda: packet_format.read_header(newer),
        "read_header_fields": lambda: packet_format.read_header_fields(newer),
        "verify": lambda: packet_format.verify_packet(newer, station),
        "open": lambda: packet_format.open_packet(newer, hub, station),
    }
    with pytest.raises(PacketFormatError) as error:
        calls[call]()
    assert error.value.code == "unsupported_version"
    assert "Versi paket 7 tidak didukung" in error.value.message_id and "versi yang dikenal: 1" in error.value.message_id
    assert "version 7 is not supported" in error.value.message_en and "known versions: 1" in error.value.message_en


def test_a_second_version_is_dispatched_to_its_own_reader(v1_packet: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    class FakeV2:
        version, magic = 2, b"EKTPPKT2"

        def read_header(self, data: bytes) -> str:
            return f"v2 header of {len(data)} bytes"

    monkeypatch.setitem(packet_format.READERS, b"EKTPPKT2", FakeV2())
    v2 = b"EKTPPKT2" + b"\x00" * 80
    assert packet_format.packet_version(v2) == 2
    assert packet_format.read_header(v2) == "v2 header of 88 bytes"
    assert packet_format.read_header(v1_packet).packet_uuid == fixture.PACKET_UUID  # v1 is still read by v1
    with pytest.raises(PacketFormatError, match="known versions: 1, 2"):
        packet_format.read_header(b"EKTPPKT9" + v1_packet[8:])


def test_bytes_that_are_no_packet_are_malformed_not_a_version() -> None:
    for data in (b"", b"EKTP", b"PK\x03\x04" + bytes(100)):
        with pytest.raises(PacketFormatError) as error:
            packet_format.read_header(data)
        assert error.value.code == "malformed_packet"
