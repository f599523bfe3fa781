"""Native handles (the NFIQ 2 extractor, OpenCV cascades) kept for the life of the process, checked out per call.

A handle is expensive to build (NFIQ 2: about 0.4 s and 126 MB) and may not be
used by two threads at once. A ``threading.local`` cache does not help under
Qt: a ``QThreadPool`` thread gets a fresh Python thread state for every task
(and the pool retires idle threads), so the cache was empty on every call.
A ``HandlePool`` instead keeps built handles in a process-wide free list: a
call checks one out, uses it alone, and gives it back. At most ``limit``
handles exist; a caller finding all of them busy waits for one. Pools are
closed (their handles dropped) at interpreter exit or by :func:`release_all`.
"""

from __future__ import annotations

import atexit
import threading
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Generic, TypeVar

Handle = TypeVar("Handle")

_pools: weakref.WeakSet[HandlePool] = weakref.WeakSet()


class HandlePool(Generic[Handle]):
    """A bounded, thread-safe pool of handles built on demand by ``factory``."""

    def __init__(self, name: str, factory: Callable[[], Handle], *, limit: int = 2) -> None:
        if limit < 1:
            raise ValueError("a handle pool needs room for at least one handle")
        self.name = name
        self._factory = factory
        self._limit = limit
        self._idle: list[Handle] = []
        self._alive = 0  # built and not dropped: idle plus checked out
        self._built = 0
        self._generation = 0  # bumped by close(): handles checked out before are dropped on return
        self._ready = threading.Condition(threading.Lock())
        _pools.add(self)

    @property
    def built(self) -> int:
        """How many handles this pool has built so far (benchmarks and tests)."""
        return self._built

    @property
    def alive(self) -> int:
        return self._alive

    @contextmanager
    def checkout(self) -> Iterator[Handle]:
        """A handle for the caller alone until the ``with`` block ends."""
        handle, generation = self._take()
        try:
            yield handle
        finally:
            self._give_back(handle, generation)

    def _take(self) -> tuple[Handle, int]:
        with self._ready:
            while not self._idle and self._alive >= self._limit:
                self._ready.wait()
            generation = self._generation
            if self._idle:
                return self._idle.pop(), generation
            self._alive += 1
        try:
            handle = self._factory()
        except BaseException:
            with self._ready:
                self._alive -= 1
                self._ready.notify()
            raise
        with self._ready:
            self._built += 1
        return handle, generation

    def _give_back(self, handle: Handle, generation: int) -> None:
        with self._ready:
            if generation == self._generation:
                self._idle.append(handle)
            else:
                self._alive -= 1  # closed meanwhile: drop it
            self._ready.notify()

    def close(self) -> None:
        """Drop the idle handles now and the busy ones when they come back; later calls build afresh."""
        with self._ready:
            self._alive -= len(self._idle)
            self._idle.clear()
            self._generation += 1
            self._ready.notify_all()


def release_all() -> None:
    """Close every pool (at shutdown; also registered to run at interpreter exit)."""
    for pool in list(_pools):
        pool.close()


atexit.register(release_all)
