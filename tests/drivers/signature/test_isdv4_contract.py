"""The signature-pad contract suite against the ISDV4 driver over its pty emulator."""

from __future__ import annotations

from pathlib import Path

import pytest

from drivers.registry import create_device
from tests.drivers.contracts import SignaturePadContract
from tests.drivers.emulators.isdv4 import Isdv4Emulator


@pytest.fixture
def make_device(tmp_path: Path):
    with Isdv4Emulator(tmp_path / "ttyS-pad") as emulator:
        yield lambda: create_device("signature", {"backend": "isdv4", "port": emulator.port})


class TestIsdv4Contract(SignaturePadContract):
    backend = "isdv4"
