"""Synthetic near-infrared eye images for the iris simulator (no real person's data).

The iris texture is built in polar coordinates (radial fibres, crypts, a
collarette ring) and unwrapped around a dark pupil; eyelids, eyelashes and a
specular highlight from the illuminator complete the picture. Everything is
deterministic per (subject, eye, seed); ``impression`` varies gaze, pupil size
and noise like a re-capture.
"""

from __future__ import annotations

import functools
import hashlib
import math

import cv2
import numpy as np

IRIS_WIDTH = 640
IRIS_HEIGHT = 480
_TEXTURE_ANGLES = 720
_TEXTURE_RADII = 96


def _seed(*parts: object) -> int:
    digest = hashlib.blake2b("|".join(map(str, parts)).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little")


@functools.lru_cache(maxsize=32)
def _iris_texture(subject_id: int, eye: int, rng_seed: int) -> np.ndarray:
    """The person's iris pattern, unwrapped: rows are radius (pupil -> limbus), columns angle."""
    rng = np.random.default_rng(_seed("iris", subject_id, eye, rng_seed))
    fibres = rng.normal(0, 1, size=(_TEXTURE_RADII, _TEXTURE_ANGLES)).astype(np.float32)
    # Fibres run radially: smooth along the radius, sharp across angles.
    wrapped = np.pad(fibres, ((0, 0), (16, 16)), mode="wrap")  # angle wraps round: no seam
    smooth = np.asarray(cv2.GaussianBlur(wrapped, (0, 0), sigmaX=1.2, sigmaY=9.0))[:, 16:-16]
    texture = 0.5 + 0.18 * smooth / smooth.std()
    radius = np.linspace(0, 1, _TEXTURE_RADII, dtype=np.float32)[:, None]
    collarette = rng.uniform(0.28, 0.40)
    texture += 0.12 * np.exp(-((radius - collarette) / 0.04) ** 2)  # bright ring around the pupil zone
    texture -= 0.10 * (radius > collarette)  # ciliary zone is darker
    yy, xx = np.mgrid[0:_TEXTURE_RADII, 0:_TEXTURE_ANGLES].astype(np.float32)
    for _ in range(int(rng.integers(10, 22))):  # crypts: dark lens-shaped pits
        cy = rng.uniform(0.2, 0.85) * _TEXTURE_RADII
        cx = rng.uniform(0, _TEXTURE_ANGLES)
        dx = np.minimum(np.abs(xx - cx), _TEXTURE_ANGLES - np.abs(xx - cx))
        texture -= rng.uniform(0.15, 0.3) * np.exp(-((dx / rng.uniform(5, 14)) ** 2 + ((yy - cy) / rng.uniform(4, 9)) ** 2))
    for _ in range(int(rng.integers(2, 5))):  # furrows: dark circular contraction lines
        r0 = rng.uniform(0.55, 0.9) * _TEXTURE_RADII
        texture -= 0.08 * np.exp(-((yy - r0) / 1.5) ** 2)
    clipped: np.ndarray = np.clip(texture, 0.05, 1.0)
    clipped.setflags(write=False)
    return clipped


def synthesize_eye(
    subject_id: int, eye: int, *, impression: int = 0, quality: float = 1.0, rng_seed: int = 0
) -> np.ndarray:
    """A 640×480 uint8 NIR eye image. ``quality`` 0..1: lower means blur, droopy lids, noise."""
    if not 0.0 <= quality <= 1.0:
        raise ValueError("quality must be between 0 and 1")
    person = np.random.default_rng(_seed("eye-shape", subject_id, eye, rng_seed))
    rng = np.random.default_rng(_seed("eye-capture", subject_id, eye, impression, rng_seed, quality))
    degrade = 1.0 - quality
    iris_radius = person.uniform(108, 126)
    pupil_ratio = person.uniform(0.32, 0.42) + rng.uniform(-0.04, 0.04)  # pupil breathes with light
    pupil_radius = iris_radius * pupil_ratio
    cx = IRIS_WIDTH / 2 + rng.uniform(-25, 25)
    cy = IRIS_HEIGHT / 2 + rng.uniform(-15, 15)

    yy, xx = np.mgrid[0:IRIS_HEIGHT, 0:IRIS_WIDTH].astype(np.float32)
    # Skin: smooth, brighter towards the cheek, with slight pore texture.
    skin = 150 + 25 * (yy / IRIS_HEIGHT) + cv2.GaussianBlur(rng.normal(0, 6, (IRIS_HEIGHT, IRIS_WIDTH)).astype(np.float32), (0, 0), 3)
    image = skin.copy()

    # Eye opening: between two parabolic lids; a poor capture has a droopy upper lid.
    half_width = iris_radius * 2.3
    u = np.clip((xx - cx) / half_width, -1.5, 1.5)
    upper = cy - iris_radius * (person.uniform(0.85, 1.05) - 0.9 * degrade) * (1 - u * u)
    lower = cy + iris_radius * person.uniform(0.75, 0.95) * (1 - u * u)
    opening = (yy > upper) & (yy < lower) & (np.abs(u) < 1)
    sclera = 205 - 20 * np.abs(u)
    image = np.where(opening, sclera, image)

    dx, dy = xx - cx, yy - cy
    radius = np.sqrt(dx * dx + dy * dy)
    angle = np.mod(np.arctan2(dy, dx), 2 * math.pi)
    in_iris = opening & (radius < iris_radius)
    texture = _iris_texture(subject_id, eye, rng_seed)
    map_x = (angle / (2 * math.pi) * _TEXTURE_ANGLES).astype(np.float32)
    map_y = ((radius - pupil_radius) / (iris_radius - pupil_radius) * (_TEXTURE_RADII - 1)).astype(np.float32)
    iris = cv2.remap(texture, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    limbus = np.clip((iris_radius - radius) / 6.0, 0, 1)  # soft dark limbus edge
    iris_grey = 40 + 130 * iris * (0.7 + 0.3 * limbus)
    image = np.where(in_iris, iris_grey, image)
    image = np.where(opening & (radius < pupil_radius), 18 + rng.uniform(0, 6), image)

    # Eyelid shadow and eyelashes from the upper lid.
    image = np.where(opening, image * (0.75 + 0.25 * np.clip((yy - upper) / 25, 0, 1)), image)
    canvas = image.astype(np.float32)
    for _ in range(70):
        t = person.uniform(-0.95, 0.95)
        x0 = cx + t * half_width
        y0 = cy - iris_radius * (person.uniform(0.85, 1.05) - 0.9 * degrade) * (1 - t * t)
        length = person.uniform(20, 45)
        tilt = t * 0.9 + person.uniform(-0.2, 0.2)
        x1, y1 = x0 + length * math.sin(tilt), y0 + length * 0.6 * math.cos(tilt) - 10
        cv2.line(canvas, (int(x0), int(y0)), (int(x1), int(y1)), 35.0, 1, cv2.LINE_AA)

    # Specular highlights from the NIR illuminators, inside the pupil.
    for offset in (-0.35, 0.35):
        spot = (int(cx + offset * pupil_radius), int(cy - 0.3 * pupil_radius))
        cv2.circle(canvas, spot, 5, 250.0, -1, cv2.LINE_AA)

    canvas = np.asarray(cv2.GaussianBlur(canvas, (0, 0), 0.7 + 5.0 * degrade * degrade))
    canvas += rng.normal(0, 2.0 + 6.0 * degrade, size=canvas.shape)
    return np.clip(canvas, 0, 255).astype(np.uint8)
