"""The IrisScanner family: near-infrared images of the left and right eye."""

from __future__ import annotations

import enum
from abc import abstractmethod
from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from drivers.base import Device
from drivers.errors import DeviceUnsupportedError


class Eye(enum.Enum):
    """Which eye; values are the ANSI/NIST-ITL Type-17 eye position codes."""

    RIGHT = 1
    LEFT = 2

    @property
    def slug(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class IrisImage:
    """An iris image: uint8 greyscale (H×W, 640×480 per ISO/IEC 19794-6), with its eye."""

    pixels: np.ndarray
    eye: Eye
    device_quality: int | None = None

    @property
    def size(self) -> tuple[int, int]:
        height, width = self.pixels.shape[:2]
        return width, height


class IrisScanner(Device):
    family: ClassVar[str] = "iris"

    @property
    def supported_eyes(self) -> frozenset[Eye]:
        return frozenset(Eye)

    def capture_eye(self, eye: Eye, timeout: float = 10.0) -> IrisImage:
        """Capture one eye.

        Raises:
            DeviceUnsupportedError: the scanner cannot capture that eye.
            DeviceTimeoutError: no eye was presented in time.
        """
        self._require_open()
        eye = Eye(eye)
        if eye not in self.supported_eyes:
            raise DeviceUnsupportedError(f"Mata {eye.slug} tidak didukung.", f"Cannot capture the {eye.slug} eye.")
        if timeout <= 0:
            raise ValueError("timeout must be positive")
        return self._do_capture(eye, timeout)

    @abstractmethod
    def _do_capture(self, eye: Eye, timeout: float) -> IrisImage: ...

    def _self_test_capture(self) -> tuple[float | None, str]:
        image = self.capture_eye(Eye.RIGHT)
        width, height = image.size
        return image.device_quality, f"right {width}x{height}"
