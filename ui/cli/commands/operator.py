"""``station operator add|list|enrol-prints``: accounts for officers (petugas) and supervisors, and their own prints."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import cast

from app.domain.enums import Role
from app.errors import InputError, NotFoundError
from app.services.operator_prints import DEFAULT_FINGERS, operator_subject
from app.services.operators import NotSupervisorError
from drivers.fingerprint.base import FingerPosition, FingerprintScanner
from drivers.registry import create_device
from ui.cli.commands._supervisor import add_supervisor_arguments, verify_supervisor
from ui.cli.context import CommandContext, print_recovery_code
from ui.cli.output import print_json


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("operator", help="akun petugas / operator accounts")
    actions = parser.add_subparsers(dest="operator_command", required=True)
    add = actions.add_parser("add", help="tambah akun / add an account")
    add.add_argument("username")
    add.add_argument("--role", required=True, choices=[r.value for r in Role])
    add.add_argument("--name", required=True, help="nama lengkap / full name")
    add.add_argument("--password-stdin", action="store_true",
                     help="baca kata sandi dari stdin / read the password from stdin")
    add.add_argument("--json", action="store_true")
    add.set_defaults(func=run_add)
    password = actions.add_parser("password", help="kata sandi baru untuk akun / set an account's new password")
    password.add_argument("username")
    password.add_argument("--password-stdin", action="store_true",
                          help="baca dari stdin: kata sandi Anda, lalu yang baru / read from stdin: yours, then the new")
    password.add_argument("--json", action="store_true")
    password.set_defaults(func=run_password)
    listing = actions.add_parser("list", help="daftar akun / list accounts")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(func=run_list)
    prints = actions.add_parser(
        "enrol-prints", help="sidik jari petugas untuk uji ketunggalan / an operator's own prints for the duplicate check")
    prints.add_argument("username", help="petugas pemilik jari / the operator whose fingers these are")
    prints.add_argument("--fingers", type=finger_list, default=DEFAULT_FINGERS,
                        help="mis. / e.g. right_index,left_index (default: both index fingers and thumbs)")
    add_supervisor_arguments(prints)
    # SUPPRESS: when absent here, the top-level ``station --config FILE`` still counts.
    prints.add_argument("--config", type=Path, default=argparse.SUPPRESS,
                        help="berkas konfigurasi / configuration file (TOML)")
    prints.add_argument("--timeout", type=float, default=10.0, help="tunggu jari / wait for each finger (s)")
    prints.add_argument("--json", action="store_true")
    prints.set_defaults(func=run_enrol_prints)


def finger_list(text: str) -> tuple[FingerPosition, ...]:
    """``right_index,left_index`` (names or codes) for argparse ``type=``."""
    try:
        fingers = tuple(dict.fromkeys(FingerPosition.parse(part.strip()) for part in text.split(",") if part.strip()))
    except (KeyError, ValueError):
        fingers = ()
    if not fingers or not all(f.is_single_finger for f in fingers):
        names = ", ".join(p.slug for p in FingerPosition if p.is_single_finger)
        raise argparse.ArgumentTypeError(f"daftar jari tidak valid / invalid finger list {text!r} ({names})")
    return fingers


def read_new_password(from_stdin: bool) -> str:
    """The new account's password: the next line of stdin, or asked twice without echo.

    Raises:
        InputError: the two differ.
    """
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Kata sandi akun baru / new account's password: ")
    second = getpass.getpass("Ulangi / repeat: ")
    if first != second:
        raise InputError("Kedua kata sandi tidak sama.", "The two passwords differ.")
    return first


def run_add(context: CommandContext) -> int:
    """The first supervisor on a fresh station (no log-in; prints the recovery code once), else a logged-in account."""
    args = context.args
    operators = context.locked_station.operators
    recovery_code = None
    if not operators.has_supervisor():
        if args.role != Role.SUPERVISOR.value:
            raise InputError("Akun pertama harus supervisor.", "The first account must be a supervisor.",
                             action_id="Ulangi dengan --role supervisor.", action_en="Run it again with --role supervisor.")
        password = read_new_password(args.password_stdin)
        operator = operators.create_first_supervisor(args.username, args.name, password)
        recovery_code, operators.pending_recovery_code = operators.pending_recovery_code, None
    else:
        station = context.station  # the operator's log-in first (first line of stdin)
        password = read_new_password(args.password_stdin)
        actor = context.operator.id if context.operator is not None else None
        operator = station.operators.create_operator(args.username, args.name, args.role, password, actor_id=actor)
    if args.json:
        answer = {"ok": True, "id": operator.id, "username": operator.username, "role": operator.role.value}
        if recovery_code:
            answer["recovery_code"] = recovery_code
        print_json(answer)
        return 0
    print(f"Akun dibuat / account created: {operator.username} ({operator.role.value})")
    if recovery_code:
        print_recovery_code(recovery_code)
    return 0


def run_password(context: CommandContext) -> int:
    """A supervisor sets anyone's password (an account from before the upgrade, a forgotten one); anyone their own."""
    args = context.args
    station = context.station
    me = context.operator
    wanted = args.username.strip().lower()
    if me.username.lower() != wanted and me.role is not Role.SUPERVISOR:
        raise NotSupervisorError()
    target = station.operators.find(args.username)
    if target is None:
        raise NotFoundError(f"Petugas '{args.username}' tidak ada.", f"Operator '{args.username}' does not exist.",
                            action_id="Lihat station operator list.", action_en="See station operator list.")
    station.operators.change_password(target.id, read_new_password(args.password_stdin), actor_id=me.id)
    station.operators.unlock(target.id, actor_id=me.id)
    if args.json:
        print_json({"ok": True, "username": target.username})
    else:
        print(f"Kata sandi baru disimpan / new password set: {target.username}")
    return 0


def run_list(context: CommandContext) -> int:
    operators = context.station.operators.list_operators()
    rows = [{"id": o.id, "username": o.username, "full_name": o.full_name, "role": o.role.value,
             "active": o.active} for o in operators]
    if context.args.json:
        print_json(rows)
        return 0
    if not rows:
        print("Belum ada akun / no accounts yet: station operator add USERNAME --role supervisor --name NAME")
    for row in rows:
        state = "" if row["active"] else "  (nonaktif / inactive)"
        print(f"{row['username']:<20} {row['role']:<11} {row['full_name']}{state}")
    return 0


def run_enrol_prints(context: CommandContext) -> int:
    """Capture the operator's fingers from the configured scanner, quality-gated, approved by a supervisor."""
    args = context.args
    station = context.station
    wanted = args.username.strip().lower()
    operator = next((o for o in station.operators.list_operators() if o.username.lower() == wanted), None)
    if operator is None or not operator.active:
        raise NotFoundError(f"Petugas '{args.username}' tidak ada atau nonaktif.",
                            f"Operator '{args.username}' does not exist or is inactive.",
                            action_id="Lihat station operator list.", action_en="See station operator list.")
    supervisor = verify_supervisor(context)
    scanner = cast(FingerprintScanner, create_device("fingerprint", context.config.devices.get("fingerprint", {})))
    if not args.json:
        names = ", ".join(f.slug for f in args.fingers)
        print(f"Letakkan jari {operator.username} / place {operator.username}'s fingers: {names}", flush=True)
    with scanner:
        result = station.operator_prints.capture_and_store(scanner, operator.id, supervisor.id, args.fingers,
                                                           timeout=args.timeout)
    if args.json:
        print_json({"ok": True, "username": operator.username, "simulator_subject": operator_subject(operator.id),
                    **result.to_dict()})
        return 0
    for finger in result.fingers:
        state = "lolos / passed" if finger.passed else "tidak lolos, tidak disimpan / failed, not stored"
        print(f"  {finger.position:<13} NFIQ 2 {finger.best_score if finger.best_score is not None else '-'} "
              f"(min {finger.threshold}, {finger.attempts}x): {state}")
    print(f"{result.stored} sidik jari disimpan / prints stored for {operator.username}")
    return 0
