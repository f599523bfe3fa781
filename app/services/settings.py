"""Settings for the people services, each read from its own station.toml table.

``[operators]`` (login lockout, password length), ``[eligibility]`` (early
recording, polling day) and ``[documents]`` (birth certificate asked or not).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.config import StationConfig
from app.domain.documents import DocumentRules
from app.domain.eligibility import EligibilityRules
from app.errors import ConfigError


@dataclass(frozen=True)
class LoginPolicy:
    """Lock an account for ``lockout_minutes`` after ``max_failed_logins`` wrong passwords."""

    max_failed_logins: int = 5
    lockout_minutes: int = 15
    min_password_length: int = 8

    @classmethod
    def from_mapping(cls, table: Mapping[str, Any]) -> LoginPolicy:
        values = {}
        for name, low, high in (("max_failed_logins", 1, 100), ("lockout_minutes", 1, 24 * 60),
                                ("min_password_length", 4, 128)):
            value = table.get(name, getattr(cls, name))
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                raise ValueError(f"{name} must be a whole number {low}–{high}, not {value!r}")
            values[name] = value
        return cls(**values)


@dataclass(frozen=True)
class PeopleSettings:
    login: LoginPolicy
    eligibility: EligibilityRules
    documents: DocumentRules

    @classmethod
    def from_config(cls, config: StationConfig) -> PeopleSettings:
        """Raises ConfigError naming the table when a value is wrong."""
        parsed = {}
        for table, parser in (("operators", LoginPolicy), ("eligibility", EligibilityRules),
                              ("documents", DocumentRules)):
            try:
                parsed[table] = parser.from_mapping(config.section(table))
            except (ValueError, TypeError) as exc:
                raise ConfigError(f"[{table}] tidak valid: {exc}", f"[{table}] is invalid: {exc}") from exc
        return cls(parsed["operators"], parsed["eligibility"], parsed["documents"])

    @classmethod
    def defaults(cls) -> PeopleSettings:
        return cls(LoginPolicy(), EligibilityRules(), DocumentRules())
