"""The hub's HTTP API over real loopback HTTP: registration, chunked upload, refusals with clear codes."""

from __future__ import annotations

import uuid

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.sync import packet_format
from server.local import LocalHub
from tests.support.packets import seal_synthetic


class FakeStation:
    """A station as the hub sees it: a key pair, a token, and packets sealed for the hub."""

    def __init__(self, http: httpx.Client, hub: LocalHub) -> None:
        assert hub.hub is not None
        self.http = http
        self.key = Ed25519PrivateKey.generate()
        answer = http.post("/stations/register", json={
            "code": hub.hub.invite("SITE-A"), "station_code": "3573-01", "name": "Uji",
            "public_key": packet_format.b64(packet_format.raw_public(self.key.public_key()))}).json()
        self.station_id = answer["station_id"]
        self.hub_key = packet_format.load_x25519_public(answer["hub_public_key"])
        self.headers = {"Authorization": f"Bearer {answer['token']}"}

    def seal(self, record: bytes = b"NIST" * 5000, key: Ed25519PrivateKey | None = None,
             packet_uuid: str | None = None) -> packet_format.SealedPacket:
        return seal_synthetic(packet_uuid=packet_uuid, station_id=self.station_id, record=record,
                              hub_public_key=self.hub_key, station_key=key or self.key)

    def begin(self, packet: packet_format.SealedPacket, sha256: str | None = None) -> httpx.Response:
        return self.http.post(f"/packets/{packet.header.packet_uuid}", headers=self.headers,
                              json={"sha256": sha256 or packet.sha256, "size": packet.size})

    def put(self, packet_uuid: str, offset: int, data: bytes) -> httpx.Response:
        return self.http.put(f"/packets/{packet_uuid}/data", params={"offset": offset}, content=data,
                             headers=self.headers)

    def send(self, packet: packet_format.SealedPacket, data: bytes | None = None, chunk: int = 4096) -> httpx.Response:
        data = packet.data if data is None else data
        answer = self.begin(packet, packet_format.sha256_hex(data) if data is not packet.data else None)
        offset = answer.json()["offset"]
        while True:
            response = self.put(packet.header.packet_uuid, offset, data[offset : offset + chunk])
            if response.status_code != 200 or response.json()["state"] == "complete":
                return response
            offset = response.json()["offset"]


@pytest.fixture
def station(http: httpx.Client, local_hub: LocalHub) -> FakeStation:
    return FakeStation(http, local_hub)


def test_health(http: httpx.Client) -> None:
    assert http.get("/health").json()["ok"] is True


def test_a_code_registers_one_station_only(http: httpx.Client, local_hub: LocalHub) -> None:
    assert local_hub.hub is not None
    code = local_hub.hub.invite("SITE-A")
    body = {"code": code, "station_code": "3573-01", "name": "x",
            "public_key": packet_format.b64(packet_format.raw_public(Ed25519PrivateKey.generate().public_key()))}
    assert http.post("/stations/register", json=body).status_code == 200
    again = http.post("/stations/register", json=body)
    assert again.status_code == 403 and again.json()["error"] == "invalid_code"


def test_upload_in_chunks_then_a_second_send_returns_the_original_receipt(station: FakeStation) -> None:
    packet = station.seal()
    first = station.send(packet)
    assert first.status_code == 200 and first.json()["receipt"]["sha256"] == packet.sha256
    again = station.begin(packet)
    assert again.json()["state"] == "complete" and again.json()["receipt"] == first.json()["receipt"]
    late_chunk = station.put(packet.header.packet_uuid, 0, packet.data[:10])
    assert late_chunk.json()["receipt"] == first.json()["receipt"]


def test_wrong_offset_tells_the_hub_offset(station: FakeStation) -> None:
    packet = station.seal()
    station.begin(packet)
    station.put(packet.header.packet_uuid, 0, packet.data[:1000])
    wrong = station.put(packet.header.packet_uuid, 0, packet.data[:1000])
    assert wrong.status_code == 409 and wrong.json() | {"offset": 1000} == wrong.json()
    assert station.begin(packet).json()["offset"] == 1000


def test_reused_uuid_with_different_contents_is_refused(station: FakeStation) -> None:
    packet = station.seal()
    station.send(packet)
    other = station.seal(record=b"other" * 100, packet_uuid=packet.header.packet_uuid)
    answer = station.begin(other)
    assert answer.status_code == 409 and answer.json()["error"] == "packet_uuid_reused"


def test_forged_packet_is_refused(station: FakeStation, local_hub: LocalHub) -> None:
    forged = station.seal(key=Ed25519PrivateKey.generate())
    answer = station.send(forged)
    assert answer.status_code == 422 and answer.json()["error"] == "bad_signature"
    assert local_hub.hub is not None and local_hub.hub.list_packets() == []


def test_tampered_packet_is_refused_by_hash_and_by_signature(station: FakeStation) -> None:
    packet = station.seal()
    tampered = bytearray(packet.data)
    tampered[500] ^= 0xFF
    # announced with the original hash: the content hash catches it
    station.begin(packet)
    offset, answer = 0, None
    while offset < packet.size:
        answer = station.put(packet.header.packet_uuid, offset, bytes(tampered[offset : offset + 4096]))
        offset += 4096
    assert answer is not None and answer.status_code == 422 and answer.json()["error"] == "hash_mismatch"
    # announced with a matching hash: the signature catches it
    again = station.seal()
    tampered = bytearray(again.data)
    tampered[500] ^= 0xFF
    answer = station.send(again, bytes(tampered))
    assert answer.status_code == 422 and answer.json()["error"] == "bad_signature"


def test_unknown_station_is_refused(http: httpx.Client) -> None:
    for headers in ({}, {"Authorization": "Bearer not-a-token"}):
        answer = http.post(f"/packets/{uuid.uuid4()}", headers=headers, json={"sha256": "0" * 64, "size": 10})
        assert answer.status_code == 401 and answer.json()["error"] == "unknown_station"


@pytest.mark.parametrize(("method", "path", "kwargs"), [
    ("POST", "/stations/register", {"content": b"{not json"}),
    ("POST", "/stations/register", {"json": {"code": 5}}),
    ("POST", "/stations/register", {"content": b"\xff\xfe\x00", "headers": {"Content-Type": "application/json"}}),
    ("POST", "/packets/statuses", {"json": {"packet_uuids": "nope"}}),
    ("POST", "/packets/not-a-uuid", {"json": {"sha256": "a" * 64, "size": 5}}),
    ("POST", f"/packets/{uuid.uuid4()}", {"json": {"sha256": "short", "size": -1}}),
    ("PUT", f"/packets/{uuid.uuid4()}/data?offset=abc", {"content": b"x"}),
    ("PUT", f"/packets/{uuid.uuid4()}/data?offset=0", {"content": b"x"}),
    ("GET", "/sites/SITE-A/roster?after=zero", {}),
    ("GET", "/no/such/endpoint", {}),
])
def test_malformed_requests_get_a_4xx_json_error(station: FakeStation, http: httpx.Client, method: str, path: str,
                                                 kwargs: dict) -> None:
    headers = {**station.headers, **kwargs.pop("headers", {})}
    answer = http.request(method, path, headers=headers, **kwargs)
    assert 400 <= answer.status_code < 500, answer.text
    assert isinstance(answer.json()["error"], str) and answer.json()["message_en"]


def test_statuses_roster_and_config(station: FakeStation, local_hub: LocalHub, http: httpx.Client) -> None:
    assert local_hub.hub is not None
    packet = station.seal()
    station.send(packet)
    local_hub.hub.set_status(packet.header.packet_uuid, "ADJUDICATION")
    statuses = http.post("/packets/statuses", headers=station.headers,
                         json={"packet_uuids": [packet.header.packet_uuid, str(uuid.uuid4())]}).json()["statuses"]
    assert statuses == {packet.header.packet_uuid: {"status": "adjudication", "updated_at": statuses[
        packet.header.packet_uuid]["updated_at"]}}
    local_hub.hub.put_roster_rows("SITE-A", [{"nik": f"35730145030800{i:02d}", "name": f"S{i}"} for i in range(5)])
    page = http.get("/sites/SITE-A/roster", params={"after": 0, "limit": 3}, headers=station.headers).json()
    assert len(page["rows"]) == 3 and page["more"] is True
    rest = http.get("/sites/SITE-A/roster", params={"after": page["checkpoint"]}, headers=station.headers).json()
    assert len(rest["rows"]) == 2 and rest["more"] is False
    assert http.get("/sites/OTHER/roster", headers=station.headers).json()["error"] == "wrong_site"
    assert http.get("/config", headers=station.headers).json() == {"version": 0, "config": None}
    version = local_hub.hub.push_config({"quality": {"max_attempts": 4}})
    assert http.get("/config", headers=station.headers).json() == {"version": version,
                                                                    "config": {"quality": {"max_attempts": 4}}}
