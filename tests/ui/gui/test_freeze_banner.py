"""Registration freeze in the GUI: a banner with reasons and what to do, no new recording, lifted by approval."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.bootstrap import Station
from app.config import from_mapping
from app.paths import StationPaths
from app.sync.synthetic import add_synthetic_enrolment
from tests.support.station import unlocked_station
from ui.gui.context import GuiContext
from ui.gui.limits_watch import LimitsWatcher
from ui.gui.main_window import MainWindow

from .conftest import SUPERVISOR

WAIT_MS = 20_000


@pytest.fixture
def frozen_station(station_home) -> Iterator[Station]:
    """One record waits for the supervisor and the limit is one: recording is frozen."""
    paths = StationPaths.default()
    paths.ensure()
    built = unlocked_station(from_mapping({"devices": {}, "limits": {"max_pending_approval": 1}}, paths))
    add_synthetic_enrolment(built.db, built.blobs, serial=1, approved=False)
    yield built
    built.close()


def test_frozen_station_shows_why_blocks_new_recordings_and_thaws_after_approval(
        qtbot, frozen_station: Station) -> None:
    station = frozen_station
    supervisor = station.operators.find(SUPERVISOR[0])  # the station fixture's first supervisor
    visit = station.sites.active_visit()  # the synthetic record's visit is still open
    assert supervisor.id and visit is not None
    station.applicants.add_manual("3573014507080003", "Ani Lestari", site_id=visit.site_id)
    window = MainWindow(station, open_devices=False)
    qtbot.addWidget(window)
    window.show()
    page = window.login_page
    qtbot.waitUntil(lambda: not page.first_run, timeout=WAIT_MS)
    page.username.setText(SUPERVISOR[0])
    page.password.setText(SUPERVISOR[2])
    page.submit_login()
    queue = window.queue_page
    qtbot.waitUntil(lambda: queue.table.rowCount() >= 1 and window.limits.report is not None, timeout=WAIT_MS)
    banner = queue.freeze_banner
    assert not banner.isHidden()
    assert "Perekaman dibekukan" in banner.text()
    assert "menunggu persetujuan supervisor" in banner.text() and "halaman Persetujuan" in banner.text()
    assert "station approve" not in banner.text()
    assert not queue.record_button.isEnabled()
    assert "menunggu persetujuan" in queue.record_button.toolTip()
    assert not window.capture_page.freeze_banner.isHidden()
    queue._record_current()  # Enter on the table: refused with a pointer to the banner
    assert "dibekukan" in queue.message.text()
    assert station.enrolments.drafts() == []

    window.show_page("approval")  # the supervisor approves: the freeze lifts by itself
    approval = window.approval_page
    qtbot.waitUntil(lambda: approval.table.rowCount() == 1, timeout=WAIT_MS)
    checks = window.limits.checks
    approval.approve_all_button.click()
    qtbot.waitUntil(lambda: window.limits.checks > checks and not window.limits.frozen, timeout=WAIT_MS)
    assert banner.isHidden() and window.capture_page.freeze_banner.isHidden()
    assert queue.record_button.isEnabled() and queue.record_button.toolTip() == ""
    window.close()


def test_the_watcher_measures_again_on_its_timer_off_the_gui_thread(qtbot, frozen_station: Station) -> None:
    context = GuiContext(frozen_station)
    watcher = LimitsWatcher(context, interval_ms=50)
    reports: list[object] = []
    watcher.report_changed.connect(reports.append)
    watcher.start()
    qtbot.waitUntil(lambda: watcher.checks >= 3, timeout=WAIT_MS)
    watcher.stop()
    assert all(report.frozen for report in reports)
    assert [b.code for b in reports[-1].breaches] == ["pending_approval"]
    context.storage.wait_idle()
    context.shutdown()


def test_english_banner_uses_the_english_reasons(qtbot, frozen_station: Station) -> None:
    from ui.gui.widgets.freeze_banner import FreezeBannerWidget

    banner = FreezeBannerWidget("en")
    qtbot.addWidget(banner)
    banner.show_report(frozen_station.limits.check())
    assert "waiting for the supervisor" in banner.text() and "A supervisor approves" in banner.text()
    banner.show_report(None)
    assert banner.isHidden()
