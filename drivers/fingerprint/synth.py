"""Synthetic fingerprints for the simulator, tests and demos (no real person's data).

A *master* ridge pattern is grown per (subject, finger) the SFinGe way: random
seeds are repeatedly filtered with Gabor kernels that follow an orientation
field built from the finger's cores and deltas (arch, loop or whorl), which
makes ridges flow naturally and leaves ridge endings and bifurcations (the
minutiae) where the flow is disturbed. Every *impression* is a re-capture of
the same master: shifted, rotated, elastically distorted, pressed a little
harder or softer, with fresh sensor noise, so the same finger matches itself
under Bozorth3 while other fingers do not.
"""

from __future__ import annotations

import functools
import hashlib
import math
from dataclasses import dataclass

import cv2
import numpy as np

from drivers.fingerprint.base import SLAP_LAYOUT, FingerPosition
from drivers.simulation import quality_level

FINGER_WIDTH = 320
FINGER_HEIGHT = 400
_MASTER_MARGIN = 48  # extra master pixels on each side so an impression can move
_ORIENTATION_BINS = 16
_GROWTH_ITERATIONS = 11
# Rendering knobs, tuned against NFIQ 2 (nbis-py): "good" scores about 50-65,
# "poor" about 5-20. Even the best impression has some smudge, dryness and noise,
# as real prints do (NFIQ 2 rates perfectly clean binary ridges lower).
_BEST_DEGRADE = 0.35
_BLUR_BASE = 1.0
_BLUR_GAIN = 1.0
_SMUDGE_GAIN = 1.2
_PARTIAL_FROM = 0.5
_CONTRAST_LOSS = 0.5
_NOISE_GAIN = 12.0
_DRY_GAIN = 1.0
_DRY_SCALE = 2.5

# Which fingers lie on the glass, left to right, for each slap (defined once, in the base).
SLAP_FINGERS = SLAP_LAYOUT


def _seed(*parts: object) -> int:
    """A stable 64-bit seed from any parts (Python's hash() is salted per process)."""
    digest = hashlib.blake2b("|".join(map(str, parts)).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little")


@dataclass(frozen=True)
class _Pattern:
    """Where a finger's singular points are, in master pixel coordinates."""

    kind: str
    cores: tuple[tuple[float, float], ...]
    deltas: tuple[tuple[float, float], ...]
    rotation: float
    period: float


def _choose_pattern(rng: np.random.Generator, position: FingerPosition, width: int, height: int) -> _Pattern:
    """Pick a pattern class with roughly the population's frequencies (loops most common)."""
    kind = rng.choice(["loop", "whorl", "arch", "tented_arch"], p=[0.6, 0.28, 0.06, 0.06])
    cx = width / 2 + rng.uniform(-0.08, 0.08) * width
    cy = height * rng.uniform(0.40, 0.50)
    rotation = rng.uniform(-0.25, 0.25)
    period = rng.uniform(8.4, 9.8)
    # Loops open towards the thumb side on most fingers: mirror by hand.
    side = -1.0 if position.value in (1, 2, 3, 4, 5) else 1.0
    if rng.random() < 0.15:
        side = -side
    cores: tuple[tuple[float, float], ...]
    deltas: tuple[tuple[float, float], ...]
    if kind == "loop":
        cores = ((cx + side * 0.04 * width, cy),)
        deltas = ((cx - side * rng.uniform(0.28, 0.38) * width, cy + rng.uniform(0.25, 0.33) * height),)
    elif kind == "whorl":
        spread = rng.uniform(0.02, 0.06) * height
        cores = ((cx, cy - spread), (cx + rng.uniform(-0.02, 0.02) * width, cy + spread))
        dy = cy + rng.uniform(0.24, 0.32) * height
        deltas = ((cx - rng.uniform(0.30, 0.38) * width, dy), (cx + rng.uniform(0.30, 0.38) * width, dy))
    elif kind == "tented_arch":
        cores = ((cx, cy),)
        deltas = ((cx + rng.uniform(-0.02, 0.02) * width, cy + rng.uniform(0.12, 0.16) * height),)
    else:
        cores, deltas = (), ()
    return _Pattern(str(kind), cores, deltas, rotation, period)


def _orientation_field(pattern: _Pattern, width: int, height: int, rng: np.random.Generator) -> np.ndarray:
    """Ridge direction (radians, mod pi) at every pixel: Sherlock–Monro zero-pole model."""
    yy, xx = np.mgrid[0:height, 0:width].astype(np.float64)
    if pattern.kind == "arch":
        # Ridges bulge upwards in the middle, flatter towards the bottom of the finger.
        amplitude = rng.uniform(0.5, 0.9) * (1.2 - yy / height)
        u = (xx - width / 2) / (0.28 * width)
        theta = np.arctan(-amplitude * 2 * u * np.exp(-u * u))
    else:
        theta = np.zeros_like(xx)
        for x0, y0 in pattern.cores:
            theta += 0.5 * np.arctan2(yy - y0, xx - x0)
        for x0, y0 in pattern.deltas:
            theta -= 0.5 * np.arctan2(yy - y0, xx - x0)
    # A gentle, finger-specific bend so two fingers of one class still differ.
    bend = rng.uniform(-0.25, 0.25) * np.sin(xx / width * math.pi * rng.uniform(0.5, 1.5) + rng.uniform(0, 6))
    bend += rng.uniform(-0.2, 0.2) * np.cos(yy / height * math.pi * rng.uniform(0.5, 1.5))
    field: np.ndarray = np.mod(theta + pattern.rotation + bend, math.pi)
    return field


@dataclass(frozen=True)
class _SeparableGabor:
    """An isotropic even Gabor kernel as two separable parts (cos·cos − sin·sin) minus its mean.

    Filtering with it equals ``cv2.filter2D`` with the full zero-mean 2-D kernel,
    at a fraction of the cost.
    """

    cos_x: np.ndarray
    cos_y: np.ndarray
    sin_x: np.ndarray
    sin_y: np.ndarray
    mean: float
    scale: float
    size: int

    def apply(self, field: np.ndarray, box_sum: np.ndarray) -> np.ndarray:
        border = cv2.BORDER_REFLECT
        even = cv2.sepFilter2D(field, cv2.CV_32F, self.cos_x, self.cos_y, borderType=border)
        odd = cv2.sepFilter2D(field, cv2.CV_32F, self.sin_x, self.sin_y, borderType=border)
        return (even - odd - self.mean * box_sum) * self.scale


@functools.lru_cache(maxsize=32)
def _gabor_bank(period: float) -> tuple[_SeparableGabor, ...]:
    """Even-symmetric Gabor kernels whose stripes run along each orientation bin."""
    kernels = []
    size = int(round(period * 1.8)) | 1
    sigma = period * 0.42
    u = np.arange(size, dtype=np.float64) - size // 2
    envelope = np.exp(-u * u / (2 * sigma * sigma))
    for index in range(_ORIENTATION_BINS):
        normal = math.pi * index / _ORIENTATION_BINS + math.pi / 2  # the wave runs across the ridges
        a = 2 * math.pi * math.cos(normal) / period
        b = 2 * math.pi * math.sin(normal) / period
        cos_x, sin_x = envelope * np.cos(a * u), envelope * np.sin(a * u)
        cos_y, sin_y = envelope * np.cos(b * u), envelope * np.sin(b * u)
        full = np.outer(cos_y, cos_x) - np.outer(sin_y, sin_x)
        mean = float(full.mean())
        scale = 1.0 / float(np.abs(full - mean).sum())
        kernels.append(_SeparableGabor(cos_x.astype(np.float32), cos_y.astype(np.float32),
                                       sin_x.astype(np.float32), sin_y.astype(np.float32), mean, scale, size))
    return tuple(kernels)


def _grow_ridges(orientation: np.ndarray, period: float, rng: np.random.Generator) -> np.ndarray:
    """Grow a ridge field in [-1, 1] from random seeds by oriented Gabor filtering.

    Each orientation bin is filtered only inside the bounding box of its pixels
    (plus the kernel's reach), with separable kernels, which keeps a new finger
    at a few hundred milliseconds.
    """
    height, width = orientation.shape
    bins = np.round(orientation / math.pi * _ORIENTATION_BINS).astype(np.int32) % _ORIENTATION_BINS
    bank = _gabor_bank(period)
    size = bank[0].size
    reach = size // 2 + 1
    regions = []
    for index in range(_ORIENTATION_BINS):
        rows = np.flatnonzero((bins == index).any(axis=1))
        cols = np.flatnonzero((bins == index).any(axis=0))
        if rows.size == 0:
            continue
        top, bottom = max(rows[0] - reach, 0), min(rows[-1] + reach + 1, height)
        left, right = max(cols[0] - reach, 0), min(cols[-1] + reach + 1, width)
        window = (slice(top, bottom), slice(left, right))
        regions.append((bank[index], window, bins[window] == index))
    field = (rng.random((height, width)) - 0.5).astype(np.float32)
    field *= rng.random((height, width)) < 0.08
    for _ in range(_GROWTH_ITERATIONS):
        grown = np.zeros_like(field)
        box_sum = cv2.boxFilter(field, cv2.CV_32F, (size, size), normalize=False, borderType=cv2.BORDER_REFLECT)
        for kernel, window, mask in regions:
            np.copyto(grown[window], kernel.apply(field[window], box_sum[window]), where=mask)
        field = np.clip(grown * 12.0, -1.0, 1.0)
    return field


@functools.lru_cache(maxsize=64)
def _master(subject_id: int, position: FingerPosition, rng_seed: int) -> np.ndarray:
    """The finger's own ridge field (cached: it never changes for a finger)."""
    rng = np.random.default_rng(_seed("master", subject_id, int(position), rng_seed))
    width = FINGER_WIDTH + 2 * _MASTER_MARGIN
    height = FINGER_HEIGHT + 2 * _MASTER_MARGIN
    pattern = _choose_pattern(rng, position, width, height)
    orientation = _orientation_field(pattern, width, height, rng)
    field = _grow_ridges(orientation, pattern.period, rng)
    field.setflags(write=False)
    return field


def _finger_mask(width: int, height: int, rng: np.random.Generator, pressure: float) -> np.ndarray:
    """Soft-edged contact area of a fingertip (an upright ellipse, wider when pressed hard)."""
    yy, xx = np.mgrid[0:height, 0:width].astype(np.float32)
    cx = width / 2 + rng.uniform(-10, 10)
    cy = height * 0.52 + rng.uniform(-10, 10)
    rx = width * (0.40 + 0.04 * pressure)
    ry = height * (0.47 + 0.03 * pressure)
    distance = ((xx - cx) / rx) ** 2 + ((yy - cy) / ry) ** 2
    mask: np.ndarray = np.clip((1.0 - distance) * 6.0, 0.0, 1.0)
    return mask


def _impression_warp(field: np.ndarray, rng: np.random.Generator, strength: float) -> np.ndarray:
    """Shift, rotate and elastically distort the master, then crop it to the output size."""
    height, width = field.shape
    angle = rng.uniform(-7, 7) * strength
    shift = rng.uniform(-14, 14, size=2) * strength
    matrix = np.asarray(cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0), dtype=np.float64)
    matrix[:, 2] += shift
    # Smooth random displacement: skin stretching under pressure.
    coarse = rng.normal(0, 2.2 * strength, size=(2, 6, 5)).astype(np.float32)
    dx = cv2.resize(coarse[0], (width, height), interpolation=cv2.INTER_CUBIC)
    dy = cv2.resize(coarse[1], (width, height), interpolation=cv2.INTER_CUBIC)
    yy, xx = np.mgrid[0:height, 0:width].astype(np.float32)
    inverse = cv2.invertAffineTransform(matrix)
    map_x = inverse[0, 0] * xx + inverse[0, 1] * yy + inverse[0, 2] + dx
    map_y = inverse[1, 0] * xx + inverse[1, 1] * yy + inverse[1, 2] + dy
    warped = cv2.remap(field, map_x.astype(np.float32), map_y.astype(np.float32), cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT)
    m = _MASTER_MARGIN
    return warped[m:m + FINGER_HEIGHT, m:m + FINGER_WIDTH]


def _degrade(level: float) -> float:
    """How far from a clean print a quality level renders (never perfectly clean)."""
    return _BEST_DEGRADE + (1.0 - _BEST_DEGRADE) * (1.0 - level)


def _platen_grey(degrade: float) -> float:
    return 235.0 - 20.0 * degrade


def _render(field: np.ndarray, rng: np.random.Generator, level: float, pressure: float) -> np.ndarray:
    """Turn a ridge field into a scanner image: dark ridges on a light platen, sensor noise."""
    height, width = field.shape
    mask = _finger_mask(width, height, rng, pressure)
    degrade = _degrade(level)
    # Pressure thickens or thins ridges; a poor print is smeared, washed out and noisy.
    ridges = 1.0 / (1.0 + np.exp(-(field + 0.15 * (pressure - 0.5)) * 4.0))
    ridges = np.asarray(cv2.GaussianBlur(ridges, (0, 0), _BLUR_BASE + _BLUR_GAIN * degrade * degrade))
    blobs = rng.normal(0, 1, size=(8, 7)).astype(np.float32)
    smudge = cv2.resize(blobs, (width, height), interpolation=cv2.INTER_CUBIC)
    smudge = np.clip(smudge * degrade * _SMUDGE_GAIN, 0, 1)
    ridges = ridges * (1 - smudge) + smudge * rng.uniform(0.4, 0.9)
    # Dry skin: ridges break up into dots and dashes.
    grain = cv2.GaussianBlur(rng.normal(0, 1, size=(height, width)).astype(np.float32), (0, 0), _DRY_SCALE)
    breaks = np.clip((grain / grain.std() + 1.0 - 2.0 * degrade) * 2.0, 0, 1)
    ridges = ridges * (1 - _DRY_GAIN * degrade * (1 - breaks))
    if degrade > _PARTIAL_FROM:
        cut = int(height * rng.uniform(0.3, 0.45))  # finger only partly on the glass
        mask[:cut] *= np.linspace(0, 1, cut, dtype=np.float32)[:, None] ** 3
    depth = 190.0 * (1.0 - _CONTRAST_LOSS * degrade)
    background = _platen_grey(degrade)
    image = background - depth * ridges * mask
    image += rng.normal(0, 3.0 + _NOISE_GAIN * degrade, size=image.shape)
    print_image: np.ndarray = np.clip(image, 0, 255).astype(np.uint8)
    return print_image


def synthesize_fingerprint(
    subject_id: int,
    position: FingerPosition,
    *,
    impression: int = 0,
    quality: str | float = "good",
    rng_seed: int = 0,
) -> np.ndarray:
    """A 500 ppi greyscale image (uint8, dark ridges on light) of one finger or a slap.

    Repeatable for equal arguments; a different ``impression`` is a fresh
    capture of the same finger. ``quality`` is "good", "fair", "poor" or 0..1.
    Single fingers are 400×320 (H×W); slaps put the fingers side by side.
    """
    position = FingerPosition(position)
    level = quality_level(quality)
    if position in SLAP_FINGERS:
        return synthesize_slap(subject_id, position, impression=impression, quality=level, rng_seed=rng_seed).image
    if not position.is_single_finger:
        raise ValueError(f"cannot synthesise position {position.name}")
    rng = np.random.default_rng(_seed("impression", subject_id, int(position), impression, rng_seed, level))
    strength = 0.0 if impression == 0 else 1.0
    field = _impression_warp(_master(subject_id, position, rng_seed), rng, max(strength, 0.25))
    pressure = rng.uniform(0.3, 0.7)
    return _render(field, rng, level, pressure)


@dataclass(frozen=True)
class SyntheticSlap:
    """A synthetic slap image and where each finger really is in it (x0, y0, x1, y1), for tests."""

    image: np.ndarray
    boxes: dict[FingerPosition, tuple[int, int, int, int]]
    tilts: dict[FingerPosition, float]  # degrees, counter-clockwise as cv2 rotates


def synthesize_slap(
    subject_id: int, slap: FingerPosition, *, impression: int = 0, quality: str | float = "good",
    rng_seed: int = 0, missing: tuple[FingerPosition, ...] | frozenset[FingerPosition] = (),
) -> SyntheticSlap:
    """Fingers side by side on one platen, slightly tilted and staggered like a real slap.

    ``missing`` fingers leave their place on the glass empty (an amputation or a bandage).
    """
    fingers = SLAP_FINGERS[FingerPosition(slap)]
    level = quality_level(quality)
    rng = np.random.default_rng(_seed("slap", subject_id, int(slap), impression, rng_seed, level))
    width = 1600 if len(fingers) == 4 else 1000
    height = 700
    degrade = _degrade(level)
    background = _platen_grey(degrade)
    darkness = np.zeros((height, width), dtype=np.float32)
    slot = width // len(fingers)
    boxes: dict[FingerPosition, tuple[int, int, int, int]] = {}
    tilts: dict[FingerPosition, float] = {}
    for index, finger in enumerate(fingers):
        # Middle fingers reach higher on the glass; the little finger sits lower.
        lift = {0: 80, 1: 20, 2: 40, 3: 120}[index] if len(fingers) == 4 else 100
        lift += int(rng.integers(-15, 16))
        tilt = rng.uniform(-8, 8) + (index - (len(fingers) - 1) / 2) * 4
        if finger in missing:
            continue
        tip = synthesize_fingerprint(subject_id, finger, impression=impression, quality=level, rng_seed=rng_seed)
        rotation = cv2.getRotationMatrix2D((FINGER_WIDTH / 2, FINGER_HEIGHT / 2), tilt, 1.0)
        # Only what is darker than the platen is finger; the tile's own noise is dropped.
        tip_darkness = np.clip(background - 8.0 - tip.astype(np.float32), 0, None)
        tip_darkness = cv2.warpAffine(tip_darkness, rotation, (FINGER_WIDTH, FINGER_HEIGHT), flags=cv2.INTER_LINEAR)
        x0 = index * slot + (slot - FINGER_WIDTH) // 2
        region = darkness[lift:lift + FINGER_HEIGHT, x0:x0 + FINGER_WIDTH]
        np.maximum(region, tip_darkness, out=region)
        ys, xs = np.nonzero(cv2.GaussianBlur(tip_darkness, (0, 0), 6.0) > 12.0)
        if len(xs):
            boxes[finger] = (x0 + int(xs.min()), lift + int(ys.min()), x0 + int(xs.max()) + 1, lift + int(ys.max()) + 1)
            tilts[finger] = float(tilt)
    image = background - darkness + rng.normal(0, 3.0 + _NOISE_GAIN * degrade, size=darkness.shape)
    return SyntheticSlap(np.clip(image, 0, 255).astype(np.uint8), boxes, tilts)
