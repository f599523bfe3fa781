"""What every device has in common: identity, lifecycle, self-test and streams.

Public methods validate state and arguments once, here, then call a ``_do_*``
hook that each backend implements (the python-microscope pattern).
"""

from __future__ import annotations

import inspect
import queue
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from types import MappingProxyType
from typing import Any, ClassVar, Generic, Self, TypeVar

from drivers.errors import DeviceError, DeviceSettingError, DeviceStateError, DeviceTimeoutError, StationError

T = TypeVar("T")


@dataclass(frozen=True)
class DeviceInfo:
    """Who a device is: shown in the status bar and stored with each capture."""

    family: str
    vendor: str
    model: str
    serial_number: str
    firmware: str
    transport: str
    backend: str

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


@dataclass(frozen=True)
class SelfTestResult:
    """One device's self-test: connect, identify, one capture round trip."""

    family: str
    backend: str
    ok: bool
    latency_s: float | None = None
    quality: float | None = None
    info: DeviceInfo | None = None
    details: str = ""
    error: dict[str, str] | None = None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["info"] = self.info.to_dict() if self.info else None
        return data


class LatestValueQueue(Generic[T]):
    """A one-slot queue where a new value replaces an unread one (newest frame wins)."""

    def __init__(self) -> None:
        self._queue: queue.Queue[T] = queue.Queue(maxsize=1)
        self._lock = threading.Lock()

    def put(self, value: T) -> None:
        with self._lock:
            try:
                self._queue.get_nowait()
            except queue.Empty:
                pass
            self._queue.put_nowait(value)

    def get(self, timeout: float | None = None) -> T:
        return self._queue.get(timeout=timeout)


class StreamWorker(Generic[T]):
    """Runs ``produce`` on a driver thread and hands each result to the caller.

    ``latest_only`` keeps just the newest value (camera frames); otherwise every
    value is queued in order (pen points). An exception raised by ``produce``
    stops the stream and is re-raised by the next :meth:`get`.
    """

    def __init__(self, name: str, produce: Callable[[], T | None], *, latest_only: bool) -> None:
        self._produce = produce
        self._latest_only = latest_only
        self._values: LatestValueQueue[T] | queue.Queue[T] = (
            LatestValueQueue() if latest_only else queue.Queue()
        )
        self._error: BaseException | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                value = self._produce()
            except Exception as exc:  # handed to the consumer, never swallowed
                self._error = exc
                return
            if value is not None:
                self._values.put(value)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def get(self, timeout: float | None = None) -> T:
        """The next value; raises the stream's error, or DeviceTimeoutError."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            wait = 0.05 if deadline is None else max(0.0, min(0.05, deadline - time.monotonic()))
            try:
                return self._values.get(timeout=wait)
            except queue.Empty:
                if self._error is not None:
                    raise self._error from None
                if not self._thread.is_alive() and not self._stop.is_set():
                    raise DeviceStateError("Aliran data berhenti.", "The stream stopped.") from None
                if deadline is not None and time.monotonic() >= deadline:
                    raise DeviceTimeoutError() from None

    def drain(self) -> list[T]:
        """Every value waiting now (non-blocking); raises the stream's error if it died."""
        values: list[T] = []
        while True:
            try:
                values.append(self._values.get(timeout=0))
            except queue.Empty:
                break
        if not values and self._error is not None:
            raise self._error
        return values

    def stop(self, timeout: float = 2.0) -> None:
        self._stop.set()
        if self._thread.is_alive() and threading.current_thread() is not self._thread:
            self._thread.join(timeout)


def constructor_settings(cls: type, injected: frozenset[str]) -> Mapping[str, Any]:
    """The settings a backend accepts: its constructor's parameters and their defaults.

    Parameters named in ``injected`` (a transport object for tests) are not settings.

    Raises:
        TypeError: a setting without a default (every configuration key is optional).
    """
    defaults: dict[str, Any] = {}
    for name, parameter in inspect.signature(cls).parameters.items():
        if name in injected or parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
            continue
        if parameter.default is parameter.empty:
            raise TypeError(f"{cls.__qualname__}: setting {name!r} needs a default")
        defaults[name] = parameter.default
    return MappingProxyType(defaults)


class Device(ABC):
    """Base of every backend: explicit open/close, context manager, identity."""

    family: ClassVar[str]
    backend_name: ClassVar[str]
    # Constructor parameters that are injected objects, not configuration keys.
    injected_parameters: ClassVar[frozenset[str]] = frozenset({"transport"})
    # Settings keys a backend accepts, with defaults (derived from the constructor); unknown keys
    # are a DeviceSettingError.
    settings_defaults: ClassVar[Mapping[str, Any]] = MappingProxyType({})

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.settings_defaults = constructor_settings(cls, cls.injected_parameters)

    def __init__(self) -> None:
        self._is_open = False
        self._lock = threading.RLock()

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> Self:
        """Build a backend from its ``[devices.<family>]`` table (minus ``backend``).

        Raises:
            DeviceSettingError: an unknown key, or a value the backend cannot use.
        """
        unknown = set(settings) - set(cls.settings_defaults)
        if unknown:
            names = ", ".join(sorted(unknown))
            raise DeviceSettingError(
                f"Pengaturan tidak dikenal untuk {cls.family}/{cls.backend_name}: {names}.",
                f"Unknown settings for {cls.family}/{cls.backend_name}: {names}.",
            )
        merged = {**cls.settings_defaults, **settings}
        try:
            return cls(**merged)
        except DeviceSettingError:
            raise
        except (TypeError, ValueError) as exc:  # a conversion such as int("fast") in the constructor
            raise DeviceSettingError(
                f"Pengaturan {cls.family}/{cls.backend_name} tidak valid: {exc}",
                f"Invalid settings for {cls.family}/{cls.backend_name}: {exc}",
            ) from exc

    # lifecycle -------------------------------------------------------------
    @property
    def is_open(self) -> bool:
        return self._is_open

    def open(self) -> None:
        """Connect to the device. Calling it on an open device does nothing."""
        with self._lock:
            if self._is_open:
                return
            self._do_open()
            self._is_open = True

    def close(self) -> None:
        """Disconnect. Idempotent; safe after a failed open or an unplug."""
        with self._lock:
            if not self._is_open:
                return
            self._is_open = False
            self._do_close()

    def __enter__(self) -> Self:
        self.open()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _require_open(self) -> None:
        if not self._is_open:
            raise DeviceStateError()

    # identity and health -----------------------------------------------------
    def info(self) -> DeviceInfo:
        self._require_open()
        return self._do_info()

    def self_test(self) -> SelfTestResult:
        """Open if needed, identify, do one capture round trip, report; never raises StationError."""
        was_open = self._is_open
        info: DeviceInfo | None = None
        try:
            self.open()
            info = self.info()
            started = time.monotonic()
            quality, details = self._self_test_capture()
            latency = time.monotonic() - started
            return SelfTestResult(self.family, self.backend_name, True, latency, quality, info, details)
        except StationError as exc:
            return SelfTestResult(
                self.family, self.backend_name, False, info=info,
                details=exc.localized("id"), error=exc.to_dict(),
            )
        finally:
            if not was_open:
                try:
                    self.close()
                except DeviceError:
                    pass  # already reported through the result

    @abstractmethod
    def _do_open(self) -> None: ...

    @abstractmethod
    def _do_close(self) -> None: ...

    @abstractmethod
    def _do_info(self) -> DeviceInfo: ...

    @abstractmethod
    def _self_test_capture(self) -> tuple[float | None, str]:
        """One capture round trip for the self-test: (quality 0–100 or None, details)."""
