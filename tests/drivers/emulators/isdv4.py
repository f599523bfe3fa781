"""A Wacom ISDV4 pen digitiser at the byte level, on a pty.

Answers ``*`` with its ranges and version (only when the line is at its own baud
rate, like hardware), stays silent on ``%`` (a pen-only unit), and after ``1``
sends a scripted signature as 9-byte pen packets until ``0``. Garbage bytes can
be mixed into the stream to exercise resynchronisation.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

from drivers.signature import isdv4_protocol as proto
from tests.drivers.emulators.pty_device import PtyDevice

DEFAULT_QUERY = proto.QueryReply(x_max=26202, y_max=16325, pressure_max=1023, tilt_x_max=0, tilt_y_max=0, version=0x0213)


def scripted_signature(count: int = 60, x_max: int = 26202, y_max: int = 16325) -> list[proto.PenSample]:
    """A deterministic loop-and-line stroke: hover in, write, lift out."""
    samples = []
    for i in range(count):
        phase = i / max(1, count - 1)
        x = int(x_max * (0.15 + 0.7 * phase))
        y = int(y_max * (0.5 + 0.25 * math.sin(phase * 4 * math.pi)))
        touching = 2 <= i < count - 2
        pressure = int(300 + 500 * math.sin(phase * math.pi)) if touching else 0
        samples.append(proto.PenSample(x, y, pressure, touching, True, False, False, 0, 0))
    samples.append(proto.PenSample(samples[-1].x, samples[-1].y, 0, False, False, False, False, 0, 0))
    return samples


class Isdv4Emulator(PtyDevice):
    def __init__(
        self,
        link: Path,
        *,
        baud: int = 38400,
        query: proto.QueryReply = DEFAULT_QUERY,
        script: Sequence[proto.PenSample] | None = None,
        repeat: bool = True,
        packets_per_tick: int = 2,
        garbage_every: int = 0,
    ) -> None:
        super().__init__(link)
        self.baud = baud
        self.query = query
        self.script = list(script) if script is not None else scripted_signature()
        self.repeat = repeat
        self.packets_per_tick = packets_per_tick
        self.garbage_every = garbage_every
        self.sampling = False
        self.commands: list[bytes] = []
        self._cursor = 0
        self.sent_samples: list[proto.PenSample] = []

    def on_bytes(self, data: bytes) -> None:
        for byte in data:
            command = bytes([byte])
            self.commands.append(command)
            if self.line_baud() != self.baud:
                continue  # wrong rate: hardware sees noise and says nothing
            if command == proto.CMD_STOP:
                self.sampling = False
            elif command == proto.CMD_QUERY:
                self.send(proto.encode_query(self.query))
            elif command == proto.CMD_START:
                self.sampling = True
                self._cursor = 0  # each sampling session replays the script from its start

    def on_idle(self) -> None:
        if not self.sampling:
            return
        for _ in range(self.packets_per_tick):
            if self._cursor >= len(self.script):
                if not self.repeat:
                    return
                self._cursor = 0
            sample = self.script[self._cursor]
            self._cursor += 1
            if self.garbage_every and len(self.sent_samples) % self.garbage_every == 1:
                self.send(b"\x12\x7f\x33")  # line noise without a header bit
                self.send(bytes([0x80, 0x01, 0x02]))  # a truncated packet
            self.send(proto.encode_pen(sample))
            self.sent_samples.append(sample)
