"""Synthetic sample images for the benchmark, demos and tests: never a real applicant's data.

``compose_portrait`` puts the public-domain astronaut portrait bundled in
``resources/faces/`` (see the README there) on a plain backdrop; ``synthetic_eye``
draws a near-infrared-looking eye from noise. Both are deterministic for a seed.
"""

from __future__ import annotations

import functools
from pathlib import Path

import cv2
import numpy as np

from app.errors import InputError

PORTRAIT_FILE = Path(__file__).resolve().parents[2] / "resources" / "faces" / "astronaut_cutout.png"
BACKDROPS_BGR = {"red": (40, 30, 200), "blue": (200, 90, 30), "orange": (30, 130, 240), "grey": (150, 150, 150)}


@functools.lru_cache(maxsize=1)
def _head_and_shoulders() -> tuple[np.ndarray, np.ndarray]:
    """The portrait's head and shoulders (BGR) and a mask of them; the face box is about 97 px high.

    Raises:
        InputError: the bundled portrait file is missing or damaged.
    """
    portrait = cv2.imread(str(PORTRAIT_FILE), cv2.IMREAD_UNCHANGED)
    if portrait is None or portrait.ndim != 3 or portrait.shape[2] != 4:
        raise InputError(f"Contoh wajah tidak ada atau rusak: {PORTRAIT_FILE}",
                         f"The sample portrait is missing or damaged: {PORTRAIT_FILE}")
    image = np.ascontiguousarray(portrait[0:330, 90:360, :3])
    mask = np.zeros(image.shape[:2], dtype=np.uint8)
    cv2.ellipse(mask, (135, 108), (78, 100), 0, 0, 360, 255, -1)
    mask[175:, 20:250] = 255
    return image, mask


def compose_portrait(backdrop: str = "red", size: tuple[int, int] = (640, 480), *, shift: tuple[int, int] = (0, 0),
                     face_height: float = 0.4, angle: float = 0.0, seed: int = 0) -> np.ndarray:
    """A BGR frame ``size`` (width, height) with the head centred (+ ``shift``), tilted by ``angle`` degrees."""
    width, height = size
    person, mask = _head_and_shoulders()
    scale = face_height * height / 97
    person = cv2.resize(person, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    mask = cv2.resize(mask, None, fx=scale, fy=scale, interpolation=cv2.INTER_NEAREST)
    if angle:
        centre = (135 * scale, 108 * scale)
        matrix = cv2.getRotationMatrix2D(centre, angle, 1.0)
        person = cv2.warpAffine(person, matrix, person.shape[1::-1], borderMode=cv2.BORDER_REPLICATE)
        mask = cv2.warpAffine(mask, matrix, mask.shape[1::-1], flags=cv2.INTER_NEAREST)
    rng = np.random.default_rng(seed)
    frame = np.empty((height, width, 3), dtype=np.uint8)
    frame[:] = BACKDROPS_BGR[backdrop]
    frame = np.clip(frame.astype(np.int16) + rng.integers(-4, 5, frame.shape), 0, 255).astype(np.uint8)
    # Place the face centre (about (135, 115) in the cut-out) at the frame centre + shift.
    left = round(width / 2 - 135 * scale) + shift[0]
    top = round(height / 2 - 115 * scale) + shift[1]
    _paste(frame, person, mask, left, top)
    return frame


def _paste(frame: np.ndarray, part: np.ndarray, mask: np.ndarray, left: int, top: int) -> None:
    height, width = frame.shape[:2]
    x0, y0 = max(0, left), max(0, top)
    x1, y1 = min(width, left + part.shape[1]), min(height, top + part.shape[0])
    if x0 >= x1 or y0 >= y1:
        return
    region = (slice(y0, y1), slice(x0, x1))
    source = (slice(y0 - top, y1 - top), slice(x0 - left, x1 - left))
    keep = mask[source] > 0
    frame[region][keep] = part[source][keep]


def synthetic_eye(*, iris_radius: int = 110, pupil_radius: int = 40, centre: tuple[int, int] = (320, 240),
                  eyelid_gap: float = 2.0, seed: int = 3) -> np.ndarray:
    """A 640×480 near-infrared-looking eye: textured iris, dark pupil with a glint, sclera and skin.

    ``eyelid_gap`` is the half-opening of the lids in iris radii (2 = wide open, 0.3 = nearly closed).
    """
    rng = np.random.default_rng(seed)
    height, width = 480, 640
    yy, xx = np.mgrid[:height, :width].astype(np.float32)
    dx, dy = xx - centre[0], yy - centre[1]
    distance, angle = np.hypot(dx, dy), np.arctan2(dy, dx)
    eye = np.full((height, width), 175.0, dtype=np.float32)  # skin
    eye[(dx / 2.6) ** 2 + dy ** 2 <= (iris_radius * 1.05) ** 2] = 205.0  # sclera
    # Iris texture: radial streaks and crypts.
    streaks = rng.normal(0, 1, 180)
    texture = np.interp((angle + np.pi) / (2 * np.pi) * 180, np.arange(180), np.convolve(streaks, np.ones(3) / 3, "same"))
    iris = 105 + 18 * texture + 10 * np.sin(distance / 3.0) + rng.normal(0, 6, (height, width))
    eye = np.where(distance <= iris_radius, iris, eye)
    eye[distance <= pupil_radius] = 18.0
    eye[np.hypot(dx + pupil_radius * 0.3, dy + pupil_radius * 0.3) <= 5] = 250.0  # the illuminator's glint
    lids = np.abs(dy) > eyelid_gap * iris_radius
    eye[lids] = 175.0 + rng.normal(0, 3, int(lids.sum()))
    eye = cv2.GaussianBlur(eye, (0, 0), 0.8)
    return np.clip(eye, 0, 255).astype(np.uint8)
