"""A simulated fingerprint scanner: synthetic prints of one synthetic person at a time."""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from typing import ClassVar

import numpy as np

from drivers.base import DeviceInfo
from drivers.fingerprint.base import TEN_FINGERS, FingerImage, FingerPosition, FingerprintScanner
from drivers.fingerprint.synth import SLAP_FINGERS, synthesize_fingerprint, synthesize_slap
from drivers.simulation import SimulatedFaults, SimulatorMixin, quality_level, sim_info

_PREVIEW_FRAMES_TO_FULL_CONTACT = 8
_PREVIEW_INTERVAL_S = 0.08


class SimulatedFingerprintScanner(SimulatorMixin, FingerprintScanner):
    """Captures single fingers and slaps from :mod:`drivers.fingerprint.synth`.

    Each capture of a position is a new impression of the same finger, so
    repeated captures differ slightly but match. ``quality`` ("good", "fair",
    "poor" or 0..1) sets how clean the prints are; a dirty sensor makes them poor.
    """

    backend_name: ClassVar[str] = "sim"

    def __init__(
        self, *, seed: int = 7, latency_s: float = 0.0, failure_rate: float = 0.0,
        quality: str | float = "good", fault: str = "", subject: int = 1, slaps: bool = True,
    ) -> None:
        super().__init__()
        self.seed = int(seed)
        self.quality = quality
        quality_level(quality)  # validate now: a config error, not a capture error
        self.faults = SimulatedFaults(seed=self.seed, latency_s=latency_s, failure_rate=failure_rate, fault=fault)
        self._subject = int(subject)
        self._slaps = bool(slaps)
        self._impressions: dict[tuple[int, FingerPosition], int] = defaultdict(int)
        self._preview_step = 0
        self._counter_lock = threading.Lock()

    def _subject_changed(self) -> None:
        self._preview_step = 0

    # FingerprintScanner --------------------------------------------------------
    @property
    def supported_positions(self) -> frozenset[FingerPosition]:
        positions = set(TEN_FINGERS)
        if self._slaps:
            positions.update(SLAP_FINGERS)
        return frozenset(positions)

    def _do_open(self) -> None:
        self.faults.check_connect()

    def _do_close(self) -> None:
        pass

    def _do_info(self) -> DeviceInfo:
        self.faults.before_operation()
        return sim_info(self.family, "500 ppi optical scanner", self.seed)

    def _effective_quality(self) -> str | float:
        return "poor" if self.faults.dirty else self.quality

    def _next_impression(self, position: FingerPosition) -> int:
        with self._counter_lock:
            key = (self._subject, position)
            impression = self._impressions[key]
            self._impressions[key] += 1
            return impression

    def _do_capture(self, position: FingerPosition, timeout: float) -> FingerImage:
        self.faults.before_operation()
        self.faults.wait_latency(0.5)
        self.faults.during_operation()
        pixels = synthesize_fingerprint(
            self._subject, position, impression=self._next_impression(position),
            quality=self._effective_quality(), rng_seed=self.seed,
        )
        self.faults.wait_latency(0.5)
        return FingerImage(pixels=pixels, position=position, ppi=500)

    def _do_capture_slap_image(self, slap: FingerPosition, expected: tuple[FingerPosition, ...],
                               timeout: float) -> FingerImage:
        """The slap as one image, as most slap scanners deliver it; fingers not expected stay off the glass."""
        self.faults.before_operation()
        self.faults.wait_latency(0.5)
        self.faults.during_operation()
        missing = frozenset(SLAP_FINGERS[slap]) - frozenset(expected)
        slap_image = synthesize_slap(self._subject, slap, impression=self._next_impression(slap),
                                     quality=self._effective_quality(), rng_seed=self.seed, missing=missing)
        self.faults.wait_latency(0.5)
        return FingerImage(pixels=slap_image.image, position=slap, ppi=500)

    def _do_preview_frame(self, position: FingerPosition) -> FingerImage | None:
        """The finger comes down on the glass: faint at first, full contact after a few frames."""
        time.sleep(_PREVIEW_INTERVAL_S)
        self.faults.during_operation()
        pixels = synthesize_fingerprint(
            self._subject, position, impression=0, quality=self._effective_quality(), rng_seed=self.seed,
        )
        step = min(self._preview_step, _PREVIEW_FRAMES_TO_FULL_CONTACT)
        self._preview_step += 1
        contact = step / _PREVIEW_FRAMES_TO_FULL_CONTACT
        platen = float(np.percentile(pixels, 95))
        blended = platen - (platen - pixels.astype(np.float32)) * contact
        return FingerImage(pixels=blended.astype(np.uint8), position=position, ppi=500)

    def start_preview(self, position: FingerPosition) -> None:
        self._preview_step = 0
        super().start_preview(position)
