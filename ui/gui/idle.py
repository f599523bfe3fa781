"""Idle log-out: after ``[gui] idle_logout_minutes`` without keyboard or mouse, warn, then log out.

A logged-out station asks for a password again, so an unattended laptop at a
school does not stay open. An unfinished recording is a stored draft and is
offered back at the next log-in.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal

from app.config import StationConfig
from app.errors import ConfigError

DEFAULT_IDLE_MINUTES = 15.0
WARNING_SECONDS = 60.0
_ACTIVITY = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel,
             QEvent.Type.TouchBegin, QEvent.Type.TabletPress}


def idle_minutes(config: StationConfig) -> float:
    """``[gui] idle_logout_minutes`` (0 turns idle log-out off).

    Raises:
        ConfigError: not a number between 0 and 480.
    """
    value = config.section("gui").get("idle_logout_minutes", DEFAULT_IDLE_MINUTES)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 480:
        raise ConfigError("[gui] idle_logout_minutes harus angka 0–480.",
                          "[gui] idle_logout_minutes must be a number from 0 to 480.")
    return float(value)


class IdleWatcher(QObject):
    """Watches input events application-wide; ``warning`` a minute before ``timed_out``."""

    warning = Signal(int)  # seconds left
    timed_out = Signal()

    def __init__(self, minutes: float, parent: QObject | None = None,
                 clock: Callable[[], float] = time.monotonic, check_ms: int = 5000) -> None:
        super().__init__(parent)
        self.limit_s = minutes * 60.0
        self._clock = clock
        self._last = clock()
        self._warned = False
        self._timer = QTimer(self)
        self._timer.setInterval(check_ms)
        self._timer.timeout.connect(self.check)

    def start(self) -> None:
        if self.limit_s > 0:
            self.touch()
            self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def touch(self) -> None:
        self._last = self._clock()
        self._warned = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY:
            self.touch()
        return False

    def check(self) -> None:
        if not self._timer.isActive():
            return
        idle = self._clock() - self._last
        if idle >= self.limit_s:
            self.stop()
            self.timed_out.emit()
        elif idle >= self.limit_s - WARNING_SECONDS and not self._warned:
            self._warned = True
            self.warning.emit(int(self.limit_s - idle))
