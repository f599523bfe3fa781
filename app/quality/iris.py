"""The iris gate: find the pupil and the iris, then judge size, visibility, focus and exposure.

The pupil is the darkest round blob of a near-infrared eye image; the iris edge
is the strongest dark-to-light step going outwards left and right of the pupil
(where eyelids rarely reach). Pixels of the iris ring that do not look like the
iris there count as covered by eyelids or lashes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np

from app.domain.enums import Modality
from app.errors import InputError
from app.quality.report import QualityCheck, QualityReport
from app.quality.settings import IrisSettings, QualitySettings

_SHARPNESS_DIAMETER = 200  # the iris is scaled to this diameter before the Laplacian


@dataclass(frozen=True)
class IrisGeometry:
    """Pupil centre and radius, and the iris radius around the same centre, in pixels."""

    centre: tuple[float, float]
    pupil_radius: float
    iris_radius: float


def assess_iris(pixels: Any, settings: QualitySettings | IrisSettings | None = None) -> QualityReport:
    """Score 0–100 and checks (iris found, size, visible ring, sharpness, exposure) for one eye image.

    Raises:
        InputError: not a uint8 greyscale (or colour) image of at least 64×64.
    """
    iris_settings = settings.iris if isinstance(settings, QualitySettings) else settings or IrisSettings()
    if hasattr(pixels, "pixels") and hasattr(pixels, "eye"):
        pixels = pixels.pixels
    grey = _as_grey(pixels)
    geometry = find_iris(grey)
    if geometry is None:
        check = QualityCheck("iris_found", False, False, True,
                             "Iris tidak ditemukan: buka mata lebar-lebar dan lihat ke titik di pemindai.",
                             "No iris found: open the eyes wide and look at the dot in the scanner.")
        return QualityReport.from_checks(Modality.IRIS, [check], score=0)
    ring = _ring_pixels(grey, geometry)
    visible = _visible_share(grey, geometry, ring)
    sharpness = _sharpness(grey, geometry)
    clipped = float(np.count_nonzero((ring <= 5) | (ring >= 250))) / max(1, ring.size)
    score = _score(geometry.iris_radius, visible, sharpness, clipped, iris_settings)
    checks = [
        QualityCheck("iris_found", True, True, True),
        QualityCheck.judge("iris_size", geometry.iris_radius >= iris_settings.min_iris_radius,
                           round(geometry.iris_radius, 1), iris_settings.min_iris_radius,
                           "Iris terlalu kecil: dekatkan mata ke pemindai.",
                           "The iris is too small: bring the eyes closer to the scanner."),
        QualityCheck.judge("visible_iris", visible >= iris_settings.min_visible_iris, round(visible, 3),
                           iris_settings.min_visible_iris,
                           "Iris tertutup kelopak atau bulu mata: buka mata lebih lebar, jangan berkedip.",
                           "The iris is covered by eyelids or lashes: open the eyes wider and do not blink."),
        QualityCheck.judge("sharpness", sharpness >= iris_settings.min_sharpness, round(sharpness, 2),
                           iris_settings.min_sharpness,
                           "Gambar iris buram: tahan kepala diam pada jarak yang ditunjukkan pemindai.",
                           "The iris image is blurred: hold the head still at the distance the scanner shows."),
        QualityCheck.judge("exposure", clipped <= iris_settings.max_clipped_fraction, round(clipped, 4),
                           iris_settings.max_clipped_fraction,
                           "Pencahayaan iris salah: jauhkan dari sinar matahari langsung, lepas kacamata.",
                           "The iris exposure is wrong: keep out of direct sunlight and remove glasses."),
        QualityCheck.judge("score", score >= iris_settings.min_score, score, iris_settings.min_score,
                           "Kualitas iris rendah: ulangi pengambilan.", "Low iris quality: capture again."),
    ]
    return QualityReport.from_checks(Modality.IRIS, checks, score=score)


def find_iris(grey: np.ndarray) -> IrisGeometry | None:
    """The pupil (darkest round blob) and the iris edge around it; None when no pupil is found."""
    blurred = cv2.GaussianBlur(grey, (0, 0), 2.0)
    darkest = float(np.percentile(blurred, 0.1))
    mask = (blurred <= darkest + 25).astype(np.uint8)
    count, labels, stats, centroids = cv2.connectedComponentsWithStats(mask, connectivity=8)
    height, width = grey.shape
    best: tuple[float, int] | None = None
    for label in range(1, count):
        x, y, w, h, area = stats[label]
        if area < 50 or x == 0 or y == 0 or x + w >= width or y + h >= height:
            continue  # specks, and dark regions cut by the frame (lashes, shadows)
        roundness = area / (math.pi * (max(w, h) / 2) ** 2)
        if roundness < 0.5 or not 0.6 <= w / h <= 1.6:
            continue
        if best is None or area > best[0]:
            best = (float(area), label)
    if best is None:
        return None
    label = best[1]
    x, y, w, h, _ = stats[label]
    centre = (float(centroids[label][0]), float(centroids[label][1]))
    pupil_radius = max(w, h) / 2
    iris_radius = _iris_edge(blurred, centre, pupil_radius)
    if iris_radius is None:
        return None
    return IrisGeometry(centre, float(pupil_radius), float(iris_radius))


def _iris_edge(blurred: np.ndarray, centre: tuple[float, float], pupil_radius: float) -> float | None:
    """Radius of the strongest outward dark-to-light step in the sectors left and right of the pupil."""
    radii = np.arange(pupil_radius * 1.4, pupil_radius * 5.0, 1.0)
    angles = np.deg2rad(np.concatenate([np.arange(-30, 31, 3), np.arange(150, 211, 3)]))
    xs = centre[0] + np.outer(radii, np.cos(angles))
    ys = centre[1] + np.outer(radii, np.sin(angles))
    inside = (xs >= 0) & (xs < blurred.shape[1] - 1) & (ys >= 0) & (ys < blurred.shape[0] - 1)
    if inside.sum() < len(radii):
        return None
    values = np.where(inside, blurred[np.clip(ys, 0, blurred.shape[0] - 1).astype(int),
                                      np.clip(xs, 0, blurred.shape[1] - 1).astype(int)], 0.0)
    counts = inside.sum(axis=1)
    if (counts == 0).any() or len(counts) < 8:
        return None  # a radius with no sample inside the image (nanmean would warn "Mean of empty slice")
    profile = values.sum(axis=1) / counts
    step = np.convolve(np.diff(profile), np.ones(3) / 3, mode="same")
    index = int(np.argmax(step))
    if step[index] < 2.0:
        return None  # no edge: not an eye
    return float(radii[index])


def _ring_pixels(grey: np.ndarray, geometry: IrisGeometry) -> np.ndarray:
    mask = _ring_mask(grey.shape, geometry)
    return grey[mask]


def _ring_mask(shape: tuple[int, ...], geometry: IrisGeometry) -> np.ndarray:
    """The iris ring between the pupil and the iris edge, with a small margin on both sides."""
    yy, xx = np.ogrid[:shape[0], :shape[1]]
    distance = np.hypot(xx - geometry.centre[0], yy - geometry.centre[1])
    inner = geometry.pupil_radius + 0.15 * (geometry.iris_radius - geometry.pupil_radius)
    outer = geometry.iris_radius - 0.1 * (geometry.iris_radius - geometry.pupil_radius)
    return (distance >= inner) & (distance <= outer)


def _visible_share(grey: np.ndarray, geometry: IrisGeometry, ring: np.ndarray) -> float:
    """Share of the whole ring (also the part outside the image) that looks like the iris at its sides."""
    cx, cy = geometry.centre
    inner = geometry.pupil_radius * 1.2
    outer = geometry.iris_radius * 0.9
    side = []
    for angle in np.deg2rad(np.arange(-20, 21, 2).tolist() + np.arange(160, 201, 2).tolist()):
        for radius in np.linspace(inner, outer, 12):
            x, y = round(cx + radius * math.cos(angle)), round(cy + radius * math.sin(angle))
            if 0 <= x < grey.shape[1] and 0 <= y < grey.shape[0]:
                side.append(grey[y, x])
    if not side:
        return 0.0
    low, high = np.percentile(side, [2, 98])
    spread = max(10.0, float(high - low))
    low, high = low - 0.25 * spread, high + 0.25 * spread
    ring_area = max(1.0, _ring_area(geometry))
    looks_like_iris = float(np.count_nonzero((ring >= low) & (ring <= high)))
    return min(1.0, looks_like_iris / ring_area)


def _ring_area(geometry: IrisGeometry) -> float:
    inner = geometry.pupil_radius + 0.15 * (geometry.iris_radius - geometry.pupil_radius)
    outer = geometry.iris_radius - 0.1 * (geometry.iris_radius - geometry.pupil_radius)
    return math.pi * (outer ** 2 - inner ** 2)


def _sharpness(grey: np.ndarray, geometry: IrisGeometry) -> float:
    """Laplacian variance of the iris scaled to a fixed size and smoothed (sigma 1 px) so noise is not detail."""
    cx, cy = geometry.centre
    r = geometry.iris_radius
    x0, y0 = max(0, int(cx - r)), max(0, int(cy - r))
    crop = grey[y0:int(cy + r) + 1, x0:int(cx + r) + 1]
    if crop.size == 0:
        return 0.0
    scale = _SHARPNESS_DIAMETER / (2 * r)
    scaled = cv2.resize(crop, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR)
    return float(cv2.Laplacian(cv2.GaussianBlur(scaled, (0, 0), 1.0), cv2.CV_64F).var())


def _score(iris_radius: float, visible: float, sharpness: float, clipped: float, settings: IrisSettings) -> int:
    """0–100: visibility 40, focus 30, exposure 15, size 15 points."""
    focus = min(1.0, sharpness / max(1e-6, 2 * settings.min_sharpness))
    exposure = max(0.0, 1.0 - clipped / max(1e-6, 2 * settings.max_clipped_fraction))
    size = min(1.0, iris_radius / max(1e-6, 1.25 * settings.min_iris_radius))
    return round(40 * visible + 30 * focus + 15 * exposure + 15 * size)


def _as_grey(pixels: Any) -> np.ndarray:
    if not isinstance(pixels, np.ndarray) or pixels.dtype != np.uint8 or pixels.ndim not in (2, 3) \
            or min(pixels.shape[:2], default=0) < 64:
        raise InputError("Gambar iris tidak valid (harus larik uint8 minimal 64×64).",
                         "The iris image is invalid (must be a uint8 array of at least 64×64).")
    if pixels.ndim == 3:
        if pixels.shape[2] not in (3, 4):
            raise InputError("Gambar iris harus abu-abu.", "The iris image must be greyscale.")
        return cv2.cvtColor(pixels, cv2.COLOR_BGRA2GRAY if pixels.shape[2] == 4 else cv2.COLOR_BGR2GRAY)
    return pixels
