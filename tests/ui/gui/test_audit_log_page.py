"""The supervisors' audit log page: events in words and local time, the chain's state said plainly."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QColor
from sqlalchemy import text

from app.bootstrap import Station
from app.config import from_mapping
from app.domain.enums import AuditAction
from app.paths import StationPaths
from app.services.audit import record_audit
from app.services.audit_labels import all_labels
from tests.support.station import unlocked_station
from ui.gui.context import GuiContext
from ui.gui.i18n import install_translator
from ui.gui.main_window import MainWindow
from ui.gui.pages.audit_log_page import LABEL_CONTEXT, AuditLogPage
from ui.gui.style import FAIL_COLOUR

from .conftest import OFFICER, SUPERVISOR


@pytest.fixture
def station(station_home: Path) -> Iterator[Station]:
    """Built fresh, not copied from the session template: these tests count the chain from the first event."""
    paths = StationPaths.default()
    paths.ensure()
    built = unlocked_station(from_mapping({"devices": {}}, paths))
    yield built
    built.close()

WAIT_MS = 20_000
ROOT = Path(__file__).resolve().parents[3]


def cells(page: AuditLogPage) -> list[list[str]]:
    return [[page.table.item(r, c).text() for c in range(page.table.columnCount())]
            for r in range(page.table.rowCount())]


def shown_page(qtbot, context: GuiContext, operator) -> AuditLogPage:
    context.set_operator(operator)
    page = AuditLogPage(context)
    qtbot.addWidget(page)
    page.refresh()
    qtbot.waitUntil(lambda: page.view is not None or page.message.isVisible(), timeout=WAIT_MS)
    return page


def test_supervisor_sees_events_in_words_and_an_intact_chain(qtbot, station: Station, gui_context: GuiContext,
                                                             supervisor) -> None:
    with station.db.session() as session:
        record_audit(session, AuditAction.VISIT_OPENED, operator_id=supervisor.id, subject="visit:3")
    page = shown_page(qtbot, gui_context, supervisor)
    rows = cells(page)
    assert rows[0][1:] == [SUPERVISOR[0], "Kunjungan dibuka", "Kunjungan #3"]
    assert rows[0][0].endswith("WIB")
    assert rows[-1][2] == "Akun petugas dibuat"  # the supervisor's account being created
    every_value = {a.value for a in AuditAction}
    assert not any(cell in every_value or "visit:" in cell for row in rows for cell in row)
    assert "Log audit utuh: 2 kejadian" in page.chain_label.text()


def test_a_tampered_log_is_shown_broken(qtbot, station: Station, gui_context: GuiContext, supervisor) -> None:
    with station.db.session() as session:
        record_audit(session, AuditAction.SELFCHECK, subject="run-1")
    with station.db.engine.begin() as connection:
        connection.execute(text("UPDATE audit_events SET action = 'login' WHERE seq = 2"))
    page = shown_page(qtbot, gui_context, supervisor)
    assert "Log audit RUSAK. Kejadian nomor 2 telah diubah atau dipalsukan." in page.chain_label.text()
    assert len(cells(page)) == 2
    assert page.table.item(0, 2).foreground().color().name() == QColor(FAIL_COLOUR).name()  # the broken event
    assert page.table.item(1, 2).foreground().color().name() != QColor(FAIL_COLOUR).name()


def test_officers_get_nothing(qtbot, station: Station, gui_context: GuiContext, officer) -> None:
    gui_context.set_operator(officer)
    page = AuditLogPage(gui_context)
    qtbot.addWidget(page)
    page.refresh()
    assert gui_context.storage.pending == 0  # nothing was even read
    assert page.table.rowCount() == 0 and page.view is None


def test_the_navigation_shows_the_page_to_supervisors_only(qtbot, station: Station, supervisor, officer) -> None:
    window = MainWindow(station, open_devices=False)
    qtbot.addWidget(window)
    window.show()
    login = window.login_page
    qtbot.waitUntil(lambda: not login.first_run, timeout=WAIT_MS)
    for (username, _name, password), hidden in ((OFFICER, True), (SUPERVISOR, False)):
        login.username.setText(username)
        login.password.setText(password)
        login.submit_login()
        qtbot.waitUntil(lambda: window.context.operator is not None, timeout=WAIT_MS)
        assert window.navigation.item(window.page_keys.index("audit")).isHidden() is hidden
        if not hidden:
            window.show_page("audit")
            page = window.audit_log_page
            qtbot.waitUntil(lambda: page.view is not None, timeout=WAIT_MS)  # noqa: B023
            assert "Log audit utuh" in page.chain_label.text()
        window.context.storage.wait_idle()
        window.logout()
    window.context.storage.wait_idle()


@pytest.fixture(scope="module")
def compiled_translations() -> None:
    subprocess.run([sys.executable, str(ROOT / "scripts" / "build_translations.py")], check=True)


def test_event_kinds_are_translated_to_the_english_the_command_line_uses(qapp, compiled_translations) -> None:
    from PySide6.QtCore import QCoreApplication

    translator = install_translator(qapp, "en")
    assert translator is not None
    try:
        for label_id, label_en in all_labels():
            assert QCoreApplication.translate(LABEL_CONTEXT, label_id) == label_en
        assert QCoreApplication.translate("AuditLogPage", "Log audit") == "Audit log"
    finally:
        qapp.removeTranslator(translator)
