"""The OpenCV camera backend against a cv2.VideoWriter file and an MJPEG server on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path

import cv2
import pytest

from drivers.camera.opencv import OpenCvCamera
from drivers.errors import DeviceConfigError, DeviceNotConnectedError
from drivers.registry import create_device
from tests.drivers.emulators.camera import MjpegServer, counter_frame, read_counter, write_counter_video


def test_counter_survives_jpeg() -> None:
    ok, jpeg = cv2.imencode(".jpg", counter_frame(40961), [cv2.IMWRITE_JPEG_QUALITY, 60])
    assert ok and read_counter(cv2.imdecode(jpeg, cv2.IMREAD_COLOR)) == 40961


def test_video_file_frames_come_in_order(tmp_path: Path) -> None:
    video = write_counter_video(tmp_path / "counter.avi", frames=25)
    with OpenCvCamera(source=str(video)) as camera:
        counters = [read_counter(camera.capture_still().image) for _ in range(25)]
        assert camera.info().backend == "opencv"
        assert camera.negotiated[:2] == (320, 240)
    assert counters == list(range(25))


def test_video_file_loops_by_reopening_at_the_end(tmp_path: Path) -> None:
    video = write_counter_video(tmp_path / "short.avi", frames=5)
    with OpenCvCamera(source=str(video), reconnect_delay_s=0.01) as camera:
        counters = [read_counter(camera.capture_still().image) for _ in range(8)]
        assert camera.reconnects == 1
    assert counters == [0, 1, 2, 3, 4, 0, 1, 2]


def test_image_sequence_source(tmp_path: Path) -> None:
    for index in range(3):
        cv2.imwrite(str(tmp_path / f"img_{index:03d}.png"), counter_frame(index + 100))
    with OpenCvCamera(source=str(tmp_path / "img_%03d.png"), reconnect_attempts=0) as camera:
        assert [read_counter(camera.capture_still().image) for _ in range(3)] == [100, 101, 102]


def test_mjpeg_stream_like_an_ip_camera(tmp_path: Path) -> None:
    with MjpegServer(fps=30) as server:
        with OpenCvCamera(source=server.url) as camera:
            counters = [read_counter(camera.capture_still().image) for _ in range(10)]
    assert counters == sorted(counters) and len(set(counters)) == 10, counters


def test_mjpeg_stream_reconnects_after_it_drops() -> None:
    with MjpegServer(fps=40, drop_after=6) as server:
        with OpenCvCamera(source=server.url, reconnect_delay_s=0.05) as camera:
            counters = [read_counter(camera.capture_still().image) for _ in range(15)]
            assert camera.reconnects >= 1
        assert server.connections >= 2
    assert counters == sorted(counters) and len(set(counters)) == len(counters), counters


def test_stalled_stream_is_noticed_and_reopened() -> None:
    with MjpegServer(fps=40, drop_after=5, stall=True) as server:
        with OpenCvCamera(source=server.url, stall_timeout_s=1.0, reconnect_delay_s=0.05) as camera:
            counters = [read_counter(camera.capture_still().image) for _ in range(8)]
            assert camera.reconnects >= 1
    assert counters == sorted(counters) and len(set(counters)) == 8, counters


def test_live_preview_newest_frame_wins(tmp_path: Path) -> None:
    video = write_counter_video(tmp_path / "preview.avi", frames=30)
    with OpenCvCamera(source=str(video)) as camera:
        camera.start_stream()
        first = camera.latest_frame(timeout=5)
        second = camera.latest_frame(timeout=5)
        assert second.index > first.index
        camera.stop_stream()


def test_missing_file_is_not_connected(tmp_path: Path) -> None:
    with pytest.raises(DeviceNotConnectedError):
        OpenCvCamera(source=str(tmp_path / "none.avi")).open()


def test_unreachable_stream_after_open_is_not_connected(tmp_path: Path) -> None:
    server = MjpegServer(fps=40, drop_after=3)
    with server:
        camera = OpenCvCamera(source=server.url, reconnect_attempts=2, reconnect_delay_s=0.05)
        camera.open()
        camera.capture_still()
    with pytest.raises(DeviceNotConnectedError, match="dropped"):
        for _ in range(10):
            camera.capture_still()
    camera.close()


def test_settings_and_self_test(tmp_path: Path) -> None:
    video = write_counter_video(tmp_path / "selftest.avi", frames=3)
    with pytest.raises(DeviceConfigError):
        create_device("camera", {"backend": "opencv", "source": ""})
    result = create_device("camera", {"backend": "opencv", "source": str(video), "width": 320}).self_test()
    assert result.ok, result.details
    assert result.details == "320x240"
