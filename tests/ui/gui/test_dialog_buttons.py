"""Dialogs label their buttons in Bahasa Indonesia (Qt's own OK/Cancel would stay English)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox

from ui.gui.context import GuiContext
from ui.gui.pages.sync_page import RegisterStationDialog
from ui.gui.widgets.supervisor_dialog import SupervisorDialog

OK = QDialogButtonBox.StandardButton.Ok
CANCEL = QDialogButtonBox.StandardButton.Cancel


def test_the_sync_registration_dialog_speaks_indonesian(qtbot, gui_context: GuiContext) -> None:
    dialog = RegisterStationDialog(gui_context, gui_context.storage)
    qtbot.addWidget(dialog)
    assert dialog.buttons.button(OK).text() == "&Daftarkan"
    assert dialog.buttons.button(CANCEL).text() == "&Batal"
    texts = [button.text().replace("&", "") for button in dialog.buttons.buttons()]
    assert not {"OK", "Cancel"} & set(texts)


def test_the_supervisor_dialog_keeps_its_indonesian_buttons(qtbot, gui_context: GuiContext) -> None:
    dialog = SupervisorDialog(gui_context, "Paksa ambil")
    qtbot.addWidget(dialog)
    assert dialog.buttons.button(OK).text() == "&Setujui"
    assert dialog.buttons.button(CANCEL).text() == "&Batal"
