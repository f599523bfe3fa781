"""Fuzzing the hub through its real HTTP app (uvicorn on 127.0.0.1, ephemeral port): every answer is JSON below 500."""

from __future__ import annotations

import json
import os
import urllib.parse
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import create_engine

from app.sync import packet_format
from server.db import drop_hub_schema
from server.keys import init_hub_key
from server.local import LocalHub
from server.models import HubPacket
from tests.fuzz.strategies import JSON_VALUES, damaged_bytes, json_bodies, paths, replaced
from tests.support.fuzz import Tally, fuzz_settings, tally
from tests.support.packets import seal_synthetic, synthetic_metadata

pytestmark = pytest.mark.fuzz


class Station:
    def __init__(self, hub: LocalHub, http: httpx.Client) -> None:
        assert hub.hub is not None
        self.hub, self.http = hub.hub, http
        self.key = Ed25519PrivateKey.generate()
        answer = http.post("/stations/register", json={
            "code": self.hub.invite("SITE-A"), "station_code": "3573-01", "name": "Fuzz",
            "public_key": packet_format.b64(packet_format.raw_public(self.key.public_key()))}).json()
        self.station_id = answer["station_id"]
        self.hub_key = packet_format.load_x25519_public(answer["hub_public_key"])
        self.headers = {"Authorization": f"Bearer {answer['token']}"}


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LocalHub, httpx.Client, Station]]:
    folder = tmp_path_factory.mktemp("fuzz-hub")
    init_hub_key(folder / "data")
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgresql"):  # the same fuzzing against PostgreSQL when one is given
        engine = create_engine(url)
        drop_hub_schema(engine)
        engine.dispose()
    else:
        url = f"sqlite:///{folder / 'hub.sqlite3'}"
    hub = LocalHub(url, folder / "data").start()
    with httpx.Client(base_url=hub.url + "/api/v1", timeout=30) as http:
        yield hub, http, Station(hub, http)
    hub.stop()


def _judge(count: Tally, answer: httpx.Response) -> dict[str, Any]:
    """Below 500, JSON, and on refusal a stable code with both languages: else an unhandled case."""
    count.tried += 1
    try:
        body = answer.json()
    except ValueError:
        count.fail(f"HTTP {answer.status_code} is not JSON: {answer.text[:80]!r}")
    if answer.status_code >= 500:
        count.fail(f"HTTP {answer.status_code}: {body}")
    if answer.status_code >= 400:
        if not (isinstance(body.get("error"), str) and body.get("message_id") and body.get("message_en")):
            count.fail(f"HTTP {answer.status_code} without a bilingual error: {body}")
        count.refused += 1
    else:
        count.accepted += 1
    return body


VALID_BODIES = {
    "/stations/register": {"code": "ABCD-EFGH-JKLM", "station_code": "3573-01", "name": "x",
                           "public_key": "A" * 43 + "="},
    "/packets/statuses": {"packet_uuids": [str(uuid.UUID(int=1))]},
    f"/packets/{uuid.UUID(int=2)}": {"sha256": "a" * 64, "size": 100},
}


@fuzz_settings(quick=80, long=2000)
@given(path=st.sampled_from(sorted(VALID_BODIES)), data=st.data())
def test_json_bodies(served: tuple[LocalHub, httpx.Client, Station], path: str, data: st.DataObject) -> None:
    _hub, http, station = served
    body = data.draw(json_bodies(VALID_BODIES[path]))
    content_type = data.draw(st.sampled_from(["application/json", "text/plain", "application/octet-stream"]))
    answer = http.post(path, content=body, headers={**station.headers, "Content-Type": content_type})
    _judge(tally("hub: JSON bodies"), answer)


QUERY_TEXT = st.one_of(st.integers(min_value=-(2**80), max_value=2**80).map(str), st.text(max_size=30),
                       st.sampled_from(["", "0x10", "1e5", "9" * 5000, "+1", " 1", "1.0"]))


@fuzz_settings(quick=80, long=2000)
@given(which=st.sampled_from(["roster_after", "roster_limit", "config_after", "offset", "uuid", "site", "token"]),
       value=QUERY_TEXT)
def test_query_path_and_header_values(served: tuple[LocalHub, httpx.Client, Station], which: str, value: str) -> None:
    _hub, http, station = served
    quoted = urllib.parse.quote(value, safe="")
    headers = station.headers
    if which == "roster_after":
        answer = http.get(f"/sites/SITE-A/roster?after={quoted}", headers=headers)
    elif which == "roster_limit":
        answer = http.get(f"/sites/SITE-A/roster?limit={quoted}", headers=headers)
    elif which == "config_after":
        answer = http.get(f"/config?after={quoted}", headers=headers)
    elif which == "offset":
        answer = http.put(f"/packets/{uuid.uuid4()}/data?offset={quoted}", content=b"x", headers=headers)
    elif which == "uuid":
        answer = http.post(f"/packets/{quoted or 'x'}", json={"sha256": "a" * 64, "size": 10}, headers=headers)
    elif which == "site":
        answer = http.get(f"/sites/{quoted or 'x'}/roster", headers=headers)
    else:
        token = "".join(ch for ch in value.encode("latin-1", "replace").decode("latin-1") if ch.isprintable())
        answer = http.get("/config", headers={"Authorization": f"Bearer {token}".strip().encode("latin-1")})
    _judge(tally("hub: query/path/headers"), answer)


def _leftovers(hub: LocalHub, packet_uuid: str) -> list[str]:
    assert hub.hub is not None
    found = [p.name for p in hub.hub.partial_dir.glob(f"{packet_uuid}*")]
    with hub.hub.session() as session:
        row = session.get(HubPacket, packet_uuid)
    if row is not None and not row.complete:
        found.append("incomplete row")
    if row is not None and row.complete and not hub.hub.packet_path(packet_uuid).exists():
        found.append("complete row without its file")
    if row is None:
        found.extend(p.name for p in hub.hub.packets_dir.glob(f"{packet_uuid}*"))
    return found


def _header_packet(station: Station, fields: Any, tail: bytes) -> bytes:
    header = json.dumps(fields, ensure_ascii=False).encode("utf-8", "surrogatepass")
    body = packet_format.MAGIC + len(header).to_bytes(4, "big") + header + tail
    return body + station.key.sign(body)


@st.composite
def packets(draw: st.DrawFn, station: Station) -> tuple[str, bytes]:
    """(packet UUID, bytes): a signed packet with wrong metadata, a wrong header, or damaged bytes."""
    packet_uuid = str(uuid.uuid4())
    record = draw(st.binary(min_size=1, max_size=2000))
    kind = draw(st.sampled_from(["metadata", "metadata", "header", "bytes", "valid"]))
    if kind == "metadata":
        valid = synthetic_metadata(packet_uuid, station.station_id, record)
        path = draw(st.sampled_from(paths(valid)))
        metadata = replaced(valid, path, draw(JSON_VALUES | st.just(...)))
        if draw(st.booleans()):
            metadata = draw(JSON_VALUES)
        if not isinstance(metadata, dict):
            metadata = {"not": metadata} if draw(st.booleans()) else metadata
        try:
            sealed = seal_synthetic(station_id=station.station_id, hub_public_key=station.hub_key,
                                    station_key=station.key, record=record, packet_uuid=packet_uuid,
                                    metadata=metadata)  # type: ignore[arg-type]
        except (TypeError, ValueError):  # json.dumps of a lone surrogate etc.: the station cannot even send it
            sealed = seal_synthetic(station_id=station.station_id, hub_public_key=station.hub_key,
                                    station_key=station.key, record=record, packet_uuid=packet_uuid)
        return packet_uuid, sealed.data
    good = seal_synthetic(station_id=station.station_id, hub_public_key=station.hub_key, station_key=station.key,
                          record=record, packet_uuid=packet_uuid)
    if kind == "header":
        fields = json.loads(packet_format.read_header(good.data).to_bytes())
        fields = replaced(fields, (draw(st.sampled_from(sorted(fields))),), draw(JSON_VALUES | st.just(...)))
        if draw(st.integers(0, 4)) == 0:
            fields = draw(JSON_VALUES)
        start = len(packet_format.MAGIC) + 4 + len(packet_format.read_header(good.data).to_bytes())
        return packet_uuid, _header_packet(station, fields, good.data[start:-packet_format.SIGNATURE_LENGTH])
    if kind == "bytes":
        return packet_uuid, draw(damaged_bytes(good.data))
    return packet_uuid, good.data


@fuzz_settings(quick=40, long=1000)
@given(data=st.data())
def test_packets(served: tuple[LocalHub, httpx.Client, Station], data: st.DataObject) -> None:
    hub, http, station = served
    packet_uuid, blob = data.draw(packets(station))
    count = tally("hub: packets")
    begun = http.post(f"/packets/{packet_uuid}", headers=station.headers,
                      json={"sha256": packet_format.sha256_hex(blob), "size": len(blob)})
    if begun.status_code != 200:  # an empty packet: refused at the announcement
        _judge(count, begun)
        return
    chunk = data.draw(st.sampled_from([len(blob) or 1, 4096, 777]))
    offset, answer = 0, None
    while offset < len(blob):
        answer = http.put(f"/packets/{packet_uuid}/data", params={"offset": offset},
                          content=blob[offset : offset + chunk], headers=station.headers)
        if answer.status_code != 200 or answer.json().get("state") == "complete":
            break
        offset = answer.json()["offset"]
    assert answer is not None
    _judge(count, answer)
    leftovers = _leftovers(hub, packet_uuid)
    if leftovers:
        count.fail(f"leftovers after HTTP {answer.status_code}: {leftovers}")


def test_tallies_are_counted(served: tuple[LocalHub, httpx.Client, Station], tmp_path: Path) -> None:
    """The counting helper itself: a refused case is counted as refused, not hidden."""
    _hub, http, _station = served
    count = Tally("self-check")
    _judge(count, http.get("/no/such/path"))
    assert (count.tried, count.refused, count.unhandled) == (1, 1, 0)
