"""The signature gate and the rendered signature image."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from app.errors import InputError
from app.quality.settings import QualitySettings, SignatureSettings
from app.quality.signature import assess_signature, render_signature, split_strokes
from drivers.signature.base import PadRanges, PenPoint

PAD = PadRanges(x_max=15000, y_max=10000, pressure_max=1023)


def wave_signature(strokes: int = 3, samples: int = 60, amplitude: int = 1500, step: int = 50,
                   dt: float = 0.01, pressure: int = 600) -> list[PenPoint]:
    """A synthetic scribble: ``strokes`` sine waves side by side, pen lifted between them."""
    points, t = [], 0.0
    for s in range(strokes):
        for i in range(samples):
            t += dt
            points.append(PenPoint(2000 + s * samples * step + i * step, 4000 + round(amplitude * math.sin(i / 6)),
                                   pressure, True, True, t))
        t += dt
        points.append(PenPoint(points[-1].x, points[-1].y, 0, False, True, t))
    return points


def failed(report) -> set[str]:
    return {check.name for check in report.failed_checks}


def test_normal_signature_passes_with_measurements() -> None:
    report = assess_signature(wave_signature(), PAD)
    assert report.passed, report.to_dict()
    assert report.score == 100
    assert report.check("strokes").value == 3
    assert report.measurements["duration_s"] == pytest.approx(1.81, abs=0.02)
    assert "ink_length_mm" not in report.measurements
    json.dumps(report.to_dict())


def test_millimetres_when_the_pad_size_is_known() -> None:
    settings = SignatureSettings(pad_width_mm=150.0, pad_height_mm=100.0)  # 100 units per mm
    report = assess_signature(wave_signature(), PAD, settings)
    assert report.measurements["width_mm"] == pytest.approx(report.measurements["width"] / 100)
    assert report.measurements["ink_length_mm"] == pytest.approx(report.measurements["ink_length"] / 100)


def test_empty_signature() -> None:
    hover_only = [PenPoint(100, 100, 0, False, True, 0.1), PenPoint(200, 100, 0, False, True, 0.2)]
    for points in ([], hover_only):
        report = assess_signature(points, PAD)
        assert "strokes" in failed(report) and report.score == 0
        assert "empty" in report.check("strokes").guidance_en


def test_a_dot_is_too_short_small_and_quick() -> None:
    dot = [PenPoint(5000, 5000, 500, True, True, 0.0), PenPoint(5003, 5002, 500, True, True, 0.02)]
    report = assess_signature(dot, PAD)
    assert {"ink_length", "width", "height", "duration"} <= failed(report)
    assert "strokes" not in failed(report)


def test_flat_line_fails_height() -> None:
    report = assess_signature(wave_signature(amplitude=50), PAD)
    assert failed(report) == {"height"}
    assert report.check("height").guidance_id.startswith("Tanda tangan terlalu pipih")


def test_too_slow() -> None:
    report = assess_signature(wave_signature(dt=0.5), PAD)
    assert failed(report) == {"duration"}


def test_settings_apply() -> None:
    settings = QualitySettings.from_mapping({"signature": {"min_strokes": 4}})
    assert failed(assess_signature(wave_signature(), PAD, settings)) == {"strokes"}


def test_points_as_dicts_from_storage() -> None:
    points = [p.to_dict() for p in wave_signature()]
    ranges = {"x_max": 15000, "y_max": 10000, "pressure_max": 1023}
    assert assess_signature(points, ranges).passed


def test_split_strokes() -> None:
    assert [len(s) for s in split_strokes(wave_signature(strokes=2, samples=5))] == [5, 5]


@pytest.mark.parametrize(("points", "ranges"), [
    ([{"x": 1}], PAD),
    ([object()], PAD),
    (wave_signature(), {"x_max": 0, "y_max": 10, "pressure_max": 1}),
    (wave_signature(), {"x_max": 10}),
    ([PenPoint(1, 1, 1, True, True, 1.0), PenPoint(2, 2, 1, True, True, 0.5)], PAD),
])
def test_bad_input(points, ranges) -> None:
    with pytest.raises(InputError):
        assess_signature(points, ranges)


def test_render_draws_black_ink_on_white_with_pressure_width() -> None:
    light = render_signature(wave_signature(pressure=50), PAD, width=600, height=200)
    heavy = render_signature(wave_signature(pressure=1023), PAD, width=600, height=200)
    assert light.shape == (200, 600) and light.dtype == np.uint8
    assert light.max() == 255 and light.min() < 40
    assert np.count_nonzero(heavy < 128) > np.count_nonzero(light < 128)
    # anti-aliased: grey levels between ink and paper
    assert np.count_nonzero((heavy > 30) & (heavy < 225)) > 100
    # the ink is fitted inside the margin
    assert np.all(heavy[:5] == 255) and np.all(heavy[:, :5] == 255)


def test_render_empty_signature_is_blank() -> None:
    assert np.all(render_signature([], PAD, width=300, height=100) == 255)


def test_render_rejects_tiny_images() -> None:
    with pytest.raises(InputError):
        render_signature(wave_signature(), PAD, width=20, height=20)


def test_simulated_pad_signatures_pass() -> None:
    from drivers.signature import synth

    ranges = PadRanges(synth.X_MAX, synth.Y_MAX, synth.PRESSURE_MAX)
    for subject in (1, 2, 3):
        points = [PenPoint(p.x, p.y, p.pressure, p.tip, p.proximity, p.offset_s)
                  for p in synth.synthesize_signature(subject)]
        assert assess_signature(points, ranges).passed
