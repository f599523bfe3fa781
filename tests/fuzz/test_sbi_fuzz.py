"""Fuzzing the SBI client with a hostile local service on 127.0.0.1: every answer is parsed or refused as a device error.

The service signs with a certificate the station trusts, so mutated payloads get
past the signature check and reach the parsers, as a compromised or buggy device
service's would.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import socket
import socketserver
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from drivers.errors import DeviceError
from drivers.sbi.client import SbiClient, chain_hash
from drivers.sbi.discovery import discover_on_port
from drivers.sbi.jws import TrustStore
from tests.drivers.emulators.sbi import SbiEmulator, b64url, iso_record, make_identity, sign_jws
from tests.fuzz.strategies import JSON_VALUES, damaged_bytes, paths, replaced
from tests.support.fuzz import fuzz_settings, tally

pytestmark = pytest.mark.fuzz

Responder = Callable[[str, dict[str, Any]], bytes]


class HostileService:
    """Answers every SBI method with whatever ``responder(method, request)`` returns."""

    def __init__(self) -> None:
        self.responder: Responder = lambda _method, _request: b"[]"
        service = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def log_message(self, *args: object) -> None:
                pass

            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                try:
                    request = json.loads(self.rfile.read(length) or b"{}")
                except ValueError:
                    request = {}
                body = service.responder(self.command, request)
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_MOSIPDISC = do_MOSIPDINFO = do_RCAPTURE = _answer

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


@pytest.fixture(scope="module")
def setting(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[HostileService, SbiEmulator, TrustStore]]:
    ca = make_identity("Fuzz device-provider CA", ca=True)
    trust_file = tmp_path_factory.mktemp("sbi") / "trust.pem"
    trust_file.write_bytes(ca.pem())
    emulator = SbiEmulator(ca=ca)  # only its answer builders and signing identity; never started
    service = HostileService()
    yield service, emulator, TrustStore.load(Path(trust_file))
    service.close()
    emulator._httpd.server_close()  # bound at construction, never served


@pytest.fixture(scope="module")
def http() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=2.0) as client:  # one client for all cases: making one costs ~0.1 s
        yield client


@pytest.fixture(scope="module")
def client(setting: tuple[HostileService, SbiEmulator, TrustStore]) -> Iterator[SbiClient]:
    service, _emulator, trust = setting
    sbi = SbiClient("127.0.0.1", service.port, trust)
    yield sbi
    sbi.close()


def _offset_time(moment: dt.datetime, minutes: int) -> str:
    return moment.replace(tzinfo=dt.timezone(dt.timedelta(minutes=minutes))).isoformat()


TIMES = st.one_of(
    st.sampled_from(["9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+23:59", "0001-01-01", "", "24:00",
                     "2024-02-30T00:00:00Z", "9999-12-31T23:59:59.999999+00:00", "2024-01-01T00:00:00+25:00"]),
    st.builds(_offset_time, st.datetimes(), st.integers(-1439, 1439)),
    JSON_VALUES,
)
JUNK = st.one_of(JSON_VALUES, TIMES, st.just(...))


def _dump(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, allow_nan=True).encode("utf-8", "surrogatepass")


def _maybe_replace(data: st.DataObject, value: Any) -> Any:
    candidates = paths(value)
    if not candidates:
        return value
    return replaced(value, data.draw(st.sampled_from(candidates)), data.draw(JUNK))


def _info_answer(emulator: SbiEmulator, data: st.DataObject) -> bytes:
    device = emulator.devices[0]
    kind = data.draw(st.sampled_from(["entry", "payload", "digital_id", "bytes", "whole", "valid"]))
    entries = [emulator.info_entry(d) for d in emulator.devices]
    if kind == "entry":
        entries = _maybe_replace(data, entries)
    elif kind in ("payload", "digital_id"):
        payload = {
            "specVersion": ["0.9.5"], "env": "Staging", "deviceId": device.device_id, "deviceCode": device.serial,
            "purpose": "Registration", "serviceVersion": "1.0", "deviceStatus": "Ready", "firmware": "F",
            "certification": "L0", "deviceSubId": device.sub_ids,
            "digitalId": b64url(json.dumps(emulator.digital_id(device)).encode()),
        }
        if kind == "payload":
            payload = _maybe_replace(data, payload)
        else:
            digital = _maybe_replace(data, emulator.digital_id(device))
            encoded = b64url(_dump(digital))
            payload["digitalId"] = sign_jws(digital, emulator.device_identity) if data.draw(st.booleans()) and \
                isinstance(digital, dict) else encoded
        try:
            entries[0] = {"deviceInfo": sign_jws(payload, emulator.device_identity), "error": {"errorCode": "0"}}
        except (TypeError, ValueError):
            pass  # not even JSON-serialisable: a device could not send it
    elif kind == "whole":
        return _dump(data.draw(JSON_VALUES))
    body = _dump(entries)
    return data.draw(damaged_bytes(body)) if kind == "bytes" else body


@fuzz_settings(quick=100, long=2000)
@given(data=st.data())
def test_device_info_answers(setting: tuple[HostileService, SbiEmulator, TrustStore], client: SbiClient,
                             data: st.DataObject) -> None:
    service, emulator, _trust = setting
    body = _info_answer(emulator, data)
    service.responder = lambda _method, _request: body
    with tally("SBI: MOSIPDINFO").case((DeviceError,)):
        client.device_info(data.draw(st.sampled_from([None, "Finger", "Iris"])))


def _capture_responder(emulator: SbiEmulator, data: st.DataObject) -> Responder:
    """Builds each answer from the request (transaction id, previous hash), damaged as drawn now."""
    device = emulator.devices[0]
    kind = data.draw(st.sampled_from(["payload", "payload", "item", "answer", "bytes", "valid"]))
    record = iso_record("Finger", emulator.image_for("Finger", "Right IndexFinger")[:64, :64])
    replacement = data.draw(st.sampled_from(["digitalId", "deviceCode", "bioType", "bioSubType",
                                                                 "bioValue", "transactionId", "timestamp",
                                                                 "requestedScore", "qualityScore"]))
    junk = data.draw(JUNK)
    item_junk = data.draw(JUNK)
    answer_junk = data.draw(JSON_VALUES)
    damage_seed = random.Random(data.draw(st.integers(0, 2**32)))  # drawn here: the server thread must not draw

    def respond(_method: str, request: dict[str, Any]) -> bytes:
        bio = (request.get("bio") or [{}])[0]
        payload = {
            "digitalId": sign_jws(emulator.digital_id(device), emulator.device_identity), "deviceCode": device.serial,
            "deviceServiceVersion": "1.0", "bioType": "Finger", "bioSubType": "Right IndexFinger",
            "purpose": "Registration", "env": "Staging", "bioValue": b64url(record),
            "transactionId": request.get("transactionId"), "timestamp": emulator._now(),
            "requestedScore": "40", "qualityScore": "75",
        }
        if kind == "payload":
            payload = replaced(payload, (replacement,), junk)
        try:
            signed = sign_jws(payload, emulator.device_identity)
        except (TypeError, ValueError):
            signed = ""
        item: Any = {"specVersion": "0.9.5", "data": signed, "hash": chain_hash(str(bio.get("previousHash", "")), record),
                     "error": {"errorCode": "0", "errorInfo": "Success"}}
        if kind == "item":
            item = replaced(item, (damage_seed.choice(["data", "hash", "error", "specVersion"]),), item_junk)
        answer: Any = {"biometrics": [item]}
        if kind == "answer":
            answer = damage_seed.choice([answer_junk, {"biometrics": answer_junk}, [answer]])
        body = _dump(answer)
        if kind == "bytes":
            cut = damage_seed.randrange(len(body) + 1)
            body = body[:cut] + damage_seed.choice([b"", b"\xff", b"\xed\xa0\x80", b"}", b"\\ud800"]) + body[cut + 1 :]
        return body

    return respond


@fuzz_settings(quick=100, long=1500)
@given(data=st.data())
def test_capture_answers(setting: tuple[HostileService, SbiEmulator, TrustStore], client: SbiClient,
                         data: st.DataObject) -> None:
    service, emulator, _trust = setting
    service.responder = _capture_responder(emulator, data)
    with tally("SBI: RCAPTURE").case((DeviceError,)):
        client.capture(bio_type="Finger", device_id="1", device_sub_id=1, bio_sub_types=["Right IndexFinger"])


class RawService(socketserver.ThreadingTCPServer):
    """Anything listening on an SBI port: writes the given bytes, HTTP or not, then closes."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        self.reply = b""

        class Handler(socketserver.BaseRequestHandler):
            def handle(inner) -> None:
                inner.request.settimeout(2)
                try:
                    inner.request.recv(65536)
                    inner.request.sendall(self.reply)
                except OSError:
                    pass

        super().__init__(("127.0.0.1", 0), Handler)


@pytest.fixture(scope="module")
def raw_service() -> Iterator[RawService]:
    server = RawService()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@st.composite
def discovery_replies(draw: st.DrawFn, emulator: SbiEmulator) -> bytes:
    entries: Any = [emulator.discovery_entry(d) for d in emulator.devices]
    kind = draw(st.sampled_from(["field", "whole", "bytes", "raw", "valid"]))
    if kind == "field":
        candidates = paths(entries)
        entries = replaced(entries, draw(st.sampled_from(candidates)), draw(JUNK))
    elif kind == "whole":
        entries = draw(JSON_VALUES)
    if kind == "raw":
        return draw(st.binary(max_size=300))
    body = _dump(entries)
    if kind == "bytes":
        body = draw(damaged_bytes(body))
    head = b"HTTP/1.0 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body)
    return head + body


@fuzz_settings(quick=100, long=2000)
@given(data=st.data())
def test_discovery_answers(raw_service: RawService, setting: tuple[HostileService, SbiEmulator, TrustStore],
                           http: httpx.Client, data: st.DataObject) -> None:
    _service, emulator, _trust = setting
    raw_service.reply = data.draw(discovery_replies(emulator))
    with tally("SBI: MOSIPDISC").case(()):
        found = discover_on_port(http, "127.0.0.1", raw_service.server_address[1], "Biometric Device")
        assert all(isinstance(device.sub_ids, tuple) for device in found)


def test_the_hostile_service_really_answers(setting: tuple[HostileService, SbiEmulator, TrustStore]) -> None:
    """The harness itself: an untouched answer is accepted (so refusals above are the client's own)."""
    service, emulator, trust = setting
    service.responder = lambda _m, _r: _dump([emulator.info_entry(d) for d in emulator.devices])
    client = SbiClient("127.0.0.1", service.port, trust)
    try:
        assert [d.bio_type for d in client.device_info()] == ["Finger", "Iris", "Face"]
    finally:
        client.close()
    with socket.create_connection(("127.0.0.1", service.port)):
        pass
