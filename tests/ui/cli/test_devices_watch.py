"""``station devices list --watch N``: plug-ins and unplugs reported while it polls (descriptor-bytes USB)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from drivers import discovery
from drivers.usb_backend import DescriptorBackend, DescriptorDevice, configuration_descriptor, device_descriptor
from tests.support.cli import station_cli


def test_watch_reports_a_pen_digitiser_plugged_in_then_pulled(monkeypatch: pytest.MonkeyPatch,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    real_discover = discovery.discover
    backend = DescriptorBackend()
    pen = DescriptorDevice(device_descriptor(0x056A, 0x0093), configuration_descriptor(),
                           {1: "Wacom", 2: "ISDv4 93", 3: "W0001"}, bus=1, address=7)
    polls = {"count": 0}

    def scripted_discover(**kwargs: Any) -> discovery.DiscoveryReport:
        polls["count"] += 1
        if polls["count"] == 2:
            backend.plug(pen)
        elif polls["count"] == 4:
            backend.unplug(pen)
        return real_discover(comports=lambda: [], usb_backend=backend, known=kwargs.get("known"))

    monkeypatch.setattr(discovery, "discover", scripted_discover)
    assert station_cli(*["devices", "list", "--json", "--watch", "2.2"]) == 0
    lines = capsys.readouterr().out.splitlines()
    events = [json.loads(line) for line in lines if line.startswith('{"event"')]
    assert [(e["event"], e["usb_id"], e["family"], e["backend"]) for e in events] == [
        ("added", "056a:0093", "signature", "isdv4"),
        ("removed", "056a:0093", "signature", "isdv4"),
    ]
