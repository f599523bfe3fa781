"""The office's plan on the visit page: today's and coming planned visits, and starting today's from the plan."""

from __future__ import annotations

import datetime as dt

from app.bootstrap import Station
from app.sync.plan_pull import PlannedDay, apply_plan
from ui.gui.context import GuiContext
from ui.gui.pages.visit_page import VisitPage

WAIT_MS = 20_000


def test_the_operator_starts_todays_visit_from_the_plan(qtbot, gui_context: GuiContext, station: Station) -> None:
    page = VisitPage(gui_context)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    qtbot.waitUntil(lambda: page.planned.planned == {} and page.planned.isHidden(), timeout=WAIT_MS)  # no plan yet

    today = station.sites.today()
    polling = today + dt.timedelta(days=20)
    apply_plan(station.db, 3, [  # as the sync stores a plan pulled from the hub
        PlannedDay("SMAN-7", "SMAN 7 Malang", "Lowokwaru", 120, "Pemilih pemula", polling, today),
        PlannedDay("SMAN-9", "SMAN 9 Malang", "", 80, "Pemilih pemula", polling, today + dt.timedelta(days=1))])
    page.refresh()
    qtbot.waitUntil(lambda: page.planned.list.count() == 2, timeout=WAIT_MS)
    assert page.planned.isVisible()
    assert page.planned.list.item(0).text().startswith("Hari ini · SMAN 7 Malang · target 120")
    page.planned.list.setCurrentRow(1)  # tomorrow's cannot be started today
    assert not page.planned.start_button.isEnabled() and "harinya" in page.planned.hint.text()
    page.planned.list.setCurrentRow(0)
    assert page.planned.start_button.isEnabled()
    with qtbot.waitSignal(page.visit_started, timeout=WAIT_MS) as blocker:
        page.planned.start_selected()
    visit = blocker.args[0]
    assert visit.site.name == "SMAN 7 Malang" and visit.site.hub_site_code == "SMAN-7"
    assert visit.visit_date == today and visit.polling_date == polling
