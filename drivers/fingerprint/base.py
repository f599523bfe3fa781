"""The FingerprintScanner family: 500 ppi greyscale images of one finger or a slap."""

from __future__ import annotations

import enum
from abc import abstractmethod
from collections.abc import Iterable
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

# Which fingers lie on the glass in each slap, left to right as the scanner sees them
# (the applicant faces the operator: the left hand's little finger is leftmost).
SLAP_LAYOUT: dict[FingerPosition, tuple[FingerPosition, ...]] = {
    FingerPosition.PLAIN_LEFT_FOUR: (
        FingerPosition.LEFT_LITTLE, FingerPosition.LEFT_RING, FingerPosition.LEFT_MIDDLE, FingerPosition.LEFT_INDEX,
    ),
    FingerPosition.PLAIN_RIGHT_FOUR: (
        FingerPosition.RIGHT_INDEX, FingerPosition.RIGHT_MIDDLE, FingerPosition.RIGHT_RING, FingerPosition.RIGHT_LITTLE,
    ),
    FingerPosition.PLAIN_THUMBS: (FingerPosition.LEFT_THUMB, FingerPosition.RIGHT_THUMB),
}
# The 4-4-2 order of a ten-print capture: left four, right four, both thumbs.
SLAP_SEQUENCE: tuple[FingerPosition, ...] = tuple(SLAP_LAYOUT)


def slap_of(position: FingerPosition) -> FingerPosition:
    """The slap a single finger is captured in."""
    return next(slap for slap, fingers in SLAP_LAYOUT.items() if FingerPosition(position) in fingers)


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


@dataclass(frozen=True)
class SlapFinger:
    """One finger cut out of a slap: upright, with where it lay in the slap image (x0, y0, x1, y1)."""

    image: FingerImage
    box: tuple[int, int, int, int] | None = None  # None when the device segmented it itself
    angle_degrees: float = 0.0  # how far it was tilted (corrected in ``image``)


@dataclass(frozen=True)
class SlapCapture:
    """A slap and the single fingers found in it, left to right."""

    slap: FingerPosition
    fingers: tuple[SlapFinger, ...]
    image: np.ndarray | None = None  # the whole slap, when the device returns one image

    def finger(self, position: FingerPosition) -> SlapFinger | None:
        return next((f for f in self.fingers if f.image.position == position), None)


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

    @property
    def supports_slaps(self) -> bool:
        """Whether the scanner takes slaps (4-4-2 capture); otherwise fingers go one at a time."""
        return all(slap in self.supported_positions for slap in SLAP_SEQUENCE)

    def capture_slap(self, slap: FingerPosition, exceptions: Iterable[FingerPosition] = (),
                     timeout: float = 10.0) -> SlapCapture:
        """Capture one slap (``PLAIN_LEFT_FOUR``, ``PLAIN_RIGHT_FOUR``, ``PLAIN_THUMBS``) as single fingers.

        ``exceptions`` are fingers of that slap that cannot be placed (missing, bandaged):
        they are neither waited for nor expected in the image.

        Raises:
            DeviceUnsupportedError: not a slap, or the scanner takes single fingers only.
            SlapSegmentationError: the fingers on the glass could not be told apart.
        """
        self._require_open()
        slap = FingerPosition(slap)
        if slap not in SLAP_LAYOUT:
            raise DeviceUnsupportedError(f"{slap.slug} bukan slap.", f"{slap.slug} is not a slap.")
        if not self.supports_slaps:
            raise DeviceUnsupportedError(
                "Pemindai ini hanya memindai satu jari sekali.", "This scanner captures one finger at a time.",
                action_id="Pindai jari satu per satu.", action_en="Scan the fingers one by one.")
        if timeout <= 0:
            raise ValueError("timeout must be positive")
        skipped = frozenset(FingerPosition(p) for p in exceptions)
        expected = tuple(p for p in SLAP_LAYOUT[slap] if p not in skipped)
        if not expected:
            raise ValueError("every finger of the slap is an exception")
        self.stop_preview()
        return self._do_capture_slap(slap, expected, timeout)

    def _do_capture_slap(self, slap: FingerPosition, expected: tuple[FingerPosition, ...],
                         timeout: float) -> SlapCapture:
        """Backends that return one slap image: capture it, then segment it into ``expected``."""
        from drivers.fingerprint.segmentation import segment_slap

        image = self._do_capture_slap_image(slap, expected, timeout)
        return segment_slap(image.pixels, slap, expected, ppi=image.ppi)

    def _do_capture_slap_image(self, slap: FingerPosition, expected: tuple[FingerPosition, ...],
                               timeout: float) -> FingerImage:
        return self._do_capture(slap, timeout)

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
