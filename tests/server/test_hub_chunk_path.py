"""The hub's chunk path: no database round trip per middle chunk, yet durable and restart-safe."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import event

from app.sync import packet_format
from server.errors import HubError
from server.hub import Hub
from server.models import HubStation
from tests.support.packets import seal_synthetic


def _register(hub: Hub, key: Ed25519PrivateKey) -> tuple[HubStation, dict]:
    answer = hub.register(hub.invite("SITE-A"), "3573-01", "Uji",
                          packet_format.b64(packet_format.raw_public(key.public_key())))
    return hub.station_for_token(answer["token"]), answer


def _seal(hub: Hub, station: HubStation, key: Ed25519PrivateKey, size: int = 40_000) -> packet_format.SealedPacket:
    return seal_synthetic(station_id=station.id, record=b"N" * size, hub_public_key=hub.key.public_key(),
                          station_key=key)


@pytest.fixture
def hub(tmp_path: Path, hub_data: Path) -> Iterator[Hub]:
    opened = Hub(f"sqlite:///{tmp_path / 'hub.sqlite3'}", hub_data)
    yield opened
    opened.close()


def test_middle_chunks_touch_no_database_but_reach_the_disk(hub: Hub) -> None:
    key = Ed25519PrivateKey.generate()
    station, answer = _register(hub, key)
    packet = _seal(hub, station, key)
    hub.begin(station, packet.header.packet_uuid, packet.sha256, packet.size)
    statements: list[str] = []
    event.listen(hub.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    assert hub.station_for_token(answer["token"]).id == station.id
    assert hub.append(station, packet.header.packet_uuid, 0, packet.data[:10_000]) == {"state": "partial",
                                                                                       "offset": 10_000}
    assert statements == []
    assert (hub.partial_dir / f"{packet.header.packet_uuid}.part").read_bytes() == packet.data[:10_000]
    done = hub.append(station, packet.header.packet_uuid, 10_000, packet.data[10_000:])
    assert done["state"] == "complete" and done["receipt"]["sha256"] == packet.sha256


def test_a_restarted_hub_resumes_from_the_partial_file(hub: Hub, tmp_path: Path, hub_data: Path) -> None:
    key = Ed25519PrivateKey.generate()
    station, answer = _register(hub, key)
    packet = _seal(hub, station, key)
    hub.begin(station, packet.header.packet_uuid, packet.sha256, packet.size)
    hub.append(station, packet.header.packet_uuid, 0, packet.data[:5000])
    hub.close()
    restarted = Hub(f"sqlite:///{tmp_path / 'hub.sqlite3'}", hub_data)
    try:
        station = restarted.station_for_token(answer["token"])
        with pytest.raises(HubError) as wrong:
            restarted.append(station, packet.header.packet_uuid, 0, packet.data[:5000])
        assert wrong.value.status == 409 and wrong.value.body()["offset"] == 5000
        done = restarted.append(station, packet.header.packet_uuid, 5000, packet.data[5000:])
        assert done["state"] == "complete"
        again = restarted.append(station, packet.header.packet_uuid, 0, packet.data[:10])
        assert again["receipt"] == done["receipt"]
    finally:
        restarted.close()


def test_another_station_cannot_append_to_an_upload_in_progress(hub: Hub) -> None:
    key = Ed25519PrivateKey.generate()
    station, _answer = _register(hub, key)
    intruder, _other = _register(hub, Ed25519PrivateKey.generate())
    packet = _seal(hub, station, key)
    hub.begin(station, packet.header.packet_uuid, packet.sha256, packet.size)
    with pytest.raises(HubError) as refused:
        hub.append(intruder, packet.header.packet_uuid, 0, packet.data[:100])
    assert refused.value.status == 404
    with pytest.raises(HubError) as too_much:
        hub.append(station, packet.header.packet_uuid, 0, packet.data + b"x")
    assert too_much.value.status == 422


def test_a_rejected_packet_can_be_announced_again_with_other_contents(hub: Hub) -> None:
    key = Ed25519PrivateKey.generate()
    station, _answer = _register(hub, key)
    forged = _seal(hub, station, Ed25519PrivateKey.generate(), size=1000)
    hub.begin(station, forged.header.packet_uuid, forged.sha256, forged.size)
    with pytest.raises(HubError) as rejected:
        hub.append(station, forged.header.packet_uuid, 0, forged.data)
    assert rejected.value.body()["error"] == "bad_signature"
    good = seal_synthetic(packet_uuid=forged.header.packet_uuid, station_id=station.id, record=b"M" * 3000,
                          hub_public_key=hub.key.public_key(), station_key=key)
    assert hub.begin(station, good.header.packet_uuid, good.sha256, good.size)["offset"] == 0
    assert hub.append(station, good.header.packet_uuid, 0, good.data)["state"] == "complete"
