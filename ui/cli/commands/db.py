"""``station db upgrade``: apply database migrations."""

from __future__ import annotations

import argparse

from ui.cli.context import CommandContext


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("db", help="basis data / database")
    actions = parser.add_subparsers(dest="db_command", required=True)
    upgrade = actions.add_parser("upgrade", help="terapkan migrasi / apply migrations")
    upgrade.set_defaults(func=run_upgrade)


def run_upgrade(context: CommandContext) -> int:
    """The log-in opens (and migrates) the encrypted database; this says so."""
    station = context.station
    station.db.upgrade()
    print(f"Basis data mutakhir / database up to date: {station.config.database_url} (SQLCipher)")
    return 0
