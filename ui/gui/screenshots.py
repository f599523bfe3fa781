"""``python -m ui.gui.screenshots OUT_DIR``: render every page with the simulators, offscreen.

Builds a throw-away station (its own STATION_HOME in a temp folder) with
synthetic people only, walks through the operator's day, and saves one PNG per page.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

SUPERVISOR = ("supervisor", "Sari Wulandari", "contoh-sandi-123")
# Synthetic applicants (invented names; NIKs built for Kota Malang, born 2008).
APPLICANTS = (
    ("3573014507080003", "Ani Lestari", "10021", "XII IPA 1"),
    ("3573011203080001", "Bayu Saputra", "10022", "XII IPA 1"),
    ("3573015505080007", "Citra Dewi", "10023", "XII IPS 2"),
    ("3573010102080004", "Dimas Pratama", "10024", "XII IPS 2"),
    ("3573016108080002", "Eka Rahmawati", "10025", "XII Bahasa"),
)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out_dir = Path(args[0] if args else "docs/screenshots").resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="station-shots-") as home:
        os.environ["STATION_HOME"] = home
        return render_all(out_dir)


def render_all(out_dir: Path) -> int:
    from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    from app.bootstrap import build_station
    from app.domain.enums import Role, SiteKind
    from ui.gui.main_window import MainWindow
    from ui.gui.style import apply_style

    app = QApplication.instance() or QApplication(["station-screenshots"])
    apply_style(app)
    station = build_station(log_to_file=False)
    window = MainWindow(station)
    window.resize(1366, 768)
    window.show()

    def pump(condition: Callable[[], bool] = lambda: False, timeout_ms: int = 15_000) -> None:
        loop_timer = QTimer()
        loop_timer.setSingleShot(True)
        loop_timer.start(timeout_ms)
        while loop_timer.isActive() and not condition():
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)

    def shoot(name: str, widget: QWidget | None = None) -> None:
        pump(timeout_ms=300)
        (widget or window).grab().save(str(out_dir / f"{name}.png"))
        print(f"screenshot {name}.png")

    pump(lambda: window.login_page.first_run, 10_000)
    shoot("01-first-run")
    station.operators.create_first_supervisor(SUPERVISOR[0], SUPERVISOR[1], SUPERVISOR[2])  # opens the station
    station.operators.take_recovery_code()
    site = station.sites.create_site("SMA Negeri 3 Malang", SiteKind.SCHOOL, region_code="357301", target_count=180)
    station.sites.create_site("Mal Pelayanan Publik Kota Malang", SiteKind.MPP, region_code="357302", target_count=60)
    for nik, name, nis, class_name in APPLICANTS:
        station.applicants.add_manual(nik, name, site_id=site.id, student_number=nis, class_name=class_name)
    window.login_page.refresh()
    pump(lambda: not window.login_page.first_run, 10_000)
    window.login_page.username.setText(SUPERVISOR[0])
    shoot("02-login")
    window.login_page.password.setText(SUPERVISOR[2])
    window.login_page.submit_login()
    pump(lambda: window.context.operator is not None)
    pump(lambda: window.visit_page.site_list.count() == 2)
    shoot("03-visit")
    sites = window.visit_page.site_list
    for row in range(sites.count()):
        if sites.item(row).text().startswith("SMA Negeri 3"):
            sites.setCurrentRow(row)
    window.visit_page.start_visit()
    pump(lambda: window.context.visit is not None)
    pump(lambda: window.queue_page.table.rowCount() == len(APPLICANTS))
    shoot("04-queue")
    dialog = window.queue_page.open_manual_entry()
    if dialog is not None:
        dialog.nik.setText("3573015912080009")
        dialog.name.setText("Fajar Nugroho")
        if dialog.document_checks:
            dialog.document_checks[0].setChecked(True)  # the KK photocopy was shown
        dialog.resize(dialog.sizeHint().width(), dialog.sizeHint().height() + 40)
        shoot("05-manual-entry", dialog)
        dialog.nik.setText("3573019913080001")
        shoot("05b-manual-entry-invalid-nik", dialog)
        dialog.reject()

    window.queue_page.table.selectRow(0)
    window.queue_page.record_button.click()
    capture = window.capture_page
    pump(lambda: capture.enrolment_uuid is not None)
    pump(lambda: capture.face.reports_seen >= 3, 20_000)
    shoot("06-face")
    pump(lambda: capture.face.saved, 20_000)
    if not capture.face.saved:
        capture.face.capture_now()
    capture.go_to(1)
    for _ in range(3):
        capture.fingers.scan()
        pump(lambda: not capture.fingers.scanning, 20_000)
    pump(lambda: capture.fingers.preview_frames > 12, 5_000)
    shoot("07-fingerprints")
    for _ in range(40):
        if capture.fingers.done:
            break
        position = capture.fingers.current
        capture.fingers.scan()
        pump(lambda: not capture.fingers.scanning, 20_000)
        if capture.fingers.current == position and capture.fingers.may_force.get(position):
            break
    capture.go_to(2)
    capture.iris.scan_next()
    pump(lambda: capture.iris.scanning is None, 20_000)
    capture.iris.scan_next()
    pump(lambda: capture.iris.scanning is None, 20_000)
    capture.go_to(2)
    shoot("08-iris")
    capture.go_to(3)
    pump(lambda: len(capture.signature.canvas.points) > 40, 10_000)
    previous = -1
    while len(capture.signature.canvas.points) != previous:  # until the pen has finished
        previous = len(capture.signature.canvas.points)
        pump(timeout_ms=700)
    if not capture.signature.canvas.points:
        draw_demo_signature(capture.signature.canvas)
    shoot("09-signature")
    capture.signature.save()
    pump(lambda: capture.signature.saved, 10_000)
    capture.go_to(4)
    pump(lambda: capture.review.review is not None, 20_000)
    shoot("10-review")
    capture.review.save()
    pump(lambda: window.pages.currentWidget() is window.queue_page, 20_000)
    pump(lambda: window.queue_page.table.rowCount() == len(APPLICANTS), 5_000)
    shoot("11-queue-after-save")
    for key in window.page_keys:
        if key in ("visit", "queue", "capture"):
            continue
        window.show_page(key)
        pump(timeout_ms=1500)
        if key == "devices":
            window.devices_page.run_selfcheck()
            pump(lambda: not window.devices_page.running, 60_000)
            pump(lambda: window.devices_page.history_table.rowCount() > 0, 10_000)
        if key == "operator_prints":
            prints_page = window.operator_prints_page
            supervisor_id = window.context.operator.id
            pump(lambda: prints_page.table.rowCount() > 0, 5_000)
            prints_page.begin_capture(supervisor_id, supervisor_id)
            pump(lambda: prints_page.capturing is None, 60_000)
            pump(lambda: prints_page.table.rowCount() > 0, 5_000)
        shoot(f"12-{key}")
    shoot_frozen_queue(window, station, shoot, pump)
    window.close()
    station.close()
    return 0


def shoot_frozen_queue(window: object, station: object, shoot: Callable[[str], None],
                       pump: Callable[..., None]) -> None:
    """The queue while recording is frozen: a disk reported (falsely) almost full by a stub."""
    from collections import namedtuple

    from app.services.limits import StationLimits

    usage = namedtuple("usage", "total used free")
    report = StationLimits(station, disk_usage=lambda _path: usage(64 * 1024**3, 64 * 1024**3, 300 * 1024**2)).check()
    window.show_page("queue")  # type: ignore[attr-defined]
    pump(timeout_ms=800)
    window.limits.apply(report)  # type: ignore[attr-defined]
    shoot("13-queue-frozen")
    window.limits.check()  # type: ignore[attr-defined]


def draw_demo_signature(canvas: object) -> None:
    """A synthetic scribble for when no pad streams points (mouse fallback)."""
    import math
    import time

    from drivers.signature.base import PenPoint

    ranges = canvas.ranges  # type: ignore[attr-defined]
    points = []
    now = time.monotonic()
    for i in range(160):
        t = i / 160
        x = int(ranges.x_max * (0.1 + 0.8 * t))
        y = int(ranges.y_max * (0.55 + 0.2 * math.sin(t * 18) * (1 - t)))
        points.append(PenPoint(x, y, ranges.pressure_max // 2, True, True, now + i * 0.01))
    points.append(PenPoint(points[-1].x, points[-1].y, 0, False, True, now + 1.7))
    canvas.add_points(points)  # type: ignore[attr-defined]


if __name__ == "__main__":
    sys.exit(main())
