"""The main window's flow without devices: log in, open a visit, queue, crash recovery, settings."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from app.bootstrap import Station
from app.domain.enums import SiteKind
from app.errors import StorageError
from ui.gui.main_window import MainWindow

from .conftest import OFFICER, SUPERVISOR

WAIT_MS = 20_000


def _log_in(qtbot, window: MainWindow, username: str, password: str) -> None:
    page = window.login_page
    qtbot.waitUntil(lambda: not page.first_run, timeout=WAIT_MS)
    page.username.setText(username)
    page.password.setText(password)
    page.submit_login()
    qtbot.waitUntil(lambda: window.context.operator is not None, timeout=WAIT_MS)


def _window(qtbot, station: Station) -> MainWindow:
    window = MainWindow(station, open_devices=False)
    qtbot.addWidget(window)
    window.show()
    return window


def test_officer_logs_in_opens_a_visit_and_sees_the_queue(qtbot, station: Station, officer, supervisor) -> None:
    site = station.sites.create_site("SMK Negeri 4 Malang", SiteKind.SCHOOL, target_count=90)
    station.applicants.add_manual("3573014507080003", "Ani Lestari", site_id=site.id)
    window = _window(qtbot, station)
    _log_in(qtbot, window, OFFICER[0], OFFICER[2])
    assert window.root.currentIndex() == 1
    assert window.navigation.item(window.page_keys.index("settings")).isHidden()
    assert window.navigation.item(window.page_keys.index("approval")).isHidden()
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.visit_page, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.visit_page.site_list.count() == 1, timeout=WAIT_MS)
    window.visit_page.start_visit()
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.queue_page, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.queue_page.table.rowCount() == 1, timeout=WAIT_MS)
    assert "SMK Negeri 4 Malang" in window.visit_label.text()
    window.show_page("visit")
    qtbot.waitUntil(lambda: not window.visit_page.active_box.isHidden(), timeout=WAIT_MS)
    window.visit_page.close_button.click()  # end of the day at this school
    qtbot.waitUntil(lambda: window.context.visit is None, timeout=WAIT_MS)
    assert "Belum ada kunjungan aktif" in window.visit_label.text()
    assert station.sites.active_visit() is None
    window.idle.timed_out.emit()  # nobody touched the laptop for [gui] idle_logout_minutes
    assert window.root.currentIndex() == 0 and window.context.operator is None
    window.context.storage.wait_idle()
    assert station.locked and not station.db.is_open  # the data key left memory with the log-out
    _log_in(qtbot, window, OFFICER[0], OFFICER[2])  # and the next log-in opens it again
    assert not station.locked and window.root.currentIndex() == 1


def test_a_draft_left_by_a_crash_is_offered_back_after_log_in(qtbot, station: Station, supervisor) -> None:
    site = station.sites.create_site("SMA Negeri 5 Malang", SiteKind.SCHOOL, target_count=50)
    applicant = station.applicants.add_manual("3573011203080001", "Bayu Saputra", site_id=site.id)
    visit = station.sites.open_visit(site.id, operator_ids=[supervisor.id])
    uuid = station.enrolments.start(applicant.id, visit.id, supervisor.id)  # then the power went out
    window = _window(qtbot, station)
    _log_in(qtbot, window, SUPERVISOR[0], SUPERVISOR[2])
    assert not window.navigation.item(window.page_keys.index("settings")).isHidden()
    qtbot.waitUntil(lambda: getattr(window, "draft_box", None) is not None and window.draft_box.isVisible(),
                    timeout=WAIT_MS)
    assert "Bayu Saputra" in window.draft_box.text()
    window.draft_box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: window.capture_page.enrolment_uuid == uuid, timeout=WAIT_MS)
    assert window.pages.currentWidget() is window.capture_page
    assert "Bayu Saputra" in window.capture_page.applicant_label.text()
    window.capture_page.close_steps()
    window.context.storage.wait_idle()


def test_supervisor_adds_and_disables_an_operator_in_settings(qtbot, station: Station, supervisor) -> None:
    window = _window(qtbot, station)
    _log_in(qtbot, window, SUPERVISOR[0], SUPERVISOR[2])
    window.show_page("settings")
    page = window.settings_page
    qtbot.waitUntil(lambda: page.operator_table.rowCount() == 1, timeout=WAIT_MS)
    page.new_username.setText("petugas2")
    page.new_full_name.setText("Dewi Petugas")
    page.new_password.setText("sandi-awal-123")
    page.add_operator()
    qtbot.waitUntil(lambda: page.operator_table.rowCount() == 2, timeout=WAIT_MS)
    row = [page.operator_table.item(r, 0).text() for r in range(2)].index("petugas2")
    page.operator_table.selectRow(row)
    page.toggle_selected_operator()
    qtbot.waitUntil(lambda: page.operator_table.item(row, 3) is not None
                    and page.operator_table.item(row, 3).text() == "tidak", timeout=WAIT_MS)
    assert not [op for op in station.operators.list_operators() if op.username == "petugas2"][0].active


def test_settings_are_validated_then_written_to_the_configuration_file(qtbot, station: Station, supervisor) -> None:
    window = _window(qtbot, station)
    _log_in(qtbot, window, SUPERVISOR[0], SUPERVISOR[2])
    window.show_page("settings")
    page = window.settings_page
    page.office_code.setText("35x")
    page.save()
    assert page.message.isVisible() and "kode kantor" in page.message.text().lower()
    page.office_code.setText("3573")
    page.station_name.setText("Stasiun Keliling 2")
    page.max_attempts.setValue(4)
    page.language.setCurrentIndex(page.language.findData("en"))
    page.save()
    path = station.config.paths.config_file
    qtbot.waitUntil(lambda: path.exists() and "Keliling" in path.read_text(encoding="utf-8"), timeout=WAIT_MS)
    text = path.read_text(encoding="utf-8")
    assert 'language = "en"' in text and "max_attempts = 4" in text


def test_the_queue_resumes_an_unfinished_recording_instead_of_starting_another(
        qtbot, station: Station, supervisor) -> None:
    site = station.sites.create_site("SMA Negeri 7 Malang", SiteKind.SCHOOL, target_count=50)
    applicant = station.applicants.add_manual("3573011203080001", "Bayu Saputra", site_id=site.id)
    visit = station.sites.open_visit(site.id, operator_ids=[supervisor.id])
    uuid = station.enrolments.start(applicant.id, visit.id, supervisor.id)
    window = _window(qtbot, station)
    _log_in(qtbot, window, SUPERVISOR[0], SUPERVISOR[2])
    qtbot.waitUntil(lambda: getattr(window, "draft_box", None) is not None, timeout=WAIT_MS)
    window.draft_box.button(QMessageBox.StandardButton.No).click()  # not now
    qtbot.waitUntil(lambda: window.queue_page.table.rowCount() == 1, timeout=WAIT_MS)
    assert "belum selesai" in window.queue_page.table.item(0, 4).text()
    window.queue_page.record_button.click()
    qtbot.waitUntil(lambda: window.capture_page.enrolment_uuid == uuid, timeout=WAIT_MS)
    assert [d.uuid for d in station.enrolments.drafts()] == [uuid]
    window.capture_page.close_steps()
    window.context.storage.wait_idle()


def test_a_storage_error_after_log_in_is_shown_not_only_logged(qtbot, station: Station, officer, monkeypatch) -> None:
    site = station.sites.create_site("SMA Negeri 7 Malang", SiteKind.SCHOOL, target_count=40)
    station.sites.open_visit(site.id, operator_ids=[officer.id])

    def unreadable() -> None:
        raise StorageError("Basis data terkunci.", "The database is locked.")

    monkeypatch.setattr(station.enrolments, "drafts", unreadable)
    window = _window(qtbot, station)
    _log_in(qtbot, window, OFFICER[0], OFFICER[2])
    qtbot.waitUntil(lambda: "Basis data terkunci" in window.queue_page.message.text(), timeout=WAIT_MS)
    assert window.pages.currentWidget() is window.queue_page
    window.context.storage.wait_idle()
