"""The SignaturePad family: a stream of pen points in device coordinates."""

from __future__ import annotations

from abc import abstractmethod
from dataclasses import asdict, dataclass
from typing import ClassVar

from drivers.base import Device, StreamWorker
from drivers.errors import DeviceStateError


@dataclass(frozen=True)
class PenPoint:
    """One pen sample in device units; ``t`` is monotonic seconds."""

    x: int
    y: int
    pressure: int
    tip: bool
    proximity: bool
    t: float

    def to_dict(self) -> dict[str, int | bool | float]:
        return asdict(self)


@dataclass(frozen=True)
class PadRanges:
    """The device's coordinate and pressure ranges (0..max inclusive)."""

    x_max: int
    y_max: int
    pressure_max: int


class SignaturePad(Device):
    """A pen tablet. Between ``start`` and ``stop`` every point is queued, in order."""

    family: ClassVar[str] = "signature"

    def __init__(self) -> None:
        super().__init__()
        self._stream: StreamWorker[PenPoint] | None = None

    def ranges(self) -> PadRanges:
        self._require_open()
        return self._do_ranges()

    @property
    def sampling(self) -> bool:
        return self._stream is not None and self._stream.running

    def start(self) -> None:
        """Start sampling pen points on a driver thread (idempotent)."""
        self._require_open()
        with self._lock:
            if self.sampling:
                return
            self._do_start()
            self._stream = StreamWorker(f"{self.backend_name}-pen", self._do_read_point, latest_only=False)
            self._stream.start()

    def read_points(self) -> list[PenPoint]:
        """Every point received since the last call, without blocking.

        Raises:
            DeviceStateError: sampling is not started.
            DeviceNotConnectedError: the pad went away (the cable was pulled).
        """
        stream = self._stream
        if stream is None:
            raise DeviceStateError("Pad tanda tangan belum dimulai.", "The signature pad is not started.")
        return stream.drain()

    def wait_point(self, timeout: float | None = 1.0) -> PenPoint:
        stream = self._stream
        if stream is None:
            raise DeviceStateError("Pad tanda tangan belum dimulai.", "The signature pad is not started.")
        return stream.get(timeout)

    def stop(self) -> None:
        with self._lock:
            if self._stream is not None:
                self._stream.stop()
                self._stream = None
                if self.is_open:
                    self._do_stop()

    def clear(self) -> None:
        """Forget points not yet read (the operator pressed "Ulangi").

        The backend clears first, then the queue is emptied, so no point of the
        old signature slips in between.
        """
        self._do_clear()
        if self._stream is not None:
            self._stream.drain()

    def close(self) -> None:
        self.stop()
        super().close()

    @abstractmethod
    def _do_ranges(self) -> PadRanges: ...

    @abstractmethod
    def _do_start(self) -> None: ...

    @abstractmethod
    def _do_stop(self) -> None: ...

    @abstractmethod
    def _do_read_point(self) -> PenPoint | None:
        """Block briefly for the next point (None when none came). Runs on the driver thread."""

    def _do_clear(self) -> None:
        """Backends with a screen or buffer to clear override this."""

    def _self_test_capture(self) -> tuple[float | None, str]:
        ranges = self.ranges()
        self.start()
        try:
            point = self.wait_point(timeout=5.0)
        finally:
            self.stop()
        return None, f"range {ranges.x_max}x{ranges.y_max}, pressure {ranges.pressure_max}; point ({point.x},{point.y})"
