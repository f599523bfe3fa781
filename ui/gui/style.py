"""The bright-light stylesheet (resources/style/station.qss) and the colours pages share."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QApplication

STYLESHEET = Path(__file__).resolve().parents[2] / "resources" / "style" / "station.qss"

PASS_COLOUR = "#0b6e1f"
WARN_COLOUR = "#9a5b00"
FAIL_COLOUR = "#b00020"
IDLE_COLOUR = "#555555"


def apply_style(app: QApplication) -> None:
    font = app.font()
    font.setPointSize(13)
    app.setFont(font)
    if STYLESHEET.exists():
        app.setStyleSheet(STYLESHEET.read_text(encoding="utf-8"))
