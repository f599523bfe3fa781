"""Finding SBI services: every port of the range probed in parallel, then MOSIPDISC on the open ones.

A closed loopback port refuses at once and a filtered one times out after
``connect_timeout_s``; with one thread per port the whole 4501–4600 range costs
about one connect timeout, not a hundred (see ``bench/bench_sbi_discovery.py``).
"""

from __future__ import annotations

import logging
import socket
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import httpx

from drivers.errors import DeviceProtocolError, DeviceSettingError
from drivers.sbi.answers import DigitalId, parse_discovery, read_json
from drivers.sbi.jws import decode_unsigned

log = logging.getLogger(__name__)

DEFAULT_PORTS = range(4501, 4601)
MAX_DISCOVERY_BYTES = 1024 * 1024


def parse_ports(value: str | int | Iterable[int]) -> list[int]:
    """``"4501-4600"``, ``"4501,4502"``, ``4501`` or a list, as a sorted list of ports."""
    ports: set[int] = set()
    if isinstance(value, int):
        ports.add(value)
    elif isinstance(value, str):
        for part in value.replace(" ", "").split(","):
            if not part:
                continue
            low, _, high = part.partition("-")
            try:
                ports.update(range(int(low), int(high or low) + 1))
            except ValueError:
                raise DeviceSettingError(
                    f"Rentang port tidak valid: {value!r}.", f"Invalid port range: {value!r}."
                ) from None
    else:
        ports.update(int(port) for port in value)
    if not ports or min(ports) < 1 or max(ports) > 65535:
        raise DeviceSettingError(f"Rentang port tidak valid: {value!r}.", f"Invalid port range: {value!r}.")
    return sorted(ports)


def _is_open(host: str, port: int, timeout: float) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def open_ports(host: str, ports: Iterable[int], connect_timeout_s: float = 0.5) -> list[int]:
    """The ports in ``ports`` accepting a TCP connection, probed all at once."""
    candidates = list(ports)
    if not candidates:
        return []
    with ThreadPoolExecutor(max_workers=min(100, len(candidates)), thread_name_prefix="sbi-scan") as pool:
        flags = list(pool.map(lambda port: _is_open(host, port, connect_timeout_s), candidates))
    return [port for port, is_open in zip(candidates, flags) if is_open]


@dataclass(frozen=True)
class DiscoveredDevice:
    """One MOSIPDISC entry and the port it answered on."""

    port: int
    device_id: str
    status: str
    types: tuple[str, ...]
    sub_ids: tuple[int, ...]
    raw: Mapping[str, Any]


def discover_on_port(http: httpx.Client, host: str, port: int, device_type: str) -> list[DiscoveredDevice]:
    """The SBI devices answering on one port; anything that is not a well-formed SBI answer counts as none."""
    try:
        with http.stream("MOSIPDISC", f"http://{host}:{port}/device", json={"type": device_type}) as response:
            entries = parse_discovery(read_json(response.iter_bytes(), "MOSIPDISC", MAX_DISCOVERY_BYTES))
    except httpx.HTTPError:
        return []  # nothing speaking HTTP there
    except DeviceProtocolError as error:
        log.warning("SBI discovery: port %d answered, but not as an SBI service (%s)", port, error.message_en)
        return []
    found = []
    for entry in entries:
        if not entry.error.ok:
            continue
        types: tuple[str, ...] = ()
        if entry.digital_id and entry.digital_id.count(".") == 0:
            try:
                types = (DigitalId.parse(decode_unsigned(entry.digital_id)).bio_type,)
            except DeviceProtocolError:
                types = ()  # an unreadable digital id only loses the type hint
        found.append(DiscoveredDevice(port=port, device_id=entry.device_id, status=entry.status, types=types,
                                      sub_ids=entry.sub_ids, raw=entry.raw))
    return found


def discover(
    host: str = "127.0.0.1",
    ports: Iterable[int] = DEFAULT_PORTS,
    device_type: str = "Biometric Device",
    connect_timeout_s: float = 0.5,
    http_timeout_s: float = 2.0,
) -> list[DiscoveredDevice]:
    """Every SBI device of ``device_type`` ("Finger", "Iris", "Face" or all) on ``host``'s port range."""
    listening = open_ports(host, ports, connect_timeout_s)
    if not listening:
        return []
    with httpx.Client(timeout=http_timeout_s) as http, \
            ThreadPoolExecutor(max_workers=len(listening), thread_name_prefix="sbi-disc") as pool:
        batches = list(pool.map(lambda port: discover_on_port(http, host, port, device_type), listening))
    return [device for batch in batches for device in batch]
