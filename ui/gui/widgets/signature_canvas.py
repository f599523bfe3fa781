"""Draws a signature live from pen points; takes mouse or touch input when no pad is attached."""

from __future__ import annotations

import time

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from drivers.signature.base import PadRanges, PenPoint

# Mouse/touch input is recorded in these virtual pad units so the quality gate sees a pad.
MOUSE_RANGES = PadRanges(x_max=10_000, y_max=4_000, pressure_max=1023)


class SignatureCanvasWidget(QWidget):
    """Holds the points of one signature and paints them as ink, stroke by stroke."""

    points_changed = Signal(int)  # how many points so far

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signatureCanvas")
        self.points: list[PenPoint] = []
        self.ranges: PadRanges = MOUSE_RANGES
        self.mouse_enabled = True
        self.setMinimumSize(500, 200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_ranges(self, ranges: PadRanges) -> None:
        self.ranges = ranges
        self.update()

    def clear(self) -> None:
        self.points = []
        self.points_changed.emit(0)
        self.update()

    def add_points(self, points: list[PenPoint]) -> None:
        if not points:
            return
        self.points.extend(points)
        self.points_changed.emit(len(self.points))
        self.update()

    # mouse / touch fallback ----------------------------------------------------------
    def _to_pad(self, position: QPointF, tip: bool) -> PenPoint:
        area = self._area()
        x = (position.x() - area[0]) / max(area[2], 1) * self.ranges.x_max
        y = (position.y() - area[1]) / max(area[3], 1) * self.ranges.y_max
        x = min(max(int(x), 0), self.ranges.x_max)
        y = min(max(int(y), 0), self.ranges.y_max)
        pressure = self.ranges.pressure_max // 2 if tip else 0
        return PenPoint(x, y, pressure, tip, True, time.monotonic())

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self.mouse_enabled and event.button() == Qt.MouseButton.LeftButton:
            self.add_points([self._to_pad(event.position(), True)])

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self.mouse_enabled and event.buttons() & Qt.MouseButton.LeftButton:
            self.add_points([self._to_pad(event.position(), True)])

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self.mouse_enabled and event.button() == Qt.MouseButton.LeftButton:
            self.add_points([self._to_pad(event.position(), False)])

    # painting --------------------------------------------------------------------------
    def _area(self) -> tuple[float, float, float, float]:
        """The drawing rectangle keeping the pad's aspect ratio: (x, y, width, height)."""
        margin = 10.0
        width, height = self.width() - 2 * margin, self.height() - 2 * margin
        aspect = self.ranges.x_max / max(self.ranges.y_max, 1)
        if width / max(height, 1) > aspect:
            draw_w, draw_h = height * aspect, height
        else:
            draw_w, draw_h = width, width / aspect
        return (margin + (width - draw_w) / 2, margin + (height - draw_h) / 2, draw_w, draw_h)

    def _screen(self, point: PenPoint) -> QPointF:
        x, y, width, height = self._area()
        return QPointF(x + point.x / max(self.ranges.x_max, 1) * width, y + point.y / max(self.ranges.y_max, 1) * height)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        x, y, width, height = self._area()
        painter.fillRect(self.rect(), QColor("#f7f7f2"))
        painter.fillRect(int(x), int(y), int(width), int(height), QColor("#ffffff"))
        painter.setPen(QPen(QColor("#888888"), 2, Qt.PenStyle.DashLine))
        baseline = y + height * 0.8
        painter.drawLine(QPointF(x + 20, baseline), QPointF(x + width - 20, baseline))
        painter.setPen(QPen(QColor("#000080"), 3, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                            Qt.PenJoinStyle.RoundJoin))
        path = QPainterPath()
        drawing = False
        for point in self.points:
            if point.tip:
                if drawing:
                    path.lineTo(self._screen(point))
                else:
                    path.moveTo(self._screen(point))
                    drawing = True
            else:
                drawing = False
        painter.drawPath(path)
        painter.end()
