"""Roster import and site editing in the GUI: preview with every bad row, import the good ones, edit a site."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from app.bootstrap import Station
from app.domain.enums import SiteKind
from ui.gui.context import GuiContext
from ui.gui.pages.roster_import_dialog import RosterImportDialog
from ui.gui.pages.visit_page import VisitPage

WAIT_MS = 20_000
ROSTER = (
    "NIS;NAMA;NIK;JK;KELAS\n"
    "10021;Ani Lestari;3573014507080003;P;XII IPA 1\n"
    "10022;Bayu Saputra;3573011203080001;L;XII IPA 1\n"
    "10023;Citra Salah;3573019913080001;P;XII IPS 2\n"  # impossible month 13 in the NIK
    "10024;Dimas Pratama;3573010102080004;P;XII IPS 2\n"  # a man's NIK marked P
)


def _roster(tmp_path: Path) -> Path:
    path = tmp_path / "daftar siswa.csv"
    path.write_text(ROSTER, encoding="utf-8")
    return path


def test_preview_shows_every_bad_row_then_imports_the_good_ones(qtbot, gui_context: GuiContext, station: Station,
                                                                 supervisor, tmp_path: Path) -> None:
    gui_context.set_operator(supervisor)
    site = station.sites.create_site("SMA Negeri 3 Malang", SiteKind.SCHOOL, target_count=120)
    dialog = RosterImportDialog(gui_context, site.name, SiteKind.SCHOOL)
    qtbot.addWidget(dialog)
    dialog.path.setText(str(_roster(tmp_path)))
    dialog.check()
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=WAIT_MS)
    assert station.applicants.search("", site_id=site.id) == []  # nothing written by the preview
    rows = {(dialog.table.item(r, 0).text(), dialog.table.item(r, 1).text()) for r in range(dialog.table.rowCount())}
    assert ("4", "NIK") in rows and ("5", "JK") in rows  # Excel row numbers (header is row 1), file's headers
    assert "2 baik" in dialog.summary.text() and "2 baris ditolak" in dialog.summary.text()
    assert dialog.import_button.isEnabled() and "2" in dialog.import_button.text()
    with qtbot.waitSignal(dialog.imported, timeout=WAIT_MS) as blocker:
        dialog.import_button.click()
    assert blocker.args[0].imported == 2
    assert "2 pemohon diimpor" in dialog.message.text()
    assert {a.name for a in station.applicants.search("", site_id=site.id)} == {"Ani Lestari", "Bayu Saputra"}
    dialog.check()  # the same file again: nothing new
    qtbot.waitUntil(lambda: dialog.preview is not None and dialog.preview.already_present == 2, timeout=WAIT_MS)
    assert not dialog.import_button.isEnabled()


def test_an_unreadable_file_is_explained_and_imports_nothing(qtbot, gui_context: GuiContext, station: Station,
                                                             tmp_path: Path) -> None:
    path = tmp_path / "rusak.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a workbook")
    dialog = RosterImportDialog(gui_context, "SMA Baru", SiteKind.SCHOOL)
    qtbot.addWidget(dialog)
    dialog.path.setText(str(path))
    dialog.check()
    qtbot.waitUntil(lambda: dialog.message.objectName() == "errorText", timeout=WAIT_MS)
    assert "Traceback" not in dialog.message.text() and dialog.message.text()
    assert not dialog.import_button.isEnabled()
    assert station.sites.list_sites() == []


def test_visit_page_edits_a_site_and_takes_its_polling_day(qtbot, gui_context: GuiContext, station: Station,
                                                           supervisor) -> None:
    gui_context.set_operator(supervisor)
    station.sites.create_site("SMA Negeri 3 Malang", SiteKind.SCHOOL)
    page = VisitPage(gui_context)
    qtbot.addWidget(page)
    page.refresh()
    qtbot.waitUntil(lambda: page.site_list.count() == 1, timeout=WAIT_MS)
    assert not page.use_polling_day.isChecked()  # no polling day on the site or in the settings
    dialog = page.edit_site()
    assert dialog is not None and not dialog.form.name.isEnabled()
    form = dialog.form
    form.kind.setCurrentIndex(form.kind.findData(SiteKind.VILLAGE))
    form.region_code.setText("357301")
    form.target.setValue(90)
    form.use_polling_day.setChecked(True)
    form.polling_day.setDate(dt.date(2029, 2, 14))
    with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS):
        dialog.submit()
    [site] = station.sites.list_sites()
    assert (site.kind, site.region_code, site.target_count, site.polling_date) == (
        SiteKind.VILLAGE, "357301", 90, dt.date(2029, 2, 14))
    qtbot.waitUntil(lambda: "90" in page.site_list.item(0).text(), timeout=WAIT_MS)
    assert "desa" in page.site_list.item(0).text().lower()
    assert page.use_polling_day.isChecked() and page.polling_day.date().toPython() == dt.date(2029, 2, 14)
