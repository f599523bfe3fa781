"""Field checks on real devices: ``pytest --hardware`` with the device named in an environment variable.

    STATION_ISDV4_PORT=/dev/ttyS4 STATION_R30X_PORT=/dev/ttyUSB0 \\
    STATION_CAMERA_SOURCE=0 STATION_SBI_TRUST_STORE=/etc/station/sbi-ca.pem \\
    .venv/bin/python -m pytest tests/drivers/test_real_hardware.py --hardware

A check whose variable is not set is skipped with the variable's name.
"""

from __future__ import annotations

import os

import pytest

from drivers.registry import create_device

pytestmark = pytest.mark.hardware


def _setting(name: str) -> str:
    value = os.environ.get(name, "")
    if not value:
        pytest.skip(f"set {name} to run this check on a real device")
    return value


def _self_test(family: str, settings: dict) -> None:
    result = create_device(family, settings).self_test()
    assert result.ok, result.details
    print(f"{family}/{settings['backend']}: {result.info} — {result.details}")


def test_isdv4_pad() -> None:
    _self_test("signature", {"backend": "isdv4", "port": _setting("STATION_ISDV4_PORT")})


def test_r30x_module() -> None:
    _self_test("fingerprint", {"backend": "r30x", "port": _setting("STATION_R30X_PORT"),
                               "password": os.environ.get("STATION_R30X_PASSWORD", "0")})


def test_opencv_camera() -> None:
    _self_test("camera", {"backend": "opencv", "source": _setting("STATION_CAMERA_SOURCE")})


@pytest.mark.parametrize("family", ["fingerprint", "iris", "camera"])
def test_sbi_service(family: str) -> None:
    _self_test(family, {"backend": "sbi", "trust_store": _setting("STATION_SBI_TRUST_STORE")})
