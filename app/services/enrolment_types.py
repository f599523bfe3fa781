"""What the enrolment service returns and raises, and its ``[enrolment]`` settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.biometrics.duplicates import DuplicateMatch
from app.config import reject_unknown_keys
from app.errors import ConfigError, InputError, NotFoundError, StationError


class EnrolmentNotFoundError(NotFoundError):
    default_message_id = "Perekaman tidak ditemukan."
    default_message_en = "The enrolment was not found."


class EnrolmentStateError(StationError):
    """The enrolment's status does not allow this (e.g. capturing into a saved record)."""

    default_message_id = "Perekaman ini tidak dapat diubah lagi."
    default_message_en = "This enrolment can no longer be changed."


class SupervisorRequiredError(StationError):
    default_message_id = "Perlu persetujuan supervisor yang aktif."
    default_message_en = "An active supervisor must approve this."
    default_action_id = "Minta supervisor masuk dengan akunnya."
    default_action_en = "Ask a supervisor to confirm with their account."


class ForceNotAllowedError(StationError):
    default_message_id = "Pengambilan paksa belum diizinkan."
    default_message_en = "A forced capture is not allowed yet."


class IncompleteEnrolmentError(StationError):
    """Save refused: something required is missing (listed in ``problems``)."""

    def __init__(self, problems: list[ReviewWarning]) -> None:
        self.problems = problems
        super().__init__(
            "Perekaman belum lengkap: " + "; ".join(p.message_id for p in problems),
            "The enrolment is incomplete: " + "; ".join(p.message_en for p in problems),
            action_id="Lengkapi pengambilan yang disebut atau catat pengecualian dengan supervisor.",
            action_en="Complete the listed captures, or record an exception with a supervisor.",
        )


class CaptureInputError(InputError):
    default_message_id = "Data tangkapan tidak valid."
    default_message_en = "The captured data is invalid."
    default_action_id = "Ulangi pengambilan."
    default_action_en = "Capture again."


@dataclass(frozen=True)
class EnrolmentSettings:
    """``[enrolment]``: where records go and what a record needs (approval is ``[sync] require_approval``)."""

    destination: str = "SIAK"  # 1.007 DAI of every transaction
    require_face: bool = True
    signature_width_mm: float = 120.0  # pad active area when [quality.signature] does not say
    signature_height_mm: float = 75.0

    @classmethod
    def from_config(cls, config: Any) -> EnrolmentSettings:
        table = config.section("enrolment") if hasattr(config, "section") else dict(config or {})
        reject_unknown_keys("enrolment", table, cls.__dataclass_fields__)
        values: dict[str, Any] = {}
        for key, value in table.items():
            default = getattr(cls, key)
            if isinstance(default, bool) != isinstance(value, bool) or (
                    isinstance(default, str) and not isinstance(value, str)) or (
                    isinstance(default, float) and not isinstance(value, (int, float))):
                raise ConfigError(f"[enrolment] {key} bernilai salah: {value!r}.",
                                  f"[enrolment] {key} has a wrong value: {value!r}.")
            values[key] = float(value) if isinstance(default, float) else value
        return cls(**values)


@dataclass(frozen=True)
class FingerAttemptOutcome:
    """After one finger attempt: the best kept so far and what the operator may do next."""

    position: str
    attempts: int
    score: float | None  # this attempt's score
    best_score: float | None
    kept: bool  # this attempt became the kept (best) one
    passed: bool  # the kept attempt passes the gate
    may_force: bool  # attempts used up without a pass: a supervisor may force
    threshold: float | None
    max_attempts: int


@dataclass(frozen=True)
class DraftSummary:
    uuid: str
    applicant_id: int
    applicant_name: str
    visit_id: int | None
    operator_id: int | None
    started_at: Any
    captured: tuple[str, ...]


@dataclass(frozen=True)
class ReviewWarning:
    """One line of the review screen; ``blocking`` ones stop the save."""

    code: str  # missing, below_threshold, forced, exception, possible_duplicate, document_missing
    modality: str  # a Modality value, or "document" (position is then a DocumentKind value)
    position: str
    message_id: str
    message_en: str
    blocking: bool = False

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class CaptureSummary:
    modality: str
    position: str
    quality_score: float | None
    passed: bool
    attempts: int
    forced: bool
    exception_reason: str | None
    width: int | None
    height: int | None

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class EnrolmentReview:
    uuid: str
    status: str
    applicant_name: str
    captures: tuple[CaptureSummary, ...]
    warnings: tuple[ReviewWarning, ...]
    duplicate: DuplicateMatch | None = None
    documents_seen: tuple[str, ...] = ()  # DocumentKind values the operator ticked

    @property
    def can_save(self) -> bool:
        return not any(w.blocking for w in self.warnings)

    @property
    def blocking(self) -> list[ReviewWarning]:
        return [w for w in self.warnings if w.blocking]

    def to_dict(self) -> dict[str, Any]:
        return {"uuid": self.uuid, "status": self.status, "applicant_name": self.applicant_name,
                "can_save": self.can_save, "captures": [c.to_dict() for c in self.captures],
                "warnings": [w.to_dict() for w in self.warnings],
                "duplicate": self.duplicate.to_dict() if self.duplicate else None,
                "documents_seen": list(self.documents_seen)}


@dataclass(frozen=True)
class SaveResult:
    uuid: str
    record_ref: str
    record_size: int
    outbox_id: int
    possible_duplicate_of: str | None
    duplicate_score: float | None
    warnings: tuple[ReviewWarning, ...] = ()
    hook_errors: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        return {"uuid": self.uuid, "record_ref": self.record_ref, "record_size": self.record_size,
                "outbox_id": self.outbox_id, "possible_duplicate_of": self.possible_duplicate_of,
                "duplicate_score": self.duplicate_score, "warnings": [w.to_dict() for w in self.warnings],
                "hook_errors": list(self.hook_errors)}
