"""Frames for the simulated camera: a real portrait composited onto a photo backdrop.

The portrait is a cut-out (RGBA) of a public-domain photograph shipped in
``resources/faces/``; see the README there. Frames move and change light a
little over time, like a person sitting in front of a webcam.

Rendering is cheap enough for 30 frames/s beside the face checks: the backdrop,
the scaled cut-out (premultiplied, 8-bit) and a sensor-noise plane are made once
and cached; a frame is a copy of the backdrop, the portrait blended in at a
whole-pixel offset, the light drift applied through lookup tables per column
band, and a window of the noise plane added.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

FACES_DIR = Path(__file__).resolve().parents[2] / "resources" / "faces"
PORTRAIT_FILE = FACES_DIR / "astronaut_cutout.png"

# BGR backdrop colours close to what recording offices hang behind the chair.
BACKGROUNDS: dict[str, tuple[int, int, int]] = {
    "red": (38, 30, 196),
    "blue": (178, 96, 24),
    "orange": (24, 120, 240),
}
SCENARIOS: tuple[str, ...] = ("face", "no_face", "two_faces")
_HEAD_X = 225  # the head's centre in the 512-px cut-out
_LIGHT_BANDS = 16  # adjacent bands differ by under one grey level
_NOISE_MARGIN = 64


@functools.lru_cache(maxsize=1)
def _portrait() -> np.ndarray:
    """The cut-out as float32 BGRA in 0..1 (read once)."""
    image = cv2.imread(str(PORTRAIT_FILE), cv2.IMREAD_UNCHANGED)
    if image is None or image.ndim != 3 or image.shape[2] != 4:
        raise FileNotFoundError(f"portrait cut-out missing or not RGBA: {PORTRAIT_FILE}")
    return image.astype(np.float32) / 255.0


@functools.lru_cache(maxsize=8)
def _backdrop(name: str, width: int, height: int) -> np.ndarray:
    """A plain cloth backdrop (soft fall-off of the light), or a room for ``scene`` (uint8 BGR, read-only)."""
    yy, xx = np.mgrid[0:height, 0:width].astype(np.float32)
    falloff = 1.0 - 0.12 * (((xx - width / 2) / width) ** 2 + ((yy - height / 2) / height) ** 2)
    if name in BACKGROUNDS:
        backdrop = np.empty((height, width, 3), np.float32)
        backdrop[:] = np.array(BACKGROUNDS[name], np.float32) / 255.0
    elif name == "scene":
        backdrop = np.empty((height, width, 3), np.float32)
        backdrop[:] = (0.72, 0.78, 0.80)  # pale wall
        backdrop[int(height * 0.78):] = (0.30, 0.38, 0.45)  # floor
        cv2.rectangle(backdrop, (int(width * 0.06), int(height * 0.12)), (int(width * 0.24), int(height * 0.62)),
                      (0.85, 0.80, 0.62), -1)  # window
        cv2.rectangle(backdrop, (int(width * 0.78), int(height * 0.20)), (int(width * 0.92), int(height * 0.78)),
                      (0.25, 0.35, 0.50), -1)  # door
        cv2.rectangle(backdrop, (int(width * 0.40), int(height * 0.08)), (int(width * 0.60), int(height * 0.22)),
                      (0.30, 0.55, 0.35), -1)  # notice board
    else:
        raise ValueError(f"unknown background {name!r}; use red, blue, orange or scene")
    image: np.ndarray = np.clip(backdrop * falloff[..., None] * 255.0 + 0.5, 0, 255).astype(np.uint8)
    image.setflags(write=False)
    return image


@dataclass(frozen=True)
class _Sprite:
    """The cut-out scaled once: premultiplied colour and 255 - alpha, both uint8, cropped to the figure."""

    colour: np.ndarray
    inverse_alpha: np.ndarray
    head_x: int  # where the head's centre is, in sprite pixels


@functools.lru_cache(maxsize=16)
def _sprite(scale_permille: int) -> _Sprite:
    scale = scale_permille / 1000.0
    portrait = _portrait()
    height, width = portrait.shape[:2]
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    scaled = cv2.resize(portrait, size, interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR)
    alpha = np.clip(scaled[..., 3:4], 0.0, 1.0)
    colour = np.clip(scaled[..., :3] * alpha * 255.0 + 0.5, 0, 255).astype(np.uint8)
    inverse = np.repeat(np.clip((1.0 - alpha) * 255.0 + 0.5, 0, 255).astype(np.uint8), 3, axis=2)
    for array in (colour, inverse):
        array.setflags(write=False)
    return _Sprite(colour, inverse, round(_HEAD_X * scale))


def _paste(canvas: np.ndarray, sprite: _Sprite, centre_x: float, top: float) -> None:
    """Alpha-blend ``sprite`` onto ``canvas`` (in place) with its head centred at ``centre_x``."""
    height, width = canvas.shape[:2]
    sprite_height, sprite_width = sprite.colour.shape[:2]
    left, top_px = round(centre_x) - sprite.head_x, round(top)
    x0, y0 = max(left, 0), max(top_px, 0)
    x1, y1 = min(left + sprite_width, width), min(top_px + sprite_height, height)
    if x1 <= x0 or y1 <= y0:
        return
    region = canvas[y0:y1, x0:x1]
    sx, sy = x0 - left, y0 - top_px
    window = (slice(sy, sy + y1 - y0), slice(sx, sx + x1 - x0))
    kept = cv2.multiply(region, sprite.inverse_alpha[window], scale=1.0 / 255.0)
    cv2.add(kept, sprite.colour[window], dst=region)


@functools.lru_cache(maxsize=4)
def _noise(width: int, height: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Sensor noise (σ 2 grey levels) as a positive and a negative uint8 plane, a margin larger than a frame."""
    rng = np.random.default_rng(seed)
    noise = np.rint(rng.normal(0, 2.0, size=(height + _NOISE_MARGIN, width + _NOISE_MARGIN, 1)))
    noise = np.repeat(noise, 3, axis=2)
    positive = np.clip(noise, 0, 255).astype(np.uint8)
    negative = np.clip(-noise, 0, 255).astype(np.uint8)
    for plane in (positive, negative):
        plane.setflags(write=False)
    return positive, negative


def _light(image: np.ndarray, gain: float, side: float) -> None:
    """The room light (in place): an overall gain and a left-right ramp, one lookup table per column band."""
    width = image.shape[1]
    levels = np.arange(256, dtype=np.float32)
    bands = np.linspace(0, width, _LIGHT_BANDS + 1).astype(int)
    for index in range(_LIGHT_BANDS):
        x0, x1 = bands[index], bands[index + 1]
        ramp = 1.0 + side * ((x0 + x1) / width - 1.0)
        table = np.clip(levels * (gain * ramp) + 0.5, 0, 255).astype(np.uint8)
        band = image[:, x0:x1]
        band[...] = cv2.LUT(band, table)


def render_frame(
    index: int, *, width: int = 1280, height: int = 720, background: str = "red",
    scenario: str = "face", dirty: bool = False, seed: int = 0, fps: float = 30.0,
) -> np.ndarray:
    """Frame number ``index`` of the live view at ``fps`` (uint8 BGR, H×W×3), repeatable per seed.

    The person moves at the same pace whatever the frame rate.
    """
    if scenario not in SCENARIOS:
        raise ValueError(f"unknown scenario {scenario!r}; use {', '.join(SCENARIOS)}")
    phase = index / fps + (seed % 97)
    image = _backdrop(background, width, height).copy()
    base = height / 360.0  # the cut-out's face fills about a third of the frame height
    if scenario == "face":
        sway = 10 * math.sin(phase * 0.9) + 4 * math.sin(phase * 2.3)
        bob = 5 * math.sin(phase * 0.7 + 1.0)
        breathing = round(2 * math.sin(phase * 0.5)) / 2  # -1, -0.5, 0, 0.5, 1: a few cached sizes
        sprite = _sprite(round(base * (1.0 + 0.015 * breathing) * 1000))
        _paste(image, sprite, width / 2 + sway * base / 2, height * 0.11 + bob)
    elif scenario == "two_faces":
        sprite = _sprite(round(base * 0.72 * 1000))
        for offset, lag in ((-0.23, 0.0), (0.23, 1.7)):
            sway = 6 * math.sin(phase * 0.9 + lag)
            _paste(image, sprite, width * (0.5 + offset) + sway, height * 0.14)
    _light(image, 1.0 + 0.06 * math.sin(phase * 0.4), 0.05 * math.sin(phase * 0.25))
    if dirty:  # smeared lens: soft and hazy (blurred at a quarter of the size: the same look, far cheaper)
        small = cv2.resize(image, (max(1, width // 4), max(1, height // 4)), interpolation=cv2.INTER_AREA)
        small = cv2.GaussianBlur(small, (0, 0), 1.5)
        image = cv2.resize(small, (width, height), interpolation=cv2.INTER_LINEAR)
        image = cv2.convertScaleAbs(image, alpha=0.7, beta=70.0)
    positive, negative = _noise(width, height, seed)
    rng = np.random.default_rng((seed * 1_000_003 + index) & 0xFFFFFFFF)
    dx, dy = (int(v) for v in rng.integers(0, _NOISE_MARGIN, size=2))
    cv2.add(image, positive[dy:dy + height, dx:dx + width], dst=image)
    cv2.subtract(image, negative[dy:dy + height, dx:dx + width], dst=image)
    return image
