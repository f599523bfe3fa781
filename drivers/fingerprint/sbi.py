"""Slap fingerprint scanners behind a MOSIP SBI service (left four, right four, two thumbs)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from drivers.base import DeviceInfo
from drivers.errors import DeviceProtocolError, DeviceUnsupportedError
from drivers.fingerprint.base import TEN_FINGERS, FingerImage, FingerPosition, FingerprintScanner
from drivers.sbi.client import SbiCapture
from drivers.sbi.device import SBI_SETTINGS, SbiConnection
from drivers.sbi.iso import decode_image

P = FingerPosition
# MOSIP bioSubType names and the slap (deviceSubId: 1 left, 2 right, 3 thumbs) each finger is in.
SBI_FINGERS: dict[FingerPosition, tuple[str, int]] = {
    P.LEFT_INDEX: ("Left IndexFinger", 1), P.LEFT_MIDDLE: ("Left MiddleFinger", 1),
    P.LEFT_RING: ("Left RingFinger", 1), P.LEFT_LITTLE: ("Left LittleFinger", 1),
    P.RIGHT_INDEX: ("Right IndexFinger", 2), P.RIGHT_MIDDLE: ("Right MiddleFinger", 2),
    P.RIGHT_RING: ("Right RingFinger", 2), P.RIGHT_LITTLE: ("Right LittleFinger", 2),
    P.LEFT_THUMB: ("Left Thumb", 3), P.RIGHT_THUMB: ("Right Thumb", 3),
}
SLAPS: dict[FingerPosition, int] = {P.PLAIN_LEFT_FOUR: 1, P.PLAIN_RIGHT_FOUR: 2, P.PLAIN_THUMBS: 3}
BY_NAME = {name: position for position, (name, _slap) in SBI_FINGERS.items()}


class SbiFingerprintScanner(FingerprintScanner):
    backend_name: ClassVar[str] = "sbi"
    settings_defaults: ClassVar[dict[str, Any]] = dict(SBI_SETTINGS)

    def __init__(self, **settings: Any) -> None:
        super().__init__()
        self._sbi = SbiConnection("Finger", {**SBI_SETTINGS, **settings})

    @property
    def supported_positions(self) -> frozenset[FingerPosition]:
        return frozenset(TEN_FINGERS)

    def _do_open(self) -> None:
        self._sbi.open()

    def _do_close(self) -> None:
        self._sbi.close()

    def _do_info(self) -> DeviceInfo:
        return self._sbi.info(self.family)

    def _do_capture(self, position: FingerPosition, timeout: float) -> FingerImage:
        name, slap = SBI_FINGERS[position]
        captures = self._sbi.capture(slap, [name], timeout_s=timeout)
        images = [self._image(capture) for capture in captures]
        wanted = [image for image in images if image.position == position]
        if not wanted:
            raise DeviceProtocolError(
                f"Perangkat SBI tidak mengirim jari {position.slug}.", f"The SBI device did not return {position.slug}."
            )
        return wanted[0]

    def capture_slap(
        self, slap: FingerPosition, exceptions: Sequence[FingerPosition] = (), timeout: float = 10.0
    ) -> list[FingerImage]:
        """One slap (``PLAIN_LEFT_FOUR``, ``PLAIN_RIGHT_FOUR``, ``PLAIN_THUMBS``), segmented per finger.

        ``exceptions`` are fingers that cannot be captured (missing, bandaged);
        the device skips them instead of waiting for them.
        """
        self._require_open()
        if slap not in SLAPS:
            raise DeviceUnsupportedError(f"{slap.slug} bukan slap.", f"{slap.slug} is not a slap.")
        sub_id = SLAPS[slap]
        fingers = [name for position, (name, s) in SBI_FINGERS.items() if s == sub_id and position not in exceptions]
        skipped = [SBI_FINGERS[position][0] for position in exceptions if SBI_FINGERS.get(position, ("", 0))[1] == sub_id]
        return [self._image(capture) for capture in self._sbi.capture(sub_id, fingers, skipped, timeout_s=timeout)]

    def _image(self, capture: SbiCapture) -> FingerImage:
        position = BY_NAME.get(capture.bio_sub_type, FingerPosition.UNKNOWN)
        quality = int(round(capture.quality)) if capture.quality is not None else None
        return FingerImage(decode_image(capture.iso_record, "Finger", colour=False), position, 500, quality)
