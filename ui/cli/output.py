"""Printing for commands: JSON for machines, plain text for people, errors without tracebacks."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import enum
import json
import sys
from pathlib import Path
from typing import Any

from drivers.errors import StationError


def _default(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    if hasattr(value, "to_dict"):
        return value.to_dict()
    raise TypeError(f"cannot serialise {type(value).__name__}")


def print_json(data: Any, *, compact: bool = False) -> None:
    """Indented JSON for one answer; ``compact`` puts it on one line (JSON Lines streams)."""
    if compact:
        json.dump(data, sys.stdout, default=_default, ensure_ascii=False, separators=(",", ":"))
    else:
        json.dump(data, sys.stdout, default=_default, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    sys.stdout.flush()


def streams_json_lines(parser: argparse.ArgumentParser) -> None:
    """Mark a command whose ``--json`` output is one object per line, so its errors are one line too."""
    parser.set_defaults(json_lines=True)


def print_error(error: StationError, as_json: bool = False, *, compact: bool = False) -> None:
    """The error without a traceback: bilingual text on stderr, or a JSON object (one line when ``compact``)."""
    if as_json:
        print_json({"ok": False, **error.to_dict()}, compact=compact)
        return
    print(f"Galat: {error.message_id}", file=sys.stderr)
    if error.message_en and error.message_en != error.message_id:
        print(f"Error: {error.message_en}", file=sys.stderr)
    if error.action_id:
        print(f"Tindakan: {error.action_id}", file=sys.stderr)
        if error.action_en:
            print(f"Action: {error.action_en}", file=sys.stderr)
