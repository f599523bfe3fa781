"""A simulated dual-eye iris scanner producing synthetic NIR eye images."""

from __future__ import annotations

import threading
from collections import defaultdict
from typing import ClassVar

from drivers.base import DeviceInfo
from drivers.iris.base import Eye, IrisImage, IrisScanner
from drivers.iris.synth import synthesize_eye
from drivers.simulation import SimulatedFaults, SimulatorMixin, quality_level, sim_info

_DIRTY_LEVEL = 0.25


class SimulatedIrisScanner(SimulatorMixin, IrisScanner):
    """Captures 640×480 NIR eye images, different per (subject, eye), repeatable per seed.

    ``quality`` ("good", "fair", "poor" or 0..1) blurs the image and lowers the
    upper eyelid; a dirty sensor window gives poor images.
    """

    backend_name: ClassVar[str] = "sim"

    def __init__(
        self, *, seed: int = 3, latency_s: float = 0.0, failure_rate: float = 0.0,
        quality: str | float = "good", fault: str = "", subject: int = 1,
    ) -> None:
        super().__init__()
        self.seed = int(seed)
        self.level = quality_level(quality)
        self.faults = SimulatedFaults(seed=self.seed, latency_s=latency_s, failure_rate=failure_rate, fault=fault)
        self._subject = int(subject)
        self._impressions: dict[tuple[int, Eye], int] = defaultdict(int)
        self._counter_lock = threading.Lock()

    def _do_open(self) -> None:
        self.faults.check_connect()

    def _do_close(self) -> None:
        pass

    def _do_info(self) -> DeviceInfo:
        self.faults.before_operation()
        return sim_info(self.family, "Dual-eye NIR iris camera", self.seed)

    def _do_capture(self, eye: Eye, timeout: float) -> IrisImage:
        self.faults.before_operation()
        self.faults.wait_latency(0.5)
        self.faults.during_operation()
        with self._counter_lock:
            impression = self._impressions[(self._subject, eye)]
            self._impressions[(self._subject, eye)] += 1
        level = min(self.level, _DIRTY_LEVEL) if self.faults.dirty else self.level
        pixels = synthesize_eye(self._subject, eye.value, impression=impression, quality=level, rng_seed=self.seed)
        self.faults.wait_latency(0.5)
        return IrisImage(pixels=pixels, eye=eye)
