"""A two-hand diagram of the ten finger positions; each finger a button coloured by its state."""

from __future__ import annotations

import enum

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal
from PySide6.QtWidgets import QGridLayout, QGroupBox, QHBoxLayout, QPushButton, QWidget

from drivers.fingerprint.base import FingerPosition


class FingerState(enum.StrEnum):
    PENDING = "pending"
    CURRENT = "current"
    PASSED = "passed"
    LOW_QUALITY = "low_quality"
    FORCED = "forced"
    EXCEPTION = "exception"


STATE_STYLES: dict[FingerState, str] = {
    FingerState.PENDING: "background:#e0e0e0; color:#111111; border:2px solid #777777;",
    FingerState.CURRENT: "background:#f4d35e; color:#000000; border:3px solid #000000;",
    FingerState.PASSED: "background:#0b6e1f; color:#ffffff; border:2px solid #0b6e1f;",
    FingerState.LOW_QUALITY: "background:#b00020; color:#ffffff; border:2px solid #b00020;",
    FingerState.FORCED: "background:#c46a00; color:#ffffff; border:2px solid #c46a00;",
    FingerState.EXCEPTION: "background:#3c3c8c; color:#ffffff; border:2px solid #3c3c8c;",
}


def finger_name(position: FingerPosition) -> str:
    names = {
        FingerPosition.RIGHT_THUMB: QCoreApplication.translate("HandDiagram", "Ibu jari kanan"),
        FingerPosition.RIGHT_INDEX: QCoreApplication.translate("HandDiagram", "Telunjuk kanan"),
        FingerPosition.RIGHT_MIDDLE: QCoreApplication.translate("HandDiagram", "Jari tengah kanan"),
        FingerPosition.RIGHT_RING: QCoreApplication.translate("HandDiagram", "Jari manis kanan"),
        FingerPosition.RIGHT_LITTLE: QCoreApplication.translate("HandDiagram", "Kelingking kanan"),
        FingerPosition.LEFT_THUMB: QCoreApplication.translate("HandDiagram", "Ibu jari kiri"),
        FingerPosition.LEFT_INDEX: QCoreApplication.translate("HandDiagram", "Telunjuk kiri"),
        FingerPosition.LEFT_MIDDLE: QCoreApplication.translate("HandDiagram", "Jari tengah kiri"),
        FingerPosition.LEFT_RING: QCoreApplication.translate("HandDiagram", "Jari manis kiri"),
        FingerPosition.LEFT_LITTLE: QCoreApplication.translate("HandDiagram", "Kelingking kiri"),
    }
    return names.get(position, position.slug)


# Grid cells (row, column) so the buttons sit like fingers of a hand seen palm down:
# the left hand has its little finger on the left and its thumb on the right, lower down.
_LEFT_HAND = {
    FingerPosition.LEFT_LITTLE: (1, 0), FingerPosition.LEFT_RING: (0, 1), FingerPosition.LEFT_MIDDLE: (0, 2),
    FingerPosition.LEFT_INDEX: (0, 3), FingerPosition.LEFT_THUMB: (1, 4),
}
_RIGHT_HAND = {
    FingerPosition.RIGHT_THUMB: (1, 0), FingerPosition.RIGHT_INDEX: (0, 1), FingerPosition.RIGHT_MIDDLE: (0, 2),
    FingerPosition.RIGHT_RING: (0, 3), FingerPosition.RIGHT_LITTLE: (1, 4),
}
_SHORT = {
    "THUMB": QT_TRANSLATE_NOOP("HandDiagram", "Ibu jari"),
    "INDEX": QT_TRANSLATE_NOOP("HandDiagram", "Telunjuk"),
    "MIDDLE": QT_TRANSLATE_NOOP("HandDiagram", "Tengah"),
    "RING": QT_TRANSLATE_NOOP("HandDiagram", "Manis"),
    "LITTLE": QT_TRANSLATE_NOOP("HandDiagram", "Kelingking"),
}


class HandDiagramWidget(QWidget):
    """Click (or Tab + Space) a finger to capture it; ``finger_selected`` says which."""

    finger_selected = Signal(object)  # FingerPosition

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.buttons: dict[FingerPosition, QPushButton] = {}
        self.states: dict[FingerPosition, FingerState] = {}
        layout = QHBoxLayout(self)
        for title, cells in ((self.tr("Tangan kiri"), _LEFT_HAND), (self.tr("Tangan kanan"), _RIGHT_HAND)):
            box = QGroupBox(title)
            grid = QGridLayout(box)
            for position, (row, column) in cells.items():
                button = QPushButton(self._short_name(position))
                button.setObjectName(f"finger_{position.slug}")
                button.setToolTip(finger_name(position))
                button.setMinimumSize(92, 56)
                button.clicked.connect(lambda _checked=False, p=position: self.finger_selected.emit(p))
                grid.addWidget(button, row, column)
                self.buttons[position] = button
                self.set_state(position, FingerState.PENDING)
            layout.addWidget(box)

    def _short_name(self, position: FingerPosition) -> str:
        part = position.name.split("_", 1)[1]
        return QCoreApplication.translate("HandDiagram", str(_SHORT[part]))

    def set_state(self, position: FingerPosition, state: FingerState, score: float | None = None) -> None:
        self.states[position] = state
        button = self.buttons[position]
        button.setStyleSheet(f"QPushButton {{ {STATE_STYLES[state]} font-weight:bold; font-size:13px; padding:2px 1px; }}"
                             "QPushButton:focus { border:3px solid #f4a300; }")
        text = self._short_name(position)
        if score is not None:
            text += f"\n{score:.0f}"
        elif state == FingerState.EXCEPTION:
            text += "\n—"
        button.setText(text)
