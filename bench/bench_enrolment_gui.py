"""The machine's share of one whole enrolment in the GUI: ``python -m bench.bench_enrolment_gui [--compare DIR]``.

One synthetic applicant is recorded through the real MainWindow (offscreen) with every
device simulated, twice in fresh stations: fingers one at a time, and as 4-4-2 slaps.
Measured per operator action, from the trigger (Space, save) to the result on screen:
the wall time minus the time spent inside the simulated devices (rendering a print or
an eye stands in for the scanner's own capture), i.e. what the station's software
makes the operator wait for. Not counted: the simulated person (sitting still for the
photo, signing). Also reported: how many scans the operator made and the device time.
``--compare DIR`` runs the one-finger flow from another checkout (e.g. a worktree of
main) in the same run. Numbers depend on the machine's load; results go to
bench/results/bench_enrolment_gui.json.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).with_name("results")
ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "bench-sandi-123"


class DeviceClock:
    """Time spent inside the simulated devices' capture hooks (the hardware's share)."""

    def __init__(self) -> None:
        self.spent = 0.0

    def wrap(self, device: Any, name: str) -> None:
        original = getattr(device, name, None)
        if original is None:
            return

        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.spent += time.perf_counter() - started

        setattr(device, name, timed)


def run(mode: str) -> dict[str, Any]:
    from PySide6.QtCore import QCoreApplication, QEventLoop
    from PySide6.QtWidgets import QApplication

    from app.bootstrap import build_station
    from app.config import from_mapping
    from app.domain.enums import SiteKind
    from app.paths import StationPaths
    from ui.gui.main_window import MainWindow

    _app = QApplication.instance() or QApplication(["bench-enrolment"])  # kept alive for the run
    paths = StationPaths.default()
    paths.ensure()
    devices: dict[str, dict[str, Any]] = {family: {"backend": "sim"} for family in ("camera", "fingerprint", "iris")}
    devices["signature"] = {"backend": "sim", "speed": 4.0}  # the person signs faster: not measured anyway
    devices["fingerprint"]["slaps"] = mode == "slaps"
    station = build_station(from_mapping({"devices": devices}, paths), log_to_file=False)
    supervisor = station.operators.create_first_supervisor("bench", "Bench Supervisor", PASSWORD)
    site = station.sites.create_site("BENCH - SMA Contoh", SiteKind.SCHOOL, target_count=100)
    applicant = station.applicants.add_manual("3573014507080003", "SISWA BENCH", site_id=site.id)
    visit = station.sites.open_visit(site.id, operator_ids=[supervisor.id])
    window = MainWindow(station)
    window.show()

    def pump(condition: Callable[[], bool], timeout_s: float = 120.0) -> None:
        end = time.monotonic() + timeout_s
        while time.monotonic() < end and not condition():
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
        if not condition():
            raise SystemExit(f"timed out waiting in mode {mode} (step {capture.current_step.__class__.__name__}, "
                             f"{machine}, page {window.pages.currentWidget().__class__.__name__}, "
                             f"uuid {capture.enrolment_uuid}, {[(f, hub.is_ready(f)) for f in hub.families]})")

    capture = window.capture_page
    clock = DeviceClock()
    machine: dict[str, float] = {}

    def measure(name: str, trigger: Callable[[], None], done: Callable[[], bool]) -> None:
        device_before, started = clock.spent, time.perf_counter()
        trigger()
        pump(done)
        wall = time.perf_counter() - started
        machine[name] = machine.get(name, 0.0) + wall - (clock.spent - device_before)

    window.context.set_operator(supervisor)
    window.context.set_visit(visit)
    window.root.setCurrentIndex(1)
    hub = window.context.devices
    pump(lambda: all(hub.is_ready(f) for f in hub.families))
    clock.wrap(hub.device("fingerprint"), "_do_capture")
    clock.wrap(hub.device("fingerprint"), "_do_capture_slap_image")
    clock.wrap(hub.device("iris"), "_do_capture")
    capture = window.capture_page
    face, fingers = capture.face, capture.fingers
    face.auto_capture.setChecked(False)

    measure("start_to_live_face", lambda: window.start_enrolment(applicant.id), lambda: face.preview.frames_shown > 0)
    pump(lambda: face.last_report is not None)  # the person sits down: not counted
    measure("face_photo", face.capture_now, lambda: face.saved and face.continue_button.isEnabled())
    measure("face_photo", face.accept_photo, lambda: capture.current_step is fingers)  # the operator's "Lanjut"

    scans = forced = 0
    for _ in range(60):
        if fingers.done:
            break
        position, in_slap = fingers.current, getattr(fingers, "slap", None) is not None
        if not in_slap and fingers.may_force.get(position):
            dialog = fingers.ask_force()
            dialog.username.setText("bench")
            dialog.password.setText(PASSWORD)
            measure("fingers", dialog.verify, lambda p=position: fingers.diagram.states[p].name == "FORCED")
            forced += 1
            continue
        scans += 1
        measure("fingers", fingers.scan, lambda: not fingers.scanning)
    if not fingers.done:
        raise SystemExit(f"fingers not done in mode {mode}")
    pump(lambda: capture.current_step is capture.iris)
    for _ in range(2):
        measure("irises", capture.iris.scan_next, lambda: capture.iris.scanning is None)
    pump(lambda: capture.current_step is capture.signature)
    canvas = capture.signature.canvas
    pump(lambda: len(canvas.points) > 20)
    previous = -1
    while len(canvas.points) != previous:  # the simulated person signs: not counted
        previous = len(canvas.points)
        time.sleep(0.4)
        QCoreApplication.processEvents()
    measure("signature_to_review", capture.signature.save,
            lambda: capture.current_step is capture.review and capture.review.review is not None)
    saved: list[Any] = []
    capture.review.saved.connect(saved.append)
    measure("save", capture.review.save, lambda: bool(saved))
    result = {
        "mode": mode, "finger_scans": scans, "forced_fingers": forced,
        "machine_wait_s": {k: round(v, 2) for k, v in machine.items()},
        "machine_wait_total_s": round(sum(machine.values()), 2),
        "simulated_device_s": round(clock.spent, 2),
    }
    window.close()
    station.close()
    return result


def _measure_in(tree: Path, mode: str) -> dict[str, Any]:
    from bench.compare import (
        run_in_tree,  # here: this script is also the worker in the compared tree, which may have no bench.compare
    )

    with tempfile.TemporaryDirectory(prefix="bench-enrolment-") as home:
        return run_in_tree(tree, [str(Path(__file__).resolve()), "--mode", mode],
                           env={"STATION_HOME": home, "QT_QPA_PLATFORM": "offscreen"}, timeout=1200)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mode", choices=("single", "slaps"), default=None, help=argparse.SUPPRESS)
    parser.add_argument("--compare", type=Path, default=None, help="another checkout: its one-finger flow too")
    args = parser.parse_args()
    if args.mode is not None:
        print(json.dumps(run(args.mode)))
        return 0
    results: dict[str, Any] = {"load_average_1min": round(os.getloadavg()[0], 2),
                               "single_fingers": _measure_in(ROOT, "single"), "slaps_4_4_2": _measure_in(ROOT, "slaps")}
    if args.compare is not None:
        results[f"compared: {args.compare} (single fingers)"] = _measure_in(args.compare.resolve(), "single")
    print(json.dumps(results, indent=2))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "bench_enrolment_gui.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
