"""Face cameras behind a MOSIP SBI service: STREAM for the live preview, RCAPTURE for the photo.

The photo that goes into the record is always a fresh, signed RCAPTURE, never a
preview frame: only RCAPTURE answers carry the device signature and hash chain.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import ClassVar

import cv2
import numpy as np

from drivers.base import DeviceInfo
from drivers.camera.base import Camera, Frame
from drivers.errors import DeviceNotConnectedError, DeviceProtocolError
from drivers.sbi.device import SbiAdapter
from drivers.sbi.iso import decode_image

FACE_SUB_ID = 0


class SbiCamera(SbiAdapter, Camera):
    backend_name: ClassVar[str] = "sbi"
    bio_type: ClassVar[str] = "Face"
    # Preview state, reset by open/close (class defaults: the constructor is SbiAdapter's).
    _frames: Iterator[bytes] | None = None
    _index: int = 0

    def _do_open(self) -> None:
        self._sbi.open()
        self._index = 0

    def _do_close(self) -> None:
        frames, self._frames = self._frames, None
        if frames is not None and hasattr(frames, "close"):
            frames.close()
        self._sbi.close()

    def _do_info(self) -> DeviceInfo:
        return self._sbi.info(self.family)

    def stop_stream(self) -> None:
        super().stop_stream()
        frames, self._frames = self._frames, None
        if frames is not None and hasattr(frames, "close"):
            frames.close()

    def _next_frame(self, image: np.ndarray) -> Frame:
        frame = Frame(image, self._index, time.monotonic())
        self._index += 1
        return frame

    def _do_read_frame(self) -> Frame | None:
        """The next preview frame from STREAM (opened on first use)."""
        client, device = self._sbi.client, self._sbi.device
        if client is None or device is None:
            return None
        if self._frames is None:
            self._frames = client.stream(device.device_id, FACE_SUB_ID)
        try:
            jpeg = next(self._frames)
        except StopIteration:
            self._frames = None
            raise DeviceNotConnectedError("Pratinjau SBI berhenti.", "The SBI preview stream ended.") from None
        image = cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_COLOR)
        if image is None:
            raise DeviceProtocolError("Bingkai pratinjau SBI rusak.", "Corrupted SBI preview frame.")
        return self._next_frame(image)

    def capture_still(self, timeout: float = 5.0) -> Frame:
        """A signed face capture (RCAPTURE), whether or not the preview runs."""
        self._require_open()
        return self._do_capture_still(timeout)

    def _do_capture_still(self, timeout: float) -> Frame:
        captures = self._sbi.capture(FACE_SUB_ID, [], timeout_s=max(timeout, 1.0))
        return self._next_frame(decode_image(captures[0].iso_record, "Face", colour=True))
