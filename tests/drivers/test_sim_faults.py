"""Every simulator's fault modes raise the documented error, and a capture works again once cleared."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import cv2
import nbis
import pytest

from drivers.base import Device
from drivers.errors import (
    DeviceBusyError,
    DeviceConfigError,
    DeviceNotConnectedError,
    DeviceProtocolError,
    DeviceTimeoutError,
)
from drivers.fingerprint.base import FingerPosition
from drivers.iris.base import Eye
from drivers.registry import create_device
from drivers.simulation import FAULT_KINDS, SimulatorControls


def _capture_camera(device: Any) -> object:
    return device.capture_still(timeout=5)


def _capture_finger(device: Any) -> object:
    return device.capture_finger(FingerPosition.RIGHT_INDEX, timeout=5)


def _capture_iris(device: Any) -> object:
    return device.capture_eye(Eye.RIGHT, timeout=5)


def _capture_pen(device: Any) -> object:
    device.start()
    try:
        return device.wait_point(timeout=5)
    finally:
        device.stop()


CAPTURES: dict[str, Callable[[Any], object]] = {
    "camera": _capture_camera,
    "fingerprint": _capture_finger,
    "iris": _capture_iris,
    "signature": _capture_pen,
}
FAMILIES = sorted(CAPTURES)
ERRORS = {
    "unplug_mid_capture": DeviceNotConnectedError,
    "timeout": DeviceTimeoutError,
    "busy": DeviceBusyError,
    "corrupted": DeviceProtocolError,
}


def make(family: str, **settings: Any) -> Device:
    if family == "signature":
        settings.setdefault("speed", 10.0)
    return create_device(family, {"backend": "sim", **settings})


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("fault", sorted(ERRORS))
def test_fault_raises_the_documented_error_then_capture_recovers(family: str, fault: str) -> None:
    device = make(family)
    capture = CAPTURES[family]
    with device:
        device.inject_fault(fault)  # type: ignore[attr-defined]
        with pytest.raises(ERRORS[fault]) as caught:
            capture(device)
        assert caught.value.message_id and caught.value.message_en and caught.value.action_id
        device.clear_fault()  # type: ignore[attr-defined]
        assert capture(device) is not None


@pytest.mark.parametrize("family", FAMILIES)
def test_disconnected_device_cannot_open_and_recovers(family: str) -> None:
    device = make(family, fault="disconnected")
    with pytest.raises(DeviceNotConnectedError):
        device.open()
    assert not device.is_open
    result = device.self_test()
    assert not result.ok
    assert result.error is not None and result.error["error"] == "DeviceNotConnectedError"
    device.clear_fault()  # type: ignore[attr-defined]
    with device:
        assert CAPTURES[family](device) is not None


@pytest.mark.parametrize("family", FAMILIES)
def test_unplugged_while_open_raises_not_connected(family: str) -> None:
    device = make(family)
    with device:
        device.inject_fault("disconnected")  # type: ignore[attr-defined]
        with pytest.raises(DeviceNotConnectedError):
            CAPTURES[family](device)
        device.clear_fault()  # type: ignore[attr-defined]
        assert CAPTURES[family](device) is not None


def test_camera_stream_dies_when_unplugged_mid_stream() -> None:
    camera = make("camera", fps=30.0)
    with camera:
        camera.start_stream()
        camera.latest_frame(timeout=10)
        camera.inject_fault("unplug_mid_capture")
        with pytest.raises(DeviceNotConnectedError):
            for _ in range(100):
                camera.latest_frame(timeout=10)
        camera.clear_fault()
        camera.stop_stream()
        camera.start_stream()
        assert camera.latest_frame(timeout=10).image.size


def test_signature_stream_reports_a_pulled_cable() -> None:
    pad = make("signature")
    with pad:
        pad.start()
        pad.wait_point(timeout=10)
        pad.inject_fault("unplug_mid_capture")
        with pytest.raises(DeviceNotConnectedError):
            for _ in range(200):
                pad.read_points()
                time.sleep(0.01)


def test_fingerprint_preview_reports_a_pulled_cable() -> None:
    scanner = make("fingerprint")
    with scanner:
        scanner.start_preview(FingerPosition.LEFT_INDEX)
        scanner.latest_preview(timeout=10)
        scanner.inject_fault("unplug_mid_capture")
        with pytest.raises(DeviceNotConnectedError):
            for _ in range(100):
                scanner.latest_preview(timeout=10)


def nfiq2(pixels) -> int:
    settings = nbis.NbisExtractorSettings(
        min_quality=0.0, get_center=False, check_fingerprint=False, compute_nfiq2=True, ppi=500.0
    )
    ok, png = cv2.imencode(".png", pixels)
    return nbis.new_nbis_extractor(settings).extract_minutiae(png.tobytes()).quality().score


def test_dirty_fingerprint_sensor_gives_poor_prints() -> None:
    scanner = make("fingerprint")
    with scanner:
        clean = scanner.capture_finger(FingerPosition.RIGHT_INDEX).pixels
        scanner.inject_fault("dirty_sensor")
        dirty = scanner.capture_finger(FingerPosition.RIGHT_INDEX).pixels
        scanner.clear_fault()
        again = scanner.capture_finger(FingerPosition.RIGHT_INDEX).pixels
    assert nfiq2(dirty) <= 20 < 40 <= nfiq2(clean)
    assert nfiq2(again) >= 40


def test_fault_from_configuration_and_unknown_fault_is_a_config_error() -> None:
    device = make("iris", fault="busy")
    with device:
        with pytest.raises(DeviceBusyError):
            CAPTURES["iris"](device)
    with pytest.raises(DeviceConfigError):
        make("iris", fault="melted")
    with pytest.raises(DeviceConfigError):
        make("iris").inject_fault("melted")  # type: ignore[attr-defined]
    assert set(FAULT_KINDS) == {"disconnected", "dirty_sensor", *ERRORS}


def test_failure_rate_is_repeatable_for_a_seed() -> None:
    def outcomes(seed: int) -> list[bool]:
        results = []
        with make("iris", seed=seed, failure_rate=0.5) as device:
            for _ in range(12):
                try:
                    CAPTURES["iris"](device)
                    results.append(True)
                except DeviceTimeoutError:
                    results.append(False)
        return results

    first = outcomes(4)
    assert first == outcomes(4)
    assert True in first and False in first


def test_latency_and_bad_settings() -> None:
    with pytest.raises(DeviceConfigError):
        make("camera", latency_s=-1)
    with pytest.raises(DeviceConfigError):
        make("fingerprint", failure_rate=2)
    with pytest.raises(DeviceConfigError):
        make("fingerprint", quality="shiny")
    with pytest.raises(DeviceConfigError):
        make("signature", colour="red")


def test_present_subject_sets_the_person_and_the_camera_backdrop() -> None:
    camera, iris = make("camera"), make("iris")
    assert isinstance(camera, SimulatorControls) and isinstance(iris, SimulatorControls)
    camera.present_subject(42, "blue")
    assert camera._subject == 42 and camera.background == "blue"
    camera.present_subject(43)
    assert camera.background == "blue"
    with iris:
        first = CAPTURES["iris"](iris)
        iris.present_subject(99)
        other = CAPTURES["iris"](iris)
    assert not (first.pixels == other.pixels).all()
