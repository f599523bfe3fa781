"""What a quality gate returns: named checks with measured values and bilingual guidance.

The same frozen objects go to the GUI (live hints), the CLI (``station quality``)
and the enrolment service (best attempt kept, score stored with the capture).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.domain.enums import Modality

Number = float | int


@dataclass(frozen=True)
class QualityCheck:
    """One measured property of a capture.

    ``value`` is what was measured and ``threshold`` the limit it was held
    against (a number, or a ``(low, high)`` range, or a text such as the
    expected background colour). The guidance says what the operator or the
    applicant should do; it is empty when the check passed.
    """

    name: str
    passed: bool
    value: Any
    threshold: Any
    guidance_id: str = ""
    guidance_en: str = ""

    @classmethod
    def judge(cls, name: str, passed: bool, value: Any, threshold: Any,
              guidance_id: str, guidance_en: str) -> QualityCheck:
        """A check whose guidance is kept only when it failed."""
        passed = bool(passed)
        return cls(name, passed, value, threshold, "" if passed else guidance_id, "" if passed else guidance_en)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "passed": self.passed,
            "value": _plain(self.value),
            "threshold": _plain(self.threshold),
            "guidance_id": self.guidance_id,
            "guidance_en": self.guidance_en,
        }


@dataclass(frozen=True)
class QualityReport:
    """The verdict on one capture: passed when every check passed.

    ``score`` is on 0–100 (NFIQ 2 for fingers; a modality's own score for the others).
    ``template`` is what the gate's extractor already found for the enrolment to
    reuse (fingers: an ``ExtractedTemplate``); it is biometric data, so it is
    left out of ``to_dict``, ``repr`` and comparisons.
    """

    modality: Modality
    passed: bool
    score: Number | None
    checks: tuple[QualityCheck, ...] = field(default_factory=tuple)
    template: Any = field(default=None, compare=False, repr=False)

    @classmethod
    def from_checks(cls, modality: Modality, checks: tuple[QualityCheck, ...] | list[QualityCheck],
                    score: Number | None, template: Any = None) -> QualityReport:
        checks = tuple(checks)
        return cls(modality=modality, passed=all(c.passed for c in checks), score=score, checks=checks,
                   template=template)

    @property
    def failed_checks(self) -> tuple[QualityCheck, ...]:
        return tuple(c for c in self.checks if not c.passed)

    def check(self, name: str) -> QualityCheck:
        """The check called ``name``.

        Raises:
            KeyError: the report has no such check.
        """
        for candidate in self.checks:
            if candidate.name == name:
                return candidate
        raise KeyError(name)

    def guidance(self, language: str = "id") -> tuple[str, ...]:
        """The advice of every failed check, in one language ("id" or "en"), in check order."""
        texts = (c.guidance_en if language == "en" else c.guidance_id for c in self.failed_checks)
        return tuple(dict.fromkeys(t for t in texts if t))

    def to_dict(self) -> dict[str, Any]:
        return {
            "modality": self.modality.value,
            "passed": self.passed,
            "score": _plain(self.score),
            "checks": [c.to_dict() for c in self.checks],
        }


def _plain(value: Any) -> Any:
    """Numbers rounded for people, numpy scalars and tuples made JSON-friendly."""
    if hasattr(value, "item") and callable(value.item):  # numpy scalar
        value = value.item()
    if isinstance(value, bool) or value is None or isinstance(value, (int, str)):
        return value
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return str(value)
