"""The GUI's session: the station, the logged-in operator, today's visit and the workers.

One instance per main window, passed to every page (no globals). Pages listen
to ``operator_changed`` / ``visit_changed`` instead of reaching into each other.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from app.bootstrap import Station
from app.domain.enums import Role
from app.quality.settings import QualitySettings
from app.services.views import OperatorView, VisitView
from drivers.errors import StationError
from ui.gui.device_hub import DeviceHub
from ui.gui.workers import LatestOnlyExecutor, SerialExecutor


class GuiContext(QObject):
    operator_changed = Signal(object)  # the OperatorView, or None after logging out
    visit_changed = Signal(object)  # the VisitView, or None
    enrolment_saved = Signal(str)  # uuid

    def __init__(self, station: Station, devices: DeviceHub | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.station = station
        self.language = station.config.identity.language
        self.storage = SerialExecutor("storage", self)  # every database/blob call, in order
        self.quality = SerialExecutor("quality", self)  # quality checks off the GUI thread
        self.duplicates = LatestOnlyExecutor("duplicates", self)  # the duplicate search, started when fingers are done
        self.devices = devices or DeviceHub(station.config, self)
        self.operator: OperatorView | None = None
        self.visit: VisitView | None = None
        # Documents ticked in the manual-entry dialog, by applicant id, until that applicant's recording starts.
        self.documents_shown: dict[int, list[str]] = {}

    @property
    def quality_settings(self) -> QualitySettings:
        return self.station.quality_settings

    @property
    def operator_id(self) -> int | None:
        """Who is logged in, for the audit trail (None before a log-in)."""
        return self.operator.id if self.operator is not None else None

    @property
    def is_supervisor(self) -> bool:
        return self.operator is not None and self.operator.role == Role.SUPERVISOR

    def set_operator(self, operator: OperatorView | None) -> None:
        self.operator = operator
        self.operator_changed.emit(operator)

    def set_visit(self, visit: VisitView | None) -> None:
        self.visit = visit
        self.visit_changed.emit(visit)

    def message(self, error: BaseException) -> str:
        """An error as the operator reads it: what happened and what to do, in the GUI language."""
        if isinstance(error, StationError):
            return error.localized(self.language)
        return str(error)

    def shutdown(self) -> None:
        self.devices.close_all()
        self.quality.shutdown()
        self.duplicates.shutdown()
        self.storage.shutdown()
