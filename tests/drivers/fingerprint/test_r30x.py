"""The R30x driver against the byte-level pty emulator, and pyfingerprint as an independent client."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from drivers.errors import DeviceError, DeviceNotConnectedError, DeviceProtocolError, DeviceTimeoutError
from drivers.fingerprint import r30x_protocol as proto
from drivers.fingerprint.base import FingerPosition
from drivers.fingerprint.r30x import R30xFingerprintScanner, R30xPasswordError
from drivers.registry import create_device
from tests.drivers.emulators.r30x import R30xEmulator


@pytest.fixture
def emulator(tmp_path: Path):
    with R30xEmulator(tmp_path / "ttyUSB-finger", password=0x1234ABCD) as emu:
        yield emu


def scanner(emu: R30xEmulator, **settings) -> R30xFingerprintScanner:
    return R30xFingerprintScanner(port=emu.port, password=emu.password, **settings)


def test_open_verifies_password_then_reads_parameters(emulator: R30xEmulator) -> None:
    with scanner(emulator) as device:
        assert emulator.commands[:2] == [proto.CMD_VFY_PWD, proto.CMD_READ_SYS_PARA]
        assert device.parameters is not None
        assert device.parameters.packet_size == 128
        assert device.parameters.baud == 57600
        assert device.info().backend == "r30x"


def test_capture_polls_until_a_finger_then_uploads_the_image(emulator: R30xEmulator) -> None:
    emulator.polls_before_finger = 3
    with scanner(emulator, poll_interval_s=0.01) as device:
        image = device.capture_finger(FingerPosition.RIGHT_INDEX, timeout=5)
    assert emulator.commands.count(proto.CMD_GEN_IMG) == 4
    assert emulator.commands[-1] == proto.CMD_UP_IMAGE
    assert image.size == (256, 288) and image.ppi == 500
    assert image.pixels.dtype == np.uint8
    np.testing.assert_array_equal(image.pixels, emulator.expected_image())


@pytest.mark.parametrize("packet_size", [32, 256])
def test_every_packet_size_reassembles_the_same_image(tmp_path: Path, packet_size: int) -> None:
    with R30xEmulator(tmp_path / "finger", packet_size=packet_size, polls_before_finger=0) as emu:
        with R30xFingerprintScanner(port=emu.port) as device:
            image = device.capture_finger(FingerPosition.LEFT_INDEX, timeout=5)
        np.testing.assert_array_equal(image.pixels, emu.expected_image())


def test_wrong_password_is_a_clear_error(emulator: R30xEmulator) -> None:
    device = R30xFingerprintScanner(port=emulator.port, password=1)
    with pytest.raises(R30xPasswordError, match="password"):
        device.open()
    assert not device.is_open


def test_no_finger_until_the_timeout(emulator: R30xEmulator) -> None:
    emulator.finger_present = False
    with scanner(emulator, poll_interval_s=0.01) as device:
        with pytest.raises(DeviceTimeoutError, match="finger"):
            device.capture_finger(FingerPosition.RIGHT_THUMB, timeout=0.3)


def test_checksum_error_is_a_protocol_error_and_the_next_command_works(emulator: R30xEmulator) -> None:
    with scanner(emulator, poll_interval_s=0.01) as device:
        emulator.corrupt_next_reply = True
        with pytest.raises(DeviceProtocolError, match="checksum"):
            device.capture_finger(FingerPosition.RIGHT_INDEX, timeout=2)
        emulator.begin_capture()
        assert device.capture_finger(FingerPosition.RIGHT_INDEX, timeout=5).size == (256, 288)


def test_silent_module_is_a_timeout(emulator: R30xEmulator) -> None:
    emulator.silent = True
    with pytest.raises(DeviceTimeoutError, match="did not answer"):
        scanner(emulator, answer_timeout_s=0.3).open()


def test_wrong_baud_rate_gets_no_answer(emulator: R30xEmulator) -> None:
    with pytest.raises(DeviceTimeoutError):
        scanner(emulator, baud=115200, answer_timeout_s=0.3).open()


def test_refused_command_maps_to_a_device_error(emulator: R30xEmulator) -> None:
    with scanner(emulator) as device:
        reply = device._command(0x55)  # an unknown command: the module says "invalid register"
        with pytest.raises(DeviceError, match="0x1a"):
            device._check(reply[0], "0x55")


def test_unplug_then_reopen(emulator: R30xEmulator) -> None:
    device = scanner(emulator, poll_interval_s=0.01, answer_timeout_s=0.5)
    device.open()
    emulator.unplug()
    with pytest.raises((DeviceNotConnectedError, DeviceTimeoutError)):
        device.capture_finger(FingerPosition.RIGHT_INDEX, timeout=1)
    device.close()
    emulator.replug()
    device.open()
    assert device.capture_finger(FingerPosition.RIGHT_INDEX, timeout=5).size == (256, 288)
    device.close()


def test_registry_and_self_test(emulator: R30xEmulator) -> None:
    device = create_device(
        "fingerprint", {"backend": "r30x", "port": emulator.port, "password": hex(emulator.password)}
    )
    result = device.self_test()
    assert result.ok, result.details
    assert "256x288" in result.details
    emulator.finger_present = False
    device.SELF_TEST_WAIT_S = 0.2
    result = device.self_test()
    assert result.ok and "no finger" in result.details
    emulator.silent = True
    assert not device.self_test().ok


def test_image_unpacking_is_high_nibble_first() -> None:
    data = bytes([0xF0]) + bytes(proto.IMAGE_BYTES - 1)
    pixels = proto.unpack_image(data)
    assert pixels[0, 0] == 255 and pixels[0, 1] == 0


def test_pyfingerprint_drives_the_same_emulator(emulator: R30xEmulator, tmp_path: Path) -> None:
    """pyfingerprint (an independent client) checks headers and checksums end to end."""
    from pyfingerprint.pyfingerprint import PyFingerprint

    client = PyFingerprint(emulator.port, 57600, 0xFFFFFFFF, emulator.password)
    try:
        assert client.verifyPassword() is True
        status, system_id, capacity, security, address, size_code, baud = client.getSystemParameters()
        assert (capacity, address, size_code, baud) == (1000, 0xFFFFFFFF, 2, 6)
        polls = 0
        while not client.readImage():
            polls += 1
            assert polls < 20
        assert polls == emulator.polls_before_finger
        destination = tmp_path / "pyfingerprint.png"
        client.downloadImage(str(destination))
    finally:
        client._PyFingerprint__serial.close()
    theirs = np.asarray(Image.open(destination))
    emulator.begin_capture()
    with scanner(emulator, poll_interval_s=0.01) as device:
        ours = device.capture_finger(FingerPosition.RIGHT_INDEX, timeout=5).pixels
    np.testing.assert_array_equal(ours, theirs)
    assert os.path.getsize(destination) > 0


def test_injected_transport_is_used_and_left_open(emulator: R30xEmulator) -> None:
    import serial

    line = serial.serial_for_url(emulator.port, baudrate=57600, timeout=1)
    try:
        with R30xFingerprintScanner(password=emulator.password, transport=line, poll_interval_s=0.01) as device:
            assert device.capture_finger(FingerPosition.LEFT_THUMB, timeout=5).size == (256, 288)
        assert line.is_open, "the owner of an injected line closes it"
    finally:
        line.close()


def test_transcript_of_the_opening_exchange(tmp_path: Path) -> None:
    """The exact bytes on the wire: VfyPwd (password 0) then ReadSysPara, default address."""
    with R30xEmulator(tmp_path / "finger") as emu:
        with R30xFingerprintScanner(port=emu.port):
            pass
        assert bytes(emu.received) == bytes.fromhex(
            "EF01FFFFFFFF" "01" "0007" "13" "00000000" "001B"  # VfyPwd
            "EF01FFFFFFFF" "01" "0003" "0F" "0013"  # ReadSysPara
        )
