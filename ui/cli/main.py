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
    "ui.cli.commands.recover",
)

# Commands that read only files or devices (or log in their own way): no ``--operator``. Every other
# command, whichever module adds it, gets ``--operator NAME`` and ``--password-stdin`` (see CommandContext).
NO_LOGIN_COMMANDS: tuple[tuple[str, ...], ...] = (
    ("gui",), ("nik",), ("quality",), ("capture",), ("devices",), ("inspect",), ("recover",),
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
    for path, leaf in _leaf_parsers(parser):
        if not any(path[:len(prefix)] == prefix for prefix in NO_LOGIN_COMMANDS):
            add_login_arguments(leaf)
    return parser


def _leaf_parsers(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):  # noqa: ANN202 (generator)
    """(command path, parser) of every runnable command, e.g. (("operator", "add"), parser)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            seen: set[int] = set()
            for name, sub in action.choices.items():
                if id(sub) not in seen:  # aliases share a parser
                    seen.add(id(sub))
                    yield from _leaf_parsers(sub, (*path, name))
            return
    if path:
        yield path, parser


def add_login_arguments(parser: argparse.ArgumentParser) -> None:
    """``--operator NAME`` and ``--password-stdin`` (kept when the command already reads a password so)."""
    if "--operator" not in parser._option_string_actions:
        parser.add_argument("--operator", metavar="USERNAME", default=None,
                            help="petugas yang masuk; kata sandinya ditanyakan / the operator logging in; "
                                 "their password is asked")
    if "--password-stdin" not in parser._option_string_actions:
        parser.add_argument("--password-stdin", action="store_true",
                            help="baca kata sandi dari satu baris stdin / read the password from one line of stdin")


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
