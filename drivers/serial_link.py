"""Opening a serial line and turning pyserial failures into station device errors.

The transport is injected: a ``serial.Serial``-like object, a device path, or a
pyserial URL (``serial_for_url``), so one driver runs on a pty emulator in tests
and on the real cable in the field.
"""

from __future__ import annotations

import errno
from typing import Any, Protocol

import serial

from drivers.errors import DeviceConfigError, DeviceNotConnectedError


class SerialLike(Protocol):
    """The part of ``serial.Serial`` the drivers use."""

    baudrate: int
    timeout: float | None

    def read(self, size: int = 1) -> bytes: ...

    def write(self, data: bytes) -> int | None: ...

    def reset_input_buffer(self) -> None: ...

    def close(self) -> None: ...


def open_serial(port: str, baudrate: int, timeout: float) -> Any:
    """Open ``port`` (a path or a pyserial URL) at ``baudrate``, 8N1.

    Raises:
        DeviceConfigError: no port configured.
        DeviceNotConnectedError: the port does not exist or cannot be opened.
    """
    if not port:
        raise DeviceConfigError(
            "Port serial belum diatur (kunci 'port').",
            "No serial port configured (key 'port').",
        )
    try:
        return serial.serial_for_url(port, baudrate=baudrate, timeout=timeout, bytesize=8, parity="N", stopbits=1)
    except (serial.SerialException, OSError, ValueError) as exc:
        if getattr(exc, "errno", None) == errno.EACCES:
            raise DeviceNotConnectedError(
                f"Tidak ada izin membuka {port}.",
                f"No permission to open {port}.",
                action_id="Tambahkan pengguna ke grup dialout (sudo usermod -aG dialout NAMA), lalu masuk ulang.",
                action_en="Add the user to the dialout group (sudo usermod -aG dialout NAME), then log in again.",
            ) from exc
        raise not_connected(port, exc) from exc


def not_connected(port: str, exc: BaseException | None = None) -> DeviceNotConnectedError:
    """The error for a line that vanished (cable pulled) or never opened."""
    detail = f" ({exc})" if exc else ""
    return DeviceNotConnectedError(
        f"Perangkat di {port} tidak terhubung atau kabel tercabut{detail}.",
        f"The device on {port} is not connected or its cable was pulled{detail}.",
    )


# Failures pyserial raises when the line goes away mid-read or mid-write.
LINE_ERRORS: tuple[type[BaseException], ...] = (serial.SerialException, OSError)
