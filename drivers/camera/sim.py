"""A simulated webcam: live 1280×720 frames of a real (public-domain) face on a photo backdrop."""

from __future__ import annotations

import time
from typing import ClassVar

from drivers.base import DeviceInfo
from drivers.camera.base import Camera, Frame
from drivers.camera.scene import BACKGROUNDS, SCENARIOS, render_frame
from drivers.errors import DeviceSettingError
from drivers.simulation import SimulatedFaults, SimulatorMixin, quality_level, sim_info


class SimulatedCamera(SimulatorMixin, Camera):
    """Frames at ``fps`` with small movement and lighting drift.

    ``background`` is "red", "blue", "orange" (the e-KTP backdrops; the GUI sets
    it from the applicant's birth year) or "scene" (a room). ``scenario`` is
    "face", "no_face" or "two_faces". A dirty lens (or poor quality) blurs.
    """

    backend_name: ClassVar[str] = "sim"

    def __init__(
        self, *, seed: int = 1, latency_s: float = 0.0, failure_rate: float = 0.0,
        quality: str | float = "good", fault: str = "", subject: int = 1,
        width: int = 1280, height: int = 720, fps: float = 30.0,
        background: str = "red", scenario: str = "face",
    ) -> None:
        super().__init__()
        if width < 160 or height < 120:
            raise DeviceSettingError("Resolusi kamera terlalu kecil.", "The camera resolution is too small.")
        if fps <= 0:
            raise DeviceSettingError("fps harus lebih dari 0.", "fps must be greater than 0.")
        self.seed = int(seed)
        self.width, self.height, self.fps = int(width), int(height), float(fps)
        self.level = quality_level(quality)
        self.faults = SimulatedFaults(seed=self.seed, latency_s=latency_s, failure_rate=failure_rate, fault=fault)
        self._subject = int(subject)
        self.background = background
        self.scenario = scenario
        self.set_background(background)
        self.set_scenario(scenario)
        self._index = 0
        self._next_due = 0.0

    # simulator controls (the one bundled portrait stands in for every subject) -----
    def present_subject(self, subject_id: int, backdrop: str | None = None) -> None:
        self.set_subject(subject_id)
        if backdrop is not None:
            self.set_background(backdrop)

    def set_background(self, background: str) -> None:
        if background not in (*BACKGROUNDS, "scene"):
            raise DeviceSettingError(
                f"Latar tidak dikenal: {background} (red, blue, orange, scene).",
                f"Unknown background: {background} (red, blue, orange, scene).",
            )
        self.background = background

    def set_scenario(self, scenario: str) -> None:
        if scenario not in SCENARIOS:
            raise DeviceSettingError(
                f"Skenario tidak dikenal: {scenario} ({', '.join(SCENARIOS)}).",
                f"Unknown scenario: {scenario} ({', '.join(SCENARIOS)}).",
            )
        self.scenario = scenario

    # Camera -------------------------------------------------------------------------
    def _do_open(self) -> None:
        self.faults.check_connect()
        self._next_due = time.monotonic()

    def _do_close(self) -> None:
        pass

    def _do_info(self) -> DeviceInfo:
        self.faults.before_operation()
        return sim_info(self.family, f"Webcam {self.width}x{self.height}", self.seed)

    def _render(self) -> Frame:
        index = self._index
        self._index += 1
        image = render_frame(
            index, width=self.width, height=self.height, background=self.background,
            scenario=self.scenario, dirty=self.faults.dirty or self.level < 0.5, seed=self.seed,
            fps=self.fps,
        )
        return Frame(image=image, index=index, timestamp=time.monotonic())

    def _do_read_frame(self) -> Frame | None:
        """Paced at ``fps`` on the driver thread; the cable can be pulled between frames."""
        delay = self._next_due - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        self._next_due = max(self._next_due + 1.0 / self.fps, time.monotonic())
        self.faults.during_operation()
        return self._render()

    def _do_capture_still(self, timeout: float) -> Frame:
        self.faults.before_operation()
        self.faults.wait_latency(0.5)
        self.faults.during_operation()
        frame = self._render()
        self.faults.wait_latency(0.5)
        return frame
