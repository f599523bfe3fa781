"""A re-send of a packet the centre failed is a new attempt; other statuses are left alone."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.sync import packet_format
from server.hub import Hub


@pytest.fixture
def hub(tmp_path: Path, hub_data: Path) -> Iterator[Hub]:
    opened = Hub(f"sqlite:///{tmp_path / 'hub.sqlite3'}", hub_data)
    yield opened
    opened.close()


@pytest.mark.parametrize(("status", "after"), [
    ("enroll_failure_at_central", "received"), ("enroll_failure_at_regional", "received"),
    ("search_failure_at_central", "received"), ("duplicate", "duplicate"), ("print_ready", "print_ready"),
])
def test_announcing_a_held_packet_again(hub: Hub, status: str, after: str) -> None:
    key = Ed25519PrivateKey.generate()
    answer = hub.register(hub.invite("SITE-A"), "3573-01", "Uji",
                          packet_format.b64(packet_format.raw_public(key.public_key())))
    station = hub.station_for_token(answer["token"])
    packet = packet_format.seal_packet(packet_uuid=str(uuid.uuid4()), station_id=station.id,
                                       metadata={"enrolment_uuid": str(uuid.uuid4())}, record=b"N" * 5000,
                                       hub_public_key=hub.key.public_key(), station_key=key)
    hub.begin(station, packet.header.packet_uuid, packet.sha256, packet.size)
    hub.append(station, packet.header.packet_uuid, 0, packet.data)
    hub.set_status(packet.header.packet_uuid, status)
    again = hub.begin(station, packet.header.packet_uuid, packet.sha256, packet.size)
    assert again["state"] == "complete" and again["receipt"]["status"] == after
    assert hub.statuses(station, [packet.header.packet_uuid])[packet.header.packet_uuid]["status"] == after
