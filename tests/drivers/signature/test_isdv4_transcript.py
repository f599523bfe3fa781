"""The ISDV4 driver byte for byte: every command it writes and every answer it reads (tests/support/transcript.py).

The answers are written out from the protocol (PROTOCOLS.md, the kernel's wacom_w8001.c),
not produced by the driver's own encoder.
"""

from __future__ import annotations

from drivers.signature.isdv4 import Isdv4SignaturePad
from tests.support.transcript import Exchange, TranscriptLine

# Query reply: 0xC0, x max 26202, y max 16325, pressure max 1023, version 0x0213 (531).
QUERY_REPLY = bytes.fromhex("c0 33 16 1f 71 7f 4f 00 00 04 13")
# Pen in proximity touching at (12000, 8000) with pressure 512, then lifted at (12004, 8003).
PEN_DOWN = bytes.fromhex("a1 17 38 0f 50 00 04 00 00")
PEN_UP = bytes.fromhex("a0 17 39 0f 50 00 18 00 00")
STOP, QUERY, START = b"0", b"*", b"1"


def _points(pad: Isdv4SignaturePad, count: int) -> list[tuple[int, int, int, bool, bool]]:
    points = [pad.wait_point(timeout=5.0) for _ in range(count)]
    return [(p.x, p.y, p.pressure, p.tip, p.proximity) for p in points]


def test_open_start_read_close_is_exactly_the_set_up_sequence() -> None:
    transcript = [
        Exchange(STOP, PEN_DOWN, baud=38400, flushed=True),  # a pad still sampling: dropped after the stop
        Exchange(QUERY, QUERY_REPLY, baud=38400),
        Exchange(START, PEN_DOWN + PEN_UP),
        Exchange(STOP),  # stop()
        Exchange(STOP),  # close() tells the pad once more
    ]
    with TranscriptLine(transcript) as line:
        pad = Isdv4SignaturePad(transport=line)
        pad.open()
        ranges = pad.ranges()
        assert (ranges.x_max, ranges.y_max, ranges.pressure_max) == (26202, 16325, 1023)
        assert pad.info().firmware == "531"
        pad.start()
        assert _points(pad, 2) == [(12000, 8000, 512, True, True), (12004, 8003, 0, False, True)]
        pad.close()


def test_a_silent_pad_at_38400_is_asked_again_at_19200() -> None:
    transcript = [
        Exchange(STOP, baud=38400),
        Exchange(QUERY, b"", baud=38400),  # no answer at this rate
        Exchange(STOP, baud=19200),
        Exchange(QUERY, QUERY_REPLY, baud=19200),
        Exchange(STOP),
    ]
    with TranscriptLine(transcript) as line:
        pad = Isdv4SignaturePad(transport=line, query_timeout_s=0.1)
        pad.open()
        assert "19200" in pad.info().transport
        pad.close()


def test_garbage_before_a_packet_is_skipped() -> None:
    transcript = [
        Exchange(STOP, baud=38400),
        Exchange(QUERY, QUERY_REPLY),
        Exchange(START, b"\x13\x37" + PEN_DOWN),
        Exchange(STOP),
        Exchange(STOP),
    ]
    with TranscriptLine(transcript) as line:
        pad = Isdv4SignaturePad(transport=line)
        pad.open()
        pad.start()
        assert _points(pad, 1) == [(12000, 8000, 512, True, True)]
        assert pad.discarded_bytes == 2
        pad.close()
