"""A test guard: GUI code must not touch the database on the Qt main thread.

Every statement a SQLAlchemy engine executes, and every connection taken from a
pool, is checked: when it happens on the thread that owns the QApplication and
the call came from ``ui/gui`` code, it is recorded. The GUI fixtures fail the
test at teardown when anything was recorded. Test code itself (fixtures that add
records, assertions that read them) may use the database on that thread: it is
not the GUI, and only GUI frames count.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.pool import Pool

_GUI_DIR = str(Path(__file__).resolve().parents[2] / "ui" / "gui") + "/"


def _gui_caller(frame: FrameType | None) -> str | None:
    """The innermost ``ui/gui`` frame on the stack, as ``file:line in function``, or None."""
    while frame is not None:
        filename = frame.f_code.co_filename
        if filename.startswith(_GUI_DIR):
            return f"{filename[len(_GUI_DIR):]}:{frame.f_lineno} in {frame.f_code.co_name}"
        frame = frame.f_back
    return None


class GuiThreadDatabaseGuard:
    """Records database use by GUI code on one thread (the Qt main thread)."""

    def __init__(self, thread_id: int) -> None:
        self.thread_id = thread_id
        self.touches: list[str] = []

    def _check(self, what: str) -> None:
        if threading.get_ident() != self.thread_id:
            return
        caller = _gui_caller(sys._getframe(2))
        if caller is not None:
            self.touches.append(f"{what} from {caller}")

    def _statement(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        self._check(" ".join(statement.split()[:4]))

    def _checkout(self, *_args: Any) -> None:
        self._check("connection checkout")

    @contextmanager
    def installed(self) -> Iterator[GuiThreadDatabaseGuard]:
        event.listen(Engine, "before_cursor_execute", self._statement)
        event.listen(Pool, "checkout", self._checkout)
        try:
            yield self
        finally:
            event.remove(Engine, "before_cursor_execute", self._statement)
            event.remove(Pool, "checkout", self._checkout)

    def report(self) -> str:
        return "database touched on the Qt main thread by GUI code:\n  " + "\n  ".join(self.touches)
