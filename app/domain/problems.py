"""``Problem``: one finding about typed or imported input, in both languages."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """A stable machine code plus a sentence in Bahasa Indonesia and in English."""

    code: str
    message_id: str
    message_en: str

    def __str__(self) -> str:
        return f"{self.message_id} / {self.message_en}"
