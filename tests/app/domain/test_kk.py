"""KK numbers: region, registration date (no +40), serial."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.kk import parse_kk

TODAY = dt.date(2024, 11, 27)


def test_valid_kk() -> None:
    info = parse_kk("3573012001150003", TODAY)
    assert info.valid
    assert info.registered_on == dt.date(2015, 1, 20)
    assert info.district_name == "Blimbing"
    assert info.serial == 3


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("", "empty"),
        ("357301200115000", "length"),
        ("3573012001150000", "serial"),
        ("3573014501150003", "registration_date"),  # day 45: no +40 rule on a KK
        ("3573012013150003", "registration_date"),
        ("35730120011500x3", "not_digits"),
        ("0073012001150003", "province_code"),
    ],
)
def test_invalid_kk(number: str, code: str) -> None:
    info = parse_kk(number, TODAY)
    assert not info.valid
    assert code in [p.code for p in info.errors]


def test_unknown_region_is_a_warning() -> None:
    info = parse_kk("3569012001150003", TODAY)
    assert info.valid and [w.code for w in info.warnings] == ["unknown_region"]


@settings(deadline=None)  # shared, noisy machine: no timing limits
@given(st.text(max_size=20))
def test_never_raises(text: str) -> None:
    info = parse_kk(text, TODAY)
    assert info.valid == (not info.errors)
