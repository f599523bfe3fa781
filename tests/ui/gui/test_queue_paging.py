"""The queue reads a large roster a page at a time; the search then runs in the database."""

from __future__ import annotations

from app.bootstrap import Station
from app.domain.enums import EnrolmentStatus, OutboxState
from app.storage.models import Enrolment, OutboxEntry
from ui.gui.context import GuiContext
from ui.gui.pages.queue_page import QueuePage

WAIT_MS = 20_000
NAMES = ["Dewi", "Ahmad", "Citra", "Eko", "Bagus", "Fajar", "Gita"]


def _roster(station: Station, officer) -> dict[str, int]:
    site = station.sites.create_site("SMAN 9 Malang")
    ids = {name: station.applicants.add_manual(f"35730101020800{i:02d}", name, site_id=site.id,
                                               student_number=f"88{i}").id
           for i, name in enumerate(NAMES, start=1)}
    with station.db.session() as session:
        enrolment = Enrolment(applicant_id=ids["Ahmad"], status=EnrolmentStatus.BIO_CAPTURED)
        session.add(enrolment)
        session.add(OutboxEntry(enrolment=enrolment, state=OutboxState.QUEUED))
    station.sites.open_visit(site.id, operator_ids=[officer.id])
    return ids


def _names(page: QueuePage) -> list[str]:
    return [page.table.item(row, 0).text() for row in range(page.table.rowCount())]


def test_a_roster_larger_than_a_page_loads_on_scrolling_and_searches_the_database(
        qtbot, gui_context: GuiContext, station: Station, officer) -> None:
    _roster(station, officer)
    gui_context.set_operator(officer)
    gui_context.set_visit(station.sites.active_visit())
    page = QueuePage(gui_context)
    page.page_size = 3
    page.resize(800, 200)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    qtbot.waitUntil(lambda: page.table.rowCount() >= 3, timeout=WAIT_MS)
    assert _names(page)[:3] == ["Bagus", "Citra", "Dewi"]
    assert page.table.rowCount() == 7 or "dari 7" in page.message.text()

    def scrolled_to_the_end() -> bool:
        page.table.verticalScrollBar().setValue(page.table.verticalScrollBar().maximum())
        return page.table.rowCount() == 7

    qtbot.waitUntil(scrolled_to_the_end, timeout=WAIT_MS)
    assert _names(page) == ["Bagus", "Citra", "Dewi", "Eko", "Fajar", "Gita", "Ahmad"]  # recorded last
    assert page.message.text() == ""

    page.table.verticalScrollBar().setValue(0)
    page.refresh()  # back to the first page; Gita is not loaded, the database finds her
    qtbot.waitUntil(lambda: page.table.rowCount() >= 3 and not page.complete, timeout=WAIT_MS)
    page.search.setText("gita")
    qtbot.waitUntil(lambda: _names(page) == ["Gita"], timeout=WAIT_MS)
    page.search.setText("887")  # student number
    qtbot.waitUntil(lambda: _names(page) == ["Gita"] and page.loaded_query == "887", timeout=WAIT_MS)
    page.search.setText("tidak ada")
    qtbot.waitUntil(lambda: page.table.rowCount() == 0, timeout=WAIT_MS)
    page.search.clear()
    qtbot.waitUntil(lambda: page.table.rowCount() >= 3 and page.loaded_query == "", timeout=WAIT_MS)
    with qtbot.waitSignal(page.record_requested, timeout=WAIT_MS) as blocker:
        page.table.selectRow(1)
        page.record_button.click()
    assert blocker.args[0] == station.applicants.by_nik("3573010102080003").id  # Citra


def test_a_small_roster_is_loaded_whole_and_filtered_at_once(
        qtbot, gui_context: GuiContext, station: Station, officer) -> None:
    _roster(station, officer)
    gui_context.set_visit(station.sites.active_visit())
    page = QueuePage(gui_context)
    qtbot.addWidget(page)
    page.refresh()
    qtbot.waitUntil(lambda: page.table.rowCount() == 7, timeout=WAIT_MS)
    assert page.complete
    page.search.setText("ahmad")
    assert _names(page) == ["Ahmad"]  # no database round trip
