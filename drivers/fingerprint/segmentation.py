"""Cut a slap image (four fingers or two thumbs on one platen) into single upright fingers.

For scanners that return the slap as one image. The steps, each cheap at 500 ppi:

1. *Foreground*: ridge energy (the local contrast of the high-passed image) is high
   where ridges are and low on the bare platen; a threshold between the two
   (Otsu's, never below a multiple of the platen's own noise) gives a mask that
   closing and opening turn into one blob per fingertip.
2. *Components*: connected blobs smaller than a fingertip are dropped; when fewer
   blobs than fingers are found (fingers touching), the widest blob is split at
   the deepest valley of its column projection.
3. *Angle*: each blob's principal axis (second moments) gives its tilt; the finger
   is rotated upright about its centre and cropped with a small margin.
4. *Positions*: blobs are ordered left to right and given the slap's expected
   fingers in that order (``SLAP_LAYOUT`` without the exceptions).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from drivers.errors import StationError
from drivers.fingerprint.base import FingerImage, FingerPosition, SlapCapture, SlapFinger

_HIGH_PASS_SIGMA = 4.0  # removes the platen's uneven light, keeps ridges (period ≈ 9 px at 500 ppi)
_ENERGY_SIGMA = 8.0  # smooths the ridge energy into a filled fingertip
_NOISE_FACTOR = 1.3  # the foreground threshold is at least this times the platen's energy
_CLOSE_PX = 31
_OPEN_PX = 15
_MIN_AREA_FRACTION = 0.25  # of a typical fingertip (16 × 20 mm at 500 ppi)
_TYPICAL_TIP_PX = (315, 395)  # width, height of a fingertip's contact area at 500 ppi
_MARGIN_PX = 12
_MIN_ELONGATION = 1.5  # a fingertip's contact area is about 1.4 times as tall as wide (moments ~2×)
_MAX_TILT_DEGREES = 30.0  # fingers in a slap are never tilted more
_MAX_TIP_ASPECT = 1.45  # a longer blob is the whole finger: keep its tip (upper part)


class SlapSegmentationError(StationError):
    """The fingers on the glass could not be told apart (not a device fault: place them again)."""

    default_message_id = "Jari pada kaca tidak dapat dipisahkan."
    default_message_en = "The fingers on the glass could not be told apart."
    default_action_id = "Renggangkan jari, tekan rata di kaca yang bersih, lalu pindai lagi."
    default_action_en = "Spread the fingers, press them flat on the clean glass, then scan again."


@dataclass(frozen=True)
class _Blob:
    mask: np.ndarray  # bool, full slap size
    box: tuple[int, int, int, int]
    centre_x: float


def segment_slap(pixels: np.ndarray, slap: FingerPosition, expected: Sequence[FingerPosition], *,
                 ppi: int = 500) -> SlapCapture:
    """The single fingers of ``expected`` (left to right) in a slap image (uint8, dark ridges on light).

    Raises:
        SlapSegmentationError: fewer fingers than expected were found, even after splitting touching ones.
    """
    grey = np.ascontiguousarray(pixels if pixels.ndim == 2 else cv2.cvtColor(pixels, cv2.COLOR_BGR2GRAY))
    scale = ppi / 500.0
    mask = _foreground(grey, scale)
    blobs = _blobs(mask, scale)
    while 0 < len(blobs) < len(expected):
        split = _split_widest(blobs, scale)
        if split is None:
            break
        blobs = split
    if len(blobs) < len(expected):
        found, wanted = len(blobs), len(expected)
        raise SlapSegmentationError(
            f"Hanya {found} dari {wanted} jari terlihat terpisah di kaca.",
            f"Only {found} of {wanted} fingers were found apart on the glass.",
        )
    blobs = sorted(sorted(blobs, key=lambda b: int(b.mask.sum()), reverse=True)[:len(expected)],
                   key=lambda b: b.centre_x)
    platen = float(np.percentile(grey, 90))
    fingers = []
    for position, blob in zip(expected, blobs, strict=True):
        crop, angle = _upright_crop(grey, blob, platen, scale)
        fingers.append(SlapFinger(FingerImage(crop, FingerPosition(position), ppi), blob.box, angle))
    return SlapCapture(FingerPosition(slap), tuple(fingers), grey)


def _foreground(grey: np.ndarray, scale: float) -> np.ndarray:
    """The fingers' mask at full size; the energy is computed at half size (ridges survive, 4× cheaper)."""
    height, width = grey.shape
    image = grey.astype(np.float32)
    high = image - cv2.GaussianBlur(image, (0, 0), _HIGH_PASS_SIGMA * scale)
    small = cv2.resize(high * high, (max(1, width // 2), max(1, height // 2)), interpolation=cv2.INTER_AREA)
    energy = np.sqrt(cv2.GaussianBlur(small, (0, 0), _ENERGY_SIGMA * scale / 2))
    platen_energy = float(np.percentile(energy, 10))
    top = float(np.percentile(energy, 99.5)) or 1.0
    levels = np.clip(energy / top * 255.0, 0, 255).astype(np.uint8)
    otsu, _ = cv2.threshold(levels, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    threshold = max(otsu / 255.0 * top, _NOISE_FACTOR * platen_energy)
    mask = (energy > threshold).astype(np.uint8)
    close = _odd(_CLOSE_PX * scale / 2)
    opening = _odd(_OPEN_PX * scale / 2)
    mask = np.asarray(cv2.morphologyEx(mask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (close, close))))
    mask = np.asarray(cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (opening, opening))))
    return cv2.resize(mask, (width, height), interpolation=cv2.INTER_NEAREST)


def _blobs(mask: np.ndarray, scale: float) -> list[_Blob]:
    count, labels, stats, centroids = cv2.connectedComponentsWithStats(mask.astype(np.uint8), connectivity=8)
    min_area = _MIN_AREA_FRACTION * _TYPICAL_TIP_PX[0] * _TYPICAL_TIP_PX[1] * scale * scale
    blobs = []
    for label in range(1, count):
        x, y, w, h, area = (int(v) for v in stats[label])
        if area >= min_area:
            blobs.append(_Blob(labels == label, (x, y, x + w, y + h), float(centroids[label][0])))
    return blobs


def _split_widest(blobs: list[_Blob], scale: float) -> list[_Blob] | None:
    """Split the widest blob in two at the deepest valley of its column projection (touching fingers)."""
    widest = max(blobs, key=lambda b: b.box[2] - b.box[0])
    x0, y0, x1, y1 = widest.box
    if x1 - x0 < 1.3 * _TYPICAL_TIP_PX[0] * scale:
        return None  # as narrow as one finger: nothing to split
    columns = widest.mask[y0:y1, x0:x1].sum(axis=0).astype(np.float32)
    columns = cv2.GaussianBlur(columns.reshape(1, -1), (0, 0), 9 * scale).ravel()
    third = (x1 - x0) // 4
    cut = x0 + third + int(np.argmin(columns[third:len(columns) - third]))
    parts = []
    for left, right in ((x0, cut), (cut, x1)):
        part = np.zeros_like(widest.mask)
        part[:, left:right] = widest.mask[:, left:right]
        ys, xs = np.nonzero(part)
        if len(xs) == 0:
            return None
        parts.append(_Blob(part, (int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1),
                           float(xs.mean())))
    return [b for b in blobs if b is not widest] + parts


def _upright_crop(grey: np.ndarray, blob: _Blob, platen: float, scale: float) -> tuple[np.ndarray, float]:
    """The finger rotated upright about its centre (tilt from the blob's second moments), cropped."""
    moments = cv2.moments(blob.mask.astype(np.uint8), binaryImage=True)
    cx, cy = moments["m10"] / moments["m00"], moments["m01"] / moments["m00"]
    # Angle of the major axis from the vertical (positive: the top leans right in image coordinates).
    mu20, mu02, mu11 = moments["mu20"], moments["mu02"], moments["mu11"]
    axis = 0.5 * math.atan2(2 * mu11, mu20 - mu02)  # from the x axis
    tilt = math.degrees(axis) - 90.0 if axis > 0 else math.degrees(axis) + 90.0
    spread = math.hypot(mu20 - mu02, 2 * mu11)
    elongation = (mu20 + mu02 + spread) / max(mu20 + mu02 - spread, 1e-9)  # major / minor second moment
    if elongation < _MIN_ELONGATION or abs(tilt) > _MAX_TILT_DEGREES:
        tilt = 0.0  # a round or partial blob has no reliable axis: keep it as it lies
    rotation = cv2.getRotationMatrix2D((cx, cy), tilt, 1.0)
    height, width = grey.shape
    upright = cv2.warpAffine(grey, rotation, (width, height), flags=cv2.INTER_LINEAR,
                             borderMode=cv2.BORDER_CONSTANT, borderValue=platen)
    upright_mask = cv2.warpAffine(blob.mask.astype(np.uint8), rotation, (width, height), flags=cv2.INTER_NEAREST)
    ys, xs = np.nonzero(upright_mask)
    x0, x1, y0, y1 = int(xs.min()), int(xs.max()) + 1, int(ys.min()), int(ys.max()) + 1
    if (y1 - y0) > _MAX_TIP_ASPECT * (x1 - x0):
        y1 = y0 + int(_MAX_TIP_ASPECT * (x1 - x0))  # the whole finger lay on the glass: keep its tip
    margin = int(_MARGIN_PX * scale)
    x0, y0 = max(x0 - margin, 0), max(y0 - margin, 0)
    x1, y1 = min(x1 + margin, width), min(y1 + margin, height)
    crop = upright[y0:y1, x0:x1].copy()
    outside = upright_mask[y0:y1, x0:x1] == 0
    crop[outside] = np.uint8(platen)  # the neighbours' edges are not part of this finger
    return crop, round(-tilt, 1)


def _odd(value: float) -> int:
    number = max(3, int(round(value)))
    return number if number % 2 else number + 1
