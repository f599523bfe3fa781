"""The supervisor's user name and password for commands that need their approval (counts like a login)."""

from __future__ import annotations

import argparse
import getpass
import sys

from app.errors import InputError
from app.storage.models import Operator
from ui.cli.context import CommandContext


def add_supervisor_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--supervisor", required=True, metavar="USERNAME",
                        help="nama pengguna supervisor / the supervisor's user name")
    parser.add_argument("--password-stdin", action="store_true",
                        help="baca kata sandi supervisor dari stdin / read the supervisor's password from stdin")


def verify_supervisor(context: CommandContext) -> Operator:
    """Ask for the password (no echo) or read one line of stdin, then check it.

    Raises:
        AuthError / AccountLockedError / NotSupervisorError: wrong password, locked, or not a supervisor.
    """
    args = context.args
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass(f"Kata sandi supervisor / supervisor password ({args.supervisor}): ")
    if not password:
        raise InputError("Kata sandi supervisor kosong.", "The supervisor's password is empty.")
    return context.station.operators.verify_supervisor(args.supervisor, password)
