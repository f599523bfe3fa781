"""Contract test suites: the behaviour every backend of a device family must have.

A backend's test module subclasses the family's contract and provides a pytest
fixture ``make_device`` returning a callable that builds a NEW, not yet opened
device (over an emulator for real backends). The contracts use only the public
family interface, never simulator controls, so they run unchanged against the
simulators and the real drivers.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np
import pytest

from drivers.base import Device, DeviceInfo, SelfTestResult
from drivers.camera.base import Camera, Frame
from drivers.errors import DeviceStateError, DeviceUnsupportedError
from drivers.fingerprint.base import FingerImage, FingerPosition, FingerprintScanner
from drivers.iris.base import Eye, IrisImage, IrisScanner
from drivers.signature.base import PadRanges, PenPoint, SignaturePad

MakeDevice = Callable[[], Device]
_FRAME_TIMEOUT_S = 10.0  # generous: the machine is shared and slow; never a timing assertion


class DeviceContract:
    """Lifecycle, identity and self-test: common to every family."""

    family: str = ""
    # The registry name of the backend under test (tests/drivers/test_contract_coverage.py
    # fails when a backend in drivers/registry.py has no contract subclass declaring it).
    backend: str = ""

    def test_the_declared_backend_is_the_one_tested(self, make_device: MakeDevice) -> None:
        device = make_device()
        assert (device.family, device.backend_name) == (self.family, self.backend)

    def test_a_new_device_is_closed_and_refuses_calls(self, make_device: MakeDevice) -> None:
        device = make_device()
        assert not device.is_open
        with pytest.raises(DeviceStateError):
            device.info()

    def test_open_and_close_are_idempotent(self, make_device: MakeDevice) -> None:
        device = make_device()
        device.close()  # closing a never-opened device is harmless
        device.open()
        device.open()
        assert device.is_open
        device.close()
        device.close()
        assert not device.is_open

    def test_context_manager_opens_and_closes(self, make_device: MakeDevice) -> None:
        device = make_device()
        with device as opened:
            assert opened is device
            assert device.is_open
        assert not device.is_open

    def test_info_fields_are_filled(self, make_device: MakeDevice) -> None:
        with make_device() as device:
            info = device.info()
        assert isinstance(info, DeviceInfo)
        assert info.family == self.family == device.family
        assert info.backend == device.backend_name
        for name, value in info.to_dict().items():
            assert isinstance(value, str) and value.strip(), name

    def test_reopen_after_close_works(self, make_device: MakeDevice) -> None:
        device = make_device()
        with device:
            first = device.info()
        with device:
            assert device.info() == first

    def test_self_test_passes_and_leaves_the_device_as_it_was(self, make_device: MakeDevice) -> None:
        device = make_device()
        result = device.self_test()
        assert isinstance(result, SelfTestResult)
        assert result.ok, result.details
        assert result.family == self.family
        assert result.info is not None
        assert result.latency_s is not None and result.latency_s >= 0
        assert result.error is None
        assert not device.is_open
        with device:
            assert device.self_test().ok
            assert device.is_open


class CameraContract(DeviceContract):
    family = "camera"

    def test_calls_before_open_raise_state_error(self, make_device: MakeDevice) -> None:
        camera = make_device()
        assert isinstance(camera, Camera)
        with pytest.raises(DeviceStateError):
            camera.capture_still()
        with pytest.raises(DeviceStateError):
            camera.start_stream()
        with pytest.raises(DeviceStateError):
            camera.latest_frame(timeout=0.1)

    def test_capture_still_gives_a_bgr_frame(self, make_device: MakeDevice) -> None:
        with make_device() as camera:
            frame = camera.capture_still(timeout=_FRAME_TIMEOUT_S)
        assert isinstance(frame, Frame)
        assert frame.image.dtype == np.uint8
        assert frame.image.ndim == 3 and frame.image.shape[2] == 3
        width, height = frame.size
        assert width >= 160 and height >= 120

    def test_latest_frame_before_start_stream_raises(self, make_device: MakeDevice) -> None:
        with make_device() as camera:
            with pytest.raises(DeviceStateError):
                camera.latest_frame(timeout=0.1)

    def test_stream_delivers_frames_in_order(self, make_device: MakeDevice) -> None:
        with make_device() as camera:
            camera.start_stream()
            camera.start_stream()  # idempotent
            assert camera.streaming
            indices = [camera.latest_frame(timeout=_FRAME_TIMEOUT_S).index for _ in range(3)]
        assert indices == sorted(indices)
        assert len(set(indices)) == 3

    def test_newest_frame_wins(self, make_device: MakeDevice) -> None:
        """A slow reader skips frames instead of working through a backlog."""
        with make_device() as camera:
            camera.start_stream()
            previous = camera.latest_frame(timeout=_FRAME_TIMEOUT_S).index
            skipped = False
            for _ in range(40):
                time.sleep(0.25)
                current = camera.latest_frame(timeout=_FRAME_TIMEOUT_S).index
                if current > previous + 1:
                    skipped = True
                    break
                previous = current
        assert skipped

    def test_capture_still_while_streaming(self, make_device: MakeDevice) -> None:
        with make_device() as camera:
            camera.start_stream()
            frame = camera.capture_still(timeout=_FRAME_TIMEOUT_S)
            assert frame.image.ndim == 3

    def test_close_stops_the_stream(self, make_device: MakeDevice) -> None:
        camera = make_device()
        camera.open()
        camera.start_stream()
        camera.latest_frame(timeout=_FRAME_TIMEOUT_S)
        camera.close()
        assert not camera.streaming
        with pytest.raises(DeviceStateError):
            camera.latest_frame(timeout=0.1)

    def test_stop_stream_then_start_again(self, make_device: MakeDevice) -> None:
        with make_device() as camera:
            camera.start_stream()
            camera.latest_frame(timeout=_FRAME_TIMEOUT_S)
            camera.stop_stream()
            assert not camera.streaming
            camera.start_stream()
            assert camera.latest_frame(timeout=_FRAME_TIMEOUT_S).image.size > 0


class FingerprintScannerContract(DeviceContract):
    family = "fingerprint"

    def test_capture_before_open_raises_state_error(self, make_device: MakeDevice) -> None:
        scanner = make_device()
        assert isinstance(scanner, FingerprintScanner)
        position = min(scanner.supported_positions)
        with pytest.raises(DeviceStateError):
            scanner.capture_finger(position)

    def test_supported_positions_are_positions(self, make_device: MakeDevice) -> None:
        scanner = make_device()
        assert scanner.supported_positions
        assert all(isinstance(p, FingerPosition) for p in scanner.supported_positions)
        assert FingerPosition.UNKNOWN not in scanner.supported_positions

    def test_capture_gives_a_500ppi_greyscale_image(self, make_device: MakeDevice) -> None:
        with make_device() as scanner:
            position = min(scanner.supported_positions)
            image = scanner.capture_finger(position, timeout=_FRAME_TIMEOUT_S)
        assert isinstance(image, FingerImage)
        assert image.position == position
        assert image.pixels.dtype == np.uint8 and image.pixels.ndim == 2
        assert image.ppi >= 500
        width, height = image.size
        assert width >= 150 and height >= 150
        assert image.pixels.std() > 5  # something is on the glass
        if image.device_quality is not None:
            assert 0 <= image.device_quality <= 100

    def test_unsupported_position_is_refused(self, make_device: MakeDevice) -> None:
        with make_device() as scanner:
            with pytest.raises(DeviceUnsupportedError):
                scanner.capture_finger(FingerPosition.UNKNOWN)

    def test_timeout_must_be_positive(self, make_device: MakeDevice) -> None:
        with make_device() as scanner:
            with pytest.raises(ValueError):
                scanner.capture_finger(min(scanner.supported_positions), timeout=0)

    def test_preview_delivers_images_or_says_unsupported(self, make_device: MakeDevice) -> None:
        with make_device() as scanner:
            position = min(scanner.supported_positions)
            scanner.start_preview(position)
            try:
                image = scanner.latest_preview(timeout=_FRAME_TIMEOUT_S)
            except DeviceUnsupportedError:
                return
            assert image.pixels.dtype == np.uint8 and image.pixels.ndim == 2
            scanner.stop_preview()
            with pytest.raises(DeviceStateError):
                scanner.latest_preview(timeout=0.1)

    def test_capture_stops_a_running_preview(self, make_device: MakeDevice) -> None:
        with make_device() as scanner:
            position = min(scanner.supported_positions)
            scanner.start_preview(position)
            scanner.capture_finger(position, timeout=_FRAME_TIMEOUT_S)
            with pytest.raises(DeviceStateError):
                scanner.latest_preview(timeout=0.1)

    def test_slaps_give_single_fingers_left_to_right_or_are_refused(self, make_device: MakeDevice) -> None:
        with make_device() as scanner:
            if not scanner.supports_slaps:
                with pytest.raises(DeviceUnsupportedError):
                    scanner.capture_slap(FingerPosition.PLAIN_THUMBS, timeout=_FRAME_TIMEOUT_S)
                return
            capture = scanner.capture_slap(FingerPosition.PLAIN_THUMBS, timeout=_FRAME_TIMEOUT_S)
            with pytest.raises(DeviceUnsupportedError):
                scanner.capture_slap(FingerPosition.RIGHT_INDEX, timeout=_FRAME_TIMEOUT_S)
        assert [f.image.position for f in capture.fingers] == [FingerPosition.LEFT_THUMB, FingerPosition.RIGHT_THUMB]
        for finger in capture.fingers:
            assert finger.image.pixels.dtype == np.uint8 and finger.image.pixels.ndim == 2
            assert min(finger.image.size) >= 150

    def test_close_stops_the_preview(self, make_device: MakeDevice) -> None:
        scanner = make_device()
        scanner.open()
        scanner.start_preview(min(scanner.supported_positions))
        scanner.close()
        with pytest.raises(DeviceStateError):
            scanner.latest_preview(timeout=0.1)


class IrisScannerContract(DeviceContract):
    family = "iris"

    def test_capture_before_open_raises_state_error(self, make_device: MakeDevice) -> None:
        scanner = make_device()
        assert isinstance(scanner, IrisScanner)
        with pytest.raises(DeviceStateError):
            scanner.capture_eye(min(scanner.supported_eyes, key=lambda e: e.value))

    def test_each_supported_eye_gives_a_greyscale_image(self, make_device: MakeDevice) -> None:
        with make_device() as scanner:
            assert scanner.supported_eyes
            for eye in sorted(scanner.supported_eyes, key=lambda e: e.value):
                image = scanner.capture_eye(eye, timeout=_FRAME_TIMEOUT_S)
                assert isinstance(image, IrisImage)
                assert image.eye == eye
                assert image.pixels.dtype == np.uint8 and image.pixels.ndim == 2
                width, height = image.size
                assert width >= 320 and height >= 240
                assert image.pixels.std() > 5

    def test_timeout_must_be_positive(self, make_device: MakeDevice) -> None:
        with make_device() as scanner:
            with pytest.raises(ValueError):
                scanner.capture_eye(Eye.RIGHT if Eye.RIGHT in scanner.supported_eyes else Eye.LEFT, timeout=-1)


class SignaturePadContract(DeviceContract):
    family = "signature"

    def test_calls_before_open_raise_state_error(self, make_device: MakeDevice) -> None:
        pad = make_device()
        assert isinstance(pad, SignaturePad)
        with pytest.raises(DeviceStateError):
            pad.ranges()
        with pytest.raises(DeviceStateError):
            pad.start()
        with pytest.raises(DeviceStateError):
            pad.read_points()

    def test_ranges_are_positive(self, make_device: MakeDevice) -> None:
        with make_device() as pad:
            ranges = pad.ranges()
        assert isinstance(ranges, PadRanges)
        assert ranges.x_max > 0 and ranges.y_max > 0 and ranges.pressure_max > 0

    def test_points_arrive_in_order_within_the_ranges(self, make_device: MakeDevice) -> None:
        with make_device() as pad:
            ranges = pad.ranges()
            pad.start()
            pad.start()  # idempotent
            assert pad.sampling
            points = [pad.wait_point(timeout=_FRAME_TIMEOUT_S) for _ in range(10)]
            points += pad.read_points()
        assert all(isinstance(p, PenPoint) for p in points)
        for point in points:
            assert 0 <= point.x <= ranges.x_max
            assert 0 <= point.y <= ranges.y_max
            assert 0 <= point.pressure <= ranges.pressure_max
            assert not (point.tip and not point.proximity)  # touching implies in range
        times = [p.t for p in points]
        assert times == sorted(times)

    def test_read_points_never_blocks_and_returns_a_list(self, make_device: MakeDevice) -> None:
        with make_device() as pad:
            pad.start()
            assert isinstance(pad.read_points(), list)

    def test_clear_and_stop(self, make_device: MakeDevice) -> None:
        with make_device() as pad:
            pad.start()
            pad.wait_point(timeout=_FRAME_TIMEOUT_S)
            pad.clear()
            pad.stop()
            assert not pad.sampling
            with pytest.raises(DeviceStateError):
                pad.read_points()
            pad.start()
            pad.wait_point(timeout=_FRAME_TIMEOUT_S)

    def test_close_stops_sampling(self, make_device: MakeDevice) -> None:
        pad = make_device()
        pad.open()
        pad.start()
        pad.close()
        assert not pad.sampling
        with pytest.raises(DeviceStateError):
            pad.read_points()
