"""The supervisors' daily report page and the progress page's live charts."""

from __future__ import annotations

import csv
from pathlib import Path

from PySide6.QtCore import QDate

from app.bootstrap import Station
from tests.support.day_records import DAY, seed_day
from ui.gui.context import GuiContext
from ui.gui.pages.progress_page import ProgressPage
from ui.gui.pages.report_page import ReportPage

WAIT_MS = 30_000


def test_report_page_shows_the_day_and_saves_pdf_and_csv(qtbot, gui_context: GuiContext, station: Station,
                                                          tmp_path: Path) -> None:
    seed_day(station)
    page = ReportPage(gui_context)
    qtbot.addWidget(page)
    page.day.setDate(QDate(DAY))
    page.refresh()
    qtbot.waitUntil(lambda: page.report is not None and page.report.recorded == 4, timeout=WAIT_MS)
    assert page.figure_labels[0][0].text() == "4 / 120"
    qtbot.waitUntil(lambda: page.hourly.has_chart and page.quality.has_chart, timeout=WAIT_MS)
    page.save_as(".pdf", tmp_path / "harian.pdf")
    qtbot.waitUntil(lambda: (tmp_path / "harian.pdf").exists(), timeout=WAIT_MS)
    assert (tmp_path / "harian.pdf").read_bytes().startswith(b"%PDF")
    page.save_as(".csv", tmp_path / "harian")
    qtbot.waitUntil(lambda: (tmp_path / "harian.csv").exists(), timeout=WAIT_MS)
    rows = list(csv.reader((tmp_path / "harian.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert len(rows) == 5
    assert "disimpan" in page.message.text()


def test_progress_page_draws_todays_charts(qtbot, gui_context: GuiContext, station: Station) -> None:
    day = seed_day(station)
    gui_context.set_visit(station.sites.active_visit())
    page = ProgressPage(gui_context)
    qtbot.addWidget(page)
    page.refresh()
    qtbot.waitUntil(lambda: page.hourly_chart.has_chart and page.quality_chart.has_chart, timeout=WAIT_MS)
    assert day.site_id
