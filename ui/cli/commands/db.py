"""``station db upgrade``: apply database migrations."""

from __future__ import annotations

import argparse

from app.storage.db import Database
from ui.cli.context import CommandContext


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("db", help="basis data / database")
    actions = parser.add_subparsers(dest="db_command", required=True)
    upgrade = actions.add_parser("upgrade", help="terapkan migrasi / apply migrations")
    upgrade.set_defaults(func=run_upgrade)


def run_upgrade(context: CommandContext) -> int:
    context.config.paths.ensure()
    database = Database(context.config.database_url)
    try:
        database.upgrade()
    finally:
        database.dispose()
    print(f"Basis data mutakhir / database up to date: {database.engine.url.render_as_string()}")
    return 0
