"""``station operator add|list``: accounts for officers (petugas) and supervisors."""

from __future__ import annotations

import argparse
import getpass
import sys

from app.domain.enums import Role
from app.errors import InputError
from ui.cli.context import CommandContext
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
    listing = actions.add_parser("list", help="daftar akun / list accounts")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(func=run_list)


def read_password(from_stdin: bool) -> str:
    """From stdin (first line), or asked twice without echo. Raises InputError when they differ."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Kata sandi / password: ")
    second = getpass.getpass("Ulangi / repeat: ")
    if first != second:
        raise InputError("Kedua kata sandi tidak sama.", "The two passwords differ.")
    return first


def run_add(context: CommandContext) -> int:
    args = context.args
    password = read_password(args.password_stdin)
    operator = context.station.operators.create_operator(args.username, args.name, args.role, password)
    if args.json:
        print_json({"ok": True, "id": operator.id, "username": operator.username, "role": operator.role.value})
    else:
        print(f"Akun dibuat / account created: {operator.username} ({operator.role.value})")
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
