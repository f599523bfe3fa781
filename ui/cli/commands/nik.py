"""``station nik NIK``: what a NIK says, and whether its holder may be recorded.

Exit 0 when the NIK is valid, 1 when it is not. ``--on`` defaults to today in the
station's time zone; ``--polling-day`` defaults to ``[eligibility] polling_day``
when that day has not passed yet.
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

from app.domain.documents import photo_background
from app.domain.eligibility import Eligibility, assess_eligibility
from app.domain.nik import NikInfo, parse_nik
from app.services.settings import PeopleSettings
from app.timezones import to_local, utc_now
from ui.cli.commands._args import iso_date
from ui.cli.context import CommandContext
from ui.cli.output import print_json


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("nik", help="periksa NIK / check a NIK")
    parser.add_argument("nik", help="16 angka / 16 digits")
    parser.add_argument("--on", type=iso_date, default=None, help="tanggal pemeriksaan / date to check on (YYYY-MM-DD)")
    parser.add_argument("--polling-day", type=iso_date, default=None, help="hari pemungutan suara / polling day")
    parser.add_argument("--married", action="store_true", help="sudah/pernah kawin / married or ever married")
    parser.add_argument("--json", action="store_true", help="keluaran JSON / JSON output")
    parser.set_defaults(func=run)


def run(context: CommandContext) -> int:
    args = context.args
    config = context.config
    settings = PeopleSettings.from_config(config)
    on = args.on or to_local(utc_now(), config.identity.timezone).date()
    polling_day = args.polling_day
    configured = settings.eligibility.polling_day
    if polling_day is None and configured is not None and configured >= on:
        polling_day = configured
    info = parse_nik(args.nik, on)
    eligibility = None
    if info.birth_date is not None:
        eligibility = assess_eligibility(info.birth_date, on, polling_day, args.married,
                                         rules=settings.eligibility)
    report = nik_report(info, on, polling_day, eligibility)
    if args.json:
        print_json(report)
    else:
        _print_text(info, report, eligibility)
    return 0 if info.valid else 1


def nik_report(
    info: NikInfo, on: dt.date, polling_day: dt.date | None, eligibility: Eligibility | None
) -> dict[str, Any]:
    """The JSON answer of ``station nik`` (also what the text output is printed from)."""
    report: dict[str, Any] = {"on": on.isoformat(), "polling_day": polling_day.isoformat() if polling_day else None}
    report.update(info.to_dict())
    report["age"] = info.age_on(on)
    report["eligibility"] = None
    report["photo_background"] = None
    if eligibility is not None:
        report["eligibility"] = {
            "status": eligibility.status.value,
            "may_record": eligibility.may_record,
            "eligible_from": eligibility.eligible_from.isoformat(),
            "card_from": eligibility.card_from.isoformat(),
            "message_id": eligibility.message_id,
            "message_en": eligibility.message_en,
        }
        report["photo_background"] = photo_background(info.birth_date).value  # type: ignore[arg-type]
    return report


def _print_text(info: NikInfo, report: dict[str, Any], eligibility: Eligibility | None) -> None:
    print(f"NIK {info.nik}: {'VALID' if info.valid else 'TIDAK VALID / INVALID'}")
    for problem in info.errors:
        print(f"  galat / error: {problem.message_id} / {problem.message_en}")
    for problem in info.warnings:
        print(f"  peringatan / warning: {problem.message_id} / {problem.message_en}")
    if info.province_code:
        names = ", ".join(n for n in (info.district_name, info.regency_name, info.province_name) if n) or "?"
        print(f"  wilayah / region: {info.province_code}.{info.regency_code}.{info.district_code} ({names})")
    if info.birth_date:
        sex = {"L": "laki-laki / male", "P": "perempuan / female"}.get(info.sex.value if info.sex else "", "?")
        print(f"  lahir / born: {info.birth_date:%d-%m-%Y}, {sex}, usia / age {report['age']}")
    if info.serial:
        print(f"  nomor urut / serial: {info.serial:04d}")
    if eligibility is not None:
        print(f"  {eligibility.message_id}")
        print(f"  {eligibility.message_en}")
