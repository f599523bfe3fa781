"""``station``: the console entry point. Each sub-command lives in its own module."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from app import __version__
from drivers.errors import StationError
from ui.cli.output import print_error

if TYPE_CHECKING:
    from ui.cli.context import GuiLauncher

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
    "ui.cli.commands.handover",
    "ui.cli.commands.backup",
    "ui.cli.commands.audit",
    "ui.cli.commands.recover",
    "ui.cli.commands.report",
)

# Commands that read only files or devices (or log in their own way): no ``--operator``. Every other
# command, whichever module adds it, gets ``--operator NAME`` and ``--password-stdin`` (see CommandContext).
NO_LOGIN_COMMANDS: tuple[tuple[str, ...], ...] = (
    ("gui",), ("nik",), ("quality",), ("capture",), ("devices",), ("inspect",), ("recover",),
)

# The commands each module registers and their one-line help, so ``station CMD`` imports only
# CMD's module and ``station --help`` lists every command without importing any of them
# (tests/ui/cli/test_lazy_commands.py checks this table against what the modules register).
COMMAND_TABLE: dict[str, tuple[str, str]] = {
    "gui": ("ui.cli.commands.gui", "jalankan aplikasi / start the station GUI"),
    "db": ("ui.cli.commands.db", "basis data / database"),
    "nik": ("ui.cli.commands.nik", "periksa NIK / check a NIK"),
    "roster": ("ui.cli.commands.roster", "daftar pemohon / applicant rosters"),
    "operator": ("ui.cli.commands.operator", "akun petugas / operator accounts"),
    "site": ("ui.cli.commands.site", "lokasi / sites"),
    "sync": ("ui.cli.commands.sync", "kirim data ke pusat / send records to the hub"),
    "register": ("ui.cli.commands.register", "daftarkan stasiun ke pusat / register the station at the hub"),
    "export": ("ui.cli.commands.records", "ekspor rekaman / export records"),
    "inspect": ("ui.cli.commands.records", "periksa berkas ANSI/NIST-ITL / inspect an ANSI/NIST-ITL file"),
    "demo": ("ui.cli.commands.demo", "demonstrasi dengan data sintetis / demonstrations with synthetic data"),
    "quality": ("ui.cli.commands.quality", "periksa mutu gambar / check an image's quality"),
    "capture": ("ui.cli.commands.capture", "ambil satu rekaman dari perangkat / one capture from a device"),
    "devices": ("ui.cli.commands.devices", "perangkat / devices"),
    "selfcheck": ("ui.cli.commands.selfcheck", "uji semua perangkat / self-check every device"),
    "pending": ("ui.cli.commands.approve", "rekaman menunggu persetujuan / records waiting for approval"),
    "approve": ("ui.cli.commands.approve", "setujui rekaman untuk dikirim / approve records for sending"),
    "status": ("ui.cli.commands.status", "keadaan stasiun / station status"),
    "handover": ("ui.cli.commands.handover", "serah terima lewat media lepas / hand-over on removable media"),
    "backup": ("ui.cli.commands.backup", "cadangan stasiun / station backup"),
    "audit": ("ui.cli.commands.audit", "log audit / audit log"),
    "report": ("ui.cli.commands.report", "laporan / reports"),
    "recover": ("ui.cli.commands.recover", "pulihkan akses stasiun / recover access to the station"),
}


class _Parser(argparse.ArgumentParser):
    """argparse that explains usage errors in both languages and exits 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"Galat: perintah tidak valid ({message}).", file=sys.stderr)
        print(f"Error: invalid command ({message}). Try --help.", file=sys.stderr)
        raise SystemExit(2)


def build_parser(commands: Iterable[str] | None = None) -> argparse.ArgumentParser:
    """The parser; only the modules of ``commands`` are imported and registered in full (all when None).

    Every other command gets its one-line entry from ``COMMAND_TABLE``: enough for
    ``--help`` and for argparse's "invalid choice".
    """
    parser = _Parser(prog="station", description="Stasiun perekaman e-KTP / e-KTP recording station")
    parser.add_argument("--version", action="version", version=f"station {__version__}")
    parser.add_argument("--config", type=Path, default=None, help="berkas konfigurasi / configuration file (TOML)")
    subparsers = parser.add_subparsers(dest="command", parser_class=_Parser)
    if commands is None:
        modules = list(dict.fromkeys([*COMMAND_MODULES, *(module for module, _help in COMMAND_TABLE.values())]))
    else:
        modules = list(dict.fromkeys(COMMAND_TABLE[name][0] for name in commands))
    for module_name in modules:
        importlib.import_module(module_name).register(subparsers)
    for name, (_module, help_text) in COMMAND_TABLE.items():
        if name not in subparsers.choices:
            subparsers.add_parser(name, help=help_text)
    for path, leaf in _leaf_parsers(parser):
        if not any(path[:len(prefix)] == prefix for prefix in NO_LOGIN_COMMANDS):
            add_login_arguments(leaf)
    return parser


def _command_word(argv: Sequence[str]) -> str | None:
    """The sub-command ``argv`` names, when ``COMMAND_TABLE`` knows it (``--config FILE`` skipped)."""
    words = iter(argv)
    for word in words:
        if word == "--config":
            next(words, None)
        elif not word.startswith("-"):
            return word if word in COMMAND_TABLE else None
    return None


def _leaf_parsers(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
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


def main(argv: Sequence[str] | None = None, *, launch_gui: GuiLauncher | None = None) -> int:
    """Run one ``station`` command; ``launch_gui`` starts the window (``station gui``, the default).

    The ``station`` program is ``ui/station.py``, which passes the GUI in: the CLI never imports ``ui.gui``.
    """
    arguments = list(sys.argv[1:] if argv is None else argv)
    command = _command_word(arguments)
    args = build_parser([command] if command else []).parse_args(arguments)
    if args.command is None:  # plain ``station``: the GUI
        args = build_parser(["gui"]).parse_args(["gui", *arguments])
    from ui.cli.context import CommandContext  # the station's services load only for a command that runs

    context = CommandContext(args, launch_gui=launch_gui)
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


if __name__ == "__main__":  # the commands without the window; the `station` program is ui/station.py
    sys.exit(main())
