"""Opening serial lines: clear errors for a missing port, no permission, no configuration."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
import serial

from drivers import serial_link
from drivers.errors import DeviceConfigError, DeviceNotConnectedError


def test_no_port_configured() -> None:
    with pytest.raises(DeviceConfigError, match="port"):
        serial_link.open_serial("", 38400, 0.1)


def test_missing_port(tmp_path: Path) -> None:
    with pytest.raises(DeviceNotConnectedError, match="not connected"):
        serial_link.open_serial(str(tmp_path / "ttyUSB9"), 38400, 0.1)


def test_permission_denied_says_dialout(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise serial.SerialException(errno.EACCES, "could not open port /dev/ttyUSB0: [Errno 13] Permission denied")

    monkeypatch.setattr(serial, "serial_for_url", refuse)
    with pytest.raises(DeviceNotConnectedError) as caught:
        serial_link.open_serial("/dev/ttyUSB0", 57600, 0.1)
    assert "dialout" in caught.value.action_en
