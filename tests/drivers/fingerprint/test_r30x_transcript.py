"""The R30x driver byte for byte: every frame it writes and every frame it reads (tests/support/transcript.py).

Frames are written out from the protocol (PROTOCOLS.md, pyfingerprint 1.5):
``EF 01 | address | packet id | length | payload | checksum``, not by the driver's encoder.
"""

from __future__ import annotations

import numpy as np
import pytest

from drivers.errors import DeviceProtocolError
from drivers.fingerprint.base import FingerPosition
from drivers.fingerprint.r30x import R30xFingerprintScanner
from tests.support.transcript import Exchange, TranscriptLine

VFY_PWD_0BADCAFE = bytes.fromhex("ef01 ffffffff 01 0007 13 0badcafe 029b")
ACK_OK = bytes.fromhex("ef01 ffffffff 07 0003 00 000a")
READ_SYS_PARA = bytes.fromhex("ef01 ffffffff 01 0003 0f 0013")
# OK, status 0, system id 0, library 300, security 5, address FFFFFFFF, packet size code 2 (128), baud x6
SYS_PARA_REPLY = bytes.fromhex("ef01 ffffffff 07 0013 00 0000 0000 012c 0005 ffffffff 0002 0006 0450")
GEN_IMG = bytes.fromhex("ef01 ffffffff 01 0003 01 0005")
ACK_NO_FINGER = bytes.fromhex("ef01 ffffffff 07 0003 02 000c")
UP_IMAGE = bytes.fromhex("ef01 ffffffff 01 0003 0a 000e")
OPEN = [Exchange(VFY_PWD_0BADCAFE, ACK_OK), Exchange(READ_SYS_PARA, SYS_PARA_REPLY)]


def frame(packet_id: int, payload: bytes) -> bytes:
    """A frame to the default address, checksum = low 16 bits of id + length bytes + payload."""
    length = len(payload) + 2
    total = packet_id + (length >> 8) + (length & 0xFF) + sum(payload)
    return b"\xef\x01\xff\xff\xff\xff" + bytes([packet_id]) + length.to_bytes(2, "big") + payload + (
        total & 0xFFFF).to_bytes(2, "big")


def test_the_literal_frames_follow_the_checksum_rule() -> None:
    assert frame(0x01, bytes.fromhex("13 0badcafe")) == VFY_PWD_0BADCAFE
    assert frame(0x07, bytes.fromhex("00 0000 0000 012c 0005 ffffffff 0002 0006")) == SYS_PARA_REPLY


def scanner(line: TranscriptLine) -> R30xFingerprintScanner:
    return R30xFingerprintScanner(password="0x0BADCAFE", poll_interval_s=0.001, transport=line)


def test_open_is_vfypwd_then_readsyspara() -> None:
    with TranscriptLine(OPEN) as line:
        device = scanner(line)
        device.open()
        assert device.parameters is not None
        assert (device.parameters.library_size, device.parameters.packet_size, device.parameters.baud) == (
            300, 128, 57600)
        device.close()


def test_capture_polls_genimg_then_uploads_the_4_bit_image() -> None:
    nibbles = (np.arange(256 * 288) % 16).astype(np.uint8)
    packed = bytes((nibbles[0::2] << 4) | nibbles[1::2])
    packets = [packed[i:i + 128] for i in range(0, len(packed), 128)]
    upload = b"".join(frame(0x02, chunk) for chunk in packets[:-1]) + frame(0x08, packets[-1])
    transcript = [
        *OPEN,
        Exchange(GEN_IMG, ACK_NO_FINGER),
        Exchange(GEN_IMG, ACK_NO_FINGER),
        Exchange(GEN_IMG, ACK_OK),
        Exchange(UP_IMAGE, ACK_OK + upload),
    ]
    with TranscriptLine(transcript) as line:
        device = scanner(line)
        device.open()
        image = device.capture_finger(FingerPosition.RIGHT_INDEX, timeout=5)
        device.close()
    assert image.size == (256, 288) and image.ppi == 500
    np.testing.assert_array_equal(image.pixels.ravel(), nibbles * 17)


def test_a_bad_checksum_is_a_protocol_error_and_the_line_is_flushed() -> None:
    corrupted = ACK_OK[:-1] + b"\x0b"
    transcript = [*OPEN, Exchange(GEN_IMG, corrupted + b"\x55\xaa")]
    with TranscriptLine(transcript) as line:
        device = scanner(line)
        device.open()
        with pytest.raises(DeviceProtocolError, match="checksum"):
            device.capture_finger(FingerPosition.RIGHT_INDEX, timeout=5)
        assert line.done  # the two stray bytes after the bad frame were dropped, not left for the next command
        device.close()
