"""``station recover``: open a station whose operators have all left, and set a new supervisor password.

``--recovery-code CODE`` (written down when the first supervisor was made), or
with the office's key in two trips: ``--export-request FILE`` (take it to the
office: ``station-hub recovery unwrap FILE --data DIR --out TOKEN``), then
``--office-token TOKEN``. ``--supervisor NAME`` is the account that gets the new
password (made when it does not exist; ``--name`` then gives its full name).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from app.errors import InputError
from app.services.recovery import RecoveryResult, RecoveryService
from ui.cli.commands.operator import read_new_password
from ui.cli.context import CommandContext, print_recovery_code
from ui.cli.output import print_json


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("recover", help="pulihkan akses stasiun / recover access to the station")
    how = parser.add_mutually_exclusive_group(required=True)
    how.add_argument("--recovery-code", metavar="CODE", help="kode pemulihan / the recovery code")
    how.add_argument("--export-request", type=Path, metavar="FILE",
                     help="tulis permintaan untuk kantor / write a request for the office")
    how.add_argument("--office-token", type=Path, metavar="FILE",
                     help="token dari kantor / the token from the office")
    parser.add_argument("--supervisor", metavar="USERNAME", help="supervisor yang diberi kata sandi baru / "
                        "the supervisor who gets a new password (created if missing)")
    parser.add_argument("--name", default="", help="nama lengkap supervisor baru / a new supervisor's full name")
    parser.add_argument("--password-stdin", action="store_true",
                        help="baca kata sandi baru dari stdin / read the new password from stdin")
    parser.add_argument("--json", action="store_true", help="keluaran JSON / JSON output")
    parser.set_defaults(func=run)


def run(context: CommandContext) -> int:
    args = context.args
    station = context.locked_station
    service = RecoveryService(station.vault, station.operators, station.config.identity.station_code)
    if args.export_request is not None:
        request = service.export_request(args.export_request)
        if args.json:
            print_json({"ok": True, "request": str(args.export_request), "station_id": request["station_id"]})
        else:
            print(f"Permintaan ditulis / request written: {args.export_request}")
            print("Bawa ke kantor / take it to the office: station-hub recovery unwrap FILE --data DIR --out TOKEN")
        return 0
    if not args.supervisor:
        raise InputError("Sebutkan --supervisor NAMA_PENGGUNA.", "Give --supervisor USERNAME.")
    password = read_new_password(args.password_stdin)
    if args.recovery_code is not None:
        result = service.with_recovery_code(args.recovery_code, args.supervisor, args.name, password)
    else:
        result = service.with_office_token(args.office_token, args.supervisor, args.name, password)
    _print(result, as_json=args.json)
    return 0


def _print(result: RecoveryResult, *, as_json: bool) -> None:
    if as_json:
        print_json({"ok": True, "supervisor": result.username, "created": result.created,
                    "recovery_code": result.recovery_code})
        return
    done = "dibuat / created" if result.created else "kata sandi baru / new password"
    print(f"Stasiun dipulihkan / station recovered: supervisor {result.username} ({done})")
    print("Kode pemulihan lama tidak berlaku lagi / the old recovery code no longer works.")
    print_recovery_code(result.recovery_code)
