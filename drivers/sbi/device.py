"""What the three SBI family adapters share: settings, finding the device, identity, captures.

A configured ``port`` is used directly; otherwise the ``ports`` range is scanned
and the first device of the wanted type (or the configured ``device_id``) wins.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import ClassVar

from drivers.base import DeviceInfo
from drivers.errors import DeviceNotConnectedError, DeviceSettingError
from drivers.sbi.client import SbiCapture, SbiClient, SbiDeviceInfo
from drivers.sbi.discovery import discover, parse_ports
from drivers.sbi.jws import TrustStore


class SbiConnection:
    """One SBI device of one biometric type ("Finger", "Iris" or "Face")."""

    def __init__(
        self, bio_type: str, *, host: str = "127.0.0.1", ports: str | int | Iterable[int] = "4501-4600",
        port: int = 0, trust_store: str = "", device_id: str = "", env: str = "Staging",
        requested_score: int = 40, capture_timeout_s: float = 10.0, max_clock_skew_s: float = 300,
    ) -> None:
        self.bio_type = bio_type
        self.host = str(host)
        if self.host == "localhost":
            raise DeviceSettingError(
                "Gunakan host 127.0.0.1, bukan 'localhost' (aturan SBI).",
                "Use host 127.0.0.1, not 'localhost' (an SBI rule).",
            )
        self.ports = parse_ports(ports)
        self.port = int(port)
        self.trust_store = str(trust_store)
        self.device_id = str(device_id)
        self.env = str(env)
        self.requested_score = int(requested_score)
        self.capture_timeout_s = float(capture_timeout_s)
        self.max_clock_skew = dt.timedelta(seconds=float(max_clock_skew_s))
        if not 0 <= self.requested_score <= 100:
            raise DeviceSettingError(
                f"requested_score harus 0–100, bukan {self.requested_score}.",
                f"requested_score must be 0–100, not {self.requested_score}.",
            )
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


class SbiAdapter:
    """The constructor the three SBI family adapters share (their ``settings_defaults`` derive from it).

    Mixed in before the family base class: ``class SbiIrisScanner(SbiAdapter, IrisScanner)``.
    """

    bio_type: ClassVar[str]

    def __init__(
        self, *, host: str = "127.0.0.1", ports: str | int | list[int] = "4501-4600", port: int = 0,
        trust_store: str = "",
        device_id: str = "", env: str = "Staging", requested_score: int = 40, capture_timeout_s: float = 10.0,
        max_clock_skew_s: float = 300,
    ) -> None:
        super().__init__()
        self._sbi = SbiConnection(
            self.bio_type, host=host, ports=ports, port=port, trust_store=trust_store, device_id=device_id,
            env=env, requested_score=requested_score, capture_timeout_s=capture_timeout_s,
            max_clock_skew_s=max_clock_skew_s,
        )
