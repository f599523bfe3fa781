"""Count the SELECT statements a block sends, to keep list views free of a query per row."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, event


@contextmanager
def count_selects(engine: Engine) -> Iterator[list[str]]:
    """Yields the list of SELECT statements run inside the block (filled as they run)."""
    selects: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            selects.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield selects
    finally:
        event.remove(engine, "before_cursor_execute", record)
