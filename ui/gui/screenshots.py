"""``python -m ui.gui.screenshots OUT_DIR``: render every page with the simulators, offscreen, in both languages.

Builds a throw-away station (its own STATION_HOME in a temp folder) with
synthetic people only, walks through the operator's day, and saves one PNG per
page: Bahasa Indonesia in OUT_DIR, English in OUT_DIR/en.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from app.bootstrap import Station
    from ui.gui.pages.operator_prints_page import OperatorPrintsPage

SUPERVISOR = ("supervisor", "Sari Wulandari", "contoh-sandi-123")
# Synthetic applicants (invented names; NIKs built for Kota Malang, born 2008).
APPLICANTS = (
    ("3573014507080003", "Ani Lestari", "10021", "XII IPA 1"),
    ("3573011203080001", "Bayu Saputra", "10022", "XII IPA 1"),
    ("3573015505080007", "Citra Dewi", "10023", "XII IPS 2"),
    ("3573010102080004", "Dimas Pratama", "10024", "XII IPS 2"),
    ("3573016108080002", "Eka Rahmawati", "10025", "XII Bahasa"),
)


LANGUAGES = (("id", ""), ("en", "en"))
BAD_ROSTER = (  # one good row, one NIK with an impossible month, one sex that contradicts the NIK
    "NIS;NAMA;NIK;JK;KELAS\n"
    "10031;Gilang Ramadhan;3573011704080005;L;XII IPA 2\n"
    "10032;Hana Safitri;3573015913080006;P;XII IPA 2\n"
    "10033;Indra Wijaya;3573012206080008;P;XII IPS 1\n"
)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    base = Path(args[0] if args else "docs/screenshots").resolve()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    for language, folder in LANGUAGES:
        out_dir = base / folder if folder else base
        out_dir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix="station-shots-") as home:
            os.environ["STATION_HOME"] = home
            config = Path(home) / "config"
            config.mkdir(parents=True, exist_ok=True)
            (config / "station.toml").write_text(f'[station]\nlanguage = "{language}"\n', encoding="utf-8")
            code = render_all(out_dir, language)
        if code:
            return code
    return 0


def render_all(out_dir: Path, language: str = "id") -> int:
    from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    from app.bootstrap import build_station
    from app.domain.enums import SiteKind
    from ui.gui.i18n import install_translator
    from ui.gui.main_window import MainWindow
    from ui.gui.style import apply_style

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(["station-screenshots"])
    apply_style(app)
    translator = install_translator(app, language)
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
    pump(lambda: capture.face.continue_button.isEnabled(), 10_000)
    shoot("06b-face-kept")
    capture.face.accept_photo()
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
    pump(lambda: capture.review.thumbnails_shown > 0, 20_000)
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
            assert window.context.operator is not None
            supervisor_id = window.context.operator.id
            pump(partial(_has_rows, prints_page), 5_000)
            prints_page.begin_capture(supervisor_id, supervisor_id)
            pump(partial(_capture_done, prints_page), 60_000)
            pump(partial(_has_rows, prints_page), 5_000)
        if key == "progress":  # the charts drawn after the save (an earlier, empty pair may still be shown)
            pump(timeout_ms=4000)
        if key == "report":
            pump(lambda: window.report_page.quality.has_chart, 20_000)
        shoot(f"12-{key}")
        if key == "report":
            shoot_report_pdf(window, out_dir, pump)
    shoot_site_dialogs(window, shoot, pump)
    shoot_resend(window, station, shoot, pump)
    shoot_frozen_queue(window, station, shoot, pump)
    window.close()
    station.close()
    if translator is not None:
        app.removeTranslator(translator)
    return 0


def _has_rows(page: OperatorPrintsPage) -> bool:
    return page.table.rowCount() > 0


def _capture_done(page: OperatorPrintsPage) -> bool:
    return page.capturing is None


def shoot_report_pdf(window: object, out_dir: Path, pump: Callable[..., None]) -> None:
    """The day's PDF report as the supervisor prints it: its first page as a PNG (needs poppler's pdftoppm)."""
    import shutil
    import subprocess

    page = window.report_page  # type: ignore[attr-defined]
    pdf = out_dir / "16-daily-report.pdf"
    page.save_as(".pdf", pdf)
    pump(lambda: pdf.exists(), 20_000)
    if pdf.exists() and shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "70", "-singlefile", str(pdf), str(out_dir / "16-daily-report")],
                       check=True)
        print("screenshot 16-daily-report.png")
    pdf.unlink(missing_ok=True)


def shoot_resend(window: object, station: object, shoot: Callable[..., None], pump: Callable[..., None]) -> None:
    """The day's record failed at the centre: the queue and the sending page offer a resend.

    The screenshots run without a hub, so the outbox is moved the way a sync moves it
    (``mark_sent``, then the centre's status through ``apply_central_status``); the
    packet reference stands in for the sealed packet a registered station would hold.
    """
    from app.domain.enums import CentralStatus
    from app.sync import outbox

    supervisor = window.context.operator  # type: ignore[attr-defined]
    station.enrolments.approve(station.enrolments.pending_approval(), supervisor.id)  # type: ignore[attr-defined]
    for entry_id, packet_uuid in outbox.stand_in_packet_refs(station.db):  # type: ignore[attr-defined]
        outbox.mark_sent(station.db, entry_id, {"packet_uuid": packet_uuid})  # type: ignore[attr-defined]
        outbox.apply_central_status(station.db, packet_uuid,  # type: ignore[attr-defined]
                                    CentralStatus.ENROLL_FAILURE_AT_CENTRAL)
    window.show_page("queue")  # type: ignore[attr-defined]
    pump(timeout_ms=1500)
    shoot("17-queue-failed-at-centre")
    window.show_page("sync")  # type: ignore[attr-defined]
    panel = window.sync_page.resend_panel  # type: ignore[attr-defined]
    pump(lambda: panel.table.rowCount() > 0, 10_000)
    shoot("17b-sync-resend")


def shoot_site_dialogs(window: object, shoot: Callable[..., None], pump: Callable[..., None]) -> None:
    """Editing a site, and a roster import's preview with its bad rows (then the good row imported)."""
    window.show_page("visit")  # type: ignore[attr-defined]
    pump(timeout_ms=800)
    visit_page = window.visit_page  # type: ignore[attr-defined]
    dialog = visit_page.edit_site()
    if dialog is not None:
        dialog.resize(520, dialog.sizeHint().height())
        shoot("14-site-edit", dialog)
        dialog.reject()
    with tempfile.TemporaryDirectory(prefix="station-roster-") as folder:
        roster = Path(folder) / "daftar-xii-ipa-2.csv"
        roster.write_text(BAD_ROSTER, encoding="utf-8")
        importer = visit_page.import_roster()
        if importer is None:
            return
        importer.path.setText(str(roster))
        importer.check()
        pump(lambda: importer.preview is not None, 10_000)
        shoot("15-roster-preview", importer)
        importer.commit()
        pump(lambda: importer.import_result is not None, 10_000)
        shoot("15b-roster-imported", importer)
        importer.reject()


def shoot_frozen_queue(window: object, station: Station, shoot: Callable[[str], None],
                       pump: Callable[..., None]) -> None:
    """The queue while recording is frozen: a disk reported (falsely) almost full by a stub."""
    from collections import namedtuple


    usage = namedtuple("usage", "total used free")
    report = station.build_limits(disk_usage=lambda _path: usage(64 * 1024**3, 64 * 1024**3, 300 * 1024**2)).check()
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
