"""Turn typed or imported applicant fields into clean column values, or say what is wrong.

Shared by the manual add form and the roster import so both apply the same
rules: the NIK must be valid, a typed birth date and sex must agree with it
(they are filled from it when absent), a KK number must be valid when given.
Each problem names the field it is about.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.domain.enums import Sex
from app.domain.kk import parse_kk
from app.domain.nik import check_consistency, parse_nik, resolve_century
from app.domain.problems import Problem

TEXT_FIELDS: dict[str, int] = {
    "birth_place": 100, "address": 300, "rt": 3, "rw": 3, "village": 100, "district": 100, "regency": 100,
    "province": 100, "religion": 32, "marital_status": 32, "occupation": 100, "student_number": 32,
    "class_name": 32,
}
ALL_FIELDS = ("nik", "name", "birth_date", "sex", "kk_number", "blood_type", "citizenship", *TEXT_FIELDS)
SEX_WORDS: dict[str, Sex] = {
    "l": Sex.MALE, "lk": Sex.MALE, "laki-laki": Sex.MALE, "laki laki": Sex.MALE, "lakilaki": Sex.MALE,
    "pria": Sex.MALE, "m": Sex.MALE, "male": Sex.MALE,
    "p": Sex.FEMALE, "pr": Sex.FEMALE, "perempuan": Sex.FEMALE, "wanita": Sex.FEMALE, "w": Sex.FEMALE,
    "f": Sex.FEMALE, "female": Sex.FEMALE,
}
BLOOD_TYPES = {"A", "B", "AB", "O", "A+", "A-", "B+", "B-", "AB+", "AB-", "O+", "O-", "-"}
MONTHS = {
    "januari": 1, "january": 1, "jan": 1, "februari": 2, "february": 2, "feb": 2, "pebruari": 2, "maret": 3,
    "march": 3, "mar": 3, "april": 4, "apr": 4, "mei": 5, "may": 5, "juni": 6, "june": 6, "jun": 6, "juli": 7,
    "july": 7, "jul": 7, "agustus": 8, "august": 8, "agu": 8, "aug": 8, "agt": 8, "september": 9, "sep": 9,
    "okt": 10, "oktober": 10, "october": 10, "oct": 10, "november": 11, "nopember": 11, "nov": 11,
    "desember": 12, "december": 12, "des": 12, "dec": 12,
}
_NUMERIC_DATE = re.compile(r"^(\d{1,4})[-/.](\d{1,2})[-/.](\d{1,4})$")
_WORDY_DATE = re.compile(r"^(\d{1,2})[\s\-]+([A-Za-z]+)[\s\-]+(\d{2,4})$")


@dataclass(frozen=True)
class FieldProblem:
    """A problem with one field (``column`` is the field name)."""

    column: str
    problem: Problem

    def __str__(self) -> str:
        return f"{self.column}: {self.problem}"


def parse_date_text(value: Any, reference: dt.date) -> dt.date:
    """A birth date as people write it: 2008-03-05, 05-03-2008, 5/3/2008, 05.03.08, 5 Maret 2008.

    Day comes before month (the Indonesian order) unless the year comes first.
    Raises ValueError when it is not a date.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not text:
        raise ValueError("empty date")
    text = text.split("T")[0].split(" 00:00")[0].strip()
    match = _NUMERIC_DATE.match(text)
    if match:
        first, second, third = match.groups()
        if len(first) == 4:
            return dt.date(int(first), int(second), int(third))
        day, month, year = int(first), int(second), third
    else:
        match = _WORDY_DATE.match(text)
        if not match or match.group(2).lower() not in MONTHS:
            raise ValueError(f"not a date: {text!r}")
        day, month, year = int(match.group(1)), MONTHS[match.group(2).lower()], match.group(3)
    if len(year) == 4:
        return dt.date(int(year), month, day)
    if len(year) == 2:
        resolved, problem = resolve_century(day, month, int(year), reference)
        if resolved is None:
            raise ValueError(problem.message_en if problem else "bad date")
        return resolved
    raise ValueError(f"not a date: {text!r}")


def parse_sex(value: Any) -> Sex:
    if isinstance(value, Sex):
        return value
    key = " ".join(str(value).strip().lower().split())
    try:
        return SEX_WORDS[key]
    except KeyError:
        raise ValueError(f"unknown sex {value!r}") from None


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def build_applicant_values(
    raw: Mapping[str, Any], reference: dt.date
) -> tuple[dict[str, Any], list[FieldProblem], list[FieldProblem]]:
    """Validate ``raw`` (field name -> value); returns (values, errors, warnings).

    ``values`` is only complete when ``errors`` is empty. Region names come from
    the NIK when not given.
    """
    errors: list[FieldProblem] = []
    warnings: list[FieldProblem] = []
    values: dict[str, Any] = {}

    info = parse_nik(str(raw.get("nik") or ""), reference)
    errors.extend(FieldProblem("nik", p) for p in info.errors)
    warnings.extend(FieldProblem("nik", p) for p in info.warnings)
    values["nik"] = info.nik

    name = " ".join(str(raw.get("name") or "").split())
    if not name:
        errors.append(FieldProblem("name", Problem("required", "Nama wajib diisi.", "The name is required.")))
    elif len(name) > 200:
        errors.append(FieldProblem("name", Problem("too_long", "Nama terlalu panjang.", "The name is too long.")))
    values["name"] = name

    birth_date = None
    if not _blank(raw.get("birth_date")):
        try:
            birth_date = parse_date_text(raw["birth_date"], reference)
        except ValueError:
            errors.append(FieldProblem("birth_date", Problem(
                "date_format", f"Tanggal lahir '{raw['birth_date']}' tidak dapat dibaca (contoh: 05-03-2008).",
                f"Birth date '{raw['birth_date']}' cannot be read (e.g. 2008-03-05 or 05-03-2008).")))
    sex = None
    if not _blank(raw.get("sex")):
        try:
            sex = parse_sex(raw["sex"])
        except ValueError:
            errors.append(FieldProblem("sex", Problem(
                "sex", f"Jenis kelamin '{raw['sex']}' tidak dikenal (L atau P).",
                f"Sex '{raw['sex']}' is not known (L or P).")))
    for problem in check_consistency(info, birth_date=birth_date, sex=sex):
        errors.append(FieldProblem("birth_date" if problem.code.startswith("birth") else "sex", problem))
    values["birth_date"] = info.birth_date or birth_date
    values["sex"] = info.sex or sex

    kk_text = "" if _blank(raw.get("kk_number")) else str(raw["kk_number"])
    if kk_text:
        kk = parse_kk(kk_text, reference)
        errors.extend(FieldProblem("kk_number", p) for p in kk.errors)
        warnings.extend(FieldProblem("kk_number", p) for p in kk.warnings)
        values["kk_number"] = kk.number

    blood = "" if _blank(raw.get("blood_type")) else str(raw["blood_type"]).strip().upper().replace(" ", "")
    if blood:
        if blood not in BLOOD_TYPES:
            errors.append(FieldProblem("blood_type", Problem(
                "blood_type", f"Golongan darah '{blood}' tidak dikenal.", f"Blood type '{blood}' is not known.")))
        values["blood_type"] = blood

    citizenship = "" if _blank(raw.get("citizenship")) else str(raw["citizenship"]).strip().upper()
    if citizenship:
        if citizenship not in ("WNI", "WNA"):
            errors.append(FieldProblem("citizenship", Problem(
                "citizenship", "Kewarganegaraan harus WNI atau WNA.", "Citizenship must be WNI or WNA.")))
        values["citizenship"] = citizenship

    for field, limit in TEXT_FIELDS.items():
        if _blank(raw.get(field)):
            continue
        text = " ".join(str(raw[field]).split())
        if len(text) > limit:
            errors.append(FieldProblem(field, Problem(
                "too_long", f"Isian terlalu panjang (maks. {limit}).", f"Too long (max {limit}).")))
        values[field] = text
    for field in ("rt", "rw"):
        if field in values and not values[field].isdigit():
            errors.append(FieldProblem(field, Problem("digits", "RT/RW harus angka.", "RT/RW must be digits.")))

    for field, name_value in (("province", info.province_name), ("regency", info.regency_name),
                              ("district", info.district_name)):
        if field not in values and name_value:
            values[field] = name_value.upper()
    return values, errors, warnings
