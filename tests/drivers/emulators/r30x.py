"""An R30x/ZFM fingerprint module at the byte level, on a pty.

Speaks the UART frame protocol: VfyPwd, ReadSysPara, GenImg (no finger for the
first ``polls_before_finger`` polls), UpImage (ack, data packets of the
configured size, end packet), TemplateNum. Faults: a wrong password, a
corrupted checksum on the next reply, silence, replies at the wrong baud rate.
"""

from __future__ import annotations

import functools
import struct
from pathlib import Path

import numpy as np

from drivers.fingerprint import r30x_protocol as proto
from drivers.fingerprint.base import FingerPosition
from drivers.fingerprint.synth import synthesize_fingerprint
from tests.drivers.emulators.pty_device import PtyDevice


@functools.cache
def synthetic_print(seed: int = 0, position: FingerPosition = FingerPosition.RIGHT_INDEX) -> np.ndarray:
    """A realistic synthetic finger (NFIQ 2 well above the gates), cut to the module's 256×288 window."""
    image = synthesize_fingerprint(seed + 1, position)
    height, width = image.shape
    top, left = (height - proto.IMAGE_HEIGHT) // 2, (width - proto.IMAGE_WIDTH) // 2
    window = image[top : top + proto.IMAGE_HEIGHT, left : left + proto.IMAGE_WIDTH].copy()
    window.setflags(write=False)
    return window


class R30xEmulator(PtyDevice):
    def __init__(
        self,
        link: Path,
        *,
        baud: int = 57600,
        address: int = 0xFFFFFFFF,
        password: int = 0,
        packet_size: int = 128,
        polls_before_finger: int = 2,
        image: np.ndarray | None = None,
    ) -> None:
        super().__init__(link)
        self.baud = baud
        self.address = address
        self.password = password
        self.packet_size = packet_size
        self.polls_before_finger = polls_before_finger
        self.image = image if image is not None else synthetic_print()
        self.finger_present = True
        self.silent = False
        self.corrupt_next_reply = False
        self.verified = False
        self.gen_img_polls = 0
        self.commands: list[int] = []
        self._buffer = bytearray()

    @property
    def parameters(self) -> proto.SystemParameters:
        return proto.SystemParameters(0, 0x0009, 1000, 3, self.address, self.packet_size, self.baud)

    def expected_image(self) -> np.ndarray:
        """What a correct driver gets back: the image after the 4-bit round trip."""
        return proto.unpack_image(proto.pack_image(self.image))

    # frames --------------------------------------------------------------------
    def _reply(self, packet_id: int, payload: bytes) -> None:
        frame = bytearray(proto.build_frame(self.address, packet_id, payload))
        if self.corrupt_next_reply:
            self.corrupt_next_reply = False
            frame[-1] ^= 0x5A
        self.send(bytes(frame))

    def _ack(self, confirmation: int, data: bytes = b"") -> None:
        self._reply(proto.PID_ACK, bytes([confirmation]) + data)

    def on_bytes(self, data: bytes) -> None:
        self._buffer.extend(data)
        while len(self._buffer) >= proto.HEADER_LEN:
            start = self._buffer.find(proto.START_CODE)
            if start < 0:
                self._buffer.clear()
                return
            del self._buffer[:start]
            if len(self._buffer) < proto.HEADER_LEN:
                return
            _address, packet_id, length = proto.parse_header(bytes(self._buffer[: proto.HEADER_LEN]))
            total = proto.HEADER_LEN + length + 2
            if len(self._buffer) < total:
                return
            payload = bytes(self._buffer[proto.HEADER_LEN : proto.HEADER_LEN + length])
            trailer = bytes(self._buffer[proto.HEADER_LEN + length : total])
            del self._buffer[:total]
            if self.silent or self.line_baud() != self.baud:
                continue
            try:
                proto.check_frame(packet_id, payload, trailer)
            except proto.ChecksumError:
                self._ack(proto.ERR_PACKET)
                continue
            self._handle(payload)

    def _handle(self, payload: bytes) -> None:
        code = payload[0]
        self.commands.append(code)
        if code == proto.CMD_VFY_PWD:
            (given,) = struct.unpack(">I", payload[1:5])
            self.verified = given == self.password
            self._ack(proto.OK if self.verified else proto.ERR_WRONG_PASSWORD)
        elif not self.verified:
            self._ack(proto.ERR_NOT_VERIFIED)
        elif code == proto.CMD_READ_SYS_PARA:
            self._ack(proto.OK, self.parameters.pack())
        elif code == proto.CMD_TEMPLATE_NUM:
            self._ack(proto.OK, b"\x00\x00")
        elif code == proto.CMD_GEN_IMG:
            self.gen_img_polls += 1
            ready = self.finger_present and self.gen_img_polls > self.polls_before_finger
            self._ack(proto.OK if ready else proto.ERR_NO_FINGER)
        elif code == proto.CMD_UP_IMAGE:
            self._ack(proto.OK)
            data = proto.pack_image(self.image)
            chunks = [data[i : i + self.packet_size] for i in range(0, len(data), self.packet_size)]
            for index, chunk in enumerate(chunks):
                last = index == len(chunks) - 1
                self._reply(proto.PID_END_DATA if last else proto.PID_DATA, chunk)
        else:
            self._ack(0x1A)  # unknown command: "invalid register"

    def begin_capture(self) -> None:
        """A new finger approaches: the next GenImg polls find no finger first."""
        self.gen_img_polls = 0
