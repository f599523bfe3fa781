"""``station``: the console entry point. Each sub-command lives in its own module."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from app import __version__
from drivers.errors import StationError
from ui.cli.context import CommandContext
from ui.cli.output import print_error

# One line per command module; each has ``register(subparsers)``.
COMMAND_MODULES: tuple[str, ...] = (
    "ui.cli.commands.gui",
    "ui.cli.commands.db",
    "ui.cli.commands.nik",
    "ui.cli.commands.roster",
    "ui.cli.commands.operator",
    "ui.cli.commands.site",
    "ui.cli.commands.sync",
    "ui.cli.commands.register",
    "ui.cli.commands.records",
    "ui.cli.commands.demo",
    "ui.cli.commands.quality",
    "ui.cli.commands.capture",
    "ui.cli.commands.devices",
    "ui.cli.commands.selfcheck",
    "ui.cli.commands.approve",
    "ui.cli.commands.status",
    "ui.cli.commands.report",
)


class _Parser(argparse.ArgumentParser):
    """argparse that explains usage errors in both languages and exits 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"Galat: perintah tidak valid ({message}).", file=sys.stderr)
        print(f"Error: invalid command ({message}). Try --help.", file=sys.stderr)
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="station", description="Stasiun perekaman e-KTP / e-KTP recording station")
    parser.add_argument("--version", action="version", version=f"station {__version__}")
    parser.add_argument("--config", type=Path, default=None, help="berkas konfigurasi / configuration file (TOML)")
    subparsers = parser.add_subparsers(dest="command", parser_class=_Parser)
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args(["gui", *(argv or sys.argv[1:])])
    context = CommandContext(args)
    try:
        return int(args.func(context) or 0)
    except StationError as error:
        print_error(error, as_json=bool(getattr(args, "json", False)),
                    compact=bool(getattr(args, "json_lines", False)))
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (``station ... | head``): quiet exit, as other CLI tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except OSError as exc:
        where = f" {exc.filename}" if exc.filename else ""
        print_error(
            StationError(
                f"Berkas atau folder{where} tidak dapat diakses: {exc.strerror or exc}.",
                f"Cannot access the file or folder{where}: {exc.strerror or exc}.",
                action_id="Periksa izin akses dan ruang disk, atau STATION_HOME / --config.",
                action_en="Check permissions and free space, or STATION_HOME / --config.",
            ),
            as_json=bool(getattr(args, "json", False)),
            compact=bool(getattr(args, "json_lines", False)),
        )
        return 2
    finally:
        context.close()


if __name__ == "__main__":
    sys.exit(main())
