"""Who may be recorded, and when (UU 24/2013 art. 63(1)).

Recording is required at 17 or when married or ever married. Recording may
happen early: before an election, those who turn 17 by polling day are
recorded now and get the card at 17; offices may also record every 16-year-old.
Both early rules are configurable in ``[eligibility]``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.domain.enums import EligibilityStatus
from app.domain.nik import age_on

CARD_AGE = 17
# Status Perkawinan values (and English equivalents) that count as married or ever married.
EVER_MARRIED_STATUSES = frozenset({"KAWIN", "KAWIN TERCATAT", "KAWIN BELUM TERCATAT", "CERAI HIDUP", "CERAI MATI",
                                   "MARRIED", "DIVORCED", "WIDOWED"})


def is_ever_married(marital_status: str) -> bool:
    """True for KAWIN, CERAI HIDUP, CERAI MATI (and English equivalents); unknown text counts as not married."""
    return " ".join((marital_status or "").upper().split()) in EVER_MARRIED_STATUSES


@dataclass(frozen=True)
class EligibilityRules:
    """The configurable part of eligibility (``[eligibility]`` in station.toml).

    early_by_polling_day: record people who turn 17 on or before polling day.
    early_min_age: record everyone of at least this age early (None: no such rule).
    polling_day: the next polling day, used when a caller does not give one.
    """

    early_by_polling_day: bool = True
    early_min_age: int | None = 16
    polling_day: dt.date | None = None

    @classmethod
    def from_mapping(cls, table: Mapping[str, Any]) -> EligibilityRules:
        """Build from a config table; raises ValueError on a bad value."""
        early_min_age = table.get("early_min_age", 16)
        if early_min_age in (False, 0, "", None):
            early_min_age = None
        elif isinstance(early_min_age, bool) or not isinstance(early_min_age, int) or not 0 < early_min_age <= CARD_AGE:
            raise ValueError(f"early_min_age must be a whole number 1–17 or false, not {early_min_age!r}")
        polling_day = table.get("polling_day")
        if isinstance(polling_day, str):
            polling_day = dt.date.fromisoformat(polling_day)
        elif isinstance(polling_day, dt.datetime):
            polling_day = polling_day.date()
        elif polling_day is not None and not isinstance(polling_day, dt.date):
            raise ValueError(f"polling_day must be a date (YYYY-MM-DD), not {polling_day!r}")
        early_by_polling_day = table.get("early_by_polling_day", True)
        if not isinstance(early_by_polling_day, bool):
            raise ValueError("early_by_polling_day must be true or false")
        return cls(early_by_polling_day, early_min_age, polling_day)


@dataclass(frozen=True)
class Eligibility:
    status: EligibilityStatus
    age: int
    eligible_from: dt.date  # the first day the person may be recorded
    card_from: dt.date  # the 17th birthday: card printed / handed over from then
    message_id: str
    message_en: str

    @property
    def may_record(self) -> bool:
        return self.status is not EligibilityStatus.NOT_YET


def birthday(birth_date: dt.date, years: int) -> dt.date:
    """The day a person turns ``years`` (29 February births count from 1 March)."""
    try:
        return birth_date.replace(year=birth_date.year + years)
    except ValueError:
        return dt.date(birth_date.year + years, 3, 1)


def assess_eligibility(
    birth_date: dt.date,
    on: dt.date,
    polling_day: dt.date | None = None,
    ever_married: bool = False,
    *,
    rules: EligibilityRules | None = None,
) -> Eligibility:
    """May this person be recorded on ``on``? Married people may, at any age.

    ``polling_day`` defaults to ``rules.polling_day``; a polling day already past
    on ``on`` plays no part.
    """
    rules = rules or EligibilityRules()
    polling_day = polling_day or rules.polling_day
    age = age_on(birth_date, on)
    card_from = birthday(birth_date, CARD_AGE)
    if on < birth_date:
        return Eligibility(
            EligibilityStatus.NOT_YET, age, card_from, card_from,
            "Tanggal lahir sesudah tanggal perekaman.", "The birth date is after the recording date.",
        )
    if age >= CARD_AGE:
        return Eligibility(
            EligibilityStatus.ELIGIBLE, age, card_from, card_from,
            f"Wajib KTP-el: usia {age} tahun.", f"Must have an e-KTP: {age} years old.",
        )
    if ever_married:
        return Eligibility(
            EligibilityStatus.ELIGIBLE, age, birth_date, birth_date,
            f"Wajib KTP-el: sudah/pernah kawin (usia {age}).",
            f"Must have an e-KTP: married or ever married (age {age}).",
        )
    if rules.early_by_polling_day and polling_day is not None and on <= polling_day and card_from <= polling_day:
        return Eligibility(
            EligibilityStatus.ELIGIBLE_EARLY, age, on, card_from,
            f"Rekam sekarang: berusia 17 pada hari pemungutan suara {polling_day:%d-%m-%Y}; KTP-el dicetak mulai "
            f"{card_from:%d-%m-%Y}.",
            f"Record now: turns 17 by polling day {polling_day:%Y-%m-%d}; card from {card_from:%Y-%m-%d}.",
        )
    if rules.early_min_age is not None and age >= rules.early_min_age:
        return Eligibility(
            EligibilityStatus.ELIGIBLE_EARLY, age, birthday(birth_date, rules.early_min_age), card_from,
            f"Boleh rekam lebih awal (usia {age}); KTP-el dicetak mulai {card_from:%d-%m-%Y}.",
            f"May record early (age {age}); card from {card_from:%Y-%m-%d}.",
        )
    eligible_from = card_from
    if rules.early_min_age is not None:
        eligible_from = min(eligible_from, birthday(birth_date, rules.early_min_age))
    return Eligibility(
        EligibilityStatus.NOT_YET, age, eligible_from, card_from,
        f"Belum dapat direkam (usia {age}); dapat direkam mulai {eligible_from:%d-%m-%Y}.",
        f"Not yet eligible (age {age}); may be recorded from {eligible_from:%Y-%m-%d}.",
    )
