"""The sending page's removable-media panel: hand-over and backup run off the GUI thread with a progress bar."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from app.bootstrap import Station
from app.domain.enums import OutboxState
from app.sync import handover_export
from app.sync.handover_format import MANIFEST_FILE
from app.sync.synthetic import add_synthetic_enrolment
from server.local import LocalHub
from ui.gui.pages.sync_page import SyncPage


@pytest.fixture
def station_settings() -> dict[str, Any]:
    return {"devices": {}, "sync": {"require_approval": False, "tries_per_run": 1}}


def test_copy_to_removable_media_off_the_gui_thread(sync_page: SyncPage, station: Station, hub: LocalHub, tmp_path: Path,
                                                    qtbot, monkeypatch) -> None:
    assert hub.hub is not None
    station.sync.register(hub.url, hub.hub.invite("SMAN-1"))
    for serial in range(3):
        add_synthetic_enrolment(station.db, station.blobs, serial=serial, record_size=20_000)
    threads: list[threading.Thread] = []
    original = handover_export.export_handover

    def recording(*args, **kwargs):
        threads.append(threading.current_thread())
        return original(*args, **kwargs)

    monkeypatch.setattr("ui.gui.pages.removable_media.export_handover", recording)
    panel = sync_page.media
    assert panel.export_button.text() == "Salin ke media lepas"
    with qtbot.waitSignal(panel.finished, timeout=30000) as blocker:
        panel.export_to(tmp_path / "stick")
    assert len(blocker.args[0].packets) == 3
    assert threads and threads[0] is not threading.main_thread()
    assert panel.progress_bar.value() == panel.progress_bar.maximum() == 3
    assert "3 paket tersalin" in panel.message.text()
    assert (tmp_path / "stick" / MANIFEST_FILE).exists()


def test_unregistered_station_is_told_it_cannot_hand_over(sync_page: SyncPage, tmp_path: Path, qtbot) -> None:
    with qtbot.waitSignal(sync_page.media.failed, timeout=10000):
        sync_page.media.export_to(tmp_path / "stick")
    assert "belum terdaftar" in sync_page.media.message.text()
    assert sync_page.media.export_button.isEnabled()


def test_backup_needs_a_supervisor(sync_page: SyncPage, station: Station, tmp_path: Path, qtbot) -> None:
    # "spv" / "rahasia-spv-123" is the fixture's supervisor (tests.support.station.TEST_SUPERVISOR).
    station.operators.create_operator("ptg", "Budi Petugas", "officer", "rahasia-ptg-123")
    add_synthetic_enrolment(station.db, station.blobs, serial=1, record_size=10_000)
    with qtbot.waitSignal(sync_page.media.failed, timeout=10000):
        sync_page.media.backup_to(tmp_path / "backup", "ptg", "rahasia-ptg-123")
    assert not (tmp_path / "backup" / "backups").exists()
    with qtbot.waitSignal(sync_page.media.finished, timeout=30000) as blocker:
        sync_page.media.backup_to(tmp_path / "backup", "spv", "rahasia-spv-123")
    assert blocker.args[0].enrolments == 1
    assert "Cadangan selesai" in sync_page.media.message.text()
    with station.db.session() as session:
        from sqlalchemy import select

        from app.storage.models import OutboxEntry

        assert session.scalars(select(OutboxEntry.state)).all() == [OutboxState.QUEUED]
