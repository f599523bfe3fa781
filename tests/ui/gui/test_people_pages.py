"""Log-in (first run and usual), today's visit, and the applicant queue with manual entry."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from app.bootstrap import Station
from app.domain.enums import Sex, SiteKind
from ui.gui.context import GuiContext
from ui.gui.pages.login_page import LoginPage
from ui.gui.pages.manual_entry_dialog import ManualEntryDialog
from ui.gui.pages.queue_page import QueuePage
from ui.gui.pages.visit_page import VisitPage

from .conftest import OFFICER

WAIT_MS = 20_000


def test_wrong_password_is_refused_with_a_message(qtbot, gui_context: GuiContext, officer, supervisor) -> None:
    page = LoginPage(gui_context)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    qtbot.waitUntil(lambda: not page.first_run and page.forms.currentIndex() == 0, timeout=WAIT_MS)
    page.username.setText(OFFICER[0])
    page.password.setText("salah-sekali")
    page.submit_login()
    qtbot.waitUntil(lambda: page.login_button.isEnabled() and "Memeriksa" not in page.login_message.text(),
                    timeout=WAIT_MS)
    assert page.login_message.isVisible()
    assert "salah" in page.login_message.text().lower()
    page.password.setText(OFFICER[2])
    with qtbot.waitSignal(page.logged_in, timeout=WAIT_MS) as blocker:
        qtbot.keyClick(page.password, Qt.Key.Key_Return)
    assert blocker.args[0].username == OFFICER[0]


def test_visit_page_creates_a_site_and_opens_a_visit(qtbot, gui_context: GuiContext, officer) -> None:
    gui_context.set_operator(officer)
    page = VisitPage(gui_context)
    qtbot.addWidget(page)
    page.refresh()
    form = page.site_form
    form.name.setText("SMA Negeri 1 Malang")
    form.kind.setCurrentIndex(form.kind.findData(SiteKind.SCHOOL))
    form.region_code.setText("357302")
    form.target.setValue(180)
    page.add_site()
    qtbot.waitUntil(lambda: page.site_list.count() == 1, timeout=WAIT_MS)
    page.use_polling_day.setChecked(True)
    with qtbot.waitSignal(page.visit_started, timeout=WAIT_MS) as blocker:
        page.start_visit()
    visit = blocker.args[0]
    assert visit.site.name == "SMA Negeri 1 Malang"
    assert visit.polling_date is not None
    page.refresh()
    qtbot.waitUntil(lambda: page._active is not None, timeout=WAIT_MS)
    assert not page.active_box.isHidden()


def test_bad_region_code_is_explained(qtbot, gui_context: GuiContext) -> None:
    page = VisitPage(gui_context)
    qtbot.addWidget(page)
    page.site_form.name.setText("SMK 2")
    page.site_form.region_code.setText("35A")
    page.add_site()
    assert "6 angka" in page.message.text()


def _open_visit(station: Station, officer) -> object:
    site = station.sites.create_site("SMA Negeri 3 Malang", SiteKind.SCHOOL, target_count=120)
    station.applicants.add_manual("3573014507080003", "Ani Lestari", site_id=site.id, student_number="10021")
    station.applicants.add_manual("3573011203080001", "Bayu Saputra", site_id=site.id, student_number="10022")
    return station.sites.open_visit(site.id, operator_ids=[officer.id])


def test_queue_lists_roster_and_searches_by_name_nik_and_student_number(qtbot, gui_context: GuiContext,
                                                                        station: Station, officer) -> None:
    gui_context.set_operator(officer)
    gui_context.set_visit(_open_visit(station, officer))
    page = QueuePage(gui_context)
    qtbot.addWidget(page)
    page.refresh()
    qtbot.waitUntil(lambda: page.table.rowCount() == 2, timeout=WAIT_MS)
    assert page.table.item(0, 4).text() == "Belum direkam"
    page.search.setText("bayu")
    assert page.table.rowCount() == 1
    page.search.setText("4507080003")
    assert page.table.item(0, 0).text() == "Ani Lestari"
    page.search.setText("10022")
    assert page.table.item(0, 0).text() == "Bayu Saputra"
    with qtbot.waitSignal(page.record_requested, timeout=WAIT_MS) as blocker:
        qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert blocker.args[0] == station.applicants.by_nik("3573011203080001").id


def test_manual_entry_blocks_an_invalid_nik_and_fills_fields_from_a_valid_one(
        qtbot, gui_context: GuiContext, station: Station, officer) -> None:
    visit = _open_visit(station, officer)
    dialog = ManualEntryDialog(gui_context, visit.site_id, today=dt.date(2025, 9, 1))
    qtbot.addWidget(dialog)
    dialog.nik.setText("35730112")
    assert not dialog.save_button.isEnabled()
    assert "16" in dialog.nik_feedback.text()
    dialog.nik.setText("3573019913080001")  # day 99 is no date
    assert not dialog.save_button.isEnabled()
    assert dialog.nik_feedback.text()
    dialog.nik.setText("3573015505080007")  # woman born 15 May 2008
    assert dialog.save_button.isEnabled()
    assert dialog.birth_date.date().toPython() == dt.date(2008, 5, 15)
    assert dialog.sex.currentData() == Sex.FEMALE
    assert dialog.eligibility.text()
    assert dialog.document_checks and "KK" in dialog.document_checks[0].text()
    dialog.name.setText("Citra Dewi")
    with qtbot.waitSignal(dialog.applicant_added, timeout=WAIT_MS):
        dialog.submit()
    added = station.applicants.by_nik("3573015505080007")
    assert added is not None and added.name == "Citra Dewi" and added.site_id == visit.site_id


def test_queue_shows_age_and_blocks_someone_too_young(qtbot, gui_context: GuiContext, station: Station,
                                                      officer) -> None:
    site = station.sites.create_site("SMP Negeri 1 Malang", SiteKind.SCHOOL)
    young = station.applicants.today().year - 13
    nik = f"3573011508{young % 100:02d}0001"  # a boy born 15 August, thirteen years ago
    station.applicants.add_manual(nik, "Gita Muda", site_id=site.id)
    gui_context.set_operator(officer)
    gui_context.set_visit(station.sites.open_visit(site.id, operator_ids=[officer.id]))
    page = QueuePage(gui_context)
    qtbot.addWidget(page)
    page.refresh()
    qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=WAIT_MS)
    assert "belum boleh" in page.table.item(0, 5).text()
    assert page.table.selectedItems() == []  # someone too young is never pre-selected
    page.table.selectRow(0)
    with qtbot.assertNotEmitted(page.record_requested):
        page.record_button.click()
    assert "belum boleh direkam" in page.message.text()
