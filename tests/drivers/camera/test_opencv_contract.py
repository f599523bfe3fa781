"""The camera contract suite against the OpenCV backend reading an MJPEG stream on 127.0.0.1."""

from __future__ import annotations

import pytest

from drivers.registry import create_device
from tests.drivers.contracts import CameraContract
from tests.drivers.emulators.camera import MjpegServer


@pytest.fixture(scope="module")
def ip_camera():
    with MjpegServer(fps=25) as server:
        yield server


@pytest.fixture
def make_device(ip_camera: MjpegServer):
    return lambda: create_device("camera", {"backend": "opencv", "source": ip_camera.url})


class TestOpenCvContract(CameraContract):
    backend = "opencv"
