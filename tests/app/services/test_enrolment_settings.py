"""``[enrolment]`` and ``[duplicates]`` are parsed strictly: unknown keys and wrong types are config errors."""

from __future__ import annotations

import pytest

from app.biometrics.duplicates import DuplicateSettings
from app.errors import ConfigError
from app.services.enrolment_types import EnrolmentSettings


def test_defaults_and_overrides() -> None:
    assert EnrolmentSettings.from_config({}) == EnrolmentSettings()
    settings = EnrolmentSettings.from_config({"destination": "SIAK-JATIM", "signature_width_mm": 100})
    assert settings.destination == "SIAK-JATIM" and settings.signature_width_mm == 100.0
    assert DuplicateSettings.from_config({"threshold": 60, "candidates": 10}) == DuplicateSettings(60, 10)


@pytest.mark.parametrize("table", [{"destnation": "X"}, {"require_face": "yes"}, {"destination": 5}])
def test_bad_enrolment_tables(table: dict) -> None:
    with pytest.raises(ConfigError):
        EnrolmentSettings.from_config(table)


@pytest.mark.parametrize("table", [{"threshold": 0}, {"candidates": "many"}, {"threshold": True}, {"limit": 3}])
def test_bad_duplicate_tables(table: dict) -> None:
    with pytest.raises(ConfigError):
        DuplicateSettings.from_config(table)
