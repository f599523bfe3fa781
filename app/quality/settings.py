"""The ``[quality]`` configuration table: thresholds for every quality gate.

Defaults follow MOSIP's registration client where it publishes numbers (NFIQ 2
40–50 on 1–100 for slaps and thumbs, 3 attempts in 1–10) and ICAO/ISO 19794-5
photo rules for the face. Every value can be changed in ``station.toml``::

    [quality]
    max_attempts = 3
    card_fingers = ["right_index", "left_index"]

    [quality.finger]          # minimum NFIQ 2 score (0–100) per position
    right_little = 30

    [quality.face]
    min_sharpness = 18.0
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from app.config import reject_unknown_keys
from app.errors import ConfigError
from drivers.fingerprint.base import FingerPosition

# Minimum NFIQ 2 per position. Thumbs, index and middle fingers and slaps use
# MOSIP's 40; ring and little fingers have less ridge area and NFIQ 2 scores
# them lower for the same care, so lower minimums avoid needless forced captures.
DEFAULT_FINGER_THRESHOLDS: dict[FingerPosition, int] = {
    FingerPosition.UNKNOWN: 40,
    FingerPosition.RIGHT_THUMB: 40,
    FingerPosition.RIGHT_INDEX: 40,
    FingerPosition.RIGHT_MIDDLE: 40,
    FingerPosition.RIGHT_RING: 35,
    FingerPosition.RIGHT_LITTLE: 30,
    FingerPosition.LEFT_THUMB: 40,
    FingerPosition.LEFT_INDEX: 40,
    FingerPosition.LEFT_MIDDLE: 40,
    FingerPosition.LEFT_RING: 35,
    FingerPosition.LEFT_LITTLE: 30,
    FingerPosition.PLAIN_RIGHT_FOUR: 40,
    FingerPosition.PLAIN_LEFT_FOUR: 40,
    FingerPosition.PLAIN_THUMBS: 40,
}

# The two index fingers go on the card chip (DOMAIN.md marks this uncertain).
DEFAULT_CARD_FINGERS: tuple[FingerPosition, ...] = (FingerPosition.RIGHT_INDEX, FingerPosition.LEFT_INDEX)


def _limit(low: float, high: float) -> dict[str, float]:
    return {"low": low, "high": high}


@dataclass(frozen=True)
class FaceSettings:
    """Face photo thresholds; fractions are of the camera frame, angles in degrees."""

    max_centre_offset: float = field(default=0.12, metadata=_limit(0.01, 0.5))
    min_head_height: float = field(default=0.25, metadata=_limit(0.05, 1.0))
    max_head_height: float = field(default=0.75, metadata=_limit(0.05, 1.0))
    max_roll_degrees: float = field(default=8.0, metadata=_limit(0.5, 45.0))
    # Variance of the Laplacian on the face scaled to 128 px wide, smoothed (sigma 1 px).
    min_sharpness: float = field(default=18.0, metadata=_limit(0.0, 10_000.0))
    # Mean grey of the face (0–255): too dark or too bright without clipping.
    min_brightness: float = field(default=60.0, metadata=_limit(0.0, 255.0))
    max_brightness: float = field(default=215.0, metadata=_limit(0.0, 255.0))
    # Share of face pixels at the ends of the grey scale (<= 5 or >= 250).
    max_clipped_fraction: float = field(default=0.05, metadata=_limit(0.0, 1.0))
    # |left − right| / brighter half, mean grey of the two face halves.
    max_lighting_imbalance: float = field(default=0.25, metadata=_limit(0.0, 1.0))
    # Mean per-channel standard deviation of the frame border outside the head.
    max_background_std: float = field(default=30.0, metadata=_limit(0.0, 255.0))
    # Detection runs on a copy this wide, so a live 1280×720 preview stays fast.
    detection_width: int = field(default=480, metadata=_limit(160, 4096))


@dataclass(frozen=True)
class IrisSettings:
    """Iris gate minimums; the score is 0–100 (MOSIP uses 50–60 for irises)."""

    min_score: float = field(default=50.0, metadata=_limit(0.0, 100.0))
    # Variance of the Laplacian of the iris scaled to 200 px across, smoothed (sigma 1 px).
    min_sharpness: float = field(default=10.0, metadata=_limit(0.0, 10_000.0))
    # Share of pixels at the ends of the grey scale.
    max_clipped_fraction: float = field(default=0.05, metadata=_limit(0.0, 1.0))
    # Share of the iris ring that is visible (not covered by eyelids or lashes).
    min_visible_iris: float = field(default=0.70, metadata=_limit(0.0, 1.0))
    # Iris radius in pixels; ISO/IEC 29794-6 asks for at least 80 (a 160 px iris).
    min_iris_radius: float = field(default=80.0, metadata=_limit(10.0, 1000.0))


@dataclass(frozen=True)
class SignatureSettings:
    """Signature minimums; lengths relative to the pad width so any pad works."""

    min_strokes: int = field(default=1, metadata=_limit(1, 100))
    min_ink_length: float = field(default=0.5, metadata=_limit(0.0, 100.0))  # × pad width
    min_width: float = field(default=0.15, metadata=_limit(0.0, 1.0))  # bounding box, × pad width
    min_height: float = field(default=0.04, metadata=_limit(0.0, 1.0))  # bounding box, × pad height
    min_duration_s: float = field(default=0.3, metadata=_limit(0.0, 60.0))
    max_duration_s: float = field(default=60.0, metadata=_limit(1.0, 3600.0))
    # The pad's active area, for lengths in millimetres (0 when unknown).
    pad_width_mm: float = field(default=0.0, metadata=_limit(0.0, 1000.0))
    pad_height_mm: float = field(default=0.0, metadata=_limit(0.0, 1000.0))


@dataclass(frozen=True)
class QualitySettings:
    """All quality thresholds, parsed once from ``[quality]``."""

    finger_thresholds: Mapping[FingerPosition, int] = field(
        default_factory=lambda: dict(DEFAULT_FINGER_THRESHOLDS))
    max_attempts: int = 3
    card_fingers: tuple[FingerPosition, ...] = DEFAULT_CARD_FINGERS
    face: FaceSettings = field(default_factory=FaceSettings)
    iris: IrisSettings = field(default_factory=IrisSettings)
    signature: SignatureSettings = field(default_factory=SignatureSettings)

    def finger_threshold(self, position: FingerPosition) -> int:
        position = FingerPosition(position)
        return self.finger_thresholds.get(position, DEFAULT_FINGER_THRESHOLDS[FingerPosition.UNKNOWN])

    @classmethod
    def from_config(cls, config: Any) -> QualitySettings:
        """Read ``config.section("quality")`` (a StationConfig) or a plain mapping.

        Raises:
            ConfigError: an unknown key, a value of the wrong type or out of range.
        """
        table = config.section("quality") if hasattr(config, "section") else dict(config or {})
        return cls.from_mapping(table)

    @classmethod
    def from_mapping(cls, table: Mapping[str, Any]) -> QualitySettings:
        if not isinstance(table, Mapping):
            raise _error("[quality] harus berupa tabel.", "[quality] must be a table.")
        known = {"max_attempts", "card_fingers", "finger", "face", "iris", "signature"}
        reject_unknown_keys("quality", table, known)
        return cls(
            finger_thresholds=_finger_thresholds(table.get("finger", {})),
            max_attempts=int(_number("quality", "max_attempts", table.get("max_attempts", 3), 1, 10, integer=True)),
            card_fingers=_card_fingers(table.get("card_fingers", [p.slug for p in DEFAULT_CARD_FINGERS])),
            face=_parse_table("quality.face", FaceSettings, table.get("face", {})),
            iris=_parse_table("quality.iris", IrisSettings, table.get("iris", {})),
            signature=_parse_table("quality.signature", SignatureSettings, table.get("signature", {})),
        )


def _error(message_id: str, message_en: str) -> ConfigError:
    return ConfigError(message_id, message_en,
                       action_id="Perbaiki tabel [quality] di station.toml.",
                       action_en="Fix the [quality] table in station.toml.")


def _number(table_name: str, key: str, value: Any, low: float, high: float, *, integer: bool = False) -> float | int:
    valid_type = isinstance(value, int) if integer else isinstance(value, (int, float))
    if isinstance(value, bool) or not valid_type:
        kind_id, kind_en = ("bilangan bulat", "a whole number") if integer else ("angka", "a number")
        raise _error(f"[{table_name}] {key} harus {kind_id}, bukan {value!r}.",
                     f"[{table_name}] {key} must be {kind_en}, not {value!r}.")
    if not low <= value <= high:
        raise _error(f"[{table_name}] {key} harus di antara {low:g} dan {high:g}, bukan {value}.",
                     f"[{table_name}] {key} must be between {low:g} and {high:g}, not {value}.")
    return int(value) if integer else float(value)


def _position(table_name: str, text: Any) -> FingerPosition:
    try:
        return FingerPosition.parse(text)
    except (KeyError, ValueError):
        raise _error(f"[{table_name}] posisi jari tidak dikenal: {text!r}.",
                     f"[{table_name}] unknown finger position: {text!r}.") from None


def _finger_thresholds(table: Any) -> dict[FingerPosition, int]:
    if not isinstance(table, Mapping):
        raise _error("[quality.finger] harus berupa tabel.", "[quality.finger] must be a table.")
    thresholds = dict(DEFAULT_FINGER_THRESHOLDS)
    for key, value in table.items():
        position = _position("quality.finger", key)
        thresholds[position] = int(_number("quality.finger", key, value, 0, 100, integer=True))
    return thresholds


def _card_fingers(value: Any) -> tuple[FingerPosition, ...]:
    if isinstance(value, str) or not isinstance(value, (list, tuple)) or not value:
        raise _error("[quality] card_fingers harus daftar posisi jari, mis. [\"right_index\", \"left_index\"].",
                     "[quality] card_fingers must be a list of finger positions, e.g. [\"right_index\", \"left_index\"].")
    positions = tuple(dict.fromkeys(_position("quality", item) for item in value))
    if not all(p.is_single_finger for p in positions):
        raise _error("[quality] card_fingers hanya boleh jari tunggal.", "[quality] card_fingers must be single fingers.")
    return positions


def _parse_table(table_name: str, settings_type: type, table: Any) -> Any:
    if not isinstance(table, Mapping):
        raise _error(f"[{table_name}] harus berupa tabel.", f"[{table_name}] must be a table.")
    fields = {f.name: f for f in dataclasses.fields(settings_type)}
    reject_unknown_keys(table_name, table, fields)
    values = {}
    for key, value in table.items():
        spec = fields[key]
        integer = spec.type in ("int", int)
        values[key] = _number(table_name, key, value, spec.metadata["low"], spec.metadata["high"], integer=integer)
    settings = settings_type(**values)
    _check_consistency(table_name, settings)
    return settings


def _check_consistency(table_name: str, settings: Any) -> None:
    pairs = {
        FaceSettings: (("min_head_height", "max_head_height"), ("min_brightness", "max_brightness")),
        SignatureSettings: (("min_duration_s", "max_duration_s"),),
    }
    for low, high in pairs.get(type(settings), ()):
        if getattr(settings, low) > getattr(settings, high):
            raise _error(f"[{table_name}] {low} lebih besar dari {high}.",
                         f"[{table_name}] {low} is greater than {high}.")
