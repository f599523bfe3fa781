"""Does the GUI stay fluid while devices and quality checks work? ``python -m bench.bench_gui [--seconds S]``.

A scratch station with every device simulated records one synthetic applicant
through the real MainWindow (offscreen). Measured: while the face preview runs,
preview frames shown per second, face quality reports per second and the
longest gap between 10 ms GUI timer ticks (a frozen GUI shows as a long gap);
then the time from "scan" to the stored attempt per finger, per eye, and the save.
Results go to bench/results/bench_gui.json; numbers depend on the machine's load.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).with_name("results")


class StallMeter:
    """Records the gaps between ticks of a 10 ms timer on the GUI thread."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.gaps: list[float] = []
        self._last = time.perf_counter()
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.gaps.append((now - self._last) * 1000)
        self._last = now

    def summary(self) -> dict[str, float]:
        gaps = sorted(self.gaps) or [0.0]
        return {"ticks": len(self.gaps), "median_gap_ms": round(statistics.median(gaps), 1),
                "p99_gap_ms": round(gaps[int(len(gaps) * 0.99) - 1 if len(gaps) > 1 else 0], 1),
                "max_gap_ms": round(gaps[-1], 1)}


def run(seconds: float) -> dict[str, Any]:
    from PySide6.QtCore import QCoreApplication, QEventLoop
    from PySide6.QtWidgets import QApplication

    from app.bootstrap import build_station
    from app.config import from_mapping
    from app.domain.enums import SiteKind
    from app.paths import StationPaths
    from ui.gui.main_window import MainWindow

    _app = QApplication.instance() or QApplication(["bench-gui"])  # kept alive for the run
    paths = StationPaths.default()
    paths.ensure()
    # One finger at a time (the slap flow has its own benchmark, bench_enrolment_gui).
    devices = {family: {"backend": "sim"} for family in ("camera", "fingerprint", "iris", "signature")}
    devices["fingerprint"]["slaps"] = False
    station = build_station(from_mapping({"devices": devices}, paths), log_to_file=False)
    supervisor = station.operators.create_first_supervisor("bench", "Bench Supervisor", "bench-sandi-123")
    site = station.sites.create_site("BENCH - SMA Contoh", SiteKind.SCHOOL, target_count=100)
    applicant = station.applicants.add_manual("3573014507080003", "SISWA BENCH", site_id=site.id)
    visit = station.sites.open_visit(site.id, operator_ids=[supervisor.id])
    window = MainWindow(station)
    window.show()

    def pump(condition: Callable[[], bool], timeout_s: float = 60.0) -> None:
        end = time.monotonic() + timeout_s
        while time.monotonic() < end and not condition():
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)

    window.context.set_operator(supervisor)
    window.context.set_visit(visit)
    window.root.setCurrentIndex(1)
    pump(lambda: all(window.context.devices.is_ready(f) for f in window.context.devices.families))
    window.start_enrolment(applicant.id)
    capture = window.capture_page
    face = capture.face
    face.auto_capture.setChecked(False)
    pump(lambda: face.preview.frames_shown > 0)
    meter = StallMeter()
    frames0, reports0, started = face.preview.frames_shown, face.reports_seen, time.perf_counter()
    pump(lambda: False, seconds)
    elapsed = time.perf_counter() - started
    preview = {"seconds": round(elapsed, 1),
               "frames_shown_per_s": round((face.preview.frames_shown - frames0) / elapsed, 1),
               "face_reports_per_s": round((face.reports_seen - reports0) / elapsed, 1),
               **meter.summary()}
    face.capture_now()
    pump(lambda: face.saved and face.continue_button.isEnabled())
    face.accept_photo()  # the operator has seen the kept photo ("Lanjut")
    pump(lambda: capture.current_step is capture.fingers)
    if capture.current_step is not capture.fingers:
        raise SystemExit("the face step did not hand over to the fingers")
    meter = StallMeter()
    finger_ms: list[float] = []
    for _ in range(30):
        if capture.fingers.done:
            break
        position = capture.fingers.current
        started = time.perf_counter()
        capture.fingers.scan()
        pump(lambda: not capture.fingers.scanning)
        finger_ms.append((time.perf_counter() - started) * 1000)
        if capture.fingers.may_force.get(position):
            break
    fingers = {"scans": len(finger_ms), "median_ms": round(statistics.median(finger_ms), 0),
               "max_ms": round(max(finger_ms), 0), **meter.summary()}
    capture.go_to(2)
    iris_ms = []
    for _ in range(2):
        started = time.perf_counter()
        capture.iris.scan_next()
        pump(lambda: capture.iris.scanning is None)
        iris_ms.append((time.perf_counter() - started) * 1000)
    window.close()
    station.close()
    return {"face_preview": preview, "fingerprints": fingers,
            "iris_ms": [round(v, 0) for v in iris_ms]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="bench-gui-") as home:
        os.environ["STATION_HOME"] = home
        results = run(args.seconds)
    print(json.dumps(results, indent=2))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "bench_gui.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
