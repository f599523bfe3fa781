"""Synthetic handwritten signatures as pen samples (no real person's data).

Each subject gets a cursive-like signature: a few strokes made of looping
handwriting motion (a travelling oscillator, like joined letters), sometimes
an underline flourish, sampled at ~133 points/s. The pen hovers in proximity
between strokes (tip up, pressure 0) and pressure rises, varies and falls
along each stroke, as with an ISDV4 pen.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass

import numpy as np

SAMPLE_RATE_HZ = 133.0
X_MAX = 26202
Y_MAX = 16325
PRESSURE_MAX = 1023


@dataclass(frozen=True)
class PenSample:
    """One sample of the synthetic signature; ``offset_s`` is time from the first sample."""

    x: int
    y: int
    pressure: int
    tip: bool
    proximity: bool
    offset_s: float


def _seed(*parts: object) -> int:
    digest = hashlib.blake2b("|".join(map(str, parts)).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little")


def _stroke_path(rng: np.random.Generator, start_x: float, baseline: float, width: float, height: float) -> np.ndarray:
    """Points (N×2, normalised 0..1) of one joined-up word: loops travelling to the right."""
    letters = int(rng.integers(3, 7))
    duration = letters * rng.uniform(0.16, 0.24)
    steps = max(int(duration * SAMPLE_RATE_HZ), 8)
    t = np.linspace(0, 1, steps)
    phase = 2 * math.pi * letters * t
    letter_heights = rng.uniform(0.4, 1.0, size=letters + 1)
    letter_heights[:2] = rng.uniform(1.3, 1.8)  # a capital initial
    envelope = np.interp(t * letters, np.arange(letters + 1), letter_heights)
    slant = rng.uniform(0.1, 0.35)
    loop = rng.uniform(0.25, 0.45)
    y = baseline - height * envelope * (0.5 - 0.5 * np.cos(phase))
    x = start_x + width * t + loop * width / letters * np.sin(phase) + slant * (baseline - y)
    return np.stack([x, y], axis=1)


def _flourish(rng: np.random.Generator, x0: float, x1: float, baseline: float) -> np.ndarray:
    steps = int(rng.uniform(0.35, 0.6) * SAMPLE_RATE_HZ)
    t = np.linspace(0, 1, steps)
    x = x1 - (x1 - x0) * t
    y = baseline + 0.04 + 0.03 * np.sin(math.pi * t) + rng.uniform(-0.01, 0.01) * t
    return np.stack([x, y], axis=1)


def _hover(a: np.ndarray, b: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """The pen lifted between strokes: a quick arc from the end of one to the start of the next."""
    steps = max(int(rng.uniform(0.12, 0.25) * SAMPLE_RATE_HZ), 3)
    t = np.linspace(0, 1, steps + 2)[1:-1, None]
    arc = np.array([0.0, -0.05]) * np.sin(math.pi * t)
    path: np.ndarray = a + (b - a) * t + arc
    return path


def synthesize_signature(subject_id: int, *, rng_seed: int = 0, variation: int = 0) -> list[PenSample]:
    """The samples of one signature in device units (x 0..26202, y 0..16325, pressure 0..1023).

    The shape is fixed per (subject, seed); ``variation`` changes it slightly, as
    a person never signs exactly the same way twice.
    """
    shape = np.random.default_rng(_seed("signature", subject_id, rng_seed))
    jitter = np.random.default_rng(_seed("signature-take", subject_id, rng_seed, variation))
    strokes: list[np.ndarray] = []
    x = shape.uniform(0.08, 0.16)
    baseline = shape.uniform(0.55, 0.7)
    for _ in range(int(shape.integers(2, 4))):
        width = shape.uniform(0.15, 0.3)
        strokes.append(_stroke_path(shape, x, baseline + shape.uniform(-0.04, 0.04), width, shape.uniform(0.18, 0.3)))
        x += width + shape.uniform(0.04, 0.09)
        if x > 0.8:
            break
    if shape.random() < 0.6:
        strokes.append(_flourish(shape, strokes[0][0, 0], min(x, 0.92), baseline))

    samples: list[PenSample] = []
    dt = 1.0 / SAMPLE_RATE_HZ
    clock = 0.0

    def emit(point: np.ndarray, pressure: int, tip: bool) -> None:
        nonlocal clock
        px = float(np.clip(point[0], 0, 1)) * X_MAX
        py = float(np.clip(point[1], 0, 1)) * Y_MAX
        samples.append(PenSample(int(px), int(py), pressure, tip, True, round(clock, 4)))
        clock += dt

    first = strokes[0][0]
    for step in range(8):  # the pen approaches the pad before touching it
        emit(first + np.array([0.0, -0.02 * (8 - step) / 8]), 0, False)
    previous_end: np.ndarray | None = None
    for stroke in strokes:
        stroke = stroke + jitter.normal(0, 0.003, size=2)  # the whole word sits a little differently
        stroke = stroke * (1 + jitter.normal(0, 0.01))
        if previous_end is not None:
            for point in _hover(previous_end, stroke[0], jitter):
                emit(point, 0, False)
        count = len(stroke)
        ramp = np.minimum(1.0, np.minimum(np.arange(count) + 1, count - np.arange(count)) / 6.0)
        wave = 0.75 + 0.15 * np.sin(np.linspace(0, jitter.uniform(3, 7) * math.pi, count) + jitter.uniform(0, 6))
        pressures = np.clip(ramp * wave * PRESSURE_MAX, 1, PRESSURE_MAX).astype(int)
        for point, pressure in zip(stroke, pressures, strict=True):
            emit(point + jitter.normal(0, 0.0004, size=2), int(pressure), True)
        previous_end = stroke[-1]
    for _ in range(6):  # lifting away, still in range for a moment
        emit(previous_end + np.array([0.0, -0.01]), 0, False)
    last = samples[-1]
    samples.append(PenSample(last.x, last.y, 0, False, False, round(clock, 4)))
    return samples
