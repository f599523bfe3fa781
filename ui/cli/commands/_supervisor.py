"""The supervisor's user name and password for commands that need their approval (counts like a login).

``--supervisor NAME`` is also the log-in when ``--operator`` is not given: one
password opens the station and approves. With ``--operator`` another account
(an officer) opens the station and the supervisor's password follows (the next
line of stdin with ``--password-stdin``).
"""

from __future__ import annotations

import argparse

from app.domain.enums import Role
from app.services.operators import NotSupervisorError
from app.storage.models import Operator
from ui.cli.context import CommandContext


def add_supervisor_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--supervisor", required=True, metavar="USERNAME",
                        help="nama pengguna supervisor / the supervisor's user name")
    parser.add_argument("--password-stdin", action="store_true",
                        help="baca kata sandi dari stdin (satu baris per akun) / read the password(s) from stdin "
                             "(one line per account)")


def verify_supervisor(context: CommandContext) -> Operator:
    """The supervisor's approval: their log-in, or their password asked after the operator's.

    Raises:
        AuthError / AccountLockedError / NotSupervisorError: wrong password, locked, or not a supervisor.
    """
    args = context.args
    station = context.station
    logged_in = context.operator
    if logged_in is not None and logged_in.username.lower() == args.supervisor.strip().lower():
        if logged_in.role is not Role.SUPERVISOR:
            raise NotSupervisorError()
        return logged_in
    password = context.read_password(f"Kata sandi supervisor / supervisor password ({args.supervisor}): ")
    return station.operators.verify_supervisor(args.supervisor, password)
