"""The GUI's worker layer: nothing slow runs on the GUI thread.

``SerialExecutor`` runs callables one after another on its own thread (one for
storage, one per device, one for quality checks) and hands each outcome back on
the GUI thread through a signal carrying a frozen dataclass. ``LatestOnlyExecutor``
drops work that is not started yet when newer work arrives (newest frame wins).
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

Callback = Callable[[Any], object]  # stored: each task's own result type is checked at submit
ErrorCallback = Callable[[BaseException], None]
T = TypeVar("T")


@dataclass(frozen=True)
class TaskDone:
    """A task finished; ``value`` is what the callable returned."""

    task_id: int
    value: Any


@dataclass(frozen=True)
class TaskFailed:
    """A task raised; ``error`` is the exception (a StationError when raised on purpose)."""

    task_id: int
    error: BaseException


class _Call(QRunnable):
    """A task whose outcome goes to a waiting worker thread instead of the GUI thread."""

    def __init__(self, work: Callable[[], Any], outcome: Future[Any], marker: threading.local) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._work = work
        self._outcome = outcome
        self._marker = marker

    def run(self) -> None:
        self._marker.inside = True
        try:
            self._outcome.set_result(self._work())
        except Exception as exc:  # re-raised in the waiting thread
            self._outcome.set_exception(exc)
        finally:
            self._marker.inside = False


class _TaskSignals(QObject):
    finished = Signal(object)  # TaskDone | TaskFailed


class _Task(QRunnable):
    def __init__(self, task_id: int, work: Callable[[], Any], signals: _TaskSignals, marker: threading.local) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._task_id = task_id
        self._work = work
        self._signals = signals
        self._marker = marker

    def run(self) -> None:
        self._marker.inside = True
        try:
            outcome: TaskDone | TaskFailed = TaskDone(self._task_id, self._work())
        except Exception as exc:  # handed to the GUI thread, never swallowed
            outcome = TaskFailed(self._task_id, exc)
        finally:
            self._marker.inside = False
        self._signals.finished.emit(outcome)


class SerialExecutor(QObject):
    """Runs submitted callables in order on one worker thread.

    Callbacks run on the GUI thread (the executor lives there; the signal is queued).
    """

    task_finished = Signal(object)  # TaskDone | TaskFailed, for observers and tests

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._pool.setObjectName(name)
        self._ids = itertools.count(1)
        self._callbacks: dict[int, tuple[Callback | None, ErrorCallback | None]] = {}
        self._signals = _TaskSignals()
        self._signals.finished.connect(self._deliver)
        self._closed = False
        self._inside = threading.local()  # set on the worker thread while a task runs

    @property
    def pending(self) -> int:
        return len(self._callbacks)

    def submit(self, work: Callable[[], T], on_done: Callable[[T], object] | None = None,
               on_error: ErrorCallback | None = None) -> int:
        """Queue ``work``; ``on_done(value)`` or ``on_error(exception)`` runs on the GUI thread."""
        if self._closed:
            raise RuntimeError(f"executor {self.objectName()} is shut down")
        task_id = next(self._ids)
        self._callbacks[task_id] = (on_done, on_error)
        self._pool.start(_Task(task_id, work, self._signals, self._inside))
        return task_id

    def call(self, work: Callable[[], T]) -> T:
        """Run ``work`` on this executor's thread, in turn, and wait for its value (its exception is raised here).

        For other worker threads (the sync's network thread hands its database steps here);
        never from the GUI thread, which must not wait.
        """
        if self._closed:
            raise RuntimeError(f"executor {self.objectName()} is shut down")
        if getattr(self._inside, "inside", False):  # already on this executor's thread
            return work()
        outcome: Future[T] = Future()
        self._pool.start(_Call(work, outcome, self._inside))
        return outcome.result()

    @Slot(object)
    def _deliver(self, outcome: TaskDone | TaskFailed) -> None:
        on_done, on_error = self._callbacks.pop(outcome.task_id, (None, None))
        if self._closed:
            return
        if isinstance(outcome, TaskDone):
            if on_done is not None:
                on_done(outcome.value)
        else:
            if on_error is not None:
                on_error(outcome.error)
            else:
                log.error("%s task failed: %s", self.objectName(), outcome.error,
                          exc_info=outcome.error)
        self.task_finished.emit(outcome)

    def wait_idle(self, msecs: int = 30000) -> bool:
        return self._pool.waitForDone(msecs)

    def shutdown(self, msecs: int = 10000) -> None:
        """Run what is queued, then stop delivering callbacks."""
        self._pool.waitForDone(msecs)
        self._closed = True


class LatestOnlyExecutor(QObject):
    """At most one task running and one waiting; a newer submit replaces the waiting one."""

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor = SerialExecutor(name, self)
        self._busy = False
        self._waiting: tuple[Callable[[], Any], Callback | None, ErrorCallback | None] | None = None

    @property
    def busy(self) -> bool:
        return self._busy

    def submit(self, work: Callable[[], T], on_done: Callable[[T], object] | None = None,
               on_error: ErrorCallback | None = None) -> None:
        if self._busy:
            self._waiting = (work, on_done, on_error)
            return
        self._start(work, on_done, on_error)

    def _start(self, work: Callable[[], Any], on_done: Callback | None, on_error: ErrorCallback | None) -> None:
        self._busy = True

        def done(value: Any) -> None:
            self._next()
            if on_done is not None:
                on_done(value)

        def failed(error: BaseException) -> None:
            self._next()
            if on_error is not None:
                on_error(error)

        self._executor.submit(work, done, failed)

    def _next(self) -> None:
        self._busy = False
        waiting, self._waiting = self._waiting, None
        if waiting is not None:
            self._start(*waiting)

    def shutdown(self, msecs: int = 10000) -> None:
        self._waiting = None
        self._executor.shutdown(msecs)
