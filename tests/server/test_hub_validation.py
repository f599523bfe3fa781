"""The hub's validation layer over real loopback HTTP: limits, strict JSON, packet schemas, healing."""

from __future__ import annotations

import json
import socket
import struct
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from app.sync import packet_format
from server.local import LocalHub
from server.schemas import MAX_JSON_BODY, MAX_STATUS_UUIDS
from tests.support.packets import seal_synthetic, synthetic_metadata


class Sender:
    def __init__(self, http: httpx.Client, hub: LocalHub) -> None:
        assert hub.hub is not None
        self.http, self.hub = http, hub.hub
        self.key = Ed25519PrivateKey.generate()
        answer = http.post("/stations/register", json={
            "code": self.hub.invite("SITE-A"), "station_code": "3573-01", "name": "Uji",
            "public_key": packet_format.b64(packet_format.raw_public(self.key.public_key()))}).json()
        self.station_id = answer["station_id"]
        self.hub_key = packet_format.load_x25519_public(answer["hub_public_key"])
        self.headers = {"Authorization": f"Bearer {answer['token']}"}

    def seal(self, **kwargs: Any) -> packet_format.SealedPacket:
        return seal_synthetic(station_id=self.station_id, hub_public_key=self.hub_key, station_key=self.key, **kwargs)

    def send(self, packet_uuid: str, data: bytes, chunk: int = 8192) -> httpx.Response:
        begun = self.http.post(f"/packets/{packet_uuid}", headers=self.headers,
                               json={"sha256": packet_format.sha256_hex(data), "size": len(data)})
        assert begun.status_code == 200, begun.text
        offset = begun.json()["offset"]
        while True:
            answer = self.http.put(f"/packets/{packet_uuid}/data", params={"offset": offset},
                                   content=data[offset : offset + chunk], headers=self.headers)
            if answer.status_code != 200 or answer.json()["state"] == "complete":
                return answer
            offset = answer.json()["offset"]

    def leftovers(self, packet_uuid: str) -> list[str]:
        found = [p.name for folder in (self.hub.partial_dir, self.hub.packets_dir) for p in folder.iterdir()
                 if p.stem == packet_uuid]
        with self.hub.session() as session:
            from server.models import HubPacket
            if session.get(HubPacket, packet_uuid) is not None:
                found.append("row")
        return found


@pytest.fixture
def sender(http: httpx.Client, local_hub: LocalHub) -> Sender:
    return Sender(http, local_hub)


def _raw_request(hub: LocalHub, head: bytes, body: bytes = b"") -> tuple[int, dict[str, Any]]:
    """One HTTP/1.1 request over a raw socket; (status, JSON body) of the answer."""
    with socket.create_connection(("127.0.0.1", hub.port), timeout=10) as sock:
        sock.sendall(head + body)
        answer = b""
        while b"\r\n\r\n" not in answer or len(answer.split(b"\r\n\r\n", 1)[1]) < _length(answer):
            part = sock.recv(65536)
            if not part:
                break
            answer += part
    status = int(answer.split(b" ", 2)[1])
    return status, json.loads(answer.split(b"\r\n\r\n", 1)[1])


def _length(answer: bytes) -> int:
    for line in answer.split(b"\r\n\r\n", 1)[0].split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            return int(line.split(b":", 1)[1])
    return 1 << 30


def test_invalid_utf8_has_its_own_code_and_both_languages(http: httpx.Client) -> None:
    answer = http.post("/stations/register", content=b'{"code": "\xff\xfe"}',
                       headers={"Content-Type": "application/json"})
    body = answer.json()
    assert answer.status_code == 400 and body["error"] == "invalid_utf8"
    assert "UTF-8" in body["message_id"] and body["message_id"] != body["message_en"]


def test_a_lone_surrogate_escape_is_refused(http: httpx.Client) -> None:
    answer = http.post("/stations/register", content=b'{"code": "\\ud800abcd", "station_code": "x", "public_key": "y"}')
    assert answer.status_code == 400 and answer.json()["error"] == "invalid_utf8"


def test_wrong_json_types_are_refused_not_coerced(http: httpx.Client, sender: Sender) -> None:
    answer = http.post(f"/packets/{uuid.uuid4()}", headers=sender.headers, json={"sha256": "a" * 64, "size": "10"})
    assert answer.status_code == 422 and answer.json()["error"] == "malformed_request"
    assert "size" in answer.json()["message_en"]


def test_a_20_mb_registration_is_refused_before_its_body_is_read(local_hub: LocalHub) -> None:
    head = (b"POST /api/v1/stations/register HTTP/1.1\r\nHost: hub\r\nContent-Type: application/json\r\n"
            b"Content-Length: 20000000\r\n\r\n")
    status, body = _raw_request(local_hub, head, b"{")  # 1 byte of 20 MB sent: the answer comes anyway
    assert status == 413 and body["error"] == "body_too_large"


def test_a_chunked_body_is_cut_off_at_the_limit(local_hub: LocalHub) -> None:
    head = b"POST /api/v1/stations/register HTTP/1.1\r\nHost: hub\r\nTransfer-Encoding: chunked\r\n\r\n"
    piece = b"x" * 8192
    chunks = b"".join(b"%x\r\n%s\r\n" % (len(piece), piece) for _ in range(MAX_JSON_BODY // len(piece) + 2)) + b"0\r\n\r\n"
    status, body = _raw_request(local_hub, head, chunks)
    assert status == 413 and body["error"] == "body_too_large"


def test_a_chunk_larger_than_the_hub_maximum_is_refused(local_hub: LocalHub, sender: Sender) -> None:
    head = (f"PUT /api/v1/packets/{uuid.uuid4()}/data?offset=0 HTTP/1.1\r\nHost: hub\r\n"
            f"Authorization: {sender.headers['Authorization']}\r\nContent-Length: {20 * 1024 * 1024}\r\n\r\n").encode()
    status, body = _raw_request(local_hub, head, b"x" * 1000)
    assert status == 413 and body["error"] == "body_too_large"


@pytest.mark.parametrize("after", ["-1", str(2**31), str(2**63), "9" * 40, "1e3"])
def test_roster_checkpoint_outside_the_column_is_a_4xx(http: httpx.Client, sender: Sender, after: str) -> None:
    answer = http.get(f"/sites/SITE-A/roster?after={after}", headers=sender.headers)
    assert answer.status_code == 422 and answer.json()["error"] == "malformed_request"


def test_checkpoints_at_the_column_edge_work(http: httpx.Client, sender: Sender) -> None:
    answer = http.get(f"/sites/SITE-A/roster?after={2**31 - 1}", headers=sender.headers)
    assert answer.status_code == 200 and answer.json()["rows"] == []
    answer = http.get(f"/config?after={2**31 - 1}", headers=sender.headers)
    assert answer.status_code == 200 and answer.json()["config"] is None


def test_status_requests_are_bounded(http: httpx.Client, sender: Sender) -> None:
    uuids = [str(uuid.uuid4()) for _ in range(MAX_STATUS_UUIDS + 1)]
    answer = http.post("/packets/statuses", headers=sender.headers, json={"packet_uuids": uuids})
    assert answer.status_code == 422
    assert http.post("/packets/statuses", headers=sender.headers,
                     json={"packet_uuids": uuids[:MAX_STATUS_UUIDS]}).status_code == 200


@pytest.mark.parametrize(("field", "value"), [
    ("enrolment_uuid", ["not", "a", "uuid"]),
    ("applicant", {"nik": 3573014203080001, "name": "X", "birth_date": None, "sex": "P", "kk_number": ""}),
    ("captures", {"modality": "finger"}),
    ("station", None),
    ("documents_seen", "kk"),
])
def test_metadata_of_the_wrong_type_is_refused_and_leaves_nothing(sender: Sender, field: str, value: Any) -> None:
    packet_uuid = str(uuid.uuid4())
    record = b"NIST" * 3000
    metadata = synthetic_metadata(packet_uuid, sender.station_id, record, **{field: value})
    bad = sender.seal(packet_uuid=packet_uuid, record=record, metadata=metadata)
    for _attempt in range(2):  # the retry gets the same clear refusal
        answer = sender.send(packet_uuid, bad.data)
        assert answer.status_code == 422 and answer.json()["error"] == "bad_metadata", answer.text
        assert field in answer.json()["message_en"]
        assert sender.leftovers(packet_uuid) == []
    good = sender.seal(packet_uuid=packet_uuid, record=record)
    assert sender.send(packet_uuid, good.data).json()["state"] == "complete"
    assert sender.hub.list_packets()[0]["packet_uuid"] == packet_uuid


def _with_header(sender: Sender, fields: dict[str, Any]) -> bytes:
    """A packet whose signed header is ``fields`` (contents garbage: the header check comes first)."""
    header = json.dumps(fields).encode()
    body = packet_format.MAGIC + struct.pack(">I", len(header)) + header + b"\x00" * 200
    return body + sender.key.sign(body)


@pytest.mark.parametrize(("field", "value"), [
    ("packet_uuid", 12345), ("nonce", ["x"]), ("format_version", "1"), ("format_version", True),
    ("wrapped_key", None), ("created_at", "yesterday"),
])
def test_a_signed_header_of_the_wrong_type_is_refused(sender: Sender, field: str, value: Any) -> None:
    good = sender.seal()
    fields = json.loads(packet_format.read_header(good.data).to_bytes()) | {field: value}
    packet_uuid = good.header.packet_uuid
    answer = sender.send(packet_uuid, _with_header(sender, fields))
    assert answer.status_code == 422 and answer.json()["error"] in ("bad_header", "malformed_packet"), answer.text
    assert sender.leftovers(packet_uuid) == []


def test_an_unexpected_error_is_json_500_cleaned_up_and_logged_masked(
        sender: Sender, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    packet = sender.seal()
    packet_uuid = packet.header.packet_uuid

    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError("disk on fire near NIK 3573014203080001")

    with monkeypatch.context() as patch:
        patch.setattr(packet_format, "open_packet", broken)
        answer = sender.send(packet_uuid, packet.data)
    assert answer.status_code == 500 and answer.json()["error"] == "internal_error"
    assert "fire" not in answer.text and "Traceback" not in answer.text
    assert sender.leftovers(packet_uuid) == []
    assert any("RuntimeError" in record.getMessage() for record in caplog.records)
    assert sender.send(packet_uuid, packet.data).json()["state"] == "complete"


def test_valid_traffic_is_unchanged(sender: Sender, tmp_path: Path) -> None:
    packet = sender.seal(record=b"N" * 100_000)
    answer = sender.send(packet.header.packet_uuid, packet.data)
    assert answer.status_code == 200 and answer.json()["receipt"]["sha256"] == packet.sha256


def test_oversized_request_headers_are_refused(local_hub: LocalHub) -> None:
    head = b"GET /api/v1/health HTTP/1.1\r\nHost: hub\r\nX-Filler: " + b"a" * 40_000 + b"\r\n\r\n"
    status, body = _raw_request(local_hub, head)
    assert status == 431 and body["error"] == "headers_too_large"


@pytest.mark.parametrize("name", ["Uji\x00", "a\nb", "\x7f"])
def test_registration_text_with_control_characters_is_refused(http: httpx.Client, local_hub: LocalHub,
                                                               name: str) -> None:
    assert local_hub.hub is not None
    key = packet_format.b64(packet_format.raw_public(Ed25519PrivateKey.generate().public_key()))
    answer = http.post("/stations/register", json={"code": local_hub.hub.invite("SITE-A"), "station_code": "3573-01",
                                                   "name": name, "public_key": key})
    assert answer.status_code == 422 and "name" in answer.json()["message_en"]
