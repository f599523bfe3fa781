"""Synthetic frames for the quality tests (app.quality.samples): a portrait on a backdrop, an eye."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from app.quality.samples import compose_portrait, synthetic_eye


@pytest.fixture
def portrait() -> Callable[..., np.ndarray]:
    return compose_portrait


@pytest.fixture
def eye() -> Callable[..., np.ndarray]:
    return synthetic_eye
