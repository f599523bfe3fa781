"""Eligibility: 17+, married, early recording by polling day or (configurable) from 16."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.eligibility import EligibilityRules, assess_eligibility, birthday, is_ever_married
from app.domain.enums import EligibilityStatus

PILKADA = dt.date(2024, 11, 27)
POLLING_ONLY = EligibilityRules(early_by_polling_day=True, early_min_age=None)


def test_seventeen_is_eligible() -> None:
    result = assess_eligibility(dt.date(2007, 1, 1), PILKADA)
    assert result.status is EligibilityStatus.ELIGIBLE and result.age == 17


def test_the_issue_example_sixteen_year_old_may_record_early() -> None:
    result = assess_eligibility(dt.date(2008, 3, 5), PILKADA, PILKADA)
    assert result.status is EligibilityStatus.ELIGIBLE_EARLY
    assert result.age == 16
    assert result.card_from == dt.date(2025, 3, 5)
    assert result.may_record


def test_turning_17_by_polling_day_records_now_card_at_17() -> None:
    on = dt.date(2024, 9, 1)
    result = assess_eligibility(dt.date(2007, 11, 20), on, PILKADA, rules=POLLING_ONLY)
    assert result.status is EligibilityStatus.ELIGIBLE_EARLY
    assert result.card_from == dt.date(2024, 11, 20)
    assert "17" in result.message_en and "polling" in result.message_en


def test_turning_17_the_day_after_polling_day_is_not_yet_without_the_16_rule() -> None:
    result = assess_eligibility(dt.date(2007, 11, 28), dt.date(2024, 9, 1), PILKADA, rules=POLLING_ONLY)
    assert result.status is EligibilityStatus.NOT_YET
    assert result.eligible_from == dt.date(2024, 11, 28)


def test_a_polling_day_already_past_plays_no_part() -> None:
    result = assess_eligibility(dt.date(2007, 12, 20), dt.date(2024, 12, 1), PILKADA, rules=POLLING_ONLY)
    assert result.status is EligibilityStatus.NOT_YET


def test_married_under_17_is_eligible() -> None:
    result = assess_eligibility(dt.date(2009, 6, 1), PILKADA, ever_married=True)
    assert result.status is EligibilityStatus.ELIGIBLE


def test_fifteen_is_not_yet_with_the_date_they_become_eligible() -> None:
    result = assess_eligibility(dt.date(2009, 6, 1), PILKADA)
    assert result.status is EligibilityStatus.NOT_YET
    assert result.eligible_from == dt.date(2025, 6, 1)  # turns 16
    assert "2025-06-01" in result.message_en


def test_without_early_rules_eligible_from_is_the_17th_birthday() -> None:
    rules = EligibilityRules(early_by_polling_day=False, early_min_age=None)
    result = assess_eligibility(dt.date(2008, 3, 5), PILKADA, PILKADA, rules=rules)
    assert result.status is EligibilityStatus.NOT_YET
    assert result.eligible_from == dt.date(2025, 3, 5)


def test_configured_polling_day_is_the_default() -> None:
    rules = EligibilityRules(early_min_age=None, polling_day=PILKADA)
    result = assess_eligibility(dt.date(2007, 11, 20), dt.date(2024, 9, 1), rules=rules)
    assert result.status is EligibilityStatus.ELIGIBLE_EARLY


def test_birthday_of_a_leap_day_baby() -> None:
    assert birthday(dt.date(2008, 2, 29), 17) == dt.date(2025, 3, 1)
    assert birthday(dt.date(2008, 2, 29), 16) == dt.date(2024, 2, 29)


def test_rules_from_config_table() -> None:
    rules = EligibilityRules.from_mapping({"early_min_age": False, "polling_day": "2024-11-27"})
    assert rules == EligibilityRules(True, None, PILKADA)
    assert EligibilityRules.from_mapping({}) == EligibilityRules()


@pytest.mark.parametrize("table", [{"early_min_age": 30}, {"early_min_age": "16"}, {"polling_day": "27-11-2024"},
                                   {"early_by_polling_day": "yes"}])
def test_bad_rules_raise_value_error(table: dict) -> None:
    with pytest.raises(ValueError):
        EligibilityRules.from_mapping(table)


@settings(deadline=None)  # shared, noisy machine: no timing limits
@given(st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(2030, 1, 1)),
       st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 1, 1)),
       st.one_of(st.none(), st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 1, 1))))
def test_status_agrees_with_age(born: dt.date, on: dt.date, polling: dt.date | None) -> None:
    result = assess_eligibility(born, on, polling)
    if born <= on and result.age >= 17:
        assert result.status is EligibilityStatus.ELIGIBLE
    if result.status is EligibilityStatus.NOT_YET:
        assert result.eligible_from > on
    if result.status is EligibilityStatus.ELIGIBLE_EARLY:
        assert result.age < 17 and result.card_from > on


@pytest.mark.parametrize(("status", "expected"), [("KAWIN", True), ("cerai  mati", True), ("Cerai Hidup", True),
                                                  ("BELUM KAWIN", False), ("", False), ("?", False)])
def test_marital_statuses_that_count_as_ever_married(status: str, expected: bool) -> None:
    assert is_ever_married(status) is expected
