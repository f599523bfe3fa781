"""The SBI client and family adapters against the SBI emulator on 127.0.0.1, with a test CA."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import jwt
import numpy as np
import pytest
from cryptography import x509

from drivers.camera.sbi import SbiCamera
from drivers.errors import DeviceBusyError, DeviceConfigError, DeviceNotConnectedError
from drivers.fingerprint.base import FingerPosition
from drivers.fingerprint.sbi import SbiFingerprintScanner
from drivers.iris.base import Eye
from drivers.iris.sbi import SbiIrisScanner
from drivers.registry import create_device
from drivers.sbi.discovery import discover, open_ports, parse_ports
from drivers.sbi.jws import SbiTrustError, TrustStore, verify_jws
from tests.drivers.emulators.camera import read_counter
from tests.drivers.emulators.sbi import SbiEmulator, make_identity


@pytest.fixture(scope="module")
def ca():
    return make_identity("Station test device-provider CA", ca=True)


@pytest.fixture
def trust_file(tmp_path: Path, ca) -> Path:
    path = tmp_path / "trust.pem"
    path.write_bytes(ca.pem())
    return path


@pytest.fixture
def sbi(ca):
    with SbiEmulator(ca=ca) as emulator:
        yield emulator


def settings(sbi: SbiEmulator, trust_file: Path, **extra) -> dict:
    return {"port": sbi.port, "trust_store": str(trust_file), **extra}


def test_pyjwt_independently_verifies_what_the_emulator_signs(sbi: SbiEmulator, ca) -> None:
    token = sbi.info_entry(sbi.devices[0])["deviceInfo"]
    header = jwt.get_unverified_header(token)
    assert header["alg"] == "RS256"
    leaf = x509.load_der_x509_certificate(__import__("base64").b64decode(header["x5c"][0]))
    leaf.verify_directly_issued_by(ca.cert)
    payload = jwt.decode(token, leaf.public_key(), algorithms=["RS256"])
    assert payload["deviceId"] == "1"


def test_discovery_finds_the_service_in_a_port_range(sbi: SbiEmulator) -> None:
    ports = range(sbi.port - 5, sbi.port + 6)
    found = discover("127.0.0.1", ports, "Iris")
    assert [(d.port, d.device_id, d.types) for d in found] == [(sbi.port, "2", ("Iris",))]
    assert {d.device_id for d in discover("127.0.0.1", ports)} == {"1", "2", "3"}
    assert open_ports("127.0.0.1", [sbi.port]) == [sbi.port]


def test_port_ranges_parse() -> None:
    assert parse_ports("4501-4503,4600") == [4501, 4502, 4503, 4600]
    assert len(parse_ports("4501-4600")) == 100
    with pytest.raises(DeviceConfigError):
        parse_ports("abc")


def test_fingerprint_single_finger_and_slap(sbi: SbiEmulator, trust_file: Path) -> None:
    with SbiFingerprintScanner(**settings(sbi, trust_file, requested_score=60)) as scanner:
        info = scanner.info()
        assert (info.backend, info.serial_number, info.firmware) == ("sbi", "FS0000000001", "EMU-1.2.3")
        image = scanner.capture_finger(FingerPosition.RIGHT_INDEX, timeout=5)
        assert image.position == FingerPosition.RIGHT_INDEX and image.size == (320, 400)
        assert image.device_quality == 75
        assert scanner.supports_slaps
        slap = scanner.capture_slap(FingerPosition.PLAIN_LEFT_FOUR, exceptions=[FingerPosition.LEFT_RING])
        assert [f.image.position for f in slap.fingers] == [  # left to right on the glass
            FingerPosition.LEFT_LITTLE, FingerPosition.LEFT_MIDDLE, FingerPosition.LEFT_INDEX]
        assert all(f.image.size == (320, 400) and f.box is None for f in slap.fingers)
    first, second = sbi.requests
    assert first["bio"][0]["requestedScore"] == "60"
    assert first["bio"][0]["bioSubType"] == ["Right IndexFinger"] and first["bio"][0]["deviceSubId"] == "2"
    assert second["bio"][0]["exception"] == ["Left RingFinger"]
    assert second["bio"][0]["previousHash"] != "", "the hash chain carries over between captures"


def test_iris_and_face(sbi: SbiEmulator, trust_file: Path) -> None:
    with SbiIrisScanner(**settings(sbi, trust_file)) as iris:
        image = iris.capture_eye(Eye.LEFT)
        assert image.size == (640, 480) and image.pixels.ndim == 2
    with SbiCamera(**settings(sbi, trust_file)) as camera:
        still = camera.capture_still()
        assert still.image.shape == (640, 480, 3)
        camera.start_stream()
        first = read_counter(camera.latest_frame(timeout=5).image)
        later = read_counter(camera.latest_frame(timeout=5).image)
        assert later > first
        camera.stop_stream()


@pytest.mark.parametrize("fault, reason", [
    ("forged", "forged"),
    ("untrusted", "trusted CA"),
    ("broken_hash", "hash chain"),
    ("stale", "outside"),
])
def test_untrustworthy_captures_are_rejected_and_nothing_advances(
    sbi: SbiEmulator, trust_file: Path, fault: str, reason: str
) -> None:
    with SbiFingerprintScanner(**settings(sbi, trust_file)) as scanner:
        scanner.capture_finger(FingerPosition.LEFT_THUMB)
        chain_before = scanner._sbi.client.previous_hash
        sbi.faults.add(fault)
        with pytest.raises(SbiTrustError, match=reason) as caught:
            scanner.capture_finger(FingerPosition.LEFT_THUMB)
        assert "Nothing was stored" in str(caught.value)
        assert scanner._sbi.client.previous_hash == chain_before
        sbi.faults.clear()
        assert scanner.capture_finger(FingerPosition.LEFT_THUMB).size == (320, 400)


@pytest.mark.parametrize("fault", ["forged", "untrusted"])
def test_untrusted_device_info_refuses_to_open(sbi: SbiEmulator, trust_file: Path, fault: str) -> None:
    sbi.faults.add(fault)
    scanner = SbiIrisScanner(**settings(sbi, trust_file))
    with pytest.raises(SbiTrustError):
        scanner.open()
    assert not scanner.is_open


def test_device_error_codes_map_to_device_errors(sbi: SbiEmulator, trust_file: Path) -> None:
    with SbiFingerprintScanner(**settings(sbi, trust_file)) as scanner:
        sbi.faults.add("busy")
        with pytest.raises(DeviceBusyError, match="111"):
            scanner.capture_finger(FingerPosition.RIGHT_THUMB)
    sbi.faults = {"not_registered"}
    with pytest.raises(DeviceNotConnectedError, match="100"):
        SbiFingerprintScanner(**settings(sbi, trust_file)).open()


def test_a_not_registered_device_of_another_type_does_not_block(sbi: SbiEmulator, trust_file: Path) -> None:
    sbi.not_registered = {"2"}  # the iris camera
    with SbiFingerprintScanner(**settings(sbi, trust_file)) as scanner:
        assert scanner.info().serial_number == "FS0000000001"
    with pytest.raises(DeviceNotConnectedError, match="100"):
        SbiIrisScanner(**settings(sbi, trust_file)).open()


def test_config_errors(trust_file: Path, tmp_path: Path) -> None:
    with pytest.raises(DeviceConfigError, match="trust"):
        SbiIrisScanner(port=1).open()
    with pytest.raises(DeviceConfigError, match="127.0.0.1"):
        create_device("iris", {"backend": "sbi", "host": "localhost"})
    empty = tmp_path / "empty.pem"
    empty.write_text("")
    with pytest.raises(DeviceConfigError):
        TrustStore.load(empty)


def test_nothing_listening_is_not_connected(trust_file: Path) -> None:
    scanner = SbiIrisScanner(trust_store=str(trust_file), ports="1-3")
    with pytest.raises(DeviceNotConnectedError, match="No SBI Iris device"):
        scanner.open()


def test_expired_device_certificate_is_rejected(ca, trust_file: Path) -> None:
    from tests.drivers.emulators.sbi import sign_jws

    device = make_identity("old device", ca, days=1)
    token = sign_jws({"deviceId": "9"}, device)
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=3)
    with pytest.raises(SbiTrustError, match="expired"):
        verify_jws(token, TrustStore.load(trust_file), later)


def test_self_test_through_the_registry_for_all_three_families(sbi: SbiEmulator, trust_file: Path) -> None:
    for family in ("fingerprint", "iris", "camera"):
        result = create_device(family, {"backend": "sbi", **settings(sbi, trust_file)}).self_test()
        assert result.ok, (family, result.details)
    assert np.all([r["purpose"] == "Registration" for r in sbi.requests])
