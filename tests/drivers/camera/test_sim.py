"""The simulated camera: the camera contract, plus what only the simulator promises (faces, backdrops)."""

from __future__ import annotations

import inspect

import cv2
import numpy as np
import pytest

from drivers.camera.scene import render_frame
from drivers.camera.sim import SimulatedCamera
from drivers.errors import DeviceConfigError
from drivers.registry import create_device
from tests.drivers.contracts import CameraContract


class TestSimulatedCameraContract(CameraContract):
    backend = "sim"

    @pytest.fixture
    def make_device(self):
        return lambda: SimulatedCamera(fps=30.0)


def count_faces(image: np.ndarray) -> int:
    cascade = cv2.CascadeClassifier(cv2.data.haarcascades + "haarcascade_frontalface_default.xml")
    grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    return len(cascade.detectMultiScale(grey, scaleFactor=1.1, minNeighbors=5, minSize=(60, 60)))


@pytest.mark.parametrize(("scenario", "faces"), [("face", 1), ("no_face", 0), ("two_faces", 2)])
@pytest.mark.parametrize("background", ["red", "scene"])
def test_haar_cascade_finds_the_scenario_faces(scenario: str, faces: int, background: str) -> None:
    camera = SimulatedCamera(scenario=scenario, background=background)
    with camera:
        camera.start_stream()
        frames = [camera.latest_frame(timeout=10) for _ in range(3)]
    for frame in frames:
        assert frame.size == (1280, 720)
        assert count_faces(frame.image) == faces


@pytest.mark.parametrize(("background", "bgr_dominant"), [("red", 2), ("blue", 0), ("orange", 2)])
def test_backdrop_colour_shows_around_the_head(background: str, bgr_dominant: int) -> None:
    image = render_frame(0, background=background)
    corner = image[:60, :60].reshape(-1, 3).mean(axis=0)
    assert int(np.argmax(corner)) == bgr_dominant


def test_frames_move_and_change_light_but_are_repeatable() -> None:
    first, later = render_frame(0, seed=4), render_frame(20, seed=4)
    assert not np.array_equal(first, later)
    assert np.array_equal(first, render_frame(0, seed=4))


def test_dirty_lens_blurs_the_face() -> None:
    def sharpness(image: np.ndarray) -> float:
        small = cv2.resize(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY), (320, 180), interpolation=cv2.INTER_AREA)
        return float(cv2.Laplacian(small, cv2.CV_64F).var())  # downscaled: edges, not sensor noise

    camera = SimulatedCamera()
    with camera:
        clean = camera.capture_still()
        camera.inject_fault("dirty_sensor")
        dirty = camera.capture_still()
    assert sharpness(dirty.image) < sharpness(clean.image) / 2


def test_background_and_scenario_are_configuration() -> None:
    camera = create_device("camera", {"backend": "sim", "background": "blue", "scenario": "no_face", "width": 640, "height": 360})
    with camera:
        frame = camera.capture_still()
    assert frame.size == (640, 360)
    assert count_faces(frame.image) == 0
    with pytest.raises(DeviceConfigError):
        create_device("camera", {"background": "green"})
    with pytest.raises(DeviceConfigError):
        create_device("camera", {"scenario": "three_faces"})


def test_runtime_does_not_need_scikit_image() -> None:
    import drivers.camera.scene
    import drivers.camera.sim

    for module in (drivers.camera.scene, drivers.camera.sim):
        assert "skimage" not in inspect.getsource(module)


def test_defaults_to_30_frames_per_second_and_moves_at_the_same_pace_at_any_rate() -> None:
    assert SimulatedCamera().fps == 30.0
    assert create_device("camera", {"backend": "sim"}).fps == 30.0

    def head_column(image: np.ndarray) -> float:
        red_backdrop = (image[..., 2].astype(int) - image[..., 0].astype(int)) > 100
        columns = np.nonzero((~red_backdrop)[200:400].any(axis=0))[0]
        return float(columns.mean())

    # One second in: frame 30 at 30 fps shows the head where frame 15 at 15 fps does.
    assert abs(head_column(render_frame(30, fps=30.0)) - head_column(render_frame(15, fps=15.0))) < 2.0
    assert abs(head_column(render_frame(30, fps=30.0)) - head_column(render_frame(30, fps=15.0))) > 2.0
