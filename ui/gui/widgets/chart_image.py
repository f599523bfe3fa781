"""A chart rendered by ``app.services.report_charts`` (PNG bytes) shown at its widget's width.

PySide6-Essentials has no Qt Charts, so the GUI shows the same matplotlib images
the PDF carries; they are drawn on a worker thread and only decoded here.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


class ChartImageWidget(QLabel):
    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumHeight(160)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.original = QPixmap()

    def set_png(self, data: bytes) -> None:
        self.original = QPixmap()
        self.original.loadFromData(data, "PNG")
        self._fit()

    @property
    def has_chart(self) -> bool:
        return not self.original.isNull()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        if self.original.isNull():
            self.clear()
            return
        self.setPixmap(self.original.scaled(self.width(), self.height(), Qt.AspectRatioMode.KeepAspectRatio,
                                            Qt.TransformationMode.SmoothTransformation))
