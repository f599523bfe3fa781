"""Keeps the GUI's view of the registration freeze (``[limits]``) fresh, measured off the GUI thread.

``StationLimits.check`` runs on the storage executor on a timer, after a sync,
an approval or a save, and whenever a page asks; ``report_changed`` carries the
newest ``LimitsReport`` to the banner and the start-recording buttons.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from app.services.limits import LimitsReport
from ui.gui.context import GuiContext

CHECK_INTERVAL_MS = 60_000


class LimitsWatcher(QObject):
    report_changed = Signal(object)  # LimitsReport

    def __init__(self, context: GuiContext, interval_ms: int = CHECK_INTERVAL_MS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.report: LimitsReport | None = None
        self.checks = 0  # answers received, for tests
        self._pending = False
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check)

    @property
    def frozen(self) -> bool:
        return self.report is not None and self.report.frozen

    def start(self) -> None:
        self.check()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def check(self, *_args: object) -> None:
        """Measure again on the storage thread (one measurement at a time)."""
        if self._pending:
            return
        self._pending = True
        limits = self.context.station.limits
        self.context.storage.submit(limits.check, self.apply, self._failed)

    def apply(self, report: LimitsReport) -> None:
        """Show ``report`` (a fresh measurement, or the one a refused start carried)."""
        self._pending = False
        self.checks += 1
        self.report = report
        self.report_changed.emit(report)

    def _failed(self, _error: BaseException) -> None:
        self._pending = False  # a storage hiccup: the next tick measures again; start() still guards
