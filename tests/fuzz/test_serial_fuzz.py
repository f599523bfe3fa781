"""Fuzzing the serial decoders (ISDV4 pen pads, R30x fingerprint modules) with damaged byte streams.

A line that answers garbage, truncated frames, wrong lengths or checksums must end
in a device error (protocol, timeout) or in decoded values within their ranges.
"""

from __future__ import annotations

import struct

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from drivers.errors import DeviceError
from drivers.fingerprint import r30x_protocol as r30x
from drivers.fingerprint.base import FingerPosition
from drivers.fingerprint.r30x import R30xFingerprintScanner
from drivers.signature import isdv4
from drivers.signature import isdv4_protocol as isdv4_proto
from tests.fuzz.strategies import damaged_bytes
from tests.support.fuzz import fuzz_settings, tally

pytestmark = pytest.mark.fuzz


class ScriptedLine:
    """A serial line whose device has already said everything in ``stream``; reads past it time out."""

    def __init__(self, stream: bytes, chunk: int = 64) -> None:
        self.stream = bytearray(stream)
        self.chunk = chunk
        self.baudrate = 0
        self.timeout: float | None = 0.0
        self.written = bytearray()

    def read(self, size: int = 1) -> bytes:
        taken = bytes(self.stream[: min(size, self.chunk)])
        del self.stream[: len(taken)]
        return taken

    def write(self, data: bytes) -> int:
        self.written.extend(data)
        return len(data)

    def reset_input_buffer(self) -> None:
        pass  # keep the script: a real device goes on talking after a flush

    def close(self) -> None:
        pass


# ISDV4 -------------------------------------------------------------------------------------------

PEN = st.builds(isdv4_proto.PenSample, x=st.integers(0, 2**16 - 1), y=st.integers(0, 2**16 - 1),
                pressure=st.integers(0, 1023), tip=st.booleans(), proximity=st.booleans(), side=st.booleans(),
                eraser=st.booleans(), tilt_x=st.integers(0, 127), tilt_y=st.integers(0, 127))
QUERY = st.builds(isdv4_proto.QueryReply, x_max=st.integers(0, 2**16 - 1), y_max=st.integers(0, 2**16 - 1),
                  pressure_max=st.integers(0, 1023), tilt_x_max=st.integers(0, 127), tilt_y_max=st.integers(0, 127),
                  version=st.integers(0, 2**14 - 1))


@st.composite
def pen_streams(draw: st.DrawFn) -> bytes:
    parts = [isdv4_proto.encode_query(draw(QUERY))] if draw(st.integers(0, 3)) else []
    parts += [isdv4_proto.encode_pen(sample) for sample in draw(st.lists(PEN, max_size=12))]
    parts += [draw(st.binary(max_size=20)) for _ in range(draw(st.integers(0, 3)))]
    order = draw(st.permutations(range(len(parts))))
    stream = b"".join(parts[i] for i in order)
    return draw(damaged_bytes(stream)) if stream and draw(st.booleans()) else stream


@fuzz_settings(quick=150, long=5000)
@given(stream=pen_streams(), cuts=st.lists(st.integers(1, 40), max_size=10))
def test_isdv4_framer_and_decoders(stream: bytes, cuts: list[int]) -> None:
    with tally("ISDV4 byte stream").case(()):
        framer = isdv4_proto.PacketFramer()
        packets, position = [], 0
        for cut in [*cuts, len(stream)]:
            packets += framer.feed(stream[position : position + cut])
            position += cut
        for packet in packets:
            assert packet[0] & isdv4_proto.HEADER_BIT
            assert len(packet) == isdv4_proto.PacketFramer.packet_length(packet[0])
            if packet[0] & isdv4_proto.CONTROL_BIT:
                reply = isdv4_proto.decode_query(packet)
                assert 0 <= reply.x_max < 2**16 and 0 <= reply.pressure_max < 1024
            elif not packet[0] & isdv4_proto.TOUCH_BIT:
                sample = isdv4_proto.decode_pen(packet)
                assert 0 <= sample.x < 2**16 and 0 <= sample.y < 2**16 and 0 <= sample.pressure < 1024


@fuzz_settings(quick=120, long=3000)
@given(stream=pen_streams())
def test_isdv4_pad_on_a_garbled_line(monkeypatch: pytest.MonkeyPatch, stream: bytes) -> None:
    monkeypatch.setattr(isdv4, "STOP_SETTLE_S", 0.0)
    pad = isdv4.Isdv4SignaturePad(query_timeout_s=0.01, transport=ScriptedLine(stream))
    with tally("ISDV4 pad (driver)").case((DeviceError,)):
        pad.open()
        try:
            for _ in range(40):
                point = pad._do_read_point()  # what the pad's stream worker calls
                if point is not None:
                    assert 0 <= point.x < 2**16 and 0 <= point.pressure < 1024
        finally:
            pad.close()


# R30x --------------------------------------------------------------------------------------------

ADDRESS = 0xFFFFFFFF


def _ack(payload: bytes) -> bytes:
    return r30x.build_frame(ADDRESS, r30x.PID_ACK, payload)


def _sys_para(size_code: int) -> bytes:
    return struct.pack(">HHHHIHH", 0, 9, 300, 3, ADDRESS, size_code, 6)


def _image_frames(packet_size: int, data: bytes) -> bytes:
    chunks = [data[i : i + packet_size] for i in range(0, len(data), packet_size)] or [b""]
    frames = [r30x.build_frame(ADDRESS, r30x.PID_DATA, c) for c in chunks[:-1]]
    return b"".join(frames) + r30x.build_frame(ADDRESS, r30x.PID_END_DATA, chunks[-1])


@st.composite
def module_streams(draw: st.DrawFn) -> bytes:
    """What a module says to VfyPwd, ReadSysPara, GenImg (a few times) and UpImage, then damaged."""
    confirmation = st.one_of(st.just(r30x.OK), st.integers(0, 255))
    size_code = draw(st.integers(0, 5))
    parts = [_ack(bytes([draw(confirmation)])), _ack(bytes([draw(confirmation)]) + _sys_para(size_code))]
    parts += [_ack(bytes([r30x.ERR_NO_FINGER])) for _ in range(draw(st.integers(0, 2)))]
    parts += [_ack(bytes([draw(confirmation)])), _ack(bytes([draw(confirmation)]))]
    image_size = draw(st.sampled_from([r30x.IMAGE_BYTES, r30x.IMAGE_BYTES, 0, 100, r30x.IMAGE_BYTES + 1]))
    parts.append(_image_frames(r30x.PACKET_SIZES[min(size_code, 3)], bytes(image_size)))
    stream = b"".join(parts)
    kind = draw(st.sampled_from(["valid", "damaged", "truncated", "random"]))
    if kind == "damaged":
        stream = draw(damaged_bytes(stream))
    elif kind == "truncated":
        stream = stream[: draw(st.integers(0, len(stream)))]
    elif kind == "random":
        stream = draw(st.binary(max_size=200))
    return stream


@fuzz_settings(quick=150, long=3000)
@given(stream=module_streams())
def test_r30x_module_on_a_garbled_line(stream: bytes) -> None:
    scanner = R30xFingerprintScanner(answer_timeout_s=0.005, poll_interval_s=0.0, transport=ScriptedLine(stream, 4096))
    with tally("R30x byte stream").case((DeviceError,)):
        scanner.open()
        try:
            image = scanner.capture_finger(FingerPosition.RIGHT_INDEX, timeout=0.05)
            pixels = np.asarray(image.pixels)
            assert pixels.shape == (r30x.IMAGE_HEIGHT, r30x.IMAGE_WIDTH)
        finally:
            scanner.close()


@fuzz_settings(quick=200, long=5000)
@given(header=st.binary(min_size=7, max_size=7), start=st.sampled_from([r30x.START_CODE, b"\xef\x00", b"\x00\x00"]),
       payload=st.binary(max_size=40), trailer=st.none() | st.binary(min_size=2, max_size=2))
def test_r30x_frame_functions(header: bytes, start: bytes, payload: bytes, trailer: bytes | None) -> None:
    header = start + header
    with tally("R30x frame parsing").case((ValueError,)):  # ChecksumError is a ValueError; the driver wraps both
        _address, packet_id, length = r30x.parse_header(header)
        if trailer is None:
            trailer = struct.pack(">H", r30x.checksum(packet_id, payload))
        assert 0 <= length <= 65533
        r30x.check_frame(packet_id, payload, trailer)
        r30x.SystemParameters.parse(payload.ljust(16, b"\x00"))
