"""Bad input never crashes a gate: it gives a report or a bilingual InputError/ConfigError."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.errors import ConfigError, InputError
from app.quality.face import assess_face
from app.quality.finger import assess_finger
from app.quality.iris import assess_iris
from app.quality.report import QualityReport
from app.quality.settings import QualitySettings
from app.quality.signature import assess_signature, render_signature
from drivers.signature.base import PadRanges, PenPoint

scalars = st.one_of(st.none(), st.booleans(), st.integers(-1000, 1000), st.floats(allow_nan=True),
                    st.text(max_size=8), st.lists(st.text(max_size=12), max_size=3))
keys = st.sampled_from(["max_attempts", "card_fingers", "finger", "face", "iris", "signature", "colour",
                        "min_sharpness", "right_index", "left_little", "min_score", "min_strokes", "detection_width"])
tables = st.recursive(scalars, lambda children: st.dictionaries(keys, children, max_size=4), max_leaves=12)


@settings(deadline=None, max_examples=200)  # shared, noisy machine: no timing limits
@given(st.dictionaries(keys, tables, max_size=5))
def test_any_quality_table_parses_or_raises_config_error(table: dict) -> None:
    try:
        parsed = QualitySettings.from_mapping(table)
    except ConfigError as error:
        assert error.message_id and error.message_en
    else:
        assert 1 <= parsed.max_attempts <= 10


points = st.builds(PenPoint, x=st.integers(0, 30000), y=st.integers(0, 20000), pressure=st.integers(0, 1023),
                   tip=st.booleans(), proximity=st.booleans(), t=st.floats(0, 100))


@settings(deadline=None, max_examples=100)
@given(st.lists(points, max_size=60))
def test_any_pen_points_give_a_report_or_input_error(samples: list[PenPoint]) -> None:
    samples.sort(key=lambda p: p.t)
    ranges = PadRanges(30000, 20000, 1023)
    report = assess_signature(samples, ranges)
    assert isinstance(report, QualityReport) and 0 <= report.score <= 100
    image = render_signature(samples, ranges, width=200, height=80)
    assert image.shape == (80, 200)


images = st.builds(
    lambda h, w, c, seed, kind: _image(h, w, c, seed, kind),
    st.integers(1, 200), st.integers(1, 200), st.sampled_from([0, 1, 3, 4]), st.integers(0, 10),
    st.sampled_from(["noise", "flat", "stripes"]),
)


def _image(height: int, width: int, channels: int, seed: int, kind: str) -> np.ndarray:
    shape = (height, width) if channels == 0 else (height, width, channels)
    if kind == "flat":
        return np.full(shape, seed * 25, dtype=np.uint8)
    if kind == "stripes":
        stripes = (np.indices((height, width))[1] % 8 < 4).astype(np.uint8) * 200
        return stripes if channels == 0 else np.repeat(stripes[..., None], channels, axis=2)
    return np.random.default_rng(seed).integers(0, 256, shape, dtype=np.uint8)


@settings(deadline=None, max_examples=25, suppress_health_check=[HealthCheck.too_slow])
@given(images)
def test_any_image_gives_a_report_or_input_error(image: np.ndarray) -> None:
    for gate in (assess_face, assess_iris, lambda px: assess_finger(px, 2)):
        try:
            report = gate(image)
        except InputError as error:
            assert error.message_id and error.message_en
        else:
            assert isinstance(report, QualityReport) and 0 <= report.score <= 100
