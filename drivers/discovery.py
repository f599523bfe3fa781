"""What is plugged in: serial ports (pyserial) and USB devices (pyusb), matched to known devices.

The known-device table lives in ``resources/known_devices.json`` (vendor:product
-> family, model, and whether it is the device itself or just a USB-serial
adapter a device may sit behind). Both sources are injectable so tests run
without hardware, and a machine without libusb still lists its serial ports.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from drivers.usb_watch import UsbWatcher

KNOWN_DEVICES_FILE = Path(__file__).resolve().parents[1] / "resources" / "known_devices.json"
# Where libusb comes from: a system package on Linux, a DLL beside the program on Windows.
_LIBUSB_HINT = "put libusb-1.0.dll next to station.exe" if sys.platform == "win32" else "install libusb-1.0-0"


@dataclass(frozen=True)
class KnownDevice:
    """One row of the known-device table."""

    vendor_id: int
    product_id: int
    family: str
    model: str
    kind: str  # "device" or "adapter"
    backend: str = ""

    @property
    def usb_id(self) -> str:
        return f"{self.vendor_id:04x}:{self.product_id:04x}"


@dataclass(frozen=True)
class DiscoveredDevice:
    """Something found on a serial port or the USB bus."""

    transport: str  # "serial" or "usb"
    address: str  # /dev/ttyUSB0, or bus-address for USB
    vendor_id: int | None = None
    product_id: int | None = None
    description: str = ""
    serial_number: str = ""
    family: str = ""
    model: str = ""
    kind: str = "unknown"  # "device", "adapter" or "unknown"
    backend: str = ""

    @property
    def usb_id(self) -> str:
        if self.vendor_id is None or self.product_id is None:
            return ""
        return f"{self.vendor_id:04x}:{self.product_id:04x}"

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["usb_id"] = self.usb_id
        return data


@dataclass(frozen=True)
class DiscoveryReport:
    devices: tuple[DiscoveredDevice, ...] = ()
    problems: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {"devices": [d.to_dict() for d in self.devices], "problems": list(self.problems)}


def _parse_usb_id(text: str) -> tuple[int, int]:
    vendor, product = text.strip().lower().split(":")
    return int(vendor, 16), int(product, 16)


def load_known_devices(path: Path | None = None) -> dict[tuple[int, int], KnownDevice]:
    """The known-device table keyed by (vendor id, product id).

    Raises:
        ValueError: the file is not valid (a broken resource is a programming error).
    """
    raw = json.loads((path or KNOWN_DEVICES_FILE).read_text(encoding="utf-8"))
    table: dict[tuple[int, int], KnownDevice] = {}
    for row in raw["devices"]:
        if row["kind"] not in ("device", "adapter"):
            raise ValueError(f"known device {row['id']}: kind must be device or adapter")
        vendor, product = _parse_usb_id(row["id"])
        table[(vendor, product)] = KnownDevice(
            vendor, product, row["family"], row["model"], row["kind"], row.get("backend", "")
        )
    return table


def _classify(found: DiscoveredDevice, known: dict[tuple[int, int], KnownDevice]) -> DiscoveredDevice:
    if found.vendor_id is None or found.product_id is None:
        return found
    match = known.get((found.vendor_id, found.product_id))
    if match is None:
        return found
    return DiscoveredDevice(
        transport=found.transport, address=found.address, vendor_id=found.vendor_id,
        product_id=found.product_id, description=found.description, serial_number=found.serial_number,
        family=match.family, model=match.model, kind=match.kind, backend=match.backend,
    )


def discover_serial_ports(
    known: dict[tuple[int, int], KnownDevice], comports: Callable[[], Iterable[Any]] | None = None
) -> list[DiscoveredDevice]:
    """Serial ports (``serial.tools.list_ports.comports`` or an injected equivalent)."""
    if comports is None:
        from serial.tools import list_ports

        comports = list_ports.comports
    found = []
    for port in comports():
        found.append(_classify(DiscoveredDevice(
            transport="serial", address=str(port.device), vendor_id=port.vid, product_id=port.pid,
            description=str(port.description or ""), serial_number=str(port.serial_number or ""),
        ), known))
    return sorted(found, key=lambda d: d.address)


def _usb_text(device: Any, attribute: str) -> str:
    """A string descriptor, or "" when the OS does not let us read it (no permission, no driver)."""
    try:
        return str(getattr(device, attribute) or "")
    except Exception:  # pyusb raises ValueError/USBError/NotImplementedError here; a name is optional
        return ""


def discover_usb_devices(
    known: dict[tuple[int, int], KnownDevice], backend: Any | None = None
) -> list[DiscoveredDevice]:
    """USB devices through pyusb; ``backend`` is a ``usb.backend.IBackend`` (None: libusb).

    Raises:
        usb.core.NoBackendError: no libusb on this machine (the caller reports it).
    """
    import usb.core

    found = []
    for device in usb.core.find(find_all=True, backend=backend) or ():
        found.append(_classify(DiscoveredDevice(
            transport="usb", address=f"{device.bus:03d}-{device.address:03d}",
            vendor_id=int(device.idVendor), product_id=int(device.idProduct),
            description=" ".join(p for p in (_usb_text(device, "manufacturer"), _usb_text(device, "product")) if p),
            serial_number=_usb_text(device, "serial_number"),
        ), known))
    return sorted(found, key=lambda d: d.address)


def discover(
    *, comports: Callable[[], Iterable[Any]] | None = None, usb_backend: Any | None = None,
    known: dict[tuple[int, int], KnownDevice] | None = None,
) -> DiscoveryReport:
    """Everything found on serial and USB; a source that cannot be read is a problem, not a crash."""
    import usb.core

    known = load_known_devices() if known is None else known
    devices: list[DiscoveredDevice] = []
    problems: list[str] = []
    try:
        devices += discover_serial_ports(known, comports)
    except OSError as exc:
        problems.append(f"Penemuan port serial tidak tersedia / Serial discovery unavailable: {exc}")
    try:
        devices += discover_usb_devices(known, usb_backend)
    except usb.core.NoBackendError:
        problems.append(
            "Penemuan USB tidak tersedia: libusb tidak terpasang / "
            f"USB discovery unavailable: no libusb backend on this machine ({_LIBUSB_HINT})."
        )
    except (usb.core.USBError, OSError) as exc:
        problems.append(f"Penemuan USB tidak tersedia / USB discovery unavailable: {exc}")
    return DiscoveryReport(tuple(devices), tuple(problems))


def device_watcher(
    *, interval_s: float = 1.0, on_added: Callable[[DiscoveredDevice], None] | None = None,
    on_removed: Callable[[DiscoveredDevice], None] | None = None,
    comports: Callable[[], Iterable[Any]] | None = None, usb_backend: Any | None = None,
    known: dict[tuple[int, int], KnownDevice] | None = None,
) -> UsbWatcher:
    """Hot-plug: a polling watcher over :func:`discover` (serial ports and USB) for the CLI and the GUI status.

    A device is the same while its transport, address and USB id stay the same.
    """
    known = load_known_devices() if known is None else known
    return UsbWatcher(
        interval_s=interval_s, on_added=on_added, on_removed=on_removed,
        snapshot=lambda: discover(comports=comports, usb_backend=usb_backend, known=known).devices,
        key=lambda device: (device.transport, device.address, device.usb_id),
    )
