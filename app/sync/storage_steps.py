"""Where a sync's storage steps run: here, or on the caller's one storage thread.

Sending interleaves network calls with database work. ``SyncService`` hands
each database step to a ``StorageRunner``: the CLI runs it in place
(``run_here``); the GUI passes a runner that executes it on its single storage
executor and waits, so the network stays on the sync thread and the database
is only ever touched by the storage thread.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar

T = TypeVar("T")


class StorageRunner(Protocol):
    """Runs one storage step and returns its value (or raises its exception)."""

    def __call__(self, work: Callable[[], T], /) -> T: ...


def run_here(work: Callable[[], T], /) -> T:
    """The runner for a caller without a storage thread of its own (the CLI, tests of the service)."""
    return work()
