"""The station's devices as configured (``[devices.<family>]``) and as found on the ports and bus.

Opening reports every failing device together (DevicesNotConnectedError), so
the operator fixes all cables in one go instead of one per restart.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from app.config import StationConfig
from drivers.base import Device
from drivers.discovery import DiscoveryReport, discover
from drivers.errors import DeviceConfigError, DeviceError, DevicesNotConnectedError
from drivers.registry import FAMILIES, backend_class, create_device

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ConfiguredDevice:
    """One ``[devices.<family>]`` table: which backend, its settings, and whether it is usable."""

    family: str
    backend: str
    settings: dict[str, Any]
    error: dict[str, str] | None = None

    @property
    def valid(self) -> bool:
        return self.error is None

    def to_dict(self) -> dict[str, Any]:
        return {"family": self.family, "backend": self.backend, "settings": self.settings,
                "valid": self.valid, "error": self.error}


@dataclass(frozen=True)
class DevicesOverview:
    configured: tuple[ConfiguredDevice, ...]
    discovered: DiscoveryReport

    def to_dict(self) -> dict[str, Any]:
        return {"configured": [c.to_dict() for c in self.configured], **self.discovered.to_dict()}


def _family_order(family: str) -> tuple[int, str]:
    return (FAMILIES.index(family) if family in FAMILIES else len(FAMILIES), family)


def configured_devices(config: StationConfig) -> list[ConfiguredDevice]:
    """Every ``[devices.<family>]`` table, checked against the backend table (nothing is opened)."""
    rows = []
    for family, table in sorted(config.devices.items(), key=lambda item: _family_order(item[0])):
        settings = dict(table) if isinstance(table, Mapping) else {}
        backend = str(settings.pop("backend", "sim"))
        error = None
        try:
            if not isinstance(table, Mapping):
                raise DeviceConfigError(f"[devices.{family}] harus berupa tabel.", f"[devices.{family}] must be a table.")
            if family not in FAMILIES:
                raise DeviceConfigError(f"Jenis perangkat tidak dikenal: {family}.", f"Unknown device family: {family}.")
            backend_class(family, backend)
        except DeviceConfigError as exc:
            error = exc.to_dict()
        rows.append(ConfiguredDevice(family, backend, settings, error))
    return rows


def list_devices(
    config: StationConfig, *, discover_fn: Callable[[], DiscoveryReport] = discover
) -> DevicesOverview:
    """Configured devices and what is plugged in (serial ports, USB devices)."""
    return DevicesOverview(tuple(configured_devices(config)), discover_fn())


def create_configured_device(config: StationConfig, family: str) -> Device:
    """The (unopened) backend for one family.

    Raises:
        DeviceConfigError: no such table, unknown backend or invalid settings.
    """
    table = config.devices.get(family)
    if not isinstance(table, Mapping):
        raise DeviceConfigError(
            f"Perangkat {family} belum diatur di [devices.{family}].",
            f"No [devices.{family}] table in the configuration.",
        )
    return create_device(family, table)


def open_configured_devices(config: StationConfig, families: Iterable[str] | None = None) -> dict[str, Device]:
    """Create and open every configured device (or just ``families``).

    Raises:
        DevicesNotConnectedError: one or more devices failed; ``failures`` names each
            with its own error. The devices that did open are closed again first.
    """
    wanted = sorted(families if families is not None else config.devices, key=_family_order)
    opened: dict[str, Device] = {}
    failures: dict[str, DeviceError] = {}
    for family in wanted:
        try:
            device = create_configured_device(config, family)
            device.open()
        except DeviceError as exc:
            log.warning("device %s failed to open: %s", family, type(exc).__name__)
            failures[family] = exc
            continue
        opened[family] = device
    if failures:
        for device in opened.values():
            try:
                device.close()
            except DeviceError:
                log.warning("device %s failed to close after a start-up failure", device.family)
        raise DevicesNotConnectedError(failures)
    return opened
