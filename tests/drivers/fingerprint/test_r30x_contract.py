"""The fingerprint-scanner contract suite against the R30x driver over its pty emulator."""

from __future__ import annotations

from pathlib import Path

import pytest

from drivers.registry import create_device
from tests.drivers.contracts import FingerprintScannerContract
from tests.drivers.emulators.r30x import R30xEmulator


@pytest.fixture
def make_device(tmp_path: Path):
    with R30xEmulator(tmp_path / "ttyUSB-finger", password=0x0BADCAFE) as emulator:
        yield lambda: create_device(
            "fingerprint", {"backend": "r30x", "port": emulator.port, "password": "0x0BADCAFE", "poll_interval_s": 0.01}
        )


class TestR30xContract(FingerprintScannerContract):
    backend = "r30x"
