"""The signature gate (strokes, ink length, size, duration) and rendering the pen points to an image.

Lengths are judged relative to the pad's coordinate range so any pad works;
when the pad's physical size is configured they are also given in millimetres.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import cv2
import numpy as np

from app.domain.enums import Modality
from app.errors import InputError
from app.quality.report import QualityCheck, QualityReport
from app.quality.settings import QualitySettings, SignatureSettings
from drivers.signature.base import PadRanges, PenPoint

_SUPERSAMPLE = 4  # strokes are drawn this much larger, then shrunk: smooth edges and widths
_MAX_STROKE_PX = 5.0  # stroke width at full pressure, in output pixels


@dataclass(frozen=True)
class SignatureReport(QualityReport):
    """A signature QualityReport plus its measurements (device units, and mm when the pad size is known)."""

    measurements: Mapping[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = super().to_dict()
        data["measurements"] = {k: round(v, 2) for k, v in self.measurements.items()}
        return data


def assess_signature(points: Iterable[PenPoint | Mapping[str, Any]], ranges: PadRanges | Mapping[str, Any],
                     settings: QualitySettings | SignatureSettings | None = None) -> SignatureReport:
    """Judge one signature from its pen points (in order) and the pad's ranges.

    Raises:
        InputError: points or ranges that are not pen samples / pad ranges.
    """
    sig = settings.signature if isinstance(settings, QualitySettings) else settings or SignatureSettings()
    pad = _ranges(ranges)
    strokes = split_strokes(_points(points))
    ink = sum(_stroke_length(s) for s in strokes)
    down = [p for s in strokes for p in s]
    width = float(max(p.x for p in down) - min(p.x for p in down)) if down else 0.0
    height = float(max(p.y for p in down) - min(p.y for p in down)) if down else 0.0
    duration = float(down[-1].t - down[0].t) if down else 0.0
    measurements = {"strokes": float(len(strokes)), "ink_length": ink, "width": width, "height": height,
                    "duration_s": duration}
    if sig.pad_width_mm and sig.pad_height_mm:
        per_mm_x, per_mm_y = pad.x_max / sig.pad_width_mm, pad.y_max / sig.pad_height_mm
        measurements.update(ink_length_mm=ink / math.sqrt(per_mm_x * per_mm_y), width_mm=width / per_mm_x,
                            height_mm=height / per_mm_y)
    sign_again = ("Tanda tangan terlalu {}: minta pemohon menandatangani ulang seperti di dokumen resmi.",
                  "The signature is too {}: ask the applicant to sign again as on official documents.")
    checks = [
        QualityCheck.judge("strokes", len(strokes) >= sig.min_strokes, len(strokes), sig.min_strokes,
                           "Tanda tangan kosong: tanda tangani di pad dengan pena menempel.",
                           "The signature is empty: sign on the pad with the pen touching it."),
        QualityCheck.judge("ink_length", ink >= sig.min_ink_length * pad.x_max, round(ink, 1),
                           round(sig.min_ink_length * pad.x_max, 1),
                           sign_again[0].format("pendek"), sign_again[1].format("short")),
        QualityCheck.judge("width", width >= sig.min_width * pad.x_max, round(width, 1),
                           round(sig.min_width * pad.x_max, 1),
                           sign_again[0].format("sempit"), sign_again[1].format("narrow")),
        QualityCheck.judge("height", height >= sig.min_height * pad.y_max, round(height, 1),
                           round(sig.min_height * pad.y_max, 1),
                           sign_again[0].format("pipih"), sign_again[1].format("flat")),
        _duration_check(duration, sig),
    ]
    score = round(100 * sum(c.passed for c in checks) / len(checks)) if strokes else 0
    return SignatureReport(modality=Modality.SIGNATURE, passed=all(c.passed for c in checks), score=score,
                           checks=tuple(checks), measurements=measurements)


def render_signature(points: Iterable[PenPoint | Mapping[str, Any]], ranges: PadRanges | Mapping[str, Any],
                     width: int = 600, height: int = 200, margin: int = 10) -> np.ndarray:
    """The signature as a greyscale image (black ink on white), fitted to ``width``×``height``.

    Strokes are anti-aliased and their width follows the pen pressure.

    Raises:
        InputError: bad points or ranges, or an image too small to draw in.
    """
    if width < 2 * margin + 10 or height < 2 * margin + 10:
        raise InputError("Ukuran gambar tanda tangan terlalu kecil.", "The signature image size is too small.")
    pad = _ranges(ranges)
    strokes = split_strokes(_points(points))
    canvas = np.full((height * _SUPERSAMPLE, width * _SUPERSAMPLE), 255, dtype=np.uint8)
    down = [p for s in strokes for p in s]
    if down:
        x0, y0 = min(p.x for p in down), min(p.y for p in down)
        span_x = max(1, max(p.x for p in down) - x0)
        span_y = max(1, max(p.y for p in down) - y0)
        scale = min((width - 2 * margin) / span_x, (height - 2 * margin) / span_y)
        offset_x = (width - span_x * scale) / 2
        offset_y = (height - span_y * scale) / 2

        def to_canvas(p: PenPoint) -> tuple[int, int]:
            return (round(((p.x - x0) * scale + offset_x) * _SUPERSAMPLE),
                    round(((p.y - y0) * scale + offset_y) * _SUPERSAMPLE))

        for stroke in strokes:
            for a, b in zip(stroke, stroke[1:] or stroke):
                pressure = (a.pressure + b.pressure) / 2 / max(1, pad.pressure_max)
                thickness = max(1, round((0.6 + 0.4 * pressure) * _MAX_STROKE_PX * _SUPERSAMPLE))
                cv2.line(canvas, to_canvas(a), to_canvas(b), 0, thickness, cv2.LINE_AA)
    return cv2.resize(canvas, (width, height), interpolation=cv2.INTER_AREA)


def split_strokes(points: list[PenPoint]) -> list[list[PenPoint]]:
    """Runs of consecutive points with the pen tip down."""
    strokes: list[list[PenPoint]] = []
    current: list[PenPoint] = []
    for point in points:
        if point.tip:
            current.append(point)
        elif current:
            strokes.append(current)
            current = []
    if current:
        strokes.append(current)
    return strokes


def _stroke_length(stroke: list[PenPoint]) -> float:
    return float(sum(math.hypot(b.x - a.x, b.y - a.y) for a, b in zip(stroke, stroke[1:])))


def _duration_check(duration: float, sig: SignatureSettings) -> QualityCheck:
    limits = (sig.min_duration_s, sig.max_duration_s)
    if duration < sig.min_duration_s:
        guidance = ("Tanda tangan terlalu cepat atau hanya titik: tanda tangani ulang.",
                    "The signature is too quick or only a dot: sign again.")
    elif duration > sig.max_duration_s:
        guidance = ("Tanda tangan terlalu lama: hapus lalu tanda tangani ulang sekali jalan.",
                    "The signature took too long: clear it and sign again in one go.")
    else:
        guidance = ("", "")
    return QualityCheck("duration", not guidance[0], round(duration, 2), limits, *guidance)


def _points(points: Iterable[PenPoint | Mapping[str, Any]]) -> list[PenPoint]:
    try:
        result = [p if isinstance(p, PenPoint) else PenPoint(
            x=int(p["x"]), y=int(p["y"]), pressure=int(p["pressure"]), tip=bool(p["tip"]),
            proximity=bool(p.get("proximity", True)), t=float(p["t"])) for p in points]
    except (TypeError, KeyError, ValueError) as exc:
        raise InputError("Titik tanda tangan tidak valid.", f"The signature points are invalid ({exc}).") from exc
    if any(b.t < a.t for a, b in zip(result, result[1:])):
        raise InputError("Titik tanda tangan tidak berurutan waktu.", "The signature points are out of time order.")
    return result


def _ranges(ranges: PadRanges | Mapping[str, Any]) -> PadRanges:
    try:
        pad = ranges if isinstance(ranges, PadRanges) else PadRanges(
            x_max=int(ranges["x_max"]), y_max=int(ranges["y_max"]), pressure_max=int(ranges["pressure_max"]))
    except (TypeError, KeyError, ValueError) as exc:
        raise InputError("Rentang pad tanda tangan tidak valid.", f"The signature pad ranges are invalid ({exc}).") from exc
    if pad.x_max <= 0 or pad.y_max <= 0 or pad.pressure_max < 0:
        raise InputError("Rentang pad tanda tangan tidak valid.", "The signature pad ranges are invalid.")
    return pad
