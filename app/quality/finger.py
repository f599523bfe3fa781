"""The fingerprint gate: NFIQ 2 (NIST, via nbis-py) plus its actionable feedback, and the capture policy.

NFIQ 2 expects a 500 ppi greyscale image with dark ridges on light; other
resolutions are resampled first. The policy decides when an attempt is good
enough, when the operator may force the best of N, and which fingers go on the chip.
"""

from __future__ import annotations

from typing import Any

import cv2
import nbis
import numpy as np

from app.biometrics import nbis_binding
from app.biometrics.templates import ExtractedTemplate, image_digest, template_of
from app.domain.enums import Modality
from app.errors import InputError
from app.quality.handles import HandlePool
from app.quality.report import QualityCheck, QualityReport
from app.quality.settings import QualitySettings
from drivers.fingerprint.base import FingerPosition

NFIQ2_PPI = 500
MIN_SIDE_PX = 200  # 10 mm at 500 ppi: smaller images hold too little of a finger
MAX_MEAN_GREY = 250.0  # NFIQ 2 "EmptyImageOrContrastTooLow": a brighter mean means no finger
MIN_FOREGROUND = 0.30  # share of the image that NFIQ 2 sees as finger
MIN_MINUTIAE = 12  # fewer minutiae cannot be matched reliably (Bozorth3)

_PLACE_FINGER = ("Letakkan jari di tengah kaca dan tekan rata.",
                 "Place the finger in the centre of the glass and press it flat.")


def assess_finger(pixels: Any, position: FingerPosition | int | str, settings: QualitySettings | None = None,
                  *, ppi: int = NFIQ2_PPI) -> QualityReport:
    """NFIQ 2 score (0–100) and the checks behind it for one fingerprint image.

    ``pixels`` is a uint8 greyscale array (a drivers FingerImage is accepted too,
    its own ppi then wins). The report carries the minutiae template NFIQ 2's
    extractor found (``report.template``), so the enrolment need not extract
    them again from the same image.

    Raises:
        InputError: not a greyscale (or colour) uint8 image, or an unknown position.
    """
    settings = settings or QualitySettings()
    if hasattr(pixels, "pixels") and hasattr(pixels, "ppi"):
        pixels, ppi = pixels.pixels, pixels.ppi
    position = _position(position)
    grey = _as_grey_500ppi(pixels, ppi)
    threshold = settings.finger_threshold(position)
    height, width = grey.shape
    big_enough = min(width, height) >= MIN_SIDE_PX
    size_check = QualityCheck.judge("image_size", big_enough, f"{width}x{height}", f">={MIN_SIDE_PX}x{MIN_SIDE_PX}",
                                    "Gambar sidik jari terlalu kecil: periksa pengaturan pemindai (500 ppi).",
                                    "The fingerprint image is too small: check the scanner settings (500 ppi).")
    measured = _nfiq2(grey)
    if measured is None:
        nfiq = QualityCheck("nfiq2", False, 0, threshold,
                            "Sidik jari tidak terbaca: letakkan jari di kaca, bersihkan kaca bila kotor.",
                            "No fingerprint found: place the finger on the glass; clean the glass if it is dirty.")
        return QualityReport.from_checks(Modality.FINGER, [size_check, nfiq], score=0)
    score, actionable, minutiae, template = measured
    checks = [size_check, _nfiq_check(score, threshold)]
    mean_grey = actionable.get("EmptyImageOrContrastTooLow")
    if mean_grey is not None:
        checks.append(QualityCheck.judge(
            "contrast", mean_grey <= MAX_MEAN_GREY, round(mean_grey, 1), MAX_MEAN_GREY,
            "Sidik jari terlalu samar: tekan sedikit lebih kuat; jari kering boleh dilembapkan sedikit.",
            "The print is too faint: press a little harder; moisten a dry finger slightly."))
    foreground = actionable.get("SufficientFingerprintForeground")
    if foreground is not None:
        share = foreground / grey.size
        checks.append(QualityCheck.judge("foreground", share >= MIN_FOREGROUND, round(share, 3), MIN_FOREGROUND,
                                         *_PLACE_FINGER))
    checks.append(QualityCheck.judge("minutiae", minutiae >= MIN_MINUTIAE, minutiae, MIN_MINUTIAE, *_PLACE_FINGER))
    return QualityReport.from_checks(Modality.FINGER, checks, score=score, template=template)


class FingerCapturePolicy:
    """When a finger attempt is good enough, when it may be forced, and which fingers go on the card."""

    def __init__(self, settings: QualitySettings | None = None) -> None:
        self.settings = settings or QualitySettings()

    @property
    def max_attempts(self) -> int:
        return self.settings.max_attempts

    def threshold(self, position: FingerPosition | int | str) -> int:
        return self.settings.finger_threshold(_position(position))

    def passes(self, position: FingerPosition | int | str, score: float | None) -> bool:
        return score is not None and score >= self.threshold(position)

    def accepts(self, position: FingerPosition | int | str, report: QualityReport) -> bool:
        """A print good enough to keep: every check passed and its score reaches the finger's threshold."""
        return bool(report.passed and self.passes(position, report.score))

    def may_force(self, attempts: int) -> bool:
        """After ``max_attempts`` failed attempts the best one may be kept, flagged as forced."""
        return attempts >= self.settings.max_attempts

    def attempts_left(self, attempts: int) -> int:
        return max(0, self.settings.max_attempts - attempts)

    def is_card_finger(self, position: FingerPosition | int | str) -> bool:
        return _position(position) in self.settings.card_fingers


def _nfiq_check(score: int, threshold: int) -> QualityCheck:
    return QualityCheck.judge(
        "nfiq2", score >= threshold, score, threshold,
        "Kualitas sidik jari rendah: bersihkan jari dan kaca pemindai, lalu tekan jari rata tanpa digeser.",
        "Low fingerprint quality: clean the finger and the scanner glass, then press the finger flat without sliding.")


def _position(position: FingerPosition | int | str) -> FingerPosition:
    try:
        return position if isinstance(position, FingerPosition) else FingerPosition.parse(position)
    except (KeyError, ValueError):
        raise InputError(f"Posisi jari tidak dikenal: {position!r}.", f"Unknown finger position: {position!r}.") from None


def _as_grey_500ppi(pixels: Any, ppi: int) -> np.ndarray:
    if not isinstance(pixels, np.ndarray) or pixels.dtype != np.uint8 or pixels.ndim not in (2, 3) or pixels.size == 0:
        raise InputError("Gambar sidik jari tidak valid (harus larik uint8 abu-abu).",
                         "The fingerprint image is invalid (must be a greyscale uint8 array).")
    grey = pixels
    if pixels.ndim == 3:
        if pixels.shape[2] not in (3, 4):
            raise InputError("Gambar sidik jari harus abu-abu.", "The fingerprint image must be greyscale.")
        grey = cv2.cvtColor(pixels, cv2.COLOR_BGRA2GRAY if pixels.shape[2] == 4 else cv2.COLOR_BGR2GRAY)
    if not 100 <= ppi <= 2000:
        raise InputError(f"Resolusi {ppi} ppi tidak masuk akal.", f"A resolution of {ppi} ppi makes no sense.")
    if ppi != NFIQ2_PPI:
        factor = NFIQ2_PPI / ppi
        size = (max(1, round(grey.shape[1] * factor)), max(1, round(grey.shape[0] * factor)))
        grey = cv2.resize(grey, size, interpolation=cv2.INTER_AREA if factor < 1 else cv2.INTER_CUBIC)
    return np.ascontiguousarray(grey)


def _new_extractor() -> nbis.NbisExtractor:
    return nbis.new_nbis_extractor(nbis.NbisExtractorSettings(
        min_quality=0.0, get_center=False, check_fingerprint=False, compute_nfiq2=True, ppi=float(NFIQ2_PPI)))


# NBIS extractors with NFIQ 2 (about 0.4 s and 126 MB each), kept for the process and used by one call at a time.
EXTRACTORS: HandlePool[nbis.NbisExtractor] = HandlePool("nfiq2", _new_extractor, limit=2)


def _nfiq2(grey: np.ndarray) -> tuple[int, dict[str, float], int, ExtractedTemplate] | None:
    """NFIQ 2 score, its actionable feedback by name, the minutiae count and template; None when NFIQ 2 cannot score it."""
    if min(grey.shape) < 32 or float(grey.std()) < 1.0:
        return None  # blank, uniform or tiny: NFIQ 2 refuses these
    ok, image = cv2.imencode(".pgm", grey)  # uncompressed: cheaper to write and to read than PNG, same pixels
    if not ok:
        return None
    try:
        with EXTRACTORS.checkout() as extractor:
            minutiae = nbis_binding.extract_minutiae(extractor, image.tobytes())
            result = minutiae.quality()
            count = len(minutiae.get())
            template = ExtractedTemplate(image_digest(grey), template_of(minutiae, count))
    except nbis.NbisError:
        return None
    return int(result.score), {v.name: float(v.value) for v in result.actionable}, count, template
