"""A live image with a guide outline: the oval the face should fill, and where the face was found."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from ui.gui.style import FAIL_COLOUR, PASS_COLOUR
from ui.gui.widgets.common import array_to_qimage


class PreviewWidget(QWidget):
    """Paints the newest image scaled to fit; ``show_guide`` adds the face oval."""

    def __init__(self, show_guide: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image: QImage | None = None
        self.image_size: tuple[int, int] = (0, 0)
        self.face_box: tuple[float, float, float, float] | None = None
        self.face_ok: bool | None = None
        self.show_guide = show_guide
        self.placeholder = ""
        self.frames_shown = 0
        self.setMinimumSize(320, 240)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_image(self, pixels: np.ndarray) -> None:
        self.image = array_to_qimage(pixels)
        self.image_size = (pixels.shape[1], pixels.shape[0])
        self.frames_shown += 1
        self.update()

    def set_face(self, box: tuple[float, float, float, float] | None, ok: bool | None) -> None:
        self.face_box = box
        self.face_ok = ok
        self.update()

    def clear(self, placeholder: str = "") -> None:
        self.image = None
        self.face_box = None
        self.placeholder = placeholder
        self.update()

    def _target(self) -> QRectF:
        width, height = self.image_size if self.image is not None else (4, 3)
        scale = min(self.width() / max(width, 1), self.height() / max(height, 1))
        draw_w, draw_h = width * scale, height * scale
        return QRectF((self.width() - draw_w) / 2, (self.height() - draw_h) / 2, draw_w, draw_h)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#202020"))
        target = self._target()
        if self.image is None:
            painter.setPen(QColor("#ffffff"))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.placeholder)
        else:
            painter.drawImage(target, self.image)
        if self.show_guide:
            oval_w, oval_h = target.width() * 0.36, target.height() * 0.62
            oval = QRectF(target.center().x() - oval_w / 2, target.top() + target.height() * 0.14, oval_w, oval_h)
            painter.setPen(QPen(QColor("#f4d35e"), 3, Qt.PenStyle.DashLine))
            painter.drawEllipse(oval)
        if self.face_box is not None and self.image is not None:
            scale = target.width() / max(self.image_size[0], 1)
            x, y, w, h = self.face_box
            colour = QColor(PASS_COLOUR if self.face_ok else FAIL_COLOUR)
            painter.setPen(QPen(colour, 3))
            painter.drawRect(QRectF(target.left() + x * scale, target.top() + y * scale, w * scale, h * scale))
        painter.end()
