"""``drivers.discovery`` with the descriptor-bytes pyusb backend: devices come and go while the watcher polls."""

from __future__ import annotations

from types import SimpleNamespace

from drivers.discovery import discover
from drivers.usb_backend import DescriptorBackend, DescriptorDevice, configuration_descriptor, device_descriptor
from drivers.usb_watch import UsbWatcher


def usb_device(vendor: int, product: int, address: int, product_name: str) -> DescriptorDevice:
    return DescriptorDevice(
        device=device_descriptor(vendor, product),
        configuration=configuration_descriptor(),
        strings={1: "Vendor", 2: product_name, 3: f"SN{address:04d}"},
        bus=1, address=address,
    )


def test_discovery_reads_descriptor_devices_and_classifies_them() -> None:
    backend = DescriptorBackend([usb_device(0x056A, 0x0093, 4, "ISDv4 93"), usb_device(0x1234, 0x5678, 9, "Gadget")])
    report = discover(comports=lambda: [], usb_backend=backend)
    by_id = {d.usb_id: d for d in report.devices}
    assert by_id["056a:0093"].family == "signature" and by_id["056a:0093"].backend == "isdv4"
    assert by_id["056a:0093"].serial_number == "SN0004"
    assert by_id["1234:5678"].kind == "unknown"
    assert report.problems == ()


def test_watching_discovery_reports_plug_and_unplug_of_usb_and_serial() -> None:
    backend = DescriptorBackend()
    ports: list[SimpleNamespace] = []
    added, removed = [], []
    watcher = UsbWatcher(
        snapshot=lambda: discover(comports=lambda: list(ports), usb_backend=backend).devices,
        key=lambda d: (d.transport, d.address, d.usb_id),
        on_added=added.append, on_removed=removed.append,
    )
    watcher.poll()
    camera = usb_device(0x046D, 0x0825, 3, "C270")
    backend.plug(camera)
    ports.append(SimpleNamespace(device="/dev/ttyUSB0", vid=0x1A86, pid=0x7523, description="CH340", serial_number=""))
    watcher.poll()
    assert sorted((d.transport, d.family) for d in added) == [("serial", "fingerprint"), ("usb", "camera")]
    backend.unplug(camera)
    watcher.poll()
    assert [(d.transport, d.model) for d in removed] == [("usb", "Logitech C270 webcam")]
