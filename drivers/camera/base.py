"""The Camera family: live frames for the preview and a still for the record."""

from __future__ import annotations

import time
from abc import abstractmethod
from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from drivers.base import Device, StreamWorker
from drivers.errors import DeviceStateError, DeviceTimeoutError


@dataclass(frozen=True)
class Frame:
    """One camera frame: BGR uint8 pixels (H×W×3), its sequence number and monotonic time."""

    image: np.ndarray
    index: int
    timestamp: float

    @property
    def size(self) -> tuple[int, int]:
        height, width = self.image.shape[:2]
        return width, height


class Camera(Device):
    """A camera. ``start_stream`` runs a driver thread; ``latest_frame`` gets the newest."""

    family: ClassVar[str] = "camera"

    def __init__(self) -> None:
        super().__init__()
        self._stream: StreamWorker[Frame] | None = None

    @property
    def streaming(self) -> bool:
        return self._stream is not None and self._stream.running

    def start_stream(self) -> None:
        """Start the live preview on a driver thread (idempotent)."""
        self._require_open()
        with self._lock:
            if self._stream is not None and self._stream.running:
                return
            self._stream = StreamWorker(f"{self.backend_name}-camera", self._do_read_frame, latest_only=True)
            self._stream.start()

    def latest_frame(self, timeout: float | None = 1.0) -> Frame:
        """The newest frame; older unread frames are dropped.

        Raises:
            DeviceStateError: the stream is not started.
            DeviceTimeoutError: no frame arrived in time.
            DeviceNotConnectedError: the camera went away mid-stream.
        """
        stream = self._stream
        if stream is None:
            raise DeviceStateError("Pratinjau kamera belum dimulai.", "The camera preview is not started.")
        return stream.get(timeout)

    def stop_stream(self) -> None:
        with self._lock:
            if self._stream is not None:
                self._stream.stop()
                self._stream = None

    def capture_still(self, timeout: float = 5.0) -> Frame:
        """One full-quality still, streaming or not."""
        self._require_open()
        if self.streaming:
            return self.latest_frame(timeout)
        return self._do_capture_still(timeout)

    def close(self) -> None:
        self.stop_stream()
        super().close()

    def _do_capture_still(self, timeout: float) -> Frame:
        deadline = time.monotonic() + timeout
        while True:
            frame = self._do_read_frame()
            if frame is not None or time.monotonic() >= deadline:
                break
        if frame is None:
            raise DeviceTimeoutError()
        return frame

    @abstractmethod
    def _do_read_frame(self) -> Frame | None:
        """Block until the next frame (None if none yet). Runs on the driver thread."""

    def _self_test_capture(self) -> tuple[float | None, str]:
        frame = self.capture_still()
        width, height = frame.size
        return None, f"{width}x{height}"
