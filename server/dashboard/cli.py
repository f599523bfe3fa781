"""``station-hub dashboard user add NAME --role supervisor --password-stdin``: the dashboard's users."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from app.errors import InputError
from server.dashboard.auth import ROLE_NAMES, Role, add_user
from server.dashboard.errors import DashboardError
from server.dashboard.tables import DashboardUser
from server.hub import Hub


def register(commands: Any, common: argparse.ArgumentParser, open_hub: Callable[[argparse.Namespace], Hub]) -> None:
    dashboard = commands.add_parser("dashboard", help="the office's campaign dashboard (/dashboard)")
    users = dashboard.add_subparsers(dest="dashboard_command", required=True).add_parser(
        "user", help="dashboard users").add_subparsers(dest="user_command", required=True)
    add = users.add_parser("add", parents=[common], help="create a dashboard user")
    add.add_argument("name")
    add.add_argument("--role", choices=[r.value for r in Role], default=Role.SUPERVISOR.value)
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    add.set_defaults(func=lambda args: _add(args, open_hub))
    listing = users.add_parser("list", parents=[common], help="every dashboard user")
    listing.set_defaults(func=lambda args: _list(args, open_hub))


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Kata sandi / password: ")
    if first != getpass.getpass("Ulangi / again: "):
        raise InputError("Kedua kata sandi berbeda.", "The two passwords differ.")
    return first


def _add(args: argparse.Namespace, open_hub: Callable[[argparse.Namespace], Hub]) -> int:
    password = _password(args)
    hub = open_hub(args)
    try:
        user = add_user(hub, args.name, password, args.role)
    except DashboardError as error:
        raise InputError(error.message_id, error.message_en) from None
    finally:
        hub.close()
    role_id, role_en = ROLE_NAMES[Role(user.role)]
    print(f"Pengguna dasbor dibuat / dashboard user created: {user.username} ({role_id} / {role_en})")
    return 0


def _list(args: argparse.Namespace, open_hub: Callable[[argparse.Namespace], Hub]) -> int:
    hub = open_hub(args)
    try:
        with hub.session() as session:
            users = session.scalars(select(DashboardUser).order_by(DashboardUser.username)).all()
    finally:
        hub.close()
    for user in users:
        locked = " (dikunci / locked)" if user.locked_until else ""
        print(f"{user.username:24}  {user.role}{locked}")
    print(f"{len(users)} pengguna / users")
    return 0
