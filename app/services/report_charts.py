"""The daily report's charts as PNG bytes (matplotlib's Agg canvas: no GUI backend, no pyplot state).

The PDF embeds them and the GUI's progress and report pages show the same images.
"""

from __future__ import annotations

import io

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from app.domain import labels
from app.services.report import FINGER_ORDER, DailyReport

BAR = "#1f5fa8"
OK = "#2e8b57"
WARN = "#d9822b"


def _words(language: str, id_text: str, en_text: str) -> str:
    return en_text if language == "en" else id_text


def _png(figure: Figure, dpi: int) -> bytes:
    FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def hourly_chart(report: DailyReport, *, language: str | None = None, size: tuple[float, float] = (7.0, 2.6),
                 dpi: int = 150) -> bytes:
    """Records saved per local hour of the day, 07:00–18:00 at least."""
    language = language or report.language
    counts = dict(report.per_hour)
    first = min([7, *counts])
    last = max([17, *counts])
    hours = list(range(first, last + 1))
    figure = Figure(figsize=size, layout="constrained")
    axes = figure.add_subplot()
    axes.bar([f"{h:02d}" for h in hours], [counts.get(h, 0) for h in hours], color=BAR)
    axes.set_xlabel(_words(language, f"jam ({report.timezone})", f"hour ({report.timezone})"))
    axes.set_ylabel(_words(language, "direkam", "recorded"))
    axes.set_title(_words(language, "Perekaman per jam", "Recordings per hour"), fontsize=10)
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.set_ylim(0, max([1, *counts.values()]) * 1.1)
    axes.spines[["top", "right"]].set_visible(False)
    return _png(figure, dpi)


def quality_chart(report: DailyReport, *, language: str | None = None, size: tuple[float, float] = (7.0, 2.8),
                  dpi: int = 150) -> bytes:
    """NFIQ 2 per finger (box plots), then face and iris scores, each 0–100."""
    language = language or report.language
    figure = Figure(figsize=size, layout="constrained")
    grid = figure.add_gridspec(1, 4)
    fingers_axes = figure.add_subplot(grid[0, :3])
    other_axes = figure.add_subplot(grid[0, 3])
    slugs = [slug for slug in FINGER_ORDER if report.nfiq2_by_finger.get(slug)]
    if slugs:
        fingers_axes.boxplot([report.nfiq2_by_finger[slug] for slug in slugs],
                             tick_labels=[labels.FINGER_SHORT[slug].text(language) for slug in slugs],
                             patch_artist=True, boxprops={"facecolor": "#dbe9ff"}, medianprops={"color": BAR})
        fingers_axes.tick_params(axis="x", labelsize=7, rotation=45)
    else:
        fingers_axes.text(0.5, 0.5, _words(language, "belum ada sidik jari", "no fingerprints yet"),
                          ha="center", va="center", transform=fingers_axes.transAxes)
        fingers_axes.set_xticks([])
    fingers_axes.set_ylim(0, 100)
    fingers_axes.set_title(_words(language, "NFIQ 2 per jari", "NFIQ 2 per finger"), fontsize=10)
    groups = [(report.face_scores, _words(language, "wajah", "face")),
              (report.iris_scores, _words(language, "iris", "iris"))]
    present = [(values, name) for values, name in groups if values]
    if present:
        other_axes.boxplot([values for values, _ in present], tick_labels=[name for _, name in present],
                           patch_artist=True, boxprops={"facecolor": "#d6f5dc"}, medianprops={"color": OK})
    else:
        other_axes.text(0.5, 0.5, "—", ha="center", va="center", transform=other_axes.transAxes)
        other_axes.set_xticks([])
    other_axes.set_ylim(0, 100)
    other_axes.set_title(_words(language, "Skor wajah, iris", "Face, iris scores"), fontsize=10)
    for axes in (fingers_axes, other_axes):
        axes.spines[["top", "right"]].set_visible(False)
    return _png(figure, dpi)
