"""Without a signature pad the applicant signs with the mouse (or a finger on a touch screen)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt

from app.bootstrap import Station
from app.domain.enums import SiteKind
from ui.gui.context import GuiContext
from ui.gui.pages.capture.signature_step import SignatureStep

WAIT_MS = 20_000


def draw_zigzag(qtbot, canvas) -> None:
    width, height = canvas.width(), canvas.height()
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(width // 5, height // 2))
    for i in range(1, 60):
        x = width // 5 + i * (width * 3 // 5) // 60
        y = height // 2 + (30 if i % 10 < 5 else -30)
        qtbot.mouseMove(canvas, QPoint(x, y))
        qtbot.wait(12)  # a person's hand, not a teleport: the gate checks the signing time
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(width * 4 // 5, height // 2))


def test_mouse_signature_is_drawn_checked_and_stored(qtbot, gui_context: GuiContext, station: Station,
                                                     officer) -> None:
    site = station.sites.create_site("SMA Negeri 2 Batu", SiteKind.SCHOOL)
    applicant = station.applicants.add_manual("3573014507080003", "Ani Lestari", site_id=site.id)
    uuid = station.enrolments.start(applicant.id, None, officer.id)
    step = SignatureStep(gui_context)
    qtbot.addWidget(step)
    step.resize(900, 500)
    step.show()
    step.begin(uuid, applicant)
    step.activate()
    qtbot.waitUntil(lambda: step.canvas.mouse_enabled and "mouse" in step.source.text(), timeout=WAIT_MS)
    step.save()
    assert "Belum ada tanda tangan" in step.message.text()
    canvas = step.canvas
    draw_zigzag(qtbot, canvas)
    assert len(canvas.points) > 30
    step.clear()
    assert canvas.points == []
    draw_zigzag(qtbot, canvas)
    step.save()
    qtbot.waitUntil(lambda: step.saved or step.message.objectName() == "errorText", timeout=WAIT_MS)
    assert step.saved, step.message.text()
    captures = station.enrolments.review(uuid, check_duplicates=False).captures
    assert [c.modality for c in captures] == ["signature"]
    step.deactivate()
