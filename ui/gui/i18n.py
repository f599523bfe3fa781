"""Loading the GUI's translations: Indonesian source strings, English from station_en.qm."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

QM_DIR = Path(__file__).with_name("i18n")
LANGUAGES: dict[str, str] = {"id": "Bahasa Indonesia", "en": "English"}


def install_translator(app: QCoreApplication, language: str) -> QTranslator | None:
    """Install the translator for ``language`` ("id" needs none); returns it to keep it alive."""
    QLocale.setDefault(QLocale(QLocale.Language.Indonesian if language == "id" else QLocale.Language.English))
    if language == "id":
        return None
    translator = QTranslator(app)
    if translator.load(str(QM_DIR / f"station_{language}.qm")):
        app.installTranslator(translator)
        return translator
    return None
