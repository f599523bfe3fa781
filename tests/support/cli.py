"""Run the ``station`` command in-process, as an operator would type it.

Tests of new commands call :func:`station_cli` instead of ``ui.cli.main.main`` so that
what every data command needs (today nothing; with encryption at rest, an operator's
log-in) is added in this one place.
"""

from __future__ import annotations

import io
import sys

from ui.cli.main import main


def station_cli(*argv: str, stdin: str | None = None) -> int:
    """``station ARGV...`` with ``stdin`` (if given) as standard input; returns the exit code."""
    if stdin is None:
        return main(list(argv))
    saved = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        return main(list(argv))
    finally:
        sys.stdin = saved
