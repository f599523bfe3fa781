"""R30x / ZFM / AS608 optical fingerprint modules on a UART (often via a USB-serial adapter).

Open: VfyPwd, then ReadSysPara. Capture: poll GenImg until a finger is on the
glass or the timeout, then UpImage (ack, data packets, end packet) and unpack
the 256×288 4-bit image to 8-bit. The sensor window is ~500 ppi already, so the
image is neither upscaled nor padded: inventing pixels would not add ridge detail
and would mislead NFIQ 2, and the quality gate rejects a too-small print itself.
"""

from __future__ import annotations

import struct
import time
from typing import Any, ClassVar

from drivers.base import DeviceInfo
from drivers.errors import (
    DeviceConfigError,
    DeviceError,
    DeviceProtocolError,
    DeviceSettingError,
    DeviceTimeoutError,
)
from drivers.fingerprint import r30x_protocol as proto
from drivers.fingerprint.base import TEN_FINGERS, FingerImage, FingerPosition, FingerprintScanner
from drivers.serial_link import LINE_ERRORS, SerialLike, not_connected, open_serial


class R30xPasswordError(DeviceConfigError):
    default_message_id = "Kata sandi modul sidik jari salah."
    default_message_en = "The fingerprint module rejected the password."
    default_action_id = "Periksa kunci 'password' di [devices.fingerprint] (bawaan pabrik: 0)."
    default_action_en = "Check 'password' in [devices.fingerprint] (factory default: 0)."


class NoFingerError(DeviceTimeoutError):
    """The module answered, but nobody put a finger on the glass in time."""

    default_message_id = "Tidak ada jari di pemindai sampai batas waktu."
    default_message_en = "No finger was placed on the scanner in time."


def _as_int(value: int | str) -> int:
    return int(value, 0) if isinstance(value, str) else int(value)


class R30xFingerprintScanner(FingerprintScanner):
    """One-finger optical module; ``port`` is a device path or a pyserial URL."""

    backend_name: ClassVar[str] = "r30x"
    SELF_TEST_WAIT_S: ClassVar[float] = 3.0

    def __init__(
        self,
        port: str = "",
        baud: int = 57600,
        address: int | str = 0xFFFFFFFF,
        password: int | str = 0,
        answer_timeout_s: float = 2.0,
        poll_interval_s: float = 0.05,
        *,
        transport: SerialLike | None = None,
    ) -> None:
        super().__init__()
        baud = int(baud)
        if baud % 9600 or not 1 <= baud // 9600 <= 12:
            raise DeviceSettingError(
                f"Baud harus kelipatan 9600 sampai 115200, bukan {baud}.",
                f"baud must be a multiple of 9600 up to 115200, not {baud}.",
            )
        self.port = str(port)
        self.baud = baud
        self.address = _as_int(address) & 0xFFFFFFFF
        self.password = _as_int(password) & 0xFFFFFFFF
        self.answer_timeout_s = float(answer_timeout_s)
        self.poll_interval_s = float(poll_interval_s)
        self._injected = transport
        self._line: SerialLike | None = None
        self.parameters: proto.SystemParameters | None = None

    @property
    def supported_positions(self) -> frozenset[FingerPosition]:
        return frozenset(TEN_FINGERS)

    # lifecycle -----------------------------------------------------------------
    def _do_open(self) -> None:
        line = self._injected or open_serial(self.port, self.baud, timeout=self.answer_timeout_s)
        self._line = line
        try:
            confirmation = self._command(proto.CMD_VFY_PWD, self.password.to_bytes(4, "big"))[0]
            if confirmation == proto.ERR_WRONG_PASSWORD:
                raise R30xPasswordError()
            self._check(confirmation, "VfyPwd")
            reply = self._command(proto.CMD_READ_SYS_PARA)
            self._check(reply[0], "ReadSysPara")
            try:
                self.parameters = proto.SystemParameters.parse(reply[1:17])
            except (ValueError, struct.error) as exc:
                raise self._protocol_error(f"ReadSysPara: {exc}") from exc
        except BaseException:
            self._line = None
            if self._injected is None:
                line.close()
            raise

    def _do_close(self) -> None:
        line, self._line = self._line, None
        if line is not None and self._injected is None:
            line.close()

    def _do_info(self) -> DeviceInfo:
        params = self.parameters
        return DeviceInfo(
            family=self.family,
            vendor="ZhiAn/Hangzhou Grow (R30x-compatible)",
            model="R30x/ZFM/AS608 optical module",
            serial_number=f"{self.address:08X}",
            firmware=f"system id {params.system_id}, library {params.library_size}" if params else "",
            transport=f"serial {self.port} @ {self.baud}",
            backend=self.backend_name,
        )

    # capture -------------------------------------------------------------------
    def _do_capture(self, position: FingerPosition, timeout: float) -> FingerImage:
        deadline = time.monotonic() + timeout
        while True:
            confirmation = self._command(proto.CMD_GEN_IMG)[0]
            if confirmation == proto.OK:
                break
            if confirmation != proto.ERR_NO_FINGER:
                self._check(confirmation, "GenImg")
            if time.monotonic() >= deadline:
                raise NoFingerError()
            time.sleep(self.poll_interval_s)
        return FingerImage(self._upload_image(), position, ppi=500)

    def _self_test_capture(self) -> tuple[float | None, str]:
        """Capture when a finger is on the glass; otherwise a GenImg answer proves the sensor works."""
        try:
            image = self.capture_finger(FingerPosition.RIGHT_INDEX, timeout=self.SELF_TEST_WAIT_S)
        except NoFingerError:
            return None, "sensor answered; no finger on the glass (no image taken)"
        width, height = image.size
        return None, f"image {width}x{height} @ {image.ppi} ppi"

    def _upload_image(self) -> Any:
        self._check(self._command(proto.CMD_UP_IMAGE)[0], "UpImage")
        data = bytearray()
        while True:
            packet_id, payload = self._read_frame()
            if packet_id not in (proto.PID_DATA, proto.PID_END_DATA):
                raise self._protocol_error(f"UpImage: unexpected packet id {packet_id:#04x}")
            data.extend(payload)
            if packet_id == proto.PID_END_DATA:
                break
            if len(data) > proto.IMAGE_BYTES:
                raise self._protocol_error("UpImage: more image data than a 256x288 image")
        try:
            return proto.unpack_image(bytes(data))
        except ValueError as exc:
            raise self._protocol_error(f"UpImage: {exc}") from exc

    # frames --------------------------------------------------------------------
    def _command(self, code: int, params: bytes = b"") -> bytes:
        """Send one command; the acknowledgement payload (confirmation code first)."""
        line = self._require_line()
        try:
            line.write(proto.build_frame(self.address, proto.PID_COMMAND, bytes([code]) + params))
        except LINE_ERRORS as exc:
            raise not_connected(self.port, exc) from exc
        packet_id, payload = self._read_frame()
        if packet_id != proto.PID_ACK or not payload:
            raise self._protocol_error(f"command {code:#04x}: expected an acknowledgement, got {packet_id:#04x}")
        return payload

    def _require_line(self) -> SerialLike:
        if self._line is None:
            raise not_connected(self.port)
        return self._line

    def _read_exactly(self, count: int) -> bytes:
        line = self._require_line()
        data = bytearray()
        deadline = time.monotonic() + self.answer_timeout_s
        while len(data) < count:
            try:
                chunk = line.read(count - len(data))
            except LINE_ERRORS as exc:
                raise not_connected(self.port, exc) from exc
            if chunk:
                data.extend(chunk)
            elif time.monotonic() >= deadline:
                raise DeviceTimeoutError(
                    f"Modul sidik jari di {self.port} tidak menjawab.",
                    f"The fingerprint module on {self.port} did not answer.",
                )
        return bytes(data)

    def _read_frame(self) -> tuple[int, bytes]:
        header = self._read_exactly(proto.HEADER_LEN)
        try:
            _address, packet_id, length = proto.parse_header(header)
        except ValueError as exc:
            self._flush()
            raise self._protocol_error(str(exc)) from exc
        payload = self._read_exactly(length)
        trailer = self._read_exactly(2)
        try:
            proto.check_frame(packet_id, payload, trailer)
        except proto.ChecksumError as exc:
            self._flush()
            raise self._protocol_error(str(exc)) from exc
        return packet_id, payload

    def _flush(self) -> None:
        line = self._line
        if line is not None:
            try:
                line.reset_input_buffer()
            except LINE_ERRORS:
                pass  # the next read reports the dead line

    def _protocol_error(self, detail: str) -> DeviceProtocolError:
        return DeviceProtocolError(
            f"Data rusak dari modul sidik jari ({detail}).",
            f"Corrupted data from the fingerprint module ({detail}).",
        )

    def _check(self, confirmation: int, step: str) -> None:
        if confirmation == proto.OK:
            return
        meaning = proto.CONFIRMATION_CODES.get(confirmation, "unknown error")
        detail = f"{step}: {confirmation:#04x} {meaning}"
        if confirmation == proto.ERR_PACKET:
            raise self._protocol_error(detail)
        if confirmation in (proto.ERR_WRONG_PASSWORD, proto.ERR_NOT_VERIFIED):
            raise R30xPasswordError()
        raise DeviceError(
            f"Modul sidik jari menolak perintah ({detail}).",
            f"The fingerprint module refused the command ({detail}).",
            action_id="Bersihkan kaca pemindai lalu ulangi.",
            action_en="Clean the scanner glass and retry.",
        )
