"""Backend settings: the keys come from each constructor, and every bad value is one error type."""

from __future__ import annotations

from typing import Any

import pytest

from drivers.base import Device
from drivers.errors import DeviceConfigError, DeviceSettingError
from drivers.registry import BACKENDS, backend_class, create_device
from drivers.simulation import SimulatorControls

# One value per backend that its constructor must refuse.
BAD_SETTINGS: dict[tuple[str, str], dict[str, Any]] = {
    ("camera", "sim"): {"fps": 0},
    ("fingerprint", "sim"): {"quality": "shiny"},
    ("iris", "sim"): {"failure_rate": 2},
    ("signature", "sim"): {"speed": 0},
    ("signature", "isdv4"): {"baud": 9600},
    ("fingerprint", "r30x"): {"baud": 1234},
    ("camera", "opencv"): {"stall_timeout_s": 0},
    ("camera", "sbi"): {"host": "localhost"},
    ("fingerprint", "sbi"): {"requested_score": 101},
    ("iris", "sbi"): {"ports": "90000"},
}


def test_every_backend_has_a_bad_setting_case() -> None:
    assert set(BAD_SETTINGS) == set(BACKENDS)


@pytest.mark.parametrize(("family", "backend"), sorted(BACKENDS))
def test_a_bad_value_is_a_bilingual_device_setting_error(family: str, backend: str) -> None:
    with pytest.raises(DeviceSettingError) as raised:
        create_device(family, {"backend": backend, **BAD_SETTINGS[(family, backend)]})
    error = raised.value
    assert isinstance(error, DeviceConfigError) and isinstance(error, ValueError)
    assert error.message_id and error.message_en and error.message_id != error.message_en
    with pytest.raises(DeviceSettingError):  # built directly, too
        backend_class(family, backend)(**BAD_SETTINGS[(family, backend)])


@pytest.mark.parametrize(("family", "backend"), sorted(BACKENDS))
def test_an_unknown_key_is_a_device_setting_error(family: str, backend: str) -> None:
    with pytest.raises(DeviceSettingError, match="colour"):
        create_device(family, {"backend": backend, "colour": "red"})


def test_a_value_of_the_wrong_type_is_a_device_setting_error() -> None:
    with pytest.raises(DeviceSettingError):
        create_device("fingerprint", {"backend": "r30x", "baud": "fast"})


def test_settings_defaults_are_the_constructor_defaults() -> None:
    from drivers.camera.sim import SimulatedCamera
    from drivers.fingerprint.r30x import R30xFingerprintScanner

    assert dict(SimulatedCamera.settings_defaults) == {
        "seed": 1, "latency_s": 0.0, "failure_rate": 0.0, "quality": "good", "fault": "", "subject": 1,
        "width": 1280, "height": 720, "fps": 30.0, "background": "red", "scenario": "face",
    }
    assert dict(R30xFingerprintScanner.settings_defaults) == {
        "port": "", "baud": 57600, "address": 0xFFFFFFFF, "password": 0,
        "answer_timeout_s": 2.0, "poll_interval_s": 0.05,
    }
    assert "transport" not in R30xFingerprintScanner.settings_defaults  # injected by tests, not configured
    for family, backend in BACKENDS:
        assert backend_class(family, backend).settings_defaults, (family, backend)


def test_a_new_backend_gets_its_settings_from_its_constructor() -> None:
    class Sketch(Device):
        family = "camera"
        backend_name = "sketch"

        def __init__(self, *, index: int = 2, mirror: bool = False, transport: object = None) -> None:
            super().__init__()
            self.index, self.mirror = index, mirror

        def _do_open(self) -> None: ...
        def _do_close(self) -> None: ...
        def _do_info(self) -> Any: ...
        def _self_test_capture(self) -> tuple[float | None, str]:
            return None, ""

    assert dict(Sketch.settings_defaults) == {"index": 2, "mirror": False}
    assert Sketch.from_settings({"mirror": True}).mirror is True

    with pytest.raises(TypeError, match="needs a default"):
        class NoDefault(Sketch):
            def __init__(self, index: int) -> None:
                super().__init__(index=index)


@pytest.mark.parametrize(("family", "backend"), sorted(BACKENDS))
def test_only_simulators_offer_simulator_controls(family: str, backend: str) -> None:
    device = create_device(family, {"backend": backend} if backend != "opencv" else {"backend": backend, "source": "x.avi"})
    assert isinstance(device, SimulatorControls) == (backend == "sim")
