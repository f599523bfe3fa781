"""NIK parsing: region names, +40 rule for women, century against a reference date, errors vs warnings."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.enums import Sex
from app.domain.nik import age_on, check_consistency, format_nik, parse_nik

PILKADA = dt.date(2024, 11, 27)


def test_the_issue_example_is_a_woman_from_blimbing_born_2008() -> None:
    info = parse_nik("3573014503080001", PILKADA)
    assert info.valid
    assert info.errors == () and info.warnings == ()
    assert (info.province_code, info.regency_code, info.district_code) == ("35", "73", "01")
    assert info.province_name == "Jawa Timur"
    assert info.regency_name == "Kota Malang"
    assert info.district_name == "Blimbing"
    assert info.birth_date == dt.date(2008, 3, 5)
    assert info.sex is Sex.FEMALE
    assert info.serial == 1
    assert info.age_on(PILKADA) == 16


def test_a_man_keeps_the_day_as_written() -> None:
    info = parse_nik("1671010502080002", PILKADA)
    assert info.valid
    assert info.sex is Sex.MALE
    assert info.birth_date == dt.date(2008, 2, 5)
    assert info.regency_name == "Kota Palembang"


def test_student_born_2008_is_never_read_as_1908() -> None:
    assert parse_nik("3573010101080001", dt.date(2026, 1, 1)).birth_date == dt.date(2008, 1, 1)


def test_a_two_digit_year_after_the_reference_year_goes_to_the_last_century() -> None:
    assert parse_nik("3510011506750003", PILKADA).birth_date == dt.date(1975, 6, 15)


def test_born_later_this_year_means_last_century() -> None:
    # 31 Dec 24 is after the reference day 27 Nov 2024: the holder was born in 1924.
    assert parse_nik("3573013112240001", PILKADA).birth_date == dt.date(1924, 12, 31)


def test_born_on_the_reference_day_is_age_zero() -> None:
    info = parse_nik("3573012711240001", PILKADA)
    assert info.birth_date == PILKADA and info.age_on(PILKADA) == 0


@pytest.mark.parametrize(
    ("nik", "code"),
    [
        ("", "empty"),
        ("357301450308000", "length"),
        ("35730145030800011", "length"),
        ("35730145O3080001", "not_digits"),
        ("3573014503080000", "serial"),
        ("3573013203080001", "birth_day"),  # 32: neither a man's nor a woman's day
        ("3573017203080001", "birth_day"),  # 72 - 40 = 32
        ("3573010003080001", "birth_day"),
        ("3573014003080001", "birth_day"),  # 40 - 40 = 0
        ("3573010513080001", "birth_month"),
        ("3573013102080001", "birth_date"),  # 31 February
        ("3573012902010001", "birth_date"),  # 29 February 2001 and 1901
        ("0073010503080001", "province_code"),
        ("3500010503080001", "regency_code"),
        ("3573000503080001", "district_code"),
    ],
)
def test_errors_have_a_code_and_both_languages(nik: str, code: str) -> None:
    info = parse_nik(nik, PILKADA)
    assert not info.valid
    assert code in [p.code for p in info.errors]
    for problem in info.errors:
        assert problem.message_id and problem.message_en and problem.message_id != problem.message_en


def test_unknown_region_is_a_warning_not_an_error() -> None:
    info = parse_nik("3569010503080001", PILKADA)  # regency 69 does not exist in Jawa Timur
    assert info.valid
    assert [w.code for w in info.warnings] == ["unknown_region"]
    assert info.regency_name is None
    assert info.birth_date == dt.date(2008, 3, 5)


def test_spaces_dots_and_dashes_are_ignored() -> None:
    assert parse_nik(" 3573.0145-0308 0001 ", PILKADA).nik == "3573014503080001"


def test_non_ascii_digits_are_refused() -> None:
    assert not parse_nik("３５７３０１４５０３０８０００１", PILKADA).valid


def test_29_february_in_a_leap_year() -> None:
    assert parse_nik("3573016902080001", PILKADA).birth_date == dt.date(2008, 2, 29)


def test_to_dict_is_plain_json_data() -> None:
    data = parse_nik("3573014503080001", PILKADA).to_dict()
    assert data["birth_date"] == "2008-03-05" and data["sex"] == "P" and data["errors"] == []


def test_consistency_with_typed_birth_date_and_sex() -> None:
    info = parse_nik("3573014503080001", PILKADA)
    assert check_consistency(info, birth_date=dt.date(2008, 3, 5), sex=Sex.FEMALE) == ()
    codes = [p.code for p in check_consistency(info, birth_date=dt.date(2008, 5, 3), sex=Sex.MALE)]
    assert codes == ["birth_date_mismatch", "sex_mismatch"]


def test_age_on_a_29_february_birthday() -> None:
    born = dt.date(2008, 2, 29)
    assert age_on(born, dt.date(2025, 2, 28)) == 16
    assert age_on(born, dt.date(2025, 3, 1)) == 17


# --- properties ------------------------------------------------------------------------

references = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2090, 12, 31))


@st.composite
def nik_parts(draw: st.DrawFn) -> tuple[dt.date, dt.date, Sex, int]:
    reference = draw(references)
    age_days = draw(st.integers(min_value=0, max_value=99 * 365))
    birth = reference - dt.timedelta(days=age_days)
    sex = draw(st.sampled_from(Sex))
    serial = draw(st.integers(min_value=1, max_value=9999))
    return reference, birth, sex, serial


@settings(deadline=None)  # shared, noisy machine: no timing limits
@given(nik_parts())
def test_any_well_formed_nik_round_trips(parts: tuple[dt.date, dt.date, Sex, int]) -> None:
    reference, birth, sex, serial = parts
    info = parse_nik(format_nik(birth, sex, "357301", serial), reference)
    assert info.valid, info.errors
    assert info.birth_date == birth
    assert info.sex is sex
    assert info.serial == serial


@settings(deadline=None)  # shared, noisy machine: no timing limits
@given(st.text(max_size=20), references)
def test_never_raises_and_valid_means_no_errors(text: str, reference: dt.date) -> None:
    info = parse_nik(text, reference)
    assert info.valid == (not info.errors)


@settings(deadline=None)  # shared, noisy machine: no timing limits
@given(st.from_regex(r"\A[0-9]{16}\Z"), references)
def test_a_birth_date_is_never_in_the_future(nik: str, reference: dt.date) -> None:
    info = parse_nik(nik, reference)
    if info.birth_date is not None:
        assert info.birth_date <= reference
        assert 0 <= info.age_on(reference) < 100 + 1
