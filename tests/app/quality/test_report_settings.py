"""The report objects and the [quality] configuration table."""

from __future__ import annotations

import json

import pytest

from app.config import from_mapping
from app.domain.enums import Modality
from app.errors import ConfigError
from app.paths import StationPaths
from app.quality.report import QualityCheck, QualityReport
from app.quality.settings import DEFAULT_CARD_FINGERS, QualitySettings
from drivers.fingerprint.base import FingerPosition


def test_report_passes_only_when_every_check_passes() -> None:
    good = QualityCheck("sharpness", True, 80.5, 40.0)
    bad = QualityCheck("centring", False, 0.3, 0.12, "Geser wajah ke tengah.", "Move your face to the centre.")
    report = QualityReport.from_checks(Modality.FACE, [good, bad], score=50)
    assert not report.passed
    assert report.failed_checks == (bad,)
    assert report.guidance("id") == ("Geser wajah ke tengah.",)
    assert report.guidance("en") == ("Move your face to the centre.",)
    assert report.check("sharpness") is good
    assert QualityReport.from_checks(Modality.FACE, [good], score=90).passed


def test_report_to_dict_is_json_ready() -> None:
    import numpy as np

    check = QualityCheck("roll", True, np.float64(1.234567), (-8.0, 8.0))
    data = QualityReport.from_checks(Modality.FACE, [check], score=np.int64(77)).to_dict()
    assert json.loads(json.dumps(data)) == {
        "modality": "face", "passed": True, "score": 77,
        "checks": [{"name": "roll", "passed": True, "value": 1.2346, "threshold": [-8.0, 8.0],
                    "guidance_id": "", "guidance_en": ""}],
    }


def test_defaults_without_a_quality_table(station_config) -> None:
    settings = QualitySettings.from_config(station_config)
    assert settings.max_attempts == 3
    assert settings.card_fingers == DEFAULT_CARD_FINGERS == (FingerPosition.RIGHT_INDEX, FingerPosition.LEFT_INDEX)
    assert settings.finger_threshold(FingerPosition.RIGHT_THUMB) == 40
    assert settings.finger_threshold(FingerPosition.LEFT_LITTLE) == 30


def test_values_from_station_toml(station_config) -> None:
    config = from_mapping({"quality": {
        "max_attempts": 5,
        "card_fingers": ["right_thumb", "right_index"],
        "finger": {"right_little": 25, "2": 50},
        "face": {"min_sharpness": 12.5, "detection_width": 320},
        "iris": {"min_visible_iris": 0.6},
        "signature": {"min_strokes": 2, "pad_width_mm": 120},
    }}, StationPaths.default())
    settings = QualitySettings.from_config(config)
    assert settings.max_attempts == 5
    assert settings.card_fingers == (FingerPosition.RIGHT_THUMB, FingerPosition.RIGHT_INDEX)
    assert settings.finger_threshold(FingerPosition.RIGHT_LITTLE) == 25
    assert settings.finger_threshold(FingerPosition.RIGHT_INDEX) == 50
    assert settings.face.min_sharpness == 12.5
    assert settings.face.detection_width == 320
    assert settings.iris.min_visible_iris == 0.6
    assert settings.signature.min_strokes == 2
    assert settings.signature.pad_width_mm == 120.0


@pytest.mark.parametrize(("table", "fragment"), [
    ({"max_attempts": 0}, "max_attempts"),
    ({"max_attempts": 11}, "max_attempts"),
    ({"max_attempts": "3"}, "max_attempts"),
    ({"max_attempts": True}, "max_attempts"),
    ({"card_fingers": "right_index"}, "card_fingers"),
    ({"card_fingers": []}, "card_fingers"),
    ({"card_fingers": ["right_pinkie"]}, "right_pinkie"),
    ({"card_fingers": ["plain_thumbs"]}, "card_fingers"),
    ({"finger": {"right_index": 101}}, "right_index"),
    ({"finger": {"nose": 40}}, "nose"),
    ({"face": {"min_sharpnes": 1}}, "min_sharpnes"),
    ({"face": {"min_head_height": 0.8, "max_head_height": 0.5}}, "min_head_height"),
    ({"face": {"detection_width": 480.5}}, "detection_width"),
    ({"iris": "strict"}, "quality.iris"),
    ({"colour": 1}, "colour"),
])
def test_bad_values_give_a_bilingual_config_error(table: dict, fragment: str) -> None:
    with pytest.raises(ConfigError) as caught:
        QualitySettings.from_mapping(table)
    assert fragment in caught.value.message_id
    assert fragment in caught.value.message_en
    assert caught.value.action_en
