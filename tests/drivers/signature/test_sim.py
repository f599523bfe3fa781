"""The simulated signature pad: the pad contract, plus natural strokes and restart on clear."""

from __future__ import annotations

import time

import numpy as np
import pytest

from drivers.signature.sim import SimulatedSignaturePad
from drivers.signature.synth import SAMPLE_RATE_HZ, synthesize_signature
from tests.drivers.contracts import SignaturePadContract


class TestSimulatedSignatureContract(SignaturePadContract):
    backend = "sim"

    @pytest.fixture
    def make_device(self):
        return lambda: SimulatedSignaturePad(seed=5)


def collect_signature(pad: SimulatedSignaturePad) -> list:
    points = []
    for _ in range(400):
        points += pad.read_points()
        if points and not points[-1].proximity:
            return points
        time.sleep(0.02)
    raise AssertionError("the signature never finished")


def test_a_signature_has_strokes_hover_and_varying_pressure() -> None:
    samples = synthesize_signature(8)
    tips = [s.tip for s in samples]
    strokes = sum(1 for before, now in zip(tips, tips[1:]) if now and not before)
    assert strokes >= 2
    hovering = [s for s in samples if s.proximity and not s.tip]
    assert hovering and all(s.pressure == 0 for s in hovering)
    pressures = np.array([s.pressure for s in samples if s.tip])
    assert pressures.std() > 50 and pressures.max() <= 1023
    spacing = np.diff([s.offset_s for s in samples])
    assert np.allclose(spacing, 1 / SAMPLE_RATE_HZ, atol=1e-3)
    assert not samples[-1].proximity


def test_each_person_signs_differently_and_repeatably() -> None:
    assert synthesize_signature(1) == synthesize_signature(1)
    assert synthesize_signature(1) != synthesize_signature(2)
    assert synthesize_signature(1, variation=1) != synthesize_signature(1)


def test_pad_plays_the_whole_signature_then_clear_restarts_it() -> None:
    with SimulatedSignaturePad(seed=5, subject=9, speed=25.0) as pad:
        ranges = pad.ranges()
        assert (ranges.x_max, ranges.y_max, ranges.pressure_max) == (26202, 16325, 1023)
        pad.start()
        first = collect_signature(pad)
        assert len(first) > 100
        assert any(p.tip for p in first)
        pad.clear()
        second = collect_signature(pad)
    assert len(second) > 100
    assert [p.t for p in second] == sorted(p.t for p in second)
    # A new take of the same person: similar length, slightly different points.
    assert abs(len(second) - len(first)) < len(first) * 0.2
