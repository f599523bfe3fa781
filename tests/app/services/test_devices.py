"""Configured devices: listing, creating and opening them with every failure reported together."""

from __future__ import annotations

import pytest

from app.config import StationConfig, from_mapping
from app.paths import StationPaths
from app.services.devices import configured_devices, list_devices, open_configured_devices
from drivers.discovery import DiscoveryReport
from drivers.errors import DeviceNotConnectedError, DevicesNotConnectedError


def config_with(devices: dict) -> StationConfig:
    paths = StationPaths.default()
    paths.ensure()
    return from_mapping({"devices": devices}, paths)


def test_configured_devices_flag_bad_tables(station_home) -> None:
    config = config_with({
        "camera": {"backend": "sim", "seed": 2},
        "fingerprint": {"backend": "laser"},
        "printer": {"backend": "sim"},
    })
    rows = {row.family: row for row in configured_devices(config)}
    assert rows["camera"].valid and rows["camera"].settings == {"seed": 2}
    assert not rows["fingerprint"].valid and "laser" in rows["fingerprint"].error["message_en"]
    assert not rows["printer"].valid


def test_list_devices_includes_discovery(station_home) -> None:
    config = config_with({"iris": {"backend": "sim"}})
    overview = list_devices(config, discover_fn=lambda: DiscoveryReport((), ("USB discovery unavailable",)))
    data = overview.to_dict()
    assert data["configured"][0]["family"] == "iris"
    assert data["problems"] == ["USB discovery unavailable"]


def test_open_configured_devices_opens_all(station_home) -> None:
    config = config_with({"camera": {"backend": "sim"}, "signature": {"backend": "sim"}})
    devices = open_configured_devices(config)
    try:
        assert sorted(devices) == ["camera", "signature"]
        assert all(d.is_open for d in devices.values())
    finally:
        for device in devices.values():
            device.close()


def test_open_reports_every_failure_together(station_home) -> None:
    config = config_with({
        "camera": {"backend": "sim", "fault": "disconnected"},
        "iris": {"backend": "sim"},
        "signature": {"backend": "sim", "fault": "disconnected"},
        "fingerprint": {"backend": "nope"},
    })
    with pytest.raises(DevicesNotConnectedError) as caught:
        open_configured_devices(config)
    failures = caught.value.failures
    assert sorted(failures) == ["camera", "fingerprint", "signature"]
    assert isinstance(failures["camera"], DeviceNotConnectedError)
    assert "camera" in caught.value.message_en and "signature" in caught.value.message_en
