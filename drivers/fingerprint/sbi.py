"""Slap fingerprint scanners behind a MOSIP SBI service (left four, right four, two thumbs)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar

from drivers.base import DeviceInfo
from drivers.errors import DeviceProtocolError
from drivers.fingerprint.base import (
    SLAP_LAYOUT,
    TEN_FINGERS,
    FingerImage,
    FingerPosition,
    FingerprintScanner,
    SlapCapture,
    SlapFinger,
)
from drivers.sbi.client import SbiCapture
from drivers.sbi.device import SbiAdapter
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


class SbiFingerprintScanner(SbiAdapter, FingerprintScanner):
    backend_name: ClassVar[str] = "sbi"
    bio_type: ClassVar[str] = "Finger"

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
        return self._returned(self._sbi.capture(slap, [name], timeout_s=timeout), (position,))[0]

    @property
    def supports_slaps(self) -> bool:
        """SBI slap scanners take 4-4-2 and segment each slap themselves (one ISO record per finger)."""
        return True

    def _do_capture_slap(self, slap: FingerPosition, expected: tuple[FingerPosition, ...],
                         timeout: float) -> SlapCapture:
        """One RCAPTURE of the slap; the device answers with each finger already cut out.

        Fingers of the slap not in ``expected`` go in the request's ``exception`` list, so the
        device skips them instead of waiting for them.
        """
        sub_id = SLAPS[slap]
        wanted = [SBI_FINGERS[position][0] for position in expected]
        skipped = [SBI_FINGERS[position][0] for position in SLAP_LAYOUT[slap] if position not in expected]
        images = self._returned(self._sbi.capture(sub_id, wanted, skipped, timeout_s=timeout), expected)
        return SlapCapture(slap, tuple(SlapFinger(image) for image in images))

    def _returned(self, captures: Iterable[SbiCapture], expected: Sequence[FingerPosition]) -> tuple[FingerImage, ...]:
        """The device's answer read once: the image of each ``expected`` finger, in that order.

        Raises:
            DeviceProtocolError: a finger of ``expected`` is not in the answer (all missing ones named).
        """
        images: dict[FingerPosition, FingerImage] = {}
        for capture in captures:
            image = self._image(capture)
            images.setdefault(image.position, image)
        missing = [position.slug for position in expected if position not in images]
        if missing:
            raise DeviceProtocolError(f"Perangkat SBI tidak mengirim jari {', '.join(missing)}.",
                                      f"The SBI device did not return {', '.join(missing)}.")
        return tuple(images[position] for position in expected)

    def _image(self, capture: SbiCapture) -> FingerImage:
        position = BY_NAME.get(capture.bio_sub_type, FingerPosition.UNKNOWN)
        return FingerImage(decode_image(capture.iso_record, "Finger", colour=False), position, 500,
                           capture.quality_score)
