"""Unmodified pyusb code over the descriptor-bytes backend, and the hot-plug watcher."""

from __future__ import annotations

import array
import threading

import pytest
import usb.core
import usb.util

from drivers.usb_backend import DescriptorBackend, DescriptorDevice, configuration_descriptor, device_descriptor
from drivers.usb_watch import UsbWatcher, list_usb_devices


def fingerprint_reader(address: int = 5, serial: str = "FP-0001") -> DescriptorDevice:
    def vendor_request(request_type: int, request: int, value: int, index: int, data: bytes | int) -> bytes | int:
        if request == 0x42:  # a made-up "read firmware version" vendor request
            return b"\x01\x07"
        return data if isinstance(data, int) else len(data)

    return DescriptorDevice(
        device=device_descriptor(0x1C7A, 0x0603, bcd_device=0x0107),
        configuration=configuration_descriptor(),
        strings={1: "LighTuning", 2: "EgisTec ES603", 3: serial},
        bus=1, address=address, port_numbers=(2, 1),
        control=vendor_request,
    )


def test_pyusb_finds_and_talks_to_a_device_from_descriptor_bytes() -> None:
    backend = DescriptorBackend([fingerprint_reader()])
    device = usb.core.find(idVendor=0x1C7A, idProduct=0x0603, backend=backend)
    assert device is not None
    assert (device.bcdDevice, device.bus, device.address, device.port_numbers) == (0x0107, 1, 5, (2, 1))
    assert usb.util.get_string(device, device.iProduct) == "EgisTec ES603"
    assert device.serial_number == "FP-0001" and device.manufacturer == "LighTuning"
    device.set_configuration()
    configuration = device.get_active_configuration()
    interface = configuration[(0, 0)]
    endpoint_out = usb.util.find_descriptor(
        interface, custom_match=lambda e: usb.util.endpoint_direction(e.bEndpointAddress) == usb.util.ENDPOINT_OUT
    )
    endpoint_in = usb.util.find_descriptor(
        interface, custom_match=lambda e: usb.util.endpoint_direction(e.bEndpointAddress) == usb.util.ENDPOINT_IN
    )
    assert (endpoint_out.bEndpointAddress, endpoint_in.bEndpointAddress) == (0x02, 0x81)
    assert endpoint_out.write(b"ping") == 4
    assert bytes(endpoint_in.read(64)) == b"ping"
    version = device.ctrl_transfer(0xC0, 0x42, 0, 0, 2)
    assert bytes(version) == b"\x01\x07"
    with pytest.raises(usb.core.USBTimeoutError):
        endpoint_in.read(64, timeout=10)
    usb.util.dispose_resources(device)


def test_unplugged_device_fails_like_real_hardware() -> None:
    reader = fingerprint_reader()
    backend = DescriptorBackend([reader])
    device = usb.core.find(idVendor=0x1C7A, backend=backend)
    device.set_configuration()
    backend.unplug(reader)
    with pytest.raises(usb.core.USBError, match="No such device"):
        device.ctrl_transfer(0xC0, 0x42, 0, 0, array.array("B", [0, 0]))
    assert usb.core.find(idVendor=0x1C7A, backend=backend) is None


def test_watcher_reports_devices_as_they_come_and_go() -> None:
    backend = DescriptorBackend()
    added, removed = [], []
    watcher = UsbWatcher(backend, on_added=added.append, on_removed=removed.append)
    assert watcher.poll() == ([], [])
    first, second = fingerprint_reader(5, "A"), fingerprint_reader(6, "B")
    backend.plug(first)
    backend.plug(second)
    watcher.poll()
    assert sorted(d.serial_number for d in added) == ["A", "B"]
    assert {d.usb_id for d in watcher.devices} == {"1c7a:0603"}
    backend.unplug(first)
    watcher.poll()
    assert [d.serial_number for d in removed] == ["A"]
    assert watcher.poll() == ([], [])
    assert [d.to_dict()["product"] for d in watcher.devices] == ["EgisTec ES603"]


def test_watcher_thread_notices_a_plug_in() -> None:
    backend = DescriptorBackend()
    seen = threading.Event()
    with UsbWatcher(backend, interval_s=0.02, on_added=lambda device: seen.set()):
        backend.plug(fingerprint_reader())
        assert seen.wait(5)


def test_list_without_strings_and_real_bus_is_harmless() -> None:
    backend = DescriptorBackend([fingerprint_reader()])
    assert list_usb_devices(backend, read_strings=False)[0].product == ""
    assert isinstance(list_usb_devices(), list)  # the real bus: maybe empty, never an error


def test_watcher_over_any_snapshot_keyed_by_address() -> None:
    present: list[dict] = [{"address": "/dev/ttyUSB0"}]
    added: list[dict] = []
    watcher = UsbWatcher(snapshot=lambda: list(present), key=lambda d: d["address"], on_added=added.append)
    watcher.poll()
    present.append({"address": "/dev/ttyACM0"})
    assert watcher.poll() == ([{"address": "/dev/ttyACM0"}], [])
    assert len(added) == 2
