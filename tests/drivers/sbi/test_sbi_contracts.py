"""The fingerprint, iris and camera contract suites against the SBI adapters over the SBI emulator."""

from __future__ import annotations

import pytest

from drivers.registry import create_device
from tests.drivers.contracts import CameraContract, FingerprintScannerContract, IrisScannerContract
from tests.drivers.emulators.sbi import SbiEmulator, make_identity


@pytest.fixture(scope="module")
def sbi_settings(tmp_path_factory: pytest.TempPathFactory):
    ca = make_identity("Contract test CA", ca=True)
    trust = tmp_path_factory.mktemp("sbi-trust") / "ca.pem"
    trust.write_bytes(ca.pem())
    with SbiEmulator(ca=ca) as emulator:
        yield {"backend": "sbi", "port": emulator.port, "trust_store": str(trust)}


def _maker(family: str, settings: dict):
    return lambda: create_device(family, settings)


class TestSbiFingerprintContract(FingerprintScannerContract):
    backend = "sbi"

    @pytest.fixture
    def make_device(self, sbi_settings: dict):
        return _maker("fingerprint", sbi_settings)


class TestSbiIrisContract(IrisScannerContract):
    backend = "sbi"

    @pytest.fixture
    def make_device(self, sbi_settings: dict):
        return _maker("iris", sbi_settings)


class TestSbiCameraContract(CameraContract):
    backend = "sbi"

    @pytest.fixture
    def make_device(self, sbi_settings: dict):
        return _maker("camera", sbi_settings)
