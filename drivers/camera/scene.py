"""Frames for the simulated camera: a real portrait composited onto a photo backdrop.

The portrait is a cut-out (RGBA) of a public-domain photograph shipped in
``resources/faces/``; see the README there. Frames move and change light a
little over time, like a person sitting in front of a webcam.
"""

from __future__ import annotations

import functools
import math
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


@functools.lru_cache(maxsize=1)
def _portrait() -> np.ndarray:
    """The cut-out as float32 BGRA in 0..1 (read once)."""
    image = cv2.imread(str(PORTRAIT_FILE), cv2.IMREAD_UNCHANGED)
    if image is None or image.ndim != 3 or image.shape[2] != 4:
        raise FileNotFoundError(f"portrait cut-out missing or not RGBA: {PORTRAIT_FILE}")
    return image.astype(np.float32) / 255.0


@functools.lru_cache(maxsize=8)
def _backdrop(name: str, width: int, height: int) -> np.ndarray:
    """A plain cloth backdrop (soft fall-off of the light), or a room for ``scene``."""
    yy, xx = np.mgrid[0:height, 0:width].astype(np.float32)
    falloff = 1.0 - 0.12 * (((xx - width / 2) / width) ** 2 + ((yy - height / 2) / height) ** 2)
    if name in BACKGROUNDS:
        backdrop = np.empty((height, width, 3), np.float32)
        backdrop[:] = np.array(BACKGROUNDS[name], np.float32) / 255.0
        return backdrop * falloff[..., None]
    if name != "scene":
        raise ValueError(f"unknown background {name!r}; use red, blue, orange or scene")
    room = np.empty((height, width, 3), np.float32)
    room[:] = (0.72, 0.78, 0.80)  # pale wall
    room[int(height * 0.78):] = (0.30, 0.38, 0.45)  # floor
    cv2.rectangle(room, (int(width * 0.06), int(height * 0.12)), (int(width * 0.24), int(height * 0.62)),
                  (0.85, 0.80, 0.62), -1)  # window
    cv2.rectangle(room, (int(width * 0.78), int(height * 0.20)), (int(width * 0.92), int(height * 0.78)),
                  (0.25, 0.35, 0.50), -1)  # door
    cv2.rectangle(room, (int(width * 0.40), int(height * 0.08)), (int(width * 0.60), int(height * 0.22)),
                  (0.30, 0.55, 0.35), -1)  # notice board
    return room * falloff[..., None]


def _paste(canvas: np.ndarray, sprite: np.ndarray, scale: float, centre_x: float, top: float) -> None:
    """Alpha-blend the scaled portrait onto ``canvas`` with its head centred at ``centre_x``."""
    height, width = canvas.shape[:2]
    # The head sits at about x=225 of the 512-px cut-out.
    matrix = np.array([[scale, 0, centre_x - 225 * scale], [0, scale, top]], np.float32)
    warped = cv2.warpAffine(sprite, matrix, (width, height), flags=cv2.INTER_LINEAR,
                            borderMode=cv2.BORDER_CONSTANT, borderValue=(0, 0, 0, 0))
    alpha = warped[..., 3:4]
    canvas *= 1.0 - alpha
    canvas += warped[..., :3] * alpha


def render_frame(
    index: int, *, width: int = 1280, height: int = 720, background: str = "red",
    scenario: str = "face", dirty: bool = False, seed: int = 0,
) -> np.ndarray:
    """Frame number ``index`` of the live view (uint8 BGR, H×W×3), repeatable per seed."""
    if scenario not in SCENARIOS:
        raise ValueError(f"unknown scenario {scenario!r}; use {', '.join(SCENARIOS)}")
    phase = index / 15.0 + (seed % 97)
    canvas = _backdrop(background, width, height).copy()
    base = height / 360.0  # the cut-out's face fills about a third of the frame height
    if scenario == "face":
        sway = 10 * math.sin(phase * 0.9) + 4 * math.sin(phase * 2.3)
        bob = 5 * math.sin(phase * 0.7 + 1.0)
        scale = base * (1.0 + 0.015 * math.sin(phase * 0.5))
        _paste(canvas, _portrait(), scale, width / 2 + sway * base / 2, height * 0.11 + bob)
    elif scenario == "two_faces":
        scale = base * 0.72
        for offset, lag in ((-0.23, 0.0), (0.23, 1.7)):
            sway = 6 * math.sin(phase * 0.9 + lag)
            _paste(canvas, _portrait(), scale, width * (0.5 + offset) + sway, height * 0.14)
    # Lighting: the room light drifts a little and comes more from one side.
    gain = 1.0 + 0.06 * math.sin(phase * 0.4)
    side = 0.05 * math.sin(phase * 0.25)
    ramp = 1.0 + side * np.linspace(-1, 1, width, dtype=np.float32)
    canvas *= gain * ramp[None, :, None]
    image = canvas * 255.0
    if dirty:  # smeared lens: soft and hazy
        image = cv2.GaussianBlur(image, (0, 0), 6.0) * 0.7 + 70.0
    rng = np.random.default_rng((seed * 1_000_003 + index) & 0xFFFFFFFF)
    image += rng.normal(0, 2.0, size=(height, width, 1)).astype(np.float32)
    return np.clip(image, 0, 255).astype(np.uint8)
