"""A simulated ISDV4-like signature pad that plays back a synthetic signature in real time."""

from __future__ import annotations

import threading
import time
from typing import ClassVar

import numpy as np

from drivers.base import DeviceInfo
from drivers.errors import DeviceSettingError
from drivers.signature.base import PadRanges, PenPoint, SignaturePad
from drivers.signature.synth import PRESSURE_MAX, X_MAX, Y_MAX, PenSample, synthesize_signature
from drivers.simulation import SimulatedFaults, SimulatorMixin, quality_level, sim_info

_IDLE_WAIT_S = 0.05


class SimulatedSignaturePad(SimulatorMixin, SignaturePad):
    """Plays the current subject's signature once per ``start``/``clear``, ~133 points/s.

    ``speed`` scales playback (2.0 = twice as fast); point timestamps keep the
    device's own 7.5 ms spacing. A dirty sensor adds position jitter.
    """

    backend_name: ClassVar[str] = "sim"

    def __init__(
        self, *, seed: int = 5, latency_s: float = 0.0, failure_rate: float = 0.0,
        quality: str | float = "good", fault: str = "", subject: int = 1, speed: float = 1.0,
    ) -> None:
        super().__init__()
        if speed <= 0:
            raise DeviceSettingError("speed harus lebih dari 0.", "speed must be greater than 0.")
        self.seed = int(seed)
        self.quality = quality
        # A poor or dirty pad reports shaky positions (device units of noise).
        self._noise = (1.0 - quality_level(quality)) * 300.0
        self.speed = float(speed)
        self.faults = SimulatedFaults(seed=self.seed, latency_s=latency_s, failure_rate=failure_rate, fault=fault)
        self._subject = int(subject)
        self._takes = 0
        self._playback: list[PenSample] = []
        self._cursor = 0
        self._t0 = 0.0
        self._wall0 = 0.0
        self._jitter = np.random.default_rng(self.seed)
        self._play_lock = threading.Lock()

    def _subject_changed(self) -> None:
        """A new signer: the signature restarts."""
        self._restart()

    def _restart(self) -> None:
        with self._play_lock:
            self._playback = synthesize_signature(self._subject, rng_seed=self.seed, variation=self._takes)
            self._takes += 1
            self._cursor = 0
            self._t0 = time.monotonic()
            self._wall0 = self._t0

    # SignaturePad ---------------------------------------------------------------
    def _do_open(self) -> None:
        self.faults.check_connect()

    def _do_close(self) -> None:
        pass

    def _do_info(self) -> DeviceInfo:
        self.faults.before_operation()
        return sim_info(self.family, "ISDV4-like pen tablet", self.seed)

    def _do_ranges(self) -> PadRanges:
        self.faults.before_operation()
        return PadRanges(x_max=X_MAX, y_max=Y_MAX, pressure_max=PRESSURE_MAX)

    def _do_start(self) -> None:
        self.faults.before_operation()
        self.faults.wait_latency()
        self._restart()

    def _do_stop(self) -> None:
        pass

    def _do_clear(self) -> None:
        self._restart()

    def _do_read_point(self) -> PenPoint | None:
        self.faults.during_operation()
        with self._play_lock:
            if self._cursor >= len(self._playback):
                sample = None
            else:
                sample = self._playback[self._cursor]
                due = self._wall0 + sample.offset_s / self.speed
                t0 = self._t0
        if sample is None:
            time.sleep(_IDLE_WAIT_S)  # signature finished: the pen is away from the pad
            return None
        delay = due - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        with self._play_lock:
            if self._t0 != t0:  # cleared meanwhile: start over from the new signature
                return None
            self._cursor += 1
        x, y = sample.x, sample.y
        noise = 250.0 if self.faults.dirty else self._noise
        if noise > 0 and sample.proximity:
            x += int(self._jitter.normal(0, noise))
            y += int(self._jitter.normal(0, noise))
        return PenPoint(
            x=min(max(x, 0), X_MAX), y=min(max(y, 0), Y_MAX), pressure=sample.pressure,
            tip=sample.tip, proximity=sample.proximity, t=t0 + sample.offset_s,
        )
