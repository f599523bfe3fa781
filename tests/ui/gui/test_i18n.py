"""Indonesian by default; English from the compiled station_en.qm through QTranslator."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication

from ui.gui.context import GuiContext
from ui.gui.i18n import QM_DIR, install_translator
from ui.gui.pages.login_page import LoginPage

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def compiled_translations() -> Path:
    subprocess.run([sys.executable, str(ROOT / "scripts" / "build_translations.py")], check=True)
    return QM_DIR / "station_en.qm"


def test_indonesian_needs_no_translator(qapp) -> None:
    assert install_translator(qapp, "id") is None


def test_english_is_loaded_from_the_compiled_translations(qtbot, qapp, gui_context: GuiContext,
                                                          compiled_translations: Path) -> None:
    assert compiled_translations.exists()
    translator = install_translator(qapp, "en")
    assert translator is not None
    try:
        page = LoginPage(gui_context)
        qtbot.addWidget(page)
        assert page.login_button.text() == "&Log in"
        assert QCoreApplication.translate("Labels", "Belum direkam") == "Not recorded"
    finally:
        qapp.removeTranslator(translator)
    assert QCoreApplication.translate("Labels", "Belum direkam") == "Belum direkam"


def test_every_source_string_has_an_english_translation() -> None:
    text = (ROOT / "resources" / "i18n" / "station_en.ts").read_text(encoding="utf-8")
    assert 'type="unfinished"' not in text
