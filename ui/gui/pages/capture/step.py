"""What every capture step shares: the enrolment it works on and how it reports progress."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QWidget

from app.quality.settings import QualitySettings
from app.services.enrolment_types import CaptureSummary
from app.services.views import ApplicantView
from drivers.errors import DeviceError
from ui.gui.context import GuiContext
from ui.gui.widgets.common import MessageLabel


class StreamThread(Protocol):
    """A device stream's thread (camera or scanner preview, signature pen): a QThread told to stop."""

    def request_stop(self) -> None: ...

    def isRunning(self) -> bool: ...

    def isFinished(self) -> bool: ...

    def wait(self, msecs: int) -> bool: ...


class CaptureStep(QWidget):
    """One modality's page inside the capture flow.

    ``begin`` is called for every new enrolment (with what a recovered draft
    already holds); ``activate``/``deactivate`` when the operator enters or
    leaves the step, so devices stream only while their step is shown.
    """

    completed = Signal()  # the step has everything it needs
    changed = Signal()  # something was captured (the review refreshes)

    def __init__(self, context: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.enrolment_uuid: str | None = None
        self.applicant: ApplicantView | None = None
        self.message = MessageLabel()
        self._retired: list[StreamThread] = []

    def begin(self, enrolment_uuid: str, applicant: ApplicantView) -> None:
        self.enrolment_uuid = enrolment_uuid
        self.applicant = applicant
        self.message.clear_message()

    def activate(self) -> None:
        """The step is now on screen."""

    def deactivate(self) -> None:
        """The step left the screen: stop streams."""

    def retire(self, thread: StreamThread | None) -> None:
        """Let a stream thread finish on its own; keep it referenced until it has."""
        self._retired = [t for t in self._retired if t.isRunning()]
        if thread is not None:
            thread.request_stop()
            self._retired.append(thread)

    def when_streams_stopped(self, start: Callable[[], None]) -> None:
        """Run ``start`` once the retired stream threads have ended, so an old stream's
        clean-up can never stop the new one; polled, never waited for on the GUI thread."""
        self._retired = [t for t in self._retired if not t.isFinished()]
        if not self._retired:
            start()
            return
        QTimer.singleShot(20, lambda: self.when_streams_stopped(start))

    def wait_for_threads(self) -> None:
        """At shutdown only: wait for every stream thread this step started."""
        for thread in self._retired:
            thread.wait(5000)
        self._retired = []

    def recording(self) -> str:
        """The enrolment this step records into (set by :meth:`begin`)."""
        if self.enrolment_uuid is None:
            raise RuntimeError("the step has no enrolment: begin() was not called")
        return self.enrolment_uuid

    def restore(self, captures: list[CaptureSummary]) -> None:
        """Show captures already stored for this enrolment (a recovered draft)."""

    def show_error(self, error: BaseException) -> None:
        """An error with what to do about it (its bilingual action), in the GUI language."""
        self.message.show_error(self.context.message(error))

    def show_device_down(self, error: BaseException) -> None:
        text = self.context.message(error)
        if isinstance(error, DeviceError):
            text += " " + self.tr("Perekaman dilanjutkan otomatis begitu perangkat kembali.")
        self.message.show_error(text)

    @property
    def quality_settings(self) -> QualitySettings:
        return self.context.quality_settings
