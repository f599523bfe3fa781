"""A pyusb backend that presents USB devices from raw descriptor bytes, with hot-plug.

Unmodified pyusb code (``usb.core.find(backend=...)``, ``set_configuration``,
string descriptors, ``ctrl_transfer``, endpoint reads and writes) runs against
it, so discovery and drivers can be tested, and demonstrated, without hardware
or kernel USB emulation. Devices are added and removed at run time, like a
cable being plugged in and pulled out.
"""

from __future__ import annotations

import collections
import struct
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import usb.backend
import usb.core

DT_DEVICE, DT_CONFIG, DT_STRING, DT_INTERFACE, DT_ENDPOINT = 1, 2, 3, 4, 5
GET_DESCRIPTOR = 0x06
LIBUSB_ERROR_PIPE = -9
LIBUSB_ERROR_NO_DEVICE = -4
LIBUSB_ERROR_TIMEOUT = -7

DEVICE_FIELDS = (
    "bLength", "bDescriptorType", "bcdUSB", "bDeviceClass", "bDeviceSubClass", "bDeviceProtocol",
    "bMaxPacketSize0", "idVendor", "idProduct", "bcdDevice", "iManufacturer", "iProduct",
    "iSerialNumber", "bNumConfigurations",
)
CONFIG_FIELDS = ("bLength", "bDescriptorType", "wTotalLength", "bNumInterfaces", "bConfigurationValue",
                 "iConfiguration", "bmAttributes", "bMaxPower")
INTERFACE_FIELDS = ("bLength", "bDescriptorType", "bInterfaceNumber", "bAlternateSetting", "bNumEndpoints",
                    "bInterfaceClass", "bInterfaceSubClass", "bInterfaceProtocol", "iInterface")
ENDPOINT_FIELDS = ("bLength", "bDescriptorType", "bEndpointAddress", "bmAttributes", "wMaxPacketSize", "bInterval")


def device_descriptor(
    vendor_id: int, product_id: int, *, bcd_device: int = 0x0100, device_class: int = 0,
    manufacturer: int = 1, product: int = 2, serial: int = 3, bcd_usb: int = 0x0200,
) -> bytes:
    """The 18 bytes of a standard device descriptor."""
    return struct.pack("<BBHBBBBHHHBBBB", 18, DT_DEVICE, bcd_usb, device_class, 0, 0, 64,
                       vendor_id, product_id, bcd_device, manufacturer, product, serial, 1)


def configuration_descriptor(interface_class: int = 0xFF, endpoints: tuple[tuple[int, int], ...] = ((0x81, 2), (0x02, 2))) -> bytes:
    """One configuration with one interface and the given (address, attributes) endpoints."""
    interface = struct.pack("<BBBBBBBBB", 9, DT_INTERFACE, 0, 0, len(endpoints), interface_class, 0, 0, 0)
    eps = b"".join(struct.pack("<BBBBHB", 7, DT_ENDPOINT, address, attributes, 64, 0) for address, attributes in endpoints)
    total = 9 + len(interface) + len(eps)
    return struct.pack("<BBHBBBBB", 9, DT_CONFIG, total, 1, 1, 0, 0x80, 50) + interface + eps


def _unpack(fields: tuple[str, ...], fmt: str, data: bytes, extra: bytes = b"") -> SimpleNamespace:
    values = struct.unpack(fmt, data[: struct.calcsize(fmt)])
    namespace = SimpleNamespace(**dict(zip(fields, values)))
    namespace.extra_descriptors = list(extra)
    return namespace


@dataclass
class _Interface:
    descriptor: bytes
    endpoints: list[bytes] = field(default_factory=list)


def _split_configuration(data: bytes) -> tuple[bytes, list[_Interface]]:
    """(config header, interfaces with their endpoint descriptors) from a full configuration descriptor."""
    header, interfaces, offset = data[:9], [], data[0]
    while offset < len(data):
        length, kind = data[offset], data[offset + 1]
        if length == 0:
            raise ValueError("zero-length descriptor")
        chunk = data[offset : offset + length]
        if kind == DT_INTERFACE:
            interfaces.append(_Interface(chunk))
        elif kind == DT_ENDPOINT and interfaces:
            interfaces[-1].endpoints.append(chunk)
        offset += length
    return header, interfaces


ControlHandler = Callable[[int, int, int, int, bytes | int], bytes | int]


@dataclass(eq=False)
class DescriptorDevice:
    """One emulated device: its descriptors, strings and what its endpoints do.

    ``control`` answers non-standard control transfers (request type, request,
    value, index, data or length) with bytes (IN) or a byte count (OUT). Bulk
    OUT data is queued to bulk IN by default (a loopback), or handled by ``on_bulk_out``.
    """

    device: bytes
    configuration: bytes
    strings: dict[int, str] = field(default_factory=dict)
    bus: int = 1
    address: int = 2
    port_numbers: tuple[int, ...] = (1,)
    control: ControlHandler | None = None
    on_bulk_out: Callable[[int, bytes], None] | None = None

    def __post_init__(self) -> None:
        self.configured = 0
        self.bulk_in: collections.deque[bytes] = collections.deque()
        self._header, self._interfaces = _split_configuration(self.configuration)


class DescriptorBackend(usb.backend.IBackend):
    """The pyusb backend over :class:`DescriptorDevice` objects; thread-safe plug and unplug."""

    def __init__(self, devices: list[DescriptorDevice] | None = None) -> None:
        self._devices: list[DescriptorDevice] = list(devices or [])
        self._lock = threading.Lock()

    # hot-plug ------------------------------------------------------------------
    def plug(self, device: DescriptorDevice) -> None:
        with self._lock:
            self._devices.append(device)

    def unplug(self, device: DescriptorDevice) -> None:
        with self._lock:
            self._devices.remove(device)

    def _present(self, dev: DescriptorDevice) -> DescriptorDevice:
        with self._lock:
            if dev not in self._devices:
                raise usb.core.USBError("No such device (it may have been disconnected)", LIBUSB_ERROR_NO_DEVICE, LIBUSB_ERROR_NO_DEVICE)
        return dev

    # descriptors ---------------------------------------------------------------
    def enumerate_devices(self) -> list[DescriptorDevice]:
        with self._lock:
            return list(self._devices)

    def get_parent(self, dev: DescriptorDevice) -> None:
        return None

    def get_device_descriptor(self, dev: DescriptorDevice) -> SimpleNamespace:
        desc = _unpack(DEVICE_FIELDS, "<BBHBBBBHHHBBBB", dev.device)
        desc.bus, desc.address, desc.speed = dev.bus, dev.address, 3  # high speed
        desc.port_number = dev.port_numbers[-1] if dev.port_numbers else None
        desc.port_numbers = dev.port_numbers
        return desc

    def get_configuration_descriptor(self, dev: DescriptorDevice, config: int) -> SimpleNamespace:
        if config != 0:
            raise IndexError("only one configuration")
        return _unpack(CONFIG_FIELDS, "<BBHBBBBB", dev._header)

    def get_interface_descriptor(self, dev: DescriptorDevice, intf: int, alt: int, config: int) -> SimpleNamespace:
        if intf >= len(dev._interfaces) or alt != 0:
            raise IndexError("no such interface")
        return _unpack(INTERFACE_FIELDS, "<BBBBBBBBB", dev._interfaces[intf].descriptor)

    def get_endpoint_descriptor(self, dev: DescriptorDevice, ep: int, intf: int, alt: int, config: int) -> SimpleNamespace:
        endpoints = dev._interfaces[intf].endpoints
        if ep >= len(endpoints):
            raise IndexError("no such endpoint")
        desc = _unpack(ENDPOINT_FIELDS, "<BBBBHB", endpoints[ep][:7])
        desc.bRefresh = desc.bSynchAddress = 0
        return desc

    # handles -------------------------------------------------------------------
    def open_device(self, dev: DescriptorDevice) -> DescriptorDevice:
        return self._present(dev)

    def close_device(self, dev_handle: DescriptorDevice) -> None:
        pass

    def set_configuration(self, dev_handle: DescriptorDevice, config_value: int) -> None:
        self._present(dev_handle).configured = config_value

    def get_configuration(self, dev_handle: DescriptorDevice) -> int:
        return self._present(dev_handle).configured

    def set_interface_altsetting(self, dev_handle: DescriptorDevice, intf: int, altsetting: int) -> None:
        self._present(dev_handle)

    def claim_interface(self, dev_handle: DescriptorDevice, intf: int) -> None:
        self._present(dev_handle)

    def release_interface(self, dev_handle: DescriptorDevice, intf: int) -> None:
        pass

    def is_kernel_driver_active(self, dev_handle: DescriptorDevice, intf: int) -> bool:
        return False

    def detach_kernel_driver(self, dev_handle: DescriptorDevice, intf: int) -> None:
        pass

    def attach_kernel_driver(self, dev_handle: DescriptorDevice, intf: int) -> None:
        pass

    def clear_halt(self, dev_handle: DescriptorDevice, ep: int) -> None:
        pass

    def reset_device(self, dev_handle: DescriptorDevice) -> None:
        self._present(dev_handle).configured = 0

    # transfers -----------------------------------------------------------------
    def _string(self, dev: DescriptorDevice, index: int) -> bytes:
        if index == 0:
            return bytes([4, DT_STRING]) + struct.pack("<H", 0x0409)  # US English only
        if index not in dev.strings:
            raise usb.core.USBError("Pipe error (no such string)", LIBUSB_ERROR_PIPE, LIBUSB_ERROR_PIPE)
        text = dev.strings[index].encode("utf-16-le")
        return bytes([2 + len(text), DT_STRING]) + text

    def ctrl_transfer(self, dev_handle: DescriptorDevice, bmRequestType: int, bRequest: int, wValue: int,
                      wIndex: int, data: Any, timeout: int) -> int:
        dev = self._present(dev_handle)
        is_in = bool(bmRequestType & 0x80)
        if is_in and bRequest == GET_DESCRIPTOR and (bmRequestType & 0x60) == 0:
            kind, index = wValue >> 8, wValue & 0xFF
            if kind == DT_DEVICE:
                answer = dev.device
            elif kind == DT_CONFIG:
                answer = dev.configuration
            elif kind == DT_STRING:
                answer = self._string(dev, index)
            else:
                raise usb.core.USBError("Pipe error", LIBUSB_ERROR_PIPE, LIBUSB_ERROR_PIPE)
        elif dev.control is not None:
            result = dev.control(bmRequestType, bRequest, wValue, wIndex, bytes(data) if not is_in else len(data))
            if not is_in:
                return int(result) if isinstance(result, int) else len(data)
            answer = bytes(result)
        else:
            raise usb.core.USBError("Pipe error (request not supported)", LIBUSB_ERROR_PIPE, LIBUSB_ERROR_PIPE)
        count = min(len(answer), len(data))
        data[:count] = type(data)(data.typecode, answer[:count]) if hasattr(data, "typecode") else answer[:count]
        return count

    def bulk_write(self, dev_handle: DescriptorDevice, ep: int, intf: int, data: Any, timeout: int) -> int:
        dev = self._present(dev_handle)
        payload = bytes(data)
        if dev.on_bulk_out is not None:
            dev.on_bulk_out(ep, payload)
        else:
            dev.bulk_in.append(payload)
        return len(payload)

    def bulk_read(self, dev_handle: DescriptorDevice, ep: int, intf: int, buff: Any, timeout: int) -> int:
        dev = self._present(dev_handle)
        if not dev.bulk_in:
            raise usb.core.USBTimeoutError("Operation timed out", LIBUSB_ERROR_TIMEOUT, LIBUSB_ERROR_TIMEOUT)
        chunk = dev.bulk_in.popleft()
        count = min(len(chunk), len(buff))
        buff[:count] = type(buff)(buff.typecode, chunk[:count])
        return count

    intr_write = bulk_write
    intr_read = bulk_read
