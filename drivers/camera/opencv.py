"""Cameras through OpenCV's VideoCapture: a device index, a video file, an image sequence or a URL.

One ``source`` string covers a webcam (``0``), a file, ``img_%03d.png`` or an
MJPEG/RTSP URL of an IP camera. Width, height and frame rate are requests the
camera may round. When the stream drops (a USB hiccup, Wi-Fi loss) the driver
reopens the source a few times before reporting the camera as disconnected.
"""

from __future__ import annotations

import threading
import time
from typing import ClassVar
from urllib.parse import urlsplit

import cv2
import numpy as np

from drivers.base import DeviceInfo
from drivers.camera.base import Camera, Frame
from drivers.errors import DeviceNotConnectedError, DeviceSettingError


def parse_source(source: int | str) -> int | str:
    """A device index stays an int; anything else (path, pattern, URL) stays a string."""
    if isinstance(source, bool):
        raise DeviceSettingError("Sumber kamera tidak valid.", "Invalid camera source.")
    if isinstance(source, int):
        return source
    text = str(source).strip()
    if not text:
        raise DeviceSettingError(
            "Sumber kamera belum diatur (kunci 'source').", "No camera source configured (key 'source')."
        )
    return int(text) if text.isdigit() else text


def _url_without_credentials(url: str) -> str:
    """``rtsp://user:secret@cam:554/x`` → ``cam:554``: camera passwords never reach logs or screens."""
    parts = urlsplit(url)
    return f"{parts.hostname}:{parts.port}" if parts.port else str(parts.hostname)


class OpenCvCamera(Camera):
    backend_name: ClassVar[str] = "opencv"

    def __init__(
        self,
        source: int | str = 0,
        width: int = 0,
        height: int = 0,
        fps: float = 0,
        reconnect_attempts: int = 3,
        reconnect_delay_s: float = 0.5,
        stall_timeout_s: float = 5.0,
    ) -> None:
        super().__init__()
        self.source = parse_source(source)
        self.width, self.height, self.fps = int(width), int(height), float(fps)
        if min(self.width, self.height, self.fps) < 0:
            raise DeviceSettingError(
                "width, height dan fps tidak boleh negatif.", "width, height and fps must not be negative."
            )
        self.reconnect_attempts = int(reconnect_attempts)
        self.reconnect_delay_s = float(reconnect_delay_s)
        self.stall_timeout_s = float(stall_timeout_s)
        if self.stall_timeout_s <= 0:
            raise DeviceSettingError("stall_timeout_s harus lebih dari 0.", "stall_timeout_s must be positive.")
        self._capture: cv2.VideoCapture | None = None
        self._capture_lock = threading.Lock()
        self._index = 0
        self.reconnects = 0
        self._backend_label = ""

    # lifecycle -----------------------------------------------------------------
    def _connect(self) -> cv2.VideoCapture:
        # Bounded waits: a stalled IP camera is noticed (and reopened) instead of hanging the preview.
        timeout_ms = int(self.stall_timeout_s * 1000)
        capture = cv2.VideoCapture(
            self.source, cv2.CAP_ANY, [cv2.CAP_PROP_OPEN_TIMEOUT_MSEC, timeout_ms, cv2.CAP_PROP_READ_TIMEOUT_MSEC, timeout_ms]
        )
        if not capture.isOpened():
            capture.release()
            raise DeviceNotConnectedError(
                f"Kamera '{self.source}' tidak dapat dibuka.",
                f"Cannot open camera '{self.source}'.",
            )
        if self.width:
            capture.set(cv2.CAP_PROP_FRAME_WIDTH, self.width)
        if self.height:
            capture.set(cv2.CAP_PROP_FRAME_HEIGHT, self.height)
        if self.fps:
            capture.set(cv2.CAP_PROP_FPS, self.fps)
        self._backend_label = capture.getBackendName()
        return capture

    def _do_open(self) -> None:
        self._capture = self._connect()
        self._index = 0

    def _do_close(self) -> None:
        with self._capture_lock:
            capture, self._capture = self._capture, None
            if capture is not None:
                capture.release()

    def _do_info(self) -> DeviceInfo:
        kind = "index" if isinstance(self.source, int) else ("url" if "://" in str(self.source) else "file")
        return DeviceInfo(
            family=self.family,
            vendor="OpenCV",
            model=f"OpenCV {kind} source",
            serial_number=str(self.source) if kind != "url" else _url_without_credentials(str(self.source)),
            firmware=cv2.__version__,
            transport=f"{self._backend_label or 'opencv'} {kind}",
            backend=self.backend_name,
        )

    @property
    def negotiated(self) -> tuple[int, int, float]:
        """What the camera actually delivers: (width, height, fps)."""
        capture = self._capture
        if capture is None:
            return 0, 0, 0.0
        return (
            int(capture.get(cv2.CAP_PROP_FRAME_WIDTH)),
            int(capture.get(cv2.CAP_PROP_FRAME_HEIGHT)),
            float(capture.get(cv2.CAP_PROP_FPS)),
        )

    # frames --------------------------------------------------------------------
    def _read_once(self) -> np.ndarray | None:
        with self._capture_lock:
            capture = self._capture
            if capture is None:
                return None
            ok, image = capture.read()
        return image if ok and image is not None else None

    def _reconnect(self) -> bool:
        for _attempt in range(self.reconnect_attempts):
            time.sleep(self.reconnect_delay_s)
            with self._capture_lock:
                if self._capture is None:
                    return False  # closed meanwhile
                self._capture.release()
                try:
                    self._capture = self._connect()
                except DeviceNotConnectedError:
                    continue
            self.reconnects += 1
            return True
        return False

    def _do_read_frame(self) -> Frame | None:
        if not self.is_open:
            return None
        image = self._read_once()
        while image is None:
            if not self._reconnect() or (image := self._read_once()) is None:
                if not self.is_open:
                    return None
                raise DeviceNotConnectedError(
                    f"Aliran kamera '{self.source}' terputus dan tidak dapat disambung lagi.",
                    f"The stream from camera '{self.source}' dropped and could not be reopened.",
                )
        if image.ndim == 2:
            image = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
        frame = Frame(image, self._index, time.monotonic())
        self._index += 1
        return frame
