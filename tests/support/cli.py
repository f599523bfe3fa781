"""Run the ``station`` command in-process, as an operator would type it.

Tests of commands call :func:`station_cli` instead of ``ui.cli.main.main``: for
every command that opens stored data it logs in for the test (``--operator NAME
--password-stdin``, the password put before the test's own stdin), unless the
test gave ``--operator`` or ``--supervisor`` itself. The account used is the
first supervisor made through ``station_cli`` in this station home, else the
``station`` fixture's ``TEST_SUPERVISOR`` (created when the home is new).
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

from app.config import load_config
from app.paths import StationPaths
from tests.support.station import TEST_SUPERVISOR, unlocked_station
from ui.cli.main import build_parser
from ui.station import main

# Station home -> (user name, password) of a supervisor made through station_cli there.
_SUPERVISORS: dict[str, tuple[str, str]] = {}


def station_cli(*argv: str, stdin: str | None = None, login: bool = True) -> int:
    """``station ARGV...`` with ``stdin`` (if given) as standard input; returns the exit code.

    ``login=False`` runs the command exactly as given (tests of the log-in itself).
    """
    args = list(argv)
    first_supervisor = None
    if login:
        args, stdin, first_supervisor = _with_login(args, stdin)
    saved = sys.stdin
    if stdin is not None:
        sys.stdin = io.StringIO(stdin)
    try:
        code = main(args)
    finally:
        sys.stdin = saved
    if code == 0 and first_supervisor is not None:
        _SUPERVISORS.setdefault(_home(), first_supervisor)
    return code


def login_for_tests() -> tuple[str, str]:
    """The (user name, password) station_cli logs in with in the current station home."""
    known = _SUPERVISORS.get(_home())
    if known is not None:
        return known
    paths = StationPaths.default()
    if not (paths.data_dir / "keyring.json").exists() and not paths.database_file.exists():
        station = unlocked_station(load_config())
        station.close()
    return TEST_SUPERVISOR[0], TEST_SUPERVISOR[2]


def _home() -> str:
    return os.environ.get("STATION_HOME", "")


def _with_login(args: list[str], stdin: str | None) -> tuple[list[str], str | None, tuple[str, str] | None]:
    try:
        parsed = build_parser().parse_args(args)
    except SystemExit:
        return args, stdin, None  # a usage error: main() reports it
    if not hasattr(parsed, "operator") or parsed.operator or getattr(parsed, "supervisor", None):
        return args, stdin, None
    paths = StationPaths.default()
    fresh = not (paths.data_dir / "keyring.json").exists() and not _has_plaintext_supervisor(paths)
    if getattr(parsed, "command", None) == "operator" and getattr(parsed, "operator_command", None) == "add" \
            and fresh and parsed.role == "supervisor":
        if stdin is None and isinstance(sys.stdin, io.StringIO):
            stdin = sys.stdin.read()
        new_password = (stdin or "").splitlines()[0] if stdin else ""
        return args, stdin, (parsed.username, new_password)  # the first supervisor: no log-in
    username, password = login_for_tests()
    args = [*args, "--operator", username]
    if not parsed.password_stdin:
        args.append("--password-stdin")
    if stdin is None and isinstance(sys.stdin, io.StringIO):  # a test that set sys.stdin itself
        stdin = sys.stdin.read()
    return args, f"{password}\n{stdin or ''}", None


def _has_plaintext_supervisor(paths: StationPaths) -> bool:
    """A station home written by release 0.1.0 (the upgrade fixture) already has its accounts."""
    return Path(paths.database_file).exists()
