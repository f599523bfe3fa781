"""The ISDV4 driver against the byte-level pty emulator: handshake, decoding, baud fallback, unplug."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from drivers.errors import DeviceConfigError, DeviceNotConnectedError, DeviceTimeoutError
from drivers.registry import create_device
from drivers.signature import isdv4_protocol as proto
from drivers.signature.isdv4 import Isdv4SignaturePad
from tests.drivers.emulators.isdv4 import DEFAULT_QUERY, Isdv4Emulator, scripted_signature


@pytest.fixture
def emulator(tmp_path: Path):
    with Isdv4Emulator(tmp_path / "ttyS-pad") as emu:
        yield emu


def wait_for(condition, timeout: float = 5.0) -> bool:
    """Until ``condition()`` holds (the emulator thread reads bytes on its own schedule)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def collect(pad: Isdv4SignaturePad, count: int, timeout: float = 5.0) -> list:
    points = []
    deadline = time.monotonic() + timeout
    while len(points) < count and time.monotonic() < deadline:
        points.append(pad.wait_point(timeout=deadline - time.monotonic()))
    return points


def test_handshake_is_stop_settle_query_then_start(emulator: Isdv4Emulator) -> None:
    with Isdv4SignaturePad(port=emulator.port) as pad:
        assert pad.ranges().x_max == DEFAULT_QUERY.x_max
        assert pad.ranges().y_max == DEFAULT_QUERY.y_max
        assert pad.ranges().pressure_max == DEFAULT_QUERY.pressure_max
        assert pad.info().firmware == str(DEFAULT_QUERY.version)
        assert emulator.commands[:2] == [b"0", b"*"]
        pad.start()
        collect(pad, 3)
        assert emulator.commands[-1] == b"1"
    assert wait_for(lambda: emulator.commands[-1] == b"0"), "closing stops the pad"


def test_points_decode_exactly_what_the_pad_sent(tmp_path: Path) -> None:
    script = scripted_signature(40)
    with Isdv4Emulator(tmp_path / "pad", script=script, repeat=False) as emu:
        with Isdv4SignaturePad(port=emu.port) as pad:
            pad.start()
            points = collect(pad, len(script))
    assert [(p.x, p.y, p.pressure, p.tip, p.proximity) for p in points] == [
        (s.x, s.y, s.pressure, s.tip, s.proximity) for s in script
    ]


def test_garbage_on_the_line_is_skipped_and_framing_recovers(tmp_path: Path) -> None:
    script = scripted_signature(30)
    with Isdv4Emulator(tmp_path / "pad", script=script, repeat=False, garbage_every=3) as emu:
        with Isdv4SignaturePad(port=emu.port) as pad:
            pad.start()
            points = collect(pad, len(script))
            assert pad.discarded_bytes > 0
    assert [(p.x, p.y, p.pressure) for p in points] == [(s.x, s.y, s.pressure) for s in script]


def test_falls_back_to_19200_when_38400_is_silent(tmp_path: Path) -> None:
    with Isdv4Emulator(tmp_path / "pad", baud=19200) as emu:
        with Isdv4SignaturePad(port=emu.port, baud=38400) as pad:
            assert "19200" in pad.info().transport
            assert emu.line_baud() == 19200


def test_silent_line_is_a_timeout_with_a_clear_message(tmp_path: Path) -> None:
    with Isdv4Emulator(tmp_path / "pad", baud=9600) as emu:
        pad = Isdv4SignaturePad(port=emu.port, query_timeout_s=0.3)
        with pytest.raises(DeviceTimeoutError, match="38400"):
            pad.open()
        assert not pad.is_open


def test_missing_port_is_not_connected(tmp_path: Path) -> None:
    with pytest.raises(DeviceNotConnectedError):
        Isdv4SignaturePad(port=str(tmp_path / "nothing-here")).open()


def test_bad_baud_is_a_config_error() -> None:
    with pytest.raises(DeviceConfigError):
        create_device("signature", {"backend": "isdv4", "port": "/dev/null", "baud": 9600})


def test_unplug_mid_stream_raises_not_connected_and_reopen_works(emulator: Isdv4Emulator) -> None:
    pad = Isdv4SignaturePad(port=emulator.port)
    pad.open()
    pad.start()
    collect(pad, 3)
    emulator.unplug()
    with pytest.raises(DeviceNotConnectedError):
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            pad.wait_point(timeout=1.0)
    pad.close()  # safe after an unplug
    emulator.replug()
    pad.open()
    pad.start()
    assert len(collect(pad, 3)) == 3
    pad.close()


def test_registry_builds_the_isdv4_backend(emulator: Isdv4Emulator) -> None:
    device = create_device("signature", {"backend": "isdv4", "port": emulator.port})
    result = device.self_test()
    assert result.ok, result.details
    assert result.info is not None and result.info.backend == "isdv4"
    assert "range 26202x16325" in result.details


def test_port_may_be_a_pyserial_url_with_a_transcript(
    emulator: Isdv4Emulator, capsys: pytest.CaptureFixture[str]
) -> None:
    # spy:// logs every byte exchanged to stderr (its file= option leaks the file handle).
    with Isdv4SignaturePad(port=f"spy://{emulator.port}") as pad:
        pad.start()
        collect(pad, 2)
    text = capsys.readouterr().err
    assert "TX" in text and "RX" in text
    assert text.index("30") < text.index("2A"), "stop ('0') is sent before the query ('*')"


def test_framer_splits_packets_across_reads() -> None:
    framer = proto.PacketFramer()
    packet = proto.encode_pen(proto.PenSample(1234, 5678, 777, True, True, False, False, 3, 4))
    assert framer.feed(packet[:4]) == []
    assert framer.feed(packet[4:] + packet[:2]) == [packet]
    decoded = proto.decode_pen(packet)
    assert (decoded.x, decoded.y, decoded.pressure, decoded.tilt_x, decoded.tilt_y) == (1234, 5678, 777, 3, 4)
