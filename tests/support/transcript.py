"""Transcript tests for serial drivers: the exact bytes in both directions (after PyMeasure's
``expected_protocol``).

A test lists the exchanges it expects, in order: the bytes the driver must write
and the bytes the device answers. :class:`TranscriptLine` is a ``serial.Serial``-like
transport the driver gets injected (``transport=line``); it makes an answer readable
only once its command was written in full, and fails the test when

- the driver writes a byte the transcript does not expect next (at once, in ``write``,
  and again at the end in case the driver swallowed the error),
- an expected exchange never happens, or an answer is left unread (at the end),
- the driver writes at another baud rate than the exchange names.

Example::

    with TranscriptLine([Exchange(b"0"), Exchange(b"*", QUERY_REPLY)]) as line:
        pad = Isdv4SignaturePad(transport=line)
        pad.open()
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass


class TranscriptError(AssertionError):
    """The driver's bytes differ from the transcript."""


@dataclass(frozen=True)
class Exchange:
    """One step: the driver writes ``sent`` (empty: the device speaks unprompted), the device answers ``reply``.

    ``baud``: the line rate the driver must have set when it writes ``sent`` (None: any).
    ``flushed``: the driver is expected to drop ``reply`` unread (``reset_input_buffer``),
    as after the ISDV4 stop command.
    """

    sent: bytes = b""
    reply: bytes = b""
    baud: int | None = None
    flushed: bool = False


class TranscriptLine:
    """A serial line that plays one transcript; ``check()`` (or leaving the ``with``) fails on any difference."""

    def __init__(self, exchanges: Iterable[Exchange], *, baudrate: int = 9600, timeout: float | None = 0.05) -> None:
        self.exchanges = list(exchanges)
        self.baudrate = baudrate
        self.timeout = timeout
        self.closed = False
        self._next = 0  # index of the exchange whose command is being written
        self._written = bytearray()  # bytes of that command written so far
        self._readable = bytearray()
        self._must_be_flushed = 0  # bytes of ``_readable`` a reset_input_buffer() is expected to drop
        self.problems: list[str] = []
        self._lock = threading.Lock()  # a driver's stream thread reads while the test's thread writes
        self._release_unprompted()

    # what the driver sees -----------------------------------------------------------
    def write(self, data: bytes) -> int:
        with self._lock:
            self._require_open()
            self._take(bytes(data))
        return len(data)

    def _take(self, data: bytes) -> None:
        for index, byte in enumerate(bytes(data)):
            if self._next >= len(self.exchanges):
                self._fail(f"unexpected write {bytes(data)[index:]!r} after the last exchange")
            exchange = self.exchanges[self._next]
            position = len(self._written)
            if exchange.baud is not None and position == 0 and self.baudrate != exchange.baud:
                self._fail(f"exchange {self._next}: written at {self.baudrate} baud, expected {exchange.baud}")
            if byte != exchange.sent[position]:
                self._fail(
                    f"exchange {self._next}: expected {exchange.sent!r}, the driver wrote "
                    f"{bytes(self._written) + bytes(data)[index:]!r}"
                )
            self._written.append(byte)
            if len(self._written) == len(exchange.sent):
                self._answer(exchange)

    def read(self, size: int = 1) -> bytes:
        with self._lock:
            self._require_open()
            chunk = bytes(self._readable[:size])
            del self._readable[:size]
        if not chunk and self.timeout:
            time.sleep(min(self.timeout, 0.005))  # a real line waits; keep polling loops from spinning
        return chunk

    def reset_input_buffer(self) -> None:
        with self._lock:
            self._require_open()
            self._readable.clear()
            self._must_be_flushed = 0

    def close(self) -> None:
        self.closed = True

    # the test's side ------------------------------------------------------------------
    @property
    def done(self) -> bool:
        """Every exchange happened and every answer was read or flushed."""
        with self._lock:
            return self._next >= len(self.exchanges) and not self._readable

    def check(self) -> None:
        """Fail unless the driver wrote exactly the transcript and read (or flushed) every answer."""
        if self.problems:
            raise TranscriptError("; ".join(self.problems))
        if self._next < len(self.exchanges):
            missing = [e.sent for e in self.exchanges[self._next:]]
            raise TranscriptError(f"expected exchanges never happened: {missing!r} (written so far of the next: "
                                  f"{bytes(self._written)!r})")
        if self._must_be_flushed:
            raise TranscriptError("the driver did not flush the answer it should drop")
        if self._readable:
            raise TranscriptError(f"the driver never read {len(self._readable)} answer byte(s): "
                                  f"{bytes(self._readable[:32])!r}...")

    def __enter__(self) -> TranscriptLine:
        return self

    def __exit__(self, exc_type: object, *exc_info: object) -> None:
        if exc_type is None:
            self.check()

    # inside -------------------------------------------------------------------------------
    def _answer(self, exchange: Exchange) -> None:
        if self._must_be_flushed:
            self._fail(f"exchange {self._next}: the driver did not flush the answer it should drop")
        self._readable.extend(exchange.reply)
        self._must_be_flushed = len(exchange.reply) if exchange.flushed else 0
        self._next += 1
        self._written.clear()
        self._release_unprompted()

    def _release_unprompted(self) -> None:
        """Exchanges with nothing to write: the device sends their bytes as soon as the previous one is done."""
        while self._next < len(self.exchanges) and not self.exchanges[self._next].sent:
            self._answer(self.exchanges[self._next])

    def _require_open(self) -> None:
        if self.closed:
            self._fail("the driver used the line after closing it")

    def _fail(self, problem: str) -> None:
        self.problems.append(problem)
        raise TranscriptError(problem)
