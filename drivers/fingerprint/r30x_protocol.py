"""R30x / ZFM / AS608 fingerprint module UART protocol: frames, checksums, codes, image unpacking.

Frame: ``EF 01`` | address (4) | packet id | length (2, payload + 2) | payload |
checksum (2, low 16 bits of packet id + length bytes + payload).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

import numpy as np

START_CODE = b"\xef\x01"
HEADER_LEN = 9  # start code, address, packet id, length

PID_COMMAND = 0x01
PID_DATA = 0x02
PID_ACK = 0x07
PID_END_DATA = 0x08

CMD_GEN_IMG = 0x01
CMD_IMG2TZ = 0x02
CMD_UP_IMAGE = 0x0A
CMD_READ_SYS_PARA = 0x0F
CMD_VFY_PWD = 0x13
CMD_TEMPLATE_NUM = 0x1D

OK = 0x00
ERR_PACKET = 0x01
ERR_NO_FINGER = 0x02
ERR_IMAGE_FAIL = 0x03
ERR_UPLOAD_IMAGE = 0x0F
ERR_WRONG_PASSWORD = 0x13
ERR_NOT_VERIFIED = 0x21

# Confirmation codes in the modules' datasheets, for messages and logs.
CONFIRMATION_CODES: dict[int, str] = {
    0x00: "ok",
    0x01: "packet receive error",
    0x02: "no finger on the sensor",
    0x03: "failed to enrol the image",
    0x06: "image too disordered",
    0x07: "too few feature points",
    0x0F: "cannot upload the image",
    0x13: "wrong password",
    0x15: "no valid image in the buffer",
    0x18: "flash write error",
    0x1A: "invalid register",
    0x20: "address code wrong",
    0x21: "password must be verified first",
}

IMAGE_WIDTH = 256
IMAGE_HEIGHT = 288
IMAGE_BYTES = IMAGE_WIDTH * IMAGE_HEIGHT // 2  # 4 bits per pixel
PACKET_SIZES = (32, 64, 128, 256)


class ChecksumError(ValueError):
    """A frame whose checksum does not match its contents."""


def checksum(packet_id: int, body: bytes) -> int:
    length = len(body) + 2
    return (packet_id + (length >> 8) + (length & 0xFF) + sum(body)) & 0xFFFF


def build_frame(address: int, packet_id: int, payload: bytes) -> bytes:
    length = len(payload) + 2
    head = START_CODE + struct.pack(">IBH", address & 0xFFFFFFFF, packet_id, length)
    return head + payload + struct.pack(">H", checksum(packet_id, payload))


@dataclass(frozen=True)
class Frame:
    address: int
    packet_id: int
    payload: bytes


def parse_header(header: bytes) -> tuple[int, int, int]:
    """(address, packet id, payload length) from the 9 header bytes.

    Raises:
        ValueError: the frame does not start with ``EF 01`` or has an impossible length.
    """
    if header[:2] != START_CODE:
        raise ValueError(f"bad start code {header[:2].hex()}")
    address, packet_id, length = struct.unpack(">IBH", header[2:9])
    if length < 2:
        raise ValueError(f"bad length {length}")
    return address, packet_id, length - 2


def check_frame(packet_id: int, payload: bytes, trailer: bytes) -> None:
    (received,) = struct.unpack(">H", trailer)
    if received != checksum(packet_id, payload):
        raise ChecksumError(f"checksum {received:04x} != {checksum(packet_id, payload):04x}")


@dataclass(frozen=True)
class SystemParameters:
    """ReadSysPara's 16 bytes."""

    status: int
    system_id: int
    library_size: int
    security_level: int
    address: int
    packet_size: int  # bytes per data packet
    baud: int

    @classmethod
    def parse(cls, data: bytes) -> SystemParameters:
        status, system_id, library, security, address, size_code, multiplier = struct.unpack(">HHHHIHH", data[:16])
        if size_code > 3:
            raise ValueError(f"bad packet size code {size_code}")
        return cls(status, system_id, library, security, address, PACKET_SIZES[size_code], multiplier * 9600)

    def pack(self) -> bytes:
        return struct.pack(
            ">HHHHIHH", self.status, self.system_id, self.library_size, self.security_level,
            self.address, PACKET_SIZES.index(self.packet_size), self.baud // 9600,
        )


def unpack_image(data: bytes) -> np.ndarray:
    """256×288 4-bit pixels, high nibble first, to 8-bit (×17 so 0x0→0 and 0xF→255)."""
    if len(data) != IMAGE_BYTES:
        raise ValueError(f"image has {len(data)} bytes, expected {IMAGE_BYTES}")
    packed = np.frombuffer(data, dtype=np.uint8)
    pixels = np.empty(packed.size * 2, dtype=np.uint8)
    pixels[0::2] = packed >> 4
    pixels[1::2] = packed & 0x0F
    return (pixels * 17).reshape(IMAGE_HEIGHT, IMAGE_WIDTH)


def pack_image(pixels: np.ndarray) -> bytes:
    """8-bit greyscale 256×288 to the module's 4-bit upload format (for emulators)."""
    if pixels.shape != (IMAGE_HEIGHT, IMAGE_WIDTH):
        raise ValueError(f"image must be {IMAGE_WIDTH}x{IMAGE_HEIGHT}")
    nibbles = (pixels.astype(np.uint16) * 15 + 127) // 255
    flat = nibbles.astype(np.uint8).ravel()
    return bytes((flat[0::2] << 4) | flat[1::2])
