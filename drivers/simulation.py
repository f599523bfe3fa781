"""What every simulator shares: subject, seed, latency, random failures and injected faults.

A simulator behaves like hardware an operator meets in the field: it can be
unplugged, time out, be busy, send garbage or have a dirty sensor. Faults are
injected on purpose (``inject_fault``, or ``fault = "..."`` in the configuration
for demonstrations) and cleared again; random failures follow ``failure_rate``
from a seeded generator, so a run is repeatable.
"""

from __future__ import annotations

import threading
import time
from typing import Protocol, runtime_checkable

import numpy as np

from drivers.base import DeviceInfo
from drivers.errors import (
    DeviceBusyError,
    DeviceNotConnectedError,
    DeviceProtocolError,
    DeviceSettingError,
    DeviceTimeoutError,
)

FAULT_KINDS: tuple[str, ...] = ("disconnected", "unplug_mid_capture", "timeout", "busy", "corrupted", "dirty_sensor")

# Named quality levels of the ``quality`` knob (a number in 0..1 works too).
QUALITY_LEVELS: dict[str, float] = {"good": 1.0, "fair": 0.75, "poor": 0.45}


def quality_level(quality: str | float) -> float:
    """Map ``"good"``/``"fair"``/``"poor"`` or a number in 0..1 to a level in 0..1."""
    if isinstance(quality, str):
        try:
            return QUALITY_LEVELS[quality.strip().lower()]
        except KeyError:
            raise DeviceSettingError(
                f"Mutu tidak dikenal: {quality!r} (pilihan: good, fair, poor atau 0..1).",
                f"Unknown quality {quality!r}; use good, fair, poor or 0..1.",
            ) from None
    level = float(quality)
    if not 0.0 <= level <= 1.0:
        raise DeviceSettingError("quality harus antara 0 dan 1.", "quality must be between 0 and 1.")
    return level



def check_fault_kind(kind: str) -> str:
    """Return ``kind`` if it is a known fault (empty means none), else raise DeviceSettingError."""
    if kind and kind not in FAULT_KINDS:
        raise DeviceSettingError(
            f"Jenis gangguan tidak dikenal: {kind} (pilihan: {', '.join(FAULT_KINDS)}).",
            f"Unknown fault kind: {kind} (choices: {', '.join(FAULT_KINDS)}).",
        )
    return kind


class SimulatedFaults:
    """The fault and failure logic a simulator calls before and during each operation."""

    def __init__(self, *, seed: int, latency_s: float, failure_rate: float, fault: str) -> None:
        if latency_s < 0:
            raise DeviceSettingError("latency_s tidak boleh negatif.", "latency_s must not be negative.")
        if not 0.0 <= failure_rate <= 1.0:
            raise DeviceSettingError("failure_rate harus antara 0 dan 1.", "failure_rate must be between 0 and 1.")
        self.latency_s = float(latency_s)
        self.failure_rate = float(failure_rate)
        self._fault = check_fault_kind(str(fault))
        self._rng = np.random.default_rng(seed)
        self._lock = threading.Lock()

    @property
    def fault(self) -> str:
        return self._fault

    def inject(self, kind: str) -> None:
        self._fault = check_fault_kind(kind)

    def clear(self) -> None:
        self._fault = ""

    @property
    def dirty(self) -> bool:
        return self._fault == "dirty_sensor"

    def check_connect(self) -> None:
        """Called by open(): an unplugged device cannot be opened."""
        if self._fault == "disconnected":
            raise DeviceNotConnectedError()

    def before_operation(self) -> None:
        """Raise the error the injected fault (or a random failure) stands for."""
        fault = self._fault
        if fault == "disconnected":
            raise DeviceNotConnectedError()
        if fault == "timeout":
            raise DeviceTimeoutError()
        if fault == "busy":
            raise DeviceBusyError()
        if fault == "corrupted":
            raise DeviceProtocolError()
        with self._lock:
            failed = self.failure_rate > 0 and self._rng.random() < self.failure_rate
        if failed:
            raise DeviceTimeoutError(
                "Perangkat tidak menjawab tepat waktu (gangguan acak simulasi).",
                "The device did not answer in time (simulated random failure).",
            )

    def during_operation(self) -> None:
        """Called part-way through a capture or stream: the cable may be pulled now."""
        if self._fault == "unplug_mid_capture":
            raise DeviceNotConnectedError(
                "Perangkat terlepas saat pengambilan.",
                "The device was unplugged during the capture.",
            )
        self.before_operation()

    def wait_latency(self, fraction: float = 1.0) -> None:
        if self.latency_s > 0:
            time.sleep(self.latency_s * fraction)


@runtime_checkable
class SimulatorControls(Protocol):
    """What only a simulator offers: faults on demand and a synthetic person in front of it.

    Production code that drives simulators (the GUI, the demo, the operators' prints)
    checks ``isinstance(device, SimulatorControls)``; real devices never match.
    """

    def inject_fault(self, kind: str) -> None: ...

    def clear_fault(self) -> None: ...

    def set_subject(self, subject_id: int) -> None: ...

    def present_subject(self, subject_id: int, backdrop: str | None = None) -> None: ...


class SimulatorMixin:
    """The fault and subject controls every simulator shares (the :class:`SimulatorControls` protocol).

    The simulator sets ``self.faults`` and ``self._subject`` in its constructor and
    overrides :meth:`_subject_changed` when a new person must restart something.
    """

    faults: SimulatedFaults
    _subject: int

    def inject_fault(self, kind: str) -> None:
        """Make the device behave as if ``kind`` happened (one of ``FAULT_KINDS``)."""
        self.faults.inject(kind)

    def clear_fault(self) -> None:
        self.faults.clear()

    def set_subject(self, subject_id: int) -> None:
        """Which synthetic person is in front of the device now."""
        self._subject = int(subject_id)
        self._subject_changed()

    def present_subject(self, subject_id: int, backdrop: str | None = None) -> None:
        """A new applicant: their synthetic person and (for a camera) the backdrop hung up for them."""
        self.set_subject(subject_id)

    def _subject_changed(self) -> None:
        """Hook: a simulator whose state depends on the subject resets it here."""


def sim_info(family: str, model: str, seed: int) -> DeviceInfo:
    """A simulator's identity: a serial number derived from the seed, like a real unit's label."""
    return DeviceInfo(
        family=family,
        vendor="Simulator",
        model=model,
        serial_number=f"SIM-{family[:3].upper()}-{seed:05d}",
        firmware="sim-1.0",
        transport="memory",
        backend="sim",
    )
