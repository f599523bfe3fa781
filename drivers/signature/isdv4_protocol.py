"""Wacom ISDV4 (W8001) serial pen protocol: commands, packet framing and decoding.

Pure bytes in, values out, so the framing can be tested without a line. The bit
layout follows the Linux kernel's ``wacom_w8001.c`` (the X driver's query parser
forgets to shift the pressure maximum; the kernel's packing is used here).
"""

from __future__ import annotations

from dataclasses import dataclass

CMD_STOP = b"0"
CMD_START = b"1"
CMD_QUERY = b"*"
CMD_TOUCH_QUERY = b"%"
CMD_RESET = b"&"

HEADER_BIT = 0x80
CONTROL_BIT = 0x40
TOUCH_BIT = 0x10

PEN_PACKET_LEN = 9
QUERY_REPLY_LEN = 11
TOUCH_PACKET_LEN = 5  # the shortest touch format; touch data is skipped anyway


@dataclass(frozen=True)
class PenSample:
    """One decoded pen packet in device units."""

    x: int
    y: int
    pressure: int
    tip: bool
    proximity: bool
    side: bool
    eraser: bool
    tilt_x: int
    tilt_y: int


@dataclass(frozen=True)
class QueryReply:
    """The answer to ``*``: coordinate and pressure ranges and the firmware version."""

    x_max: int
    y_max: int
    pressure_max: int
    tilt_x_max: int
    tilt_y_max: int
    version: int


def _coordinates(packet: bytes) -> tuple[int, int]:
    x = (packet[1] & 0x7F) << 9 | (packet[2] & 0x7F) << 2 | (packet[6] >> 5) & 0x3
    y = (packet[3] & 0x7F) << 9 | (packet[4] & 0x7F) << 2 | (packet[6] >> 3) & 0x3
    return x, y


def decode_pen(packet: bytes) -> PenSample:
    x, y = _coordinates(packet)
    head = packet[0]
    return PenSample(
        x=x,
        y=y,
        pressure=(packet[6] & 0x7) << 7 | (packet[5] & 0x7F),
        tip=bool(head & 0x01),
        proximity=bool(head & 0x20),
        side=bool(head & 0x02),
        eraser=bool(head & 0x04),
        tilt_x=packet[7] & 0x7F,
        tilt_y=packet[8] & 0x7F,
    )


def decode_query(packet: bytes) -> QueryReply:
    x_max, y_max = _coordinates(packet)
    return QueryReply(
        x_max=x_max,
        y_max=y_max,
        pressure_max=(packet[6] & 0x7) << 7 | (packet[5] & 0x7F),
        tilt_x_max=packet[7] & 0x7F,
        tilt_y_max=packet[8] & 0x7F,
        version=(packet[9] & 0x7F) << 7 | (packet[10] & 0x7F),
    )


def _pack_coordinates(x: int, y: int, pressure: int) -> tuple[int, int, int, int, int, int]:
    b6 = ((x & 0x3) << 5) | ((y & 0x3) << 3) | ((pressure >> 7) & 0x7)
    return (x >> 9) & 0x7F, (x >> 2) & 0x7F, (y >> 9) & 0x7F, (y >> 2) & 0x7F, pressure & 0x7F, b6


def encode_pen(sample: PenSample) -> bytes:
    """The 9 bytes a pad sends for ``sample`` (used by emulators and tests)."""
    head = HEADER_BIT | sample.proximity << 5 | sample.eraser << 2 | sample.side << 1 | sample.tip
    b1, b2, b3, b4, b5, b6 = _pack_coordinates(sample.x, sample.y, sample.pressure)
    return bytes([head, b1, b2, b3, b4, b5, b6, sample.tilt_x & 0x7F, sample.tilt_y & 0x7F])


def encode_query(reply: QueryReply) -> bytes:
    """The 11-byte answer to ``*`` (data id 0)."""
    b1, b2, b3, b4, b5, b6 = _pack_coordinates(reply.x_max, reply.y_max, reply.pressure_max)
    return bytes([
        HEADER_BIT | CONTROL_BIT, b1, b2, b3, b4, b5, b6,
        reply.tilt_x_max & 0x7F, reply.tilt_y_max & 0x7F, (reply.version >> 7) & 0x7F, reply.version & 0x7F,
    ])


class PacketFramer:
    """Cuts a byte stream into packets by the header bit and resynchronises on garbage.

    A header byte (0x80) opens a packet whose length its flags decide; a header
    byte arriving before the packet is complete means the earlier bytes were
    garbage (a glitch or a partial packet after plugging in), so they are dropped.
    """

    def __init__(self) -> None:
        self._buffer = bytearray()
        self.discarded_bytes = 0

    @staticmethod
    def packet_length(head: int) -> int:
        if head & CONTROL_BIT:
            return QUERY_REPLY_LEN
        if head & TOUCH_BIT:
            return TOUCH_PACKET_LEN
        return PEN_PACKET_LEN

    def feed(self, data: bytes) -> list[bytes]:
        """Add bytes; return every complete packet now available, in order."""
        self._buffer.extend(data)
        packets: list[bytes] = []
        while self._buffer:
            start = next((i for i, b in enumerate(self._buffer) if b & HEADER_BIT), None)
            if start is None:
                self.discarded_bytes += len(self._buffer)
                self._buffer.clear()
                break
            if start:
                self.discarded_bytes += start
                del self._buffer[:start]
            length = self.packet_length(self._buffer[0])
            body_end = min(length, len(self._buffer))
            next_head = next((i for i in range(1, body_end) if self._buffer[i] & HEADER_BIT), None)
            if next_head is not None:
                self.discarded_bytes += next_head
                del self._buffer[:next_head]
                continue
            if len(self._buffer) < length:
                break
            packets.append(bytes(self._buffer[:length]))
            del self._buffer[:length]
        return packets

    def reset(self) -> None:
        self._buffer.clear()
