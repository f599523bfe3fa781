"""Applicants' fingers are judged at the scanner's resolution, like operators' own prints."""

from __future__ import annotations

import numpy as np
import pytest

from drivers.fingerprint.base import FingerImage, FingerPosition
from ui.gui.context import GuiContext
from ui.gui.pages.capture import finger_step
from ui.gui.pages.capture.finger_step import FingerStep

WAIT_MS = 30_000


def test_finger_step_passes_the_scanners_ppi_to_the_quality_check(qtbot, gui_context: GuiContext,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[int | None] = []

    def assess(pixels: np.ndarray, position: FingerPosition, settings: object, *, ppi: int | None = None) -> None:
        seen.append(ppi)
        raise RuntimeError("judged")  # the step shows it; nothing is recorded

    monkeypatch.setattr(finger_step, "assess_finger", assess)
    step = FingerStep(gui_context)
    qtbot.addWidget(step)
    pixels = np.full((400, 300), 200, dtype=np.uint8)
    step._on_image(FingerPosition.RIGHT_INDEX, FingerImage(pixels, FingerPosition.RIGHT_INDEX, ppi=1000))
    qtbot.waitUntil(lambda: bool(seen), timeout=WAIT_MS)
    assert seen == [1000]
