"""``station-hub roster import SITE FILE``: a school's CSV/XLSX roster, validated like on the station."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.services.applicant_fields import build_applicant_values
from app.services.roster_files import cell_text, read_roster
from server.hub import Hub


@dataclass(frozen=True)
class HubRosterImport:
    imported: int
    rejected: tuple[dict[str, Any], ...]


def _json_safe(values: dict[str, Any]) -> dict[str, Any]:
    safe: dict[str, Any] = {}
    for key, value in values.items():
        if isinstance(value, (dt.date, dt.datetime)):
            value = value.isoformat()
        elif isinstance(value, enum.Enum):
            value = value.value
        safe[key] = value
    return safe


def import_roster_file(hub: Hub, site_code: str, path: Path, reference: dt.date | None = None) -> HubRosterImport:
    """Read, validate and publish a roster for ``site_code``; bad rows are reported, good ones stored.

    Raises:
        RosterFileError: the file is not a readable roster (nothing imported).
    """
    table = read_roster(Path(path))
    reference = reference or dt.date.today()
    good: list[dict[str, Any]] = []
    rejected: list[dict[str, Any]] = []
    for row in table.rows:
        raw = {k: (v if isinstance(v, (dt.date, dt.datetime)) else cell_text(v)) for k, v in row.values.items()}
        values, errors, _warnings = build_applicant_values(raw, reference)
        if errors:
            rejected.append({"row": row.number, "problems": [f"{e.column}: {e.problem.message_en}" for e in errors]})
            continue
        good.append(_json_safe(values))
    hub.put_roster_rows(site_code, good)
    return HubRosterImport(len(good), tuple(rejected))
