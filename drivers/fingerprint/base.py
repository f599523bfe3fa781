"""The FingerprintScanner family: 500 ppi greyscale images of one finger or a slap."""

from __future__ import annotations

import enum
from abc import abstractmethod
from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from drivers.base import Device, StreamWorker
from drivers.errors import DeviceStateError, DeviceUnsupportedError


class FingerPosition(enum.IntEnum):
    """Finger position codes of ANSI/NIST-ITL 1-2011 table 8 (also ISO/IEC 19794-4)."""

    UNKNOWN = 0
    RIGHT_THUMB = 1
    RIGHT_INDEX = 2
    RIGHT_MIDDLE = 3
    RIGHT_RING = 4
    RIGHT_LITTLE = 5
    LEFT_THUMB = 6
    LEFT_INDEX = 7
    LEFT_MIDDLE = 8
    LEFT_RING = 9
    LEFT_LITTLE = 10
    PLAIN_RIGHT_FOUR = 13
    PLAIN_LEFT_FOUR = 14
    PLAIN_THUMBS = 15

    @property
    def is_single_finger(self) -> bool:
        return 1 <= self.value <= 10

    @property
    def slug(self) -> str:
        """Lower-case name used in configuration and on the command line (``right_index``)."""
        return self.name.lower()

    @classmethod
    def parse(cls, text: str | int) -> FingerPosition:
        """Accept a code (``2``), a name (``right_index``, ``RIGHT-INDEX``)."""
        if isinstance(text, int) or str(text).isdigit():
            return cls(int(text))
        return cls[str(text).strip().upper().replace("-", "_")]


TEN_FINGERS: tuple[FingerPosition, ...] = tuple(FingerPosition(code) for code in range(1, 11))


@dataclass(frozen=True)
class FingerImage:
    """A fingerprint image: uint8 greyscale (H×W, dark ridges on light), 500 ppi by default."""

    pixels: np.ndarray
    position: FingerPosition
    ppi: int = 500
    device_quality: int | None = None  # the device's own score 0–100, when it gives one

    @property
    def size(self) -> tuple[int, int]:
        height, width = self.pixels.shape[:2]
        return width, height


class FingerprintScanner(Device):
    """A fingerprint scanner. ``capture_finger`` waits for a finger and returns its image."""

    family: ClassVar[str] = "fingerprint"

    def __init__(self) -> None:
        super().__init__()
        self._preview: StreamWorker[FingerImage] | None = None

    @property
    def supported_positions(self) -> frozenset[FingerPosition]:
        """Positions this scanner can capture (single fingers and/or slaps)."""
        return frozenset(TEN_FINGERS)

    def capture_finger(self, position: FingerPosition, timeout: float = 10.0) -> FingerImage:
        """Wait up to ``timeout`` seconds for a finger on the glass and capture it.

        Raises:
            DeviceUnsupportedError: the position is not one this scanner captures.
            DeviceTimeoutError: no finger was placed in time.
        """
        self._require_open()
        position = FingerPosition(position)
        if position not in self.supported_positions:
            raise DeviceUnsupportedError(
                f"Posisi {position.slug} tidak didukung pemindai ini.",
                f"This scanner cannot capture {position.slug}.",
            )
        if timeout <= 0:
            raise ValueError("timeout must be positive")
        self.stop_preview()
        return self._do_capture(position, timeout)

    def start_preview(self, position: FingerPosition) -> None:
        """Live images of the finger on the glass, on a driver thread."""
        self._require_open()
        with self._lock:
            self.stop_preview()
            self._preview = StreamWorker(
                f"{self.backend_name}-finger-preview",
                lambda: self._do_preview_frame(FingerPosition(position)),
                latest_only=True,
            )
            self._preview.start()

    def latest_preview(self, timeout: float | None = 1.0) -> FingerImage:
        preview = self._preview
        if preview is None:
            raise DeviceStateError("Pratinjau sidik jari belum dimulai.", "The fingerprint preview is not started.")
        return preview.get(timeout)

    def stop_preview(self) -> None:
        with self._lock:
            if self._preview is not None:
                self._preview.stop()
                self._preview = None

    def close(self) -> None:
        self.stop_preview()
        super().close()

    @abstractmethod
    def _do_capture(self, position: FingerPosition, timeout: float) -> FingerImage: ...

    def _do_preview_frame(self, position: FingerPosition) -> FingerImage | None:
        """One preview image; backends without a preview raise DeviceUnsupportedError."""
        raise DeviceUnsupportedError("Pratinjau tidak didukung.", "Live preview is not supported.")

    def _self_test_capture(self) -> tuple[float | None, str]:
        position = min(self.supported_positions)
        image = self.capture_finger(position, timeout=10.0)
        width, height = image.size
        return image.device_quality, f"{position.slug} {width}x{height} @ {image.ppi} ppi"
