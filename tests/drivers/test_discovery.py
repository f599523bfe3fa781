"""Discovery against injected serial ports and a fake pyusb backend (no hardware, no libusb needed)."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import usb.backend
import usb.core

from drivers.discovery import KNOWN_DEVICES_FILE, discover, load_known_devices


def port(device: str, vid: int | None, pid: int | None, description: str = "n/a") -> SimpleNamespace:
    return SimpleNamespace(device=device, vid=vid, pid=pid, description=description, serial_number=None)


class FakeUsbBackend(usb.backend.IBackend):
    """Presents devices from plain descriptor values, like a bus with these devices plugged in."""

    def __init__(self, ids: list[tuple[int, int]]) -> None:
        self.ids = ids

    def enumerate_devices(self):
        yield from range(len(self.ids))

    def get_device_descriptor(self, dev):
        vendor, product = self.ids[dev]
        return SimpleNamespace(
            bLength=18, bDescriptorType=1, bcdUSB=0x0200, bDeviceClass=0, bDeviceSubClass=0, bDeviceProtocol=0,
            bMaxPacketSize0=64, idVendor=vendor, idProduct=product, bcdDevice=0x0100, iManufacturer=0,
            iProduct=0, iSerialNumber=0, bNumConfigurations=1, address=dev + 2, bus=1, port_number=dev + 1,
            port_numbers=(dev + 1,), speed=3,
        )


def test_known_device_table_is_valid_and_marks_adapters() -> None:
    table = load_known_devices()
    assert table[(0x056A, 0x00E2)].family == "signature"
    assert table[(0x056A, 0x00E2)].kind == "device"
    assert table[(0x1A86, 0x7523)].kind == "adapter"
    assert table[(0x10C4, 0xEA60)].kind == "adapter"
    raw = json.loads(KNOWN_DEVICES_FILE.read_text())
    assert len(raw["devices"]) == len(table)  # no duplicate ids


def test_serial_ports_and_usb_devices_are_matched() -> None:
    ports = [port("/dev/ttyUSB0", 0x1A86, 0x7523, "USB Serial"), port("/dev/ttyS0", None, None)]
    backend = FakeUsbBackend([(0x056A, 0x00E3), (0x1234, 0x5678)])
    report = discover(comports=lambda: ports, usb_backend=backend)
    assert report.problems == ()
    by_address = {d.address: d for d in report.devices}
    adapter = by_address["/dev/ttyUSB0"]
    assert (adapter.kind, adapter.family, adapter.usb_id) == ("adapter", "fingerprint", "1a86:7523")
    assert by_address["/dev/ttyS0"].kind == "unknown"
    pad = next(d for d in report.devices if d.transport == "usb" and d.usb_id == "056a:00e3")
    assert pad.family == "signature" and pad.kind == "device" and "ISDv4" in pad.model
    assert pad.address == "001-002"
    unknown = next(d for d in report.devices if d.usb_id == "1234:5678")
    assert unknown.kind == "unknown" and unknown.family == ""
    assert json.dumps(report.to_dict())  # serialisable for --json


def test_machine_without_libusb_still_lists_serial_ports(monkeypatch) -> None:
    def no_backend(*args, **kwargs):
        raise usb.core.NoBackendError("No backend available")

    monkeypatch.setattr(usb.core, "find", no_backend)
    report = discover(comports=lambda: [port("/dev/ttyACM0", None, None)])
    assert [d.address for d in report.devices] == ["/dev/ttyACM0"]
    assert any("USB discovery unavailable" in problem for problem in report.problems)


def test_custom_table(tmp_path: Path) -> None:
    table_file = tmp_path / "known.json"
    table_file.write_text(json.dumps({"devices": [
        {"id": "abcd:0001", "family": "iris", "model": "Test iris", "kind": "device"}]}))
    known = load_known_devices(table_file)
    report = discover(comports=lambda: [port("/dev/ttyUSB3", 0xABCD, 0x0001)], usb_backend=FakeUsbBackend([]),
                      known=known)
    assert report.devices[0].model == "Test iris"
