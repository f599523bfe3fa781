"""The sync page: sends on a worker thread with progress, registers via a supervisor, sends automatically."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from app.bootstrap import Station
from app.sync.synthetic import add_synthetic_enrolment
from server.local import LocalHub
from ui.gui.context import GuiContext
from ui.gui.pages.sync_page import SyncPage


@pytest.fixture
def station_settings() -> dict[str, Any]:
    return {"devices": {}, "sync": {"require_approval": False, "chunk_size": 16384, "poll_interval_s": 5, "tries_per_run": 1}}


def test_unregistered_page_says_so_and_cannot_send(sync_page: SyncPage, qtbot) -> None:
    qtbot.waitUntil(lambda: "belum terdaftar" in sync_page.summary_label.text())
    assert not sync_page.send_button.isEnabled()


def test_send_runs_off_the_gui_thread_and_shows_progress(sync_page: SyncPage, station: Station, hub: LocalHub,
                                                         qtbot, monkeypatch) -> None:
    assert hub.hub is not None
    station.sync.register(hub.url, hub.hub.invite("SMAN-1"))
    for serial in range(3):
        add_synthetic_enrolment(station.db, station.blobs, serial=serial, record_size=50_000)
    threads: list[threading.Thread] = []
    original = station.sync.sync_now

    def recording(*args, **kwargs):
        threads.append(threading.current_thread())
        return original(*args, **kwargs)

    monkeypatch.setattr(station.sync, "sync_now", recording)
    sync_page.refresh()
    qtbot.waitUntil(sync_page.send_button.isEnabled)
    with qtbot.waitSignal(sync_page.sync_finished, timeout=30000) as blocker:
        sync_page.send_button.click()
    report = blocker.args[0]
    assert len(report.sent) == 3
    assert threads and threads[0] is not threading.main_thread()
    assert sync_page.progress_bar.value() == sync_page.progress_bar.maximum() == 3
    assert "3/3" in sync_page.progress_label.text()
    assert "Terkirim: 3" in sync_page.details.toPlainText()
    qtbot.waitUntil(lambda: "terkirim: 3" in sync_page.summary_label.text())


def test_registration_dialog_needs_a_supervisor(sync_page: SyncPage, station: Station, hub: LocalHub,
                                                qtbot) -> None:
    assert hub.hub is not None
    station.operators.find("spv")  # the station fixture's first supervisor
    station.operators.create_operator("ptg", "Budi Petugas", "officer", "rahasia-ptg-123")
    dialog = sync_page.open_registration()
    dialog.hub_url.setText(hub.url)
    dialog.code.setText(hub.hub.invite("SMAN-1"))
    dialog.username.setText("ptg")
    dialog.password.setText("rahasia-ptg-123")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.message.isVisible() and dialog.buttons.isEnabled())
    assert station.sync.registration is None
    dialog.username.setText("spv")
    dialog.password.setText("rahasia-spv-123")
    with qtbot.waitSignal(dialog.accepted, timeout=20000):
        dialog.submit()
    assert station.sync.registration is not None
    qtbot.waitUntil(lambda: "SMAN" not in sync_page.summary_label.text() and "Pusat:" in sync_page.summary_label.text())


def test_automatic_sending_when_the_hub_answers(sync_page: SyncPage, station: Station, hub: LocalHub,
                                                qtbot) -> None:
    assert hub.hub is not None
    station.sync.register(hub.url, hub.hub.invite("SMAN-1"))
    add_synthetic_enrolment(station.db, station.blobs, serial=7)
    with qtbot.waitSignal(sync_page.sync_finished, timeout=30000) as blocker:
        sync_page.auto_tick()
    assert len(blocker.args[0].sent) == 1
    sync_page.auto_send.setChecked(False)
    sync_page.auto_tick()
    assert not sync_page.busy


def test_the_page_reports_the_hub_configuration_applied_or_refused(sync_page: SyncPage, station: Station, hub: LocalHub,
                                                                   qtbot) -> None:
    assert hub.hub is not None
    station.sync.register(hub.url, hub.hub.invite("SMAN-1"))
    hub.hub.push_config({"quality": {"max_attempts": 4}})
    sync_page.refresh()
    qtbot.waitUntil(sync_page.send_button.isEnabled)
    with qtbot.waitSignal(sync_page.sync_finished, timeout=30000):
        sync_page.send_button.click()
    details = sync_page.details.toPlainText()
    assert "Konfigurasi dari pusat (versi 1) diterapkan: quality.max_attempts" in details
    assert "Berlaku setelah aplikasi dimulai ulang: quality.max_attempts" in details

    hub.hub.push_config({"database": {"url": "sqlite:////tmp/elsewhere.sqlite3"}})
    qtbot.waitUntil(sync_page.send_button.isEnabled)
    with qtbot.waitSignal(sync_page.sync_finished, timeout=30000):
        sync_page.send_button.click()
    assert "(versi 2) ditolak, tidak ada yang diubah" in sync_page.details.toPlainText()
    assert "[database]" in sync_page.details.toPlainText()


def test_the_page_speaks_english_from_the_compiled_translations(gui_context: GuiContext, qtbot, qapp) -> None:
    import subprocess
    import sys

    from ui.gui.i18n import install_translator

    root = Path(__file__).resolve().parents[3]
    subprocess.run([sys.executable, str(root / "scripts" / "build_translations.py")], check=True)
    translator = install_translator(qapp, "en")
    assert translator is not None
    try:
        widget = SyncPage(gui_context)
        qtbot.addWidget(widget)
        assert widget.send_button.text() == "Send now"
        qtbot.waitUntil(lambda: "not registered" in widget.summary_label.text())
        widget.shutdown()
    finally:
        qapp.removeTranslator(translator)


def test_sync_settings_from_the_hub_reach_the_page_at_once(sync_page: SyncPage, station: Station, hub: LocalHub,
                                                           qtbot) -> None:
    assert hub.hub is not None
    station.sync.register(hub.url, hub.hub.invite("SMAN-1"))
    hub.hub.push_config({"sync": {"poll_interval_s": 600, "auto_send": False}})
    assert sync_page.timer.interval() == 5000 and sync_page.auto_send.isChecked()
    sync_page.refresh()
    qtbot.waitUntil(sync_page.send_button.isEnabled)
    with qtbot.waitSignal(sync_page.sync_finished, timeout=30000):
        sync_page.send_button.click()
    assert sync_page.timer.interval() == 600_000
    assert not sync_page.auto_send.isChecked()


def test_a_packet_the_centre_failed_is_listed_and_resent(sync_page: SyncPage, station: Station, hub: LocalHub,
                                                         qtbot) -> None:
    assert hub.hub is not None
    station.sync.register(hub.url, hub.hub.invite("SMAN-1"))
    add_synthetic_enrolment(station.db, station.blobs, serial=1)
    station.sync.sync_now(pull=False)
    [packet] = hub.hub.list_packets()
    hub.hub.set_status(packet["packet_uuid"], "enroll_failure_at_central")
    station.sync.sync_now(pull=False)
    sync_page.refresh()
    panel = sync_page.resend_panel
    qtbot.waitUntil(lambda: panel.table.rowCount() == 1, timeout=20_000)
    assert panel.table.item(0, 2).text() == "gagal rekam di pusat"
    assert "enroll_failure" not in panel.table.item(0, 2).text()
    panel.table.selectRow(0)
    with qtbot.waitSignal(sync_page.sync_finished, timeout=30_000):
        panel.resend_button.click()
    qtbot.waitUntil(lambda: panel.table.rowCount() == 0, timeout=20_000)
    assert hub.hub.list_packets()[0]["status"] == "received"
    assert "T" not in sync_page.summary_label.text().split("terakhir:")[-1]  # a local time, not an ISO timestamp
