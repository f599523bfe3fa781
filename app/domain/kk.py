"""KK (Kartu Keluarga, family card) numbers: region (6) + registration date DDMMYY + serial (4).

Like the NIK there is no check digit and no century; the registration date is
resolved against a reference date (never in the future). An unknown region is a
warning only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from app.domain import regions
from app.domain.nik import normalize_nik, resolve_century
from app.domain.problems import Problem

KK_LENGTH = 16


@dataclass(frozen=True)
class KkInfo:
    """What a KK number says. ``valid`` is False exactly when ``errors`` is not empty."""

    number: str
    valid: bool
    errors: tuple[Problem, ...] = ()
    warnings: tuple[Problem, ...] = ()
    region_code: str | None = None
    regency_name: str | None = None
    district_name: str | None = None
    registered_on: dt.date | None = None
    serial: int | None = None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["errors"] = [asdict(p) for p in self.errors]
        data["warnings"] = [asdict(p) for p in self.warnings]
        data["registered_on"] = self.registered_on.isoformat() if self.registered_on else None
        return data


def parse_kk(text: str, reference: dt.date) -> KkInfo:
    """Parse and validate a KK number; bad input is reported in ``errors``, never raised."""
    number = normalize_nik(text)
    if not number:
        return KkInfo(number, False, (Problem("empty", "Nomor KK kosong.", "The KK number is empty."),))
    if not number.isascii() or not number.isdigit():
        return KkInfo(
            number,
            False,
            (Problem("not_digits", "Nomor KK hanya boleh berisi angka.", "A KK number may contain digits only."),),
        )
    if len(number) != KK_LENGTH:
        return KkInfo(
            number,
            False,
            (Problem("length", f"Nomor KK harus 16 angka, bukan {len(number)}.",
                     f"A KK number has 16 digits, not {len(number)}."),),
        )
    errors = regions.code_problems(number[0:2], number[2:4], number[4:6])
    warnings: list[Problem] = []
    region = regions.lookup(number[:6])
    if region is None and not errors:
        warnings.append(
            Problem(
                "unknown_region",
                f"Kode wilayah KK {number[:6]} tidak dikenal.",
                f"The KK region code {number[:6]} is unknown.",
            )
        )
    day, month, year = int(number[6:8]), int(number[8:10]), int(number[10:12])
    registered_on = None
    if not 1 <= month <= 12 or not 1 <= day <= 31:
        errors.append(
            Problem(
                "registration_date",
                f"Tanggal terbit KK {number[6:12]} tidak mungkin.",
                f"The KK registration date {number[6:12]} is impossible.",
            )
        )
    else:
        registered_on, problem = resolve_century(day, month, year, reference)
        if problem:
            errors.append(Problem("registration_date", "Tanggal terbit KK: " + problem.message_id,
                                  "KK registration date: " + problem.message_en))
    serial = int(number[12:16])
    if serial == 0:
        errors.append(Problem("serial", "Nomor urut KK tidak boleh 0000.", "The KK serial cannot be 0000."))
    return KkInfo(
        number=number,
        valid=not errors,
        errors=tuple(errors),
        warnings=tuple(warnings),
        region_code=number[:6],
        regency_name=region.regency_name if region else None,
        district_name=region.district_name if region else None,
        registered_on=registered_on,
        serial=serial or None,
    )
