"""The devices page: each device's state, the self-check with progress, and its stored history."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import app.services.selfcheck as selfcheck_module
from app.config import from_mapping
from app.paths import StationPaths
from tests.support.station import unlocked_station
from ui.gui.context import GuiContext
from ui.gui.device_hub import DeviceStatus
from ui.gui.pages.devices_page import DevicesPage
from ui.gui.widgets.device_status import DeviceStatusWidget

WAIT_MS = 60_000


@pytest.fixture
def sim_context(qtbot, station_home) -> Iterator[GuiContext]:
    paths = StationPaths.default()
    paths.ensure()
    station = unlocked_station(from_mapping({"devices": {"fingerprint": {"backend": "sim"},
                                                      "signature": {"backend": "sim"}}}, paths))
    context = GuiContext(station)
    yield context
    context.shutdown()
    station.close()


def test_selfcheck_runs_with_progress_and_is_kept_in_the_history(qtbot, sim_context: GuiContext) -> None:
    hub = sim_context.devices
    status_bar = DeviceStatusWidget(hub)
    qtbot.addWidget(status_bar)
    hub.open_all()
    qtbot.waitUntil(lambda: hub.is_ready("fingerprint") and hub.is_ready("signature"), timeout=WAIT_MS)
    assert status_bar.labels["fingerprint"].property("status") == "ready"
    page = DevicesPage(sim_context)
    qtbot.addWidget(page)
    page.refresh()
    assert page.state_table.rowCount() == 2
    seen: list[tuple[str, int, int]] = []
    page.relay.progressed.connect(lambda family, done, total: seen.append((family, done, total)))
    page.run_selfcheck()
    qtbot.waitUntil(lambda: not page.running, timeout=WAIT_MS)
    assert page.last_run is not None and page.last_run.ok
    assert ("fingerprint", 0, 2) in seen and seen[-1][1:] == (2, 2)
    qtbot.waitUntil(lambda: page.history_table.rowCount() == 2, timeout=WAIT_MS)
    assert {page.history_table.item(r, 2).text() for r in range(2)} == {"lulus"}
    qtbot.waitUntil(lambda: hub.is_ready("fingerprint") and hub.is_ready("signature"), timeout=WAIT_MS)


def test_a_disconnected_device_is_shown_with_what_to_do(qtbot, sim_context: GuiContext) -> None:
    hub = sim_context.devices
    hub.device("fingerprint").inject_fault("disconnected")
    status_bar = DeviceStatusWidget(hub)
    qtbot.addWidget(status_bar)
    with qtbot.waitSignal(hub.state_changed, timeout=WAIT_MS,
                          check_params_cb=lambda state: state.status == DeviceStatus.DISCONNECTED):
        hub.open_all()
    label = status_bar.labels["fingerprint"]
    assert label.property("status") == "disconnected"
    assert "Pasang kembali kabel" in label.toolTip()
    with qtbot.waitSignal(hub.recovered, timeout=WAIT_MS):
        hub.device("fingerprint").clear_fault()
    assert label.property("status") == "ready"


def test_the_selfcheck_borrows_the_hubs_open_devices(qtbot, sim_context: GuiContext,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """A serial port opens once: the GUI's self-check uses the hub's devices and neither builds nor reopens any."""
    hub = sim_context.devices
    hub.open_all()
    qtbot.waitUntil(lambda: hub.is_ready("fingerprint") and hub.is_ready("signature"), timeout=WAIT_MS)
    held = {family: hub.device(family) for family in ("fingerprint", "signature")}
    calls: list[tuple[str, str]] = []
    for family, device in held.items():
        for method in ("open", "close"):
            original = getattr(device, method)
            monkeypatch.setattr(device, method, lambda f=family, m=method, o=original: (calls.append((f, m)), o())[1])

    def second_device(*_args: object) -> None:
        raise AssertionError("the self-check built its own device")

    monkeypatch.setattr(selfcheck_module, "create_configured_device", second_device)
    page = DevicesPage(sim_context)
    qtbot.addWidget(page)
    page.run_selfcheck()
    qtbot.waitUntil(lambda: not page.running, timeout=WAIT_MS)
    assert page.last_run is not None and page.last_run.ok
    assert [item.family for item in page.last_run.results] == ["fingerprint", "signature"]
    assert calls == []
    assert all(hub.device(family) is device and device.is_open for family, device in held.items())
    assert hub.is_ready("fingerprint") and hub.is_ready("signature")
