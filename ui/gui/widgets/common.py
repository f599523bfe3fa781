"""Small helpers every page uses: titles, the inline message line, image conversion."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QCoreApplication, QDate, Qt
from PySide6.QtGui import QImage, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QWidget


def qdate_to_date(value: QDate) -> dt.date:
    """A date edit's day as a ``datetime.date`` (``QDate.toPython`` is typed ``object``)."""
    return dt.date(value.year(), value.month(), value.day())


def date_to_qdate(value: dt.date) -> QDate:
    return QDate(value.year, value.month, value.day)


def shortcut(keys: QKeySequence | QKeySequence.StandardKey, parent: QWidget, action: Callable[[], object]) -> QShortcut:
    """A keyboard shortcut on ``parent`` that runs ``action``."""
    made = QShortcut(keys, parent)
    made.activated.connect(action)
    return made


def title_label(text: str, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("pageTitle")
    return label


def ok_cancel_buttons(ok_text: str) -> QDialogButtonBox:
    """OK/Cancel whose labels say what OK does and "Batal", translated like every other string
    (Qt's own standard-button labels would stay English)."""
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    box.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    box.button(QDialogButtonBox.StandardButton.Cancel).setText(QCoreApplication.translate("Dialog", "&Batal"))
    return box


class MessageLabel(QLabel):
    """One line under a form: an error in red, a confirmation in green, or nothing."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.clear_message()

    def show_error(self, text: str) -> None:
        self.setObjectName("errorText")
        self._restyle(text)

    def show_ok(self, text: str) -> None:
        self.setObjectName("okText")
        self._restyle(text)

    def clear_message(self) -> None:
        self.setObjectName("hint")
        self._restyle("")

    def _restyle(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))
        self.style().unpolish(self)
        self.style().polish(self)


def array_to_qimage(pixels: np.ndarray) -> QImage:
    """A numpy image (greyscale H×W or BGR H×W×3, uint8) as a QImage that owns its bytes."""
    pixels = np.ascontiguousarray(pixels)
    if pixels.ndim == 2:
        height, width = pixels.shape
        image = QImage(pixels.data, width, height, pixels.strides[0], QImage.Format.Format_Grayscale8)
    else:
        height, width = pixels.shape[:2]
        image = QImage(pixels.data, width, height, pixels.strides[0], QImage.Format.Format_BGR888)
    return image.copy()


def array_to_pixmap(pixels: np.ndarray, width: int, height: int) -> QPixmap:
    return QPixmap.fromImage(array_to_qimage(pixels)).scaled(
        width, height, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
    )
