"""Idle log-out: a warning a minute before, then the log-out; any input starts the count again."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent

from app.config import from_mapping
from app.errors import ConfigError
from app.paths import StationPaths
from ui.gui.idle import IdleWatcher, idle_minutes


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_warns_then_times_out_and_input_resets_the_count(qtbot) -> None:
    clock = FakeClock()
    watcher = IdleWatcher(15, clock=clock, check_ms=60_000)
    warnings: list[int] = []
    timeouts: list[bool] = []
    watcher.warning.connect(warnings.append)
    watcher.timed_out.connect(lambda: timeouts.append(True))
    watcher.start()
    clock.now += 14 * 60 + 30
    watcher.check()
    assert warnings == [30] and not timeouts
    watcher.eventFilter(watcher, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier))
    clock.now += 10 * 60
    watcher.check()
    assert warnings == [30] and not timeouts
    clock.now += 5 * 60 + 1
    watcher.check()
    assert timeouts == [True]


def test_idle_minutes_come_from_the_gui_table(station_home) -> None:
    paths = StationPaths.default()
    assert idle_minutes(from_mapping({}, paths)) == 15
    assert idle_minutes(from_mapping({"gui": {"idle_logout_minutes": 0}}, paths)) == 0
    with pytest.raises(ConfigError):
        idle_minutes(from_mapping({"gui": {"idle_logout_minutes": "lama"}}, paths))
