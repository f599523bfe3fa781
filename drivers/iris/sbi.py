"""Iris cameras behind a MOSIP SBI service (deviceSubId 1 left, 2 right, 3 both)."""

from __future__ import annotations

from typing import ClassVar

from drivers.base import DeviceInfo
from drivers.errors import DeviceProtocolError
from drivers.iris.base import Eye, IrisImage, IrisScanner
from drivers.sbi.device import SbiAdapter
from drivers.sbi.iso import decode_image

SBI_EYES: dict[Eye, tuple[str, int]] = {Eye.LEFT: ("Left", 1), Eye.RIGHT: ("Right", 2)}


class SbiIrisScanner(SbiAdapter, IrisScanner):
    backend_name: ClassVar[str] = "sbi"
    bio_type: ClassVar[str] = "Iris"

    def _do_open(self) -> None:
        self._sbi.open()

    def _do_close(self) -> None:
        self._sbi.close()

    def _do_info(self) -> DeviceInfo:
        return self._sbi.info(self.family)

    def _do_capture(self, eye: Eye, timeout: float) -> IrisImage:
        name, sub_id = SBI_EYES[eye]
        for capture in self._sbi.capture(sub_id, [name], timeout_s=timeout):
            if capture.bio_sub_type == name:
                return IrisImage(decode_image(capture.iso_record, "Iris", colour=False), eye, capture.quality_score)
        raise DeviceProtocolError(
            f"Perangkat SBI tidak mengirim mata {eye.slug}.", f"The SBI device did not return the {eye.slug} eye."
        )
