"""The GUI's devices: one worker thread per device, a state per device, reconnection.

Every call into a driver runs on that device's own ``SerialExecutor``. A device
error marks the device disconnected (with the error's bilingual action) and a
timer tries to reopen it until it is back; then ``recovered`` is emitted so the
capture step that was interrupted can resume.
"""

from __future__ import annotations

import enum
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar, cast

from PySide6.QtCore import QObject, QThread, QTimer, Signal

from app.config import StationConfig
from drivers.base import Device, DeviceInfo
from drivers.camera.base import Camera
from drivers.errors import DeviceError, DeviceTimeoutError, DeviceUnsupportedError, StationError
from drivers.fingerprint.base import FingerPosition, FingerprintScanner
from drivers.iris.base import IrisScanner
from drivers.registry import FAMILIES, create_device
from drivers.signature.base import SignaturePad
from drivers.simulation import SimulatorControls
from ui.gui.workers import ErrorCallback, SerialExecutor

T = TypeVar("T")


# The hub opens one device per family, so the "fingerprint" device is a scanner, and so on.
def as_scanner(device: Device) -> FingerprintScanner:
    return cast(FingerprintScanner, device)


def as_iris_scanner(device: Device) -> IrisScanner:
    return cast(IrisScanner, device)


def as_signature_pad(device: Device) -> SignaturePad:
    return cast(SignaturePad, device)

log = logging.getLogger(__name__)

RECONNECT_INTERVAL_MS = 1000


class DeviceStatus(enum.StrEnum):
    CONNECTING = "connecting"
    READY = "ready"
    BUSY = "busy"
    DISCONNECTED = "disconnected"
    MISCONFIGURED = "misconfigured"


@dataclass(frozen=True)
class DeviceState:
    """What the status bar shows for one device."""

    family: str
    status: DeviceStatus
    backend: str = ""
    info: DeviceInfo | None = None
    error: StationError | None = None


class DeviceHub(QObject):
    """Owns the configured devices and the thread each one runs on."""

    state_changed = Signal(object)  # DeviceState
    recovered = Signal(str)  # family

    def __init__(self, config: StationConfig, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._config = config
        self._devices: dict[str, Device] = {}
        self._executors: dict[str, SerialExecutor] = {}
        self._states: dict[str, DeviceState] = {}
        self._reconnecting: set[str] = set()
        self._timer = QTimer(self)
        self._timer.setInterval(RECONNECT_INTERVAL_MS)
        self._timer.timeout.connect(self._try_reconnect)
        configured = config.devices
        # A family without a [devices.<family>] table is simply absent from this station.
        self._families = tuple(family for family in FAMILIES if family in configured)
        for family in self._families:
            settings = dict(configured[family])
            backend = str(settings.get("backend", "sim"))
            self._executors[family] = SerialExecutor(f"device-{family}", self)
            try:
                self._devices[family] = create_device(family, settings)
            except StationError as exc:
                self._set(DeviceState(family, DeviceStatus.MISCONFIGURED, backend, error=exc))
            else:
                self._set(DeviceState(family, DeviceStatus.CONNECTING, backend))

    # queries ----------------------------------------------------------------
    @property
    def families(self) -> tuple[str, ...]:
        return self._families

    def state(self, family: str) -> DeviceState:
        return self._states[family]

    def states(self) -> list[DeviceState]:
        return [self._states[family] for family in self._families]

    def device(self, family: str) -> Device | None:
        return self._devices.get(family)

    def is_ready(self, family: str) -> bool:
        return family in self._states and self._states[family].status in (DeviceStatus.READY, DeviceStatus.BUSY)

    # lifecycle ----------------------------------------------------------------
    def open_all(self) -> None:
        """Open every configured device, each on its own thread."""
        for family in self._devices:
            self._open(family)

    def _open(self, family: str) -> None:
        device = self._devices[family]

        def work() -> DeviceInfo:
            device.close()
            device.open()
            return device.info()

        def done(info: DeviceInfo) -> None:
            self._reconnecting.discard(family)
            was_down = self._states[family].status == DeviceStatus.DISCONNECTED
            self._set(DeviceState(family, DeviceStatus.READY, info.backend, info))
            if was_down:
                self.recovered.emit(family)

        def failed(error: BaseException) -> None:
            self._mark_down(family, error)

        self._executors[family].submit(work, done, failed)

    def reopen(self, family: str) -> None:
        """Close and open one device again on its thread (after a failed self-check); marked down if it fails."""
        if family in self._devices:
            self._open(family)

    def close_all(self) -> None:
        self._timer.stop()
        for family, device in self._devices.items():
            executor = self._executors[family]
            executor.submit(device.close)
            executor.shutdown()

    # work ---------------------------------------------------------------------
    def run(self, family: str, work: Callable[[Device], T], on_done: Callable[[T], object] | None = None,
            on_error: ErrorCallback | None = None) -> bool:
        """Run ``work(device)`` on the device's thread; False when the device is not there.

        A DeviceError marks the device disconnected and starts reconnecting
        before ``on_error`` sees it.
        """
        device = self._devices.get(family)
        if device is None:
            return False
        previous = self._states[family]
        if previous.status == DeviceStatus.READY:
            self._set(DeviceState(family, DeviceStatus.BUSY, previous.backend, previous.info))

        def done(value: T) -> None:
            state = self._states[family]
            if state.status == DeviceStatus.BUSY:
                self._set(DeviceState(family, DeviceStatus.READY, state.backend, state.info))
            if on_done is not None:
                on_done(value)

        def failed(error: BaseException) -> None:
            if isinstance(error, DeviceError):
                self._mark_down(family, error)
            else:
                state = self._states[family]
                if state.status == DeviceStatus.BUSY:
                    self._set(DeviceState(family, DeviceStatus.READY, state.backend, state.info))
            if on_error is not None:
                on_error(error)

        self._executors[family].submit(lambda: work(device), done, failed)
        return True

    def present_subject(self, subject_id: int, backdrop: str) -> None:
        """Simulators only: the synthetic person now in front of the devices (one per applicant),
        and the photo backdrop the operator hung up for them."""
        for family, device in self._devices.items():
            if isinstance(device, SimulatorControls):
                self._executors[family].submit(partial(device.present_subject, subject_id, backdrop))

    def report_failure(self, family: str, error: BaseException) -> None:
        """A stream (camera preview, pen) died: mark the device down and reconnect."""
        self._mark_down(family, error)

    def _mark_down(self, family: str, error: BaseException) -> None:
        station_error = error if isinstance(error, StationError) else DeviceError(str(error), str(error))
        previous = self._states[family]
        self._set(DeviceState(family, DeviceStatus.DISCONNECTED, previous.backend, previous.info, station_error))
        self._reconnecting.add(family)
        if not self._timer.isActive():
            self._timer.start()

    def _try_reconnect(self) -> None:
        if not self._reconnecting:
            self._timer.stop()
            return
        for family in list(self._reconnecting):
            if self._executors[family].pending == 0:
                self._open(family)

    def _set(self, state: DeviceState) -> None:
        self._states[state.family] = state
        self.state_changed.emit(state)


class LatestValueThread(QThread):
    """Reads a device stream on its own thread; the GUI takes only the newest value.

    ``value_ready`` is emitted only when the previous value has been taken, so
    values never pile up in the event queue while the GUI is busy. A
    DeviceUnsupportedError from ``start`` (no live preview on this device)
    ends the thread quietly with ``unsupported``; any other StationError is
    handed over through ``failed``.
    """

    value_ready = Signal()
    failed = Signal(object)  # the StationError that stopped the stream
    unsupported = Signal()

    def __init__(self, start: Callable[[], None], read: Callable[[], Any], stop: Callable[[], None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._start, self._read, self._stop_stream = start, read, stop
        self._stop = threading.Event()
        self._latest: Any = None
        self._lock = threading.Lock()
        self._announced = False

    def take(self) -> Any:
        with self._lock:
            value, self._latest = self._latest, None
            self._announced = False
        return value

    def request_stop(self) -> None:
        """Ask the thread to end without waiting for it (the GUI never blocks on a device)."""
        self._stop.set()

    def stop(self) -> None:
        self._stop.set()
        self.wait(5000)

    def run(self) -> None:
        if self._stop.is_set():
            return
        try:
            self._start()
            while not self._stop.is_set():
                try:
                    value = self._read()
                except DeviceTimeoutError:
                    continue
                with self._lock:
                    self._latest = value
                    announce = not self._announced
                    self._announced = True
                if announce:
                    self.value_ready.emit()
        except DeviceUnsupportedError:
            self.unsupported.emit()
        except StationError as exc:
            if not self._stop.is_set():  # once asked to stop, a torn-down stream is expected
                self.failed.emit(exc)
        finally:
            try:
                self._stop_stream()
            except StationError:
                log.info("stream already gone")


def camera_preview(camera: Camera, parent: QObject | None = None) -> LatestValueThread:
    """The camera's live stream; ``take()`` returns the newest Frame."""

    def start() -> None:
        if not camera.is_open:
            camera.open()
        camera.start_stream()

    return LatestValueThread(start, lambda: camera.latest_frame(timeout=1.0), camera.stop_stream, parent)


def finger_preview(scanner: FingerprintScanner, position: FingerPosition,
                   parent: QObject | None = None) -> LatestValueThread:
    """The finger on the glass, live, while the operator positions it; ``take()`` gives a FingerImage."""

    def start() -> None:
        if not scanner.is_open:
            scanner.open()
        scanner.start_preview(position)

    return LatestValueThread(start, lambda: scanner.latest_preview(timeout=0.3), scanner.stop_preview, parent)
