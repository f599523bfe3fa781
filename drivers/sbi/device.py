"""What the three SBI family adapters share: settings, finding the device, identity, captures.

A configured ``port`` is used directly; otherwise the ``ports`` range is scanned
and the first device of the wanted type (or the configured ``device_id``) wins.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from drivers.base import DeviceInfo
from drivers.errors import DeviceConfigError, DeviceNotConnectedError
from drivers.sbi.client import SbiCapture, SbiClient, SbiDeviceInfo
from drivers.sbi.discovery import discover, parse_ports
from drivers.sbi.jws import TrustStore

SBI_SETTINGS: dict[str, Any] = {
    "host": "127.0.0.1",
    "ports": "4501-4600",
    "port": 0,
    "trust_store": "",
    "device_id": "",
    "env": "Staging",
    "requested_score": 40,
    "capture_timeout_s": 10.0,
    "max_clock_skew_s": 300,
}


class SbiConnection:
    """One SBI device of one biometric type ("Finger", "Iris" or "Face")."""

    def __init__(self, bio_type: str, settings: dict[str, Any]) -> None:
        self.bio_type = bio_type
        self.host = str(settings["host"])
        if self.host == "localhost":
            raise DeviceConfigError(
                "Gunakan host 127.0.0.1, bukan 'localhost' (aturan SBI).",
                "Use host 127.0.0.1, not 'localhost' (an SBI rule).",
            )
        self.ports = parse_ports(settings["ports"])
        self.port = int(settings["port"])
        self.trust_store = str(settings["trust_store"])
        self.device_id = str(settings["device_id"])
        self.env = str(settings["env"])
        self.requested_score = int(settings["requested_score"])
        self.capture_timeout_s = float(settings["capture_timeout_s"])
        self.max_clock_skew = dt.timedelta(seconds=float(settings["max_clock_skew_s"]))
        if not 0 <= self.requested_score <= 100:
            raise ValueError("requested_score must be 0-100")
        self.client: SbiClient | None = None
        self.device: SbiDeviceInfo | None = None

    def open(self) -> None:
        trust = TrustStore.load(self.trust_store)
        if self.port:
            candidates = [self.port]
        else:
            candidates = sorted({found.port for found in discover(self.host, self.ports, self.bio_type)})
        for port in candidates:
            client = SbiClient(self.host, port, trust, max_clock_skew=self.max_clock_skew, env=self.env)
            try:
                devices = client.device_info(self.bio_type)
            except BaseException:
                client.close()
                raise
            chosen = [d for d in devices if not self.device_id or d.device_id == self.device_id]
            if chosen:
                self.client, self.device = client, chosen[0]
                return
            client.close()
        where = f"{self.host}:{self.port}" if self.port else f"{self.host} port {self.ports[0]}-{self.ports[-1]}"
        raise DeviceNotConnectedError(
            f"Tidak ada perangkat SBI jenis {self.bio_type} di {where}.",
            f"No SBI {self.bio_type} device found at {where}.",
            action_id="Pastikan layanan perangkat (SBI/MDS) dari vendor berjalan, lalu coba lagi.",
            action_en="Make sure the vendor's device service (SBI/MDS) is running, then try again.",
        )

    def close(self) -> None:
        client, self.client, self.device = self.client, None, None
        if client is not None:
            client.close()

    def info(self, family: str) -> DeviceInfo:
        assert self.device is not None and self.client is not None
        return DeviceInfo(
            family=family,
            vendor=self.device.make,
            model=self.device.model,
            serial_number=self.device.serial_number,
            firmware=self.device.firmware,
            transport=f"SBI 0.9.5 {self.client.base_url} device {self.device.device_id}",
            backend="sbi",
        )

    def capture(
        self, device_sub_id: int, bio_sub_types: Sequence[str], exceptions: Sequence[str] = (), timeout_s: float | None = None
    ) -> list[SbiCapture]:
        if self.client is None or self.device is None:
            raise DeviceNotConnectedError()
        timeout = min(timeout_s or self.capture_timeout_s, self.capture_timeout_s)
        return self.client.capture(
            bio_type=self.bio_type,
            device_id=self.device.device_id,
            device_sub_id=device_sub_id,
            bio_sub_types=bio_sub_types,
            exceptions=exceptions,
            requested_score=self.requested_score,
            timeout_ms=int(timeout * 1000),
        )
