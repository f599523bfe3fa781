"""The face photo gate: one face, centred, big enough, upright, sharp, well lit, on the right backdrop.

Every check carries its measured value, so the operator sees *why* a frame
fails. The background colour follows the e-KTP rule: red for citizens born in
an odd year, blue for an even year, orange for foreign residents.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import cv2
import numpy as np

from app.domain.documents import FOREIGN_CITIZENSHIP, photo_background
from app.domain.enums import BackgroundColour, Modality
from app.quality.face_detect import Box, Point, as_bgr, detect
from app.quality.face_token import make_token_image
from app.quality.report import QualityCheck, QualityReport
from app.quality.settings import FaceSettings, QualitySettings

__all__ = ["FaceReport", "assess_face", "make_token_image", "AutoCapture", "classify_background",
           "expected_backgrounds"]

_SHARPNESS_WIDTH = 128  # the face is scaled to this width before the Laplacian
_BORDER = 0.10  # share of the frame's width/height sampled as background


@dataclass(frozen=True)
class FaceReport(QualityReport):
    """A face QualityReport plus where the face and the eyes are (frame pixels)."""

    face_box: Box | None = None
    eye_points: tuple[Point, Point] | None = None  # eye nearer the image's left edge first

    def to_dict(self) -> dict:
        data = super().to_dict()
        data["face_box"] = list(self.face_box) if self.face_box else None
        data["eye_points"] = [[round(v, 1) for v in p] for p in self.eye_points] if self.eye_points else None
        return data


def assess_face(image_bgr: np.ndarray, *, birth_date: dt.date | None = None, citizenship: str = "WNI",
                settings: QualitySettings | FaceSettings | None = None) -> FaceReport:
    """Run every face check on one camera frame.

    ``citizenship`` is "WNI" (citizen) or "WNA" (foreign resident); with no
    birth date a citizen's backdrop may be red or blue.

    Raises:
        InputError: the image is not a colour uint8 array.
    """
    face_settings = _face_settings(settings)
    image = as_bgr(image_bgr)
    small = _downscale(image, face_settings.detection_width)
    small_grey = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
    detection = detect(image, small_grey)
    count_check = _face_count_check(len(detection.faces))
    if len(detection.faces) != 1:
        return _face_report([count_check], None, None)
    box = detection.faces[0]
    face_grey = cv2.cvtColor(_crop(image, box), cv2.COLOR_BGR2GRAY)
    scale = small.shape[1] / image.shape[1]
    background = _background_pixels(small, tuple(round(v * scale) for v in box))
    checks = [
        count_check,
        _centring_check(box, image.shape, face_settings),
        _head_size_check(box, image.shape, face_settings),
        _roll_check(detection.eyes, face_settings),
        _sharpness_check(face_grey, face_settings),
        _brightness_check(face_grey, face_settings),
        _exposure_check(face_grey, face_settings),
        _lighting_check(face_grey, face_settings),
        _background_uniformity_check(background, face_settings),
        _background_colour_check(background, birth_date, citizenship),
    ]
    return _face_report(checks, box, detection.eyes)


def _face_report(checks: list[QualityCheck], box: Box | None, eyes: tuple[Point, Point] | None) -> FaceReport:
    """Score = share of checks passed, 0–100 (a frame without exactly one face scores 0)."""
    score = round(100 * sum(c.passed for c in checks) / len(checks)) if box is not None else 0
    return FaceReport(modality=Modality.FACE, passed=all(c.passed for c in checks), score=score,
                      checks=tuple(checks), face_box=box, eye_points=eyes)


class AutoCapture:
    """Takes the photo by itself after N consecutive frames that pass every check.

    ``feed`` returns True once per streak of ``required_consecutive`` passing
    frames; any failing frame starts the count again.
    """

    def __init__(self, required_consecutive: int = 5) -> None:
        if required_consecutive < 1:
            raise ValueError("required_consecutive must be at least 1")
        self.required_consecutive = required_consecutive
        self._streak = 0

    @property
    def streak(self) -> int:
        return self._streak

    def feed(self, report: QualityReport) -> bool:
        if not report.passed:
            self._streak = 0
            return False
        self._streak += 1
        if self._streak >= self.required_consecutive:
            self._streak = 0
            return True
        return False

    def reset(self) -> None:
        self._streak = 0


def _face_settings(settings: QualitySettings | FaceSettings | None) -> FaceSettings:
    if settings is None:
        return FaceSettings()
    return settings.face if isinstance(settings, QualitySettings) else settings


def _crop(image: np.ndarray, box: Box) -> np.ndarray:
    x, y, w, h = box
    return image[max(0, y):y + h, max(0, x):x + w]


def _downscale(image: np.ndarray, width: int) -> np.ndarray:
    """A copy at most ``width`` wide: detection and backdrop statistics need no more."""
    height, full_width = image.shape[:2]
    if full_width <= width:
        return image
    return cv2.resize(image, (width, max(1, round(height * width / full_width))), interpolation=cv2.INTER_AREA)


def _face_count_check(count: int) -> QualityCheck:
    if count == 1:
        return QualityCheck("face_count", True, 1, 1)
    if count == 0:
        return QualityCheck("face_count", False, 0, 1,
                            "Wajah tidak terlihat: hadapkan wajah lurus ke kamera.",
                            "No face found: look straight at the camera.")
    return QualityCheck("face_count", False, count, 1,
                        "Lebih dari satu wajah: hanya pemohon yang boleh di depan kamera.",
                        "More than one face: only the applicant may be in front of the camera.")


def _centring_check(box: Box, shape: tuple[int, ...], settings: FaceSettings) -> QualityCheck:
    x, y, w, h = box
    height, width = shape[:2]
    offset = max(abs((x + w / 2) / width - 0.5), abs((y + h / 2) / height - 0.5))
    return QualityCheck.judge(
        "centring", offset <= settings.max_centre_offset, round(offset, 4), settings.max_centre_offset,
        "Geser wajah ke tengah bingkai.",
        "Move your face to the centre of the frame.")


def _head_size_check(box: Box, shape: tuple[int, ...], settings: FaceSettings) -> QualityCheck:
    ratio = box[3] / shape[0]
    limits = (settings.min_head_height, settings.max_head_height)
    if ratio < limits[0]:
        guidance = ("Wajah terlalu kecil: mendekat ke kamera.", "The face is too small: come closer to the camera.")
    elif ratio > limits[1]:
        guidance = ("Wajah terlalu besar: mundur sedikit dari kamera.", "The face is too big: move back a little.")
    else:
        guidance = ("", "")
    return QualityCheck("head_size", not guidance[0], round(ratio, 4), limits, *guidance)


def _roll_check(eyes: tuple[Point, Point] | None, settings: FaceSettings) -> QualityCheck:
    if eyes is None:
        return QualityCheck("roll", False, None, settings.max_roll_degrees,
                            "Mata tidak terlihat jelas: buka mata, lepas kacamata, singkirkan rambut dari mata.",
                            "The eyes are not clearly visible: open your eyes, remove glasses, keep hair off the eyes.")
    (lx, ly), (rx, ry) = eyes
    roll = math.degrees(math.atan2(ry - ly, rx - lx))
    return QualityCheck.judge(
        "roll", abs(roll) <= settings.max_roll_degrees, round(roll, 2), settings.max_roll_degrees,
        "Tegakkan kepala, jangan dimiringkan.",
        "Hold your head straight; do not tilt it.")


def sharpness_of(grey: np.ndarray) -> float:
    """Variance of the Laplacian of the face scaled to a fixed width and lightly smoothed.

    The fixed width makes it independent of distance; the smoothing (Gaussian,
    sigma 1 px) keeps sensor noise from passing for detail.
    """
    height, width = grey.shape[:2]
    scaled = cv2.resize(grey, (_SHARPNESS_WIDTH, max(1, round(height * _SHARPNESS_WIDTH / width))),
                        interpolation=cv2.INTER_AREA)
    return float(cv2.Laplacian(cv2.GaussianBlur(scaled, (0, 0), 1.0), cv2.CV_64F).var())


def _sharpness_check(face_grey: np.ndarray, settings: FaceSettings) -> QualityCheck:
    value = sharpness_of(face_grey)
    return QualityCheck.judge(
        "sharpness", value >= settings.min_sharpness, round(value, 2), settings.min_sharpness,
        "Foto buram: diam sebentar dan pastikan kamera fokus.",
        "The photo is blurred: hold still and make sure the camera is focused.")


def _brightness_check(face_grey: np.ndarray, settings: FaceSettings) -> QualityCheck:
    mean = float(face_grey.mean())
    if mean < settings.min_brightness:
        guidance = ("Wajah terlalu gelap: tambah cahaya dari depan, jangan membelakangi jendela.",
                    "The face is too dark: add light from the front; do not stand with your back to a window.")
    elif mean > settings.max_brightness:
        guidance = ("Wajah terlalu terang: kurangi cahaya atau jauhkan lampu.",
                    "The face is too bright: reduce the light or move the lamp away.")
    else:
        guidance = ("", "")
    return QualityCheck("brightness", not guidance[0], round(mean, 1),
                        (settings.min_brightness, settings.max_brightness), *guidance)


def _exposure_check(face_grey: np.ndarray, settings: FaceSettings) -> QualityCheck:
    bright = float(np.count_nonzero(face_grey >= 250)) / face_grey.size
    dark = float(np.count_nonzero(face_grey <= 5)) / face_grey.size
    clipped = bright + dark
    if clipped <= settings.max_clipped_fraction:
        guidance = ("", "")
    elif bright >= dark:
        guidance = ("Wajah terlalu terang: kurangi cahaya atau jauhkan lampu.",
                    "The face is over-exposed: reduce the light or move the lamp away.")
    else:
        guidance = ("Wajah terlalu gelap: tambah cahaya dari depan.", "The face is too dark: add light from the front.")
    return QualityCheck("exposure", not guidance[0], round(clipped, 4), settings.max_clipped_fraction, *guidance)


def _lighting_check(face_grey: np.ndarray, settings: FaceSettings) -> QualityCheck:
    height, width = face_grey.shape[:2]
    inner = face_grey[round(height * 0.2):round(height * 0.9), round(width * 0.1):round(width * 0.9)]
    half = inner.shape[1] // 2
    left, right = float(inner[:, :half].mean()), float(inner[:, half:].mean())
    imbalance = abs(left - right) / max(left, right, 1.0)
    return QualityCheck.judge(
        "lighting", imbalance <= settings.max_lighting_imbalance, round(imbalance, 4), settings.max_lighting_imbalance,
        "Cahaya tidak merata: hadapkan wajah ke arah lampu.",
        "The light is uneven: face the lamp.")


def _background_pixels(image: np.ndarray, box: Box) -> np.ndarray:
    """Pixels of the frame's top, left and right border that lie outside the head (N×3 BGR)."""
    height, width = image.shape[:2]
    x, y, w, h = box
    mask = np.zeros((height, width), dtype=bool)
    band_x, band_y = max(1, round(width * _BORDER)), max(1, round(height * _BORDER))
    mask[:band_y, :] = True
    mask[:, :band_x] = True
    mask[:, width - band_x:] = True
    # The head with hair, neck and shoulders below it.
    mask[max(0, y - round(0.8 * h)):, max(0, x - round(0.5 * w)):x + round(1.5 * w)] = False
    return image[mask]


def _background_uniformity_check(pixels: np.ndarray, settings: FaceSettings) -> QualityCheck:
    if len(pixels) < 50:
        return QualityCheck("background_uniformity", False, None, settings.max_background_std,
                            "Latar tidak terlihat: mundur sedikit agar latar tampak di sekeliling kepala.",
                            "The backdrop is not visible: move back so it shows around the head.")
    spread = float(pixels.astype(np.float32).std(axis=0).mean())
    return QualityCheck.judge(
        "background_uniformity", spread <= settings.max_background_std, round(spread, 2), settings.max_background_std,
        "Latar tidak polos: pasang kain latar rata tanpa benda atau bayangan.",
        "The backdrop is not plain: hang a flat backdrop with no objects or shadows.")


# Hue ranges on OpenCV's 0–179 scale; pixels with little saturation or light are no colour.
_HUES: dict[str, tuple[tuple[int, int], ...]] = {
    "red": ((0, 7), (166, 179)),
    "orange": ((8, 22),),
    "blue": ((95, 130),),
}
_COLOUR_NAMES = {"red": ("merah", "red"), "blue": ("biru", "blue"), "orange": ("oranye", "orange"),
                 "other": ("bukan merah/biru/oranye", "not red/blue/orange")}


def classify_background(pixels_bgr: np.ndarray) -> str:
    """"red", "blue", "orange" when most backdrop pixels have that hue, else "other"."""
    if len(pixels_bgr) == 0:
        return "other"
    hsv = cv2.cvtColor(pixels_bgr.reshape(-1, 1, 3), cv2.COLOR_BGR2HSV).reshape(-1, 3)
    hue, saturation, value = hsv[:, 0], hsv[:, 1], hsv[:, 2]
    coloured = (saturation >= 80) & (value >= 50)
    shares = {}
    for name, ranges in _HUES.items():
        in_range = np.zeros(len(hue), dtype=bool)
        for low, high in ranges:
            in_range |= (hue >= low) & (hue <= high)
        shares[name] = float(np.count_nonzero(in_range & coloured)) / len(hue)
    best = max(shares, key=lambda k: shares[k])
    return best if shares[best] >= 0.6 else "other"


def expected_backgrounds(birth_date: dt.date | None, citizenship: str = "WNI") -> tuple[str, ...]:
    """The allowed backdrop colours (the domain's photo_background rule); a citizen without a birth date: red or blue."""
    if citizenship.strip().upper() in FOREIGN_CITIZENSHIP:
        return (BackgroundColour.ORANGE.value,)
    if birth_date is None:
        return (BackgroundColour.RED.value, BackgroundColour.BLUE.value)
    return (photo_background(birth_date, citizenship).value,)


def _background_colour_check(pixels: np.ndarray, birth_date: dt.date | None, citizenship: str) -> QualityCheck:
    colour = classify_background(pixels)
    allowed = expected_backgrounds(birth_date, citizenship)
    threshold = "|".join(allowed)
    if colour in allowed:
        return QualityCheck("background_colour", True, colour, threshold)
    want_id = " atau ".join(_COLOUR_NAMES[c][0] for c in allowed)
    want_en = " or ".join(_COLOUR_NAMES[c][1] for c in allowed)
    if allowed == ("orange",):
        reason_id, reason_en = "warga negara asing", "foreign resident"
    elif birth_date is not None:
        parity_id, parity_en = ("ganjil", "odd") if birth_date.year % 2 else ("genap", "even")
        reason_id, reason_en = f"tahun lahir {parity_id}", f"{parity_en} birth year"
    else:
        reason_id, reason_en = "WNI", "citizen"
    return QualityCheck("background_colour", False, colour, threshold,
                        f"Latar harus {want_id} ({reason_id}); terdeteksi {_COLOUR_NAMES[colour][0]}. Ganti kain latar.",
                        f"The backdrop must be {want_en} ({reason_en}); found {_COLOUR_NAMES[colour][1]}. Change the backdrop.")
