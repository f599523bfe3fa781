"""USB devices as they come and go: pyusb snapshots diffed on a polling thread.

Polling (every second or so) works everywhere pyusb does, without udev or
hot-plug support in libusb, which is enough for ``station devices list`` and the
GUI's device status light.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Iterable
from dataclasses import asdict, dataclass
from typing import Any

import usb.core
import usb.util


@dataclass(frozen=True)
class UsbDevice:
    """What the station shows about a USB device (strings may be empty without permission)."""

    vendor_id: int
    product_id: int
    bus: int
    address: int
    port_path: str
    manufacturer: str = ""
    product: str = ""
    serial_number: str = ""

    @property
    def key(self) -> tuple[int, int, str, int, int]:
        """Identity across polls: the same device on the same port keeps its key."""
        return (self.vendor_id, self.product_id, self.port_path, self.bus, self.address)

    @property
    def usb_id(self) -> str:
        return f"{self.vendor_id:04x}:{self.product_id:04x}"

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "usb_id": self.usb_id}


def _string(device: Any, index: int) -> str:
    if not index:
        return ""
    try:
        return usb.util.get_string(device, index) or ""
    except (usb.core.USBError, ValueError, NotImplementedError):
        return ""  # no permission, or the device went away mid-read


def list_usb_devices(backend: Any = None, *, read_strings: bool = True) -> list[UsbDevice]:
    """Every USB device visible now; an empty list when no libusb backend is available."""
    try:
        found = list(usb.core.find(find_all=True, backend=backend) or [])
    except usb.core.NoBackendError:
        return []
    devices = []
    for device in found:
        ports = getattr(device, "port_numbers", None) or ()
        devices.append(UsbDevice(
            vendor_id=int(device.idVendor),
            product_id=int(device.idProduct),
            bus=int(device.bus or 0),
            address=int(device.address or 0),
            port_path=".".join(str(p) for p in ports),
            manufacturer=_string(device, device.iManufacturer) if read_strings else "",
            product=_string(device, device.iProduct) if read_strings else "",
            serial_number=_string(device, device.iSerialNumber) if read_strings else "",
        ))
    return devices


class UsbWatcher:
    """Polls the USB bus (or any snapshot) and reports devices added and removed since the previous poll.

    Callbacks run on the watcher's thread (or the caller's, for :meth:`poll`);
    the GUI re-emits them as Qt signals.
    """

    def __init__(
        self,
        backend: Any = None,
        *,
        interval_s: float = 1.0,
        on_added: Callable[[Any], None] | None = None,
        on_removed: Callable[[Any], None] | None = None,
        snapshot: Callable[[], Iterable[Any]] | None = None,
        key: Callable[[Any], Hashable] | None = None,
    ) -> None:
        """``snapshot``/``key`` widen the watch beyond pyusb: e.g. ``drivers.discovery.discover``
        (serial ports and USB, matched to known devices) keyed by transport and address."""
        self.backend = backend
        self.interval_s = interval_s
        self.on_added = on_added
        self.on_removed = on_removed
        self._snapshot = snapshot or (lambda: list_usb_devices(self.backend))
        self._key = key or (lambda device: device.key)
        self._known: dict[Hashable, Any] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def devices(self) -> list[Any]:
        with self._lock:
            return list(self._known.values())

    def poll(self) -> tuple[list[Any], list[Any]]:
        """One snapshot: (added, removed) since the last poll; callbacks fire for each."""
        current = {self._key(device): device for device in self._snapshot()}
        with self._lock:
            added = [device for key, device in current.items() if key not in self._known]
            removed = [device for key, device in self._known.items() if key not in current]
            self._known = current
        for device in added:
            if self.on_added:
                self.on_added(device)
        for device in removed:
            if self.on_removed:
                self.on_removed(device)
        return added, removed

    def start(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="usb-watcher", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.poll()
            self._stop.wait(self.interval_s)

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(self.interval_s + 2)
            self._thread = None

    def __enter__(self) -> UsbWatcher:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
