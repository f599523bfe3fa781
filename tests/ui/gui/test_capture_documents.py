"""Documents seen in the GUI (manual entry and review, stored on the draft) and the simulator's photo backdrop."""

from __future__ import annotations

from sqlalchemy import select

from app.bootstrap import Station
from app.storage.models import Enrolment
from ui.gui.main_window import MainWindow

from .test_capture_flow import APPLICANTS, WAIT_MS, sim_station, start_recording, window  # noqa: F401 (fixtures)


def documents_of(station: Station, uuid: str) -> list[str]:
    with station.db.session() as session:
        return list(session.scalars(select(Enrolment.documents_seen).where(Enrolment.uuid == uuid)).one())


def test_review_warns_until_the_kk_copy_is_ticked_and_the_tick_is_stored(qtbot, window: MainWindow,
                                                                         sim_station: Station) -> None:
    camera = window.context.devices.device("camera")
    camera.set_background("scene")
    start_recording(qtbot, window, APPLICANTS[0][0])  # born 2008: an even year, a blue backdrop
    qtbot.waitUntil(lambda: camera.background == "blue", timeout=WAIT_MS)
    capture = window.capture_page
    review = capture.review
    capture.go_to(4)
    qtbot.waitUntil(lambda: review.review is not None, timeout=WAIT_MS)
    assert "document_missing" in review.warning_codes()
    text = " ".join(review.warnings.item(i).text() for i in range(review.warnings.count()))
    assert "Fotokopi Kartu Keluarga" in text
    kk = review.documents.checks["kk_copy"]
    assert "(wajib)" in kk.text()
    kk.click()
    qtbot.waitUntil(lambda: "document_missing" not in review.warning_codes(), timeout=WAIT_MS)
    assert documents_of(sim_station, capture.enrolment_uuid) == ["kk_copy"]


def test_documents_ticked_at_manual_entry_reach_the_recording(qtbot, window: MainWindow,
                                                              sim_station: Station) -> None:
    dialog = window.queue_page.open_manual_entry()
    assert dialog is not None
    dialog.nik.setText("3573015005070002")  # a woman born 10 May 2007: odd year, red backdrop
    dialog.name.setText("Citra Dewi")
    qtbot.waitUntil(lambda: bool(dialog.document_checks), timeout=WAIT_MS)
    dialog.document_checks[0].setChecked(True)
    assert dialog.documents_seen == ["kk_copy"]
    with qtbot.waitSignal(dialog.applicant_added, timeout=WAIT_MS):
        dialog.submit()
    qtbot.waitUntil(lambda: window.queue_page.table.rowCount() == len(APPLICANTS) + 1, timeout=WAIT_MS)
    camera = window.context.devices.device("camera")
    start_recording(qtbot, window, "3573015005070002")
    qtbot.waitUntil(lambda: camera.background == "red", timeout=WAIT_MS)
    uuid = window.capture_page.enrolment_uuid
    assert documents_of(sim_station, uuid) == ["kk_copy"]
    assert window.context.documents_shown == {}
    window.capture_page.go_to(4)
    review = window.capture_page.review
    qtbot.waitUntil(lambda: review.review is not None and review.review.uuid == uuid, timeout=WAIT_MS)
    assert review.documents.seen() == ["kk_copy"]
    assert "document_missing" not in review.warning_codes()
