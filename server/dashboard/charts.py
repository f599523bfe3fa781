"""The progress charts, drawn on the server with matplotlib's Agg canvas: inline SVG for pages, PNG for the PDF.

A chart depends only on its :class:`ChartData`; the last few are kept rendered, so
reloading a page whose numbers did not change draws nothing again.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
from dataclasses import dataclass

import matplotlib
from matplotlib.figure import Figure

from server.dashboard.progress import CampaignProgress

_BLUE, _GREY, _ORANGE, _RED = "#1f5fa8", "#9aa5b1", "#d9822b", "#c23030"


@dataclass(frozen=True)
class ChartData:
    """Everything a chart shows (hashable: the render cache's key)."""

    days: tuple[tuple[dt.date, int, int], ...]  # (day, recorded that day, remaining after it)
    target: int
    starts_on: dt.date
    polling_day: dt.date
    today: dt.date
    remaining: int
    projected_finish: dt.date | None

    @classmethod
    def of(cls, progress: CampaignProgress) -> ChartData:
        campaign = progress.plan.campaign
        return cls(tuple((d.day, d.recorded, d.remaining) for d in progress.days), progress.target,
                   campaign.starts_on, campaign.polling_day, progress.today, progress.remaining,
                   progress.projected_finish)


def _render(figure: Figure, fmt: str) -> bytes:
    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "font.family": "DejaVu Sans"}):  # SVG text stays text
        figure.savefig(buffer, format=fmt, bbox_inches="tight", dpi=110,
                       metadata={"Date": None} if fmt == "svg" else None)
    return buffer.getvalue()


def per_day_chart(progress: CampaignProgress, fmt: str = "svg") -> bytes:
    """Recorded per day, up to today."""
    return _per_day(ChartData.of(progress), fmt)


def burn_down_chart(progress: CampaignProgress, fmt: str = "svg") -> bytes:
    """Still to record, day by day, against the even pace to polling day, and where the current rate leads."""
    return _burn_down(ChartData.of(progress), fmt)


@functools.lru_cache(maxsize=32)
def _per_day(data: ChartData, fmt: str) -> bytes:
    figure = Figure(figsize=(7.5, 2.6))
    axes = figure.add_subplot()
    shown = [(day, recorded) for day, recorded, _remaining in data.days if day <= data.today]
    axes.bar([day for day, _ in shown], [recorded for _, recorded in shown], color=_BLUE, width=0.8)
    axes.set_title("Terekam per hari / recorded per day", fontsize=10)
    axes.set_ylabel("orang / people", fontsize=8)
    axes.tick_params(labelsize=7)
    axes.grid(axis="y", alpha=0.3)
    figure.autofmt_xdate()
    return _render(figure, fmt)


@functools.lru_cache(maxsize=32)
def _burn_down(data: ChartData, fmt: str) -> bytes:
    figure = Figure(figsize=(7.5, 3.0))
    axes = figure.add_subplot()
    days = [day for day, _recorded, _remaining in data.days]
    total = len(days)
    ideal = [data.target * (1 - (i + 1) / total) for i in range(total)]
    axes.plot(days, ideal, color=_GREY, linestyle="--", label="rencana merata / even pace")
    actual = [(day, remaining) for day, _recorded, remaining in data.days if day <= data.today]
    axes.plot([day for day, _ in actual], [remaining for _, remaining in actual], color=_BLUE, linewidth=2,
              label="sisa / remaining")
    if data.projected_finish is not None and actual and data.remaining > 0:
        axes.plot([data.today, data.projected_finish], [data.remaining, 0], color=_ORANGE, linestyle=":",
                  label=f"proyeksi / projection ({data.projected_finish.isoformat()})")
    axes.axvline(data.polling_day, color=_RED, linewidth=1)
    axes.annotate("hari pemungutan / polling day", (data.polling_day, data.target), fontsize=7,
                  color=_RED, ha="right", va="top")
    axes.set_xlim(data.starts_on - dt.timedelta(days=1),
                  max(data.polling_day, data.projected_finish or data.polling_day) + dt.timedelta(days=1))
    axes.set_ylim(bottom=0)
    axes.set_title("Sisa sampai hari pemungutan suara / burn-down to polling day", fontsize=10)
    axes.tick_params(labelsize=7)
    axes.grid(alpha=0.3)
    axes.legend(fontsize=7, loc="upper right")
    figure.autofmt_xdate()
    return _render(figure, fmt)


def clear_cache() -> None:
    """Forget the rendered charts (the benchmark measures drawing them)."""
    _per_day.cache_clear()
    _burn_down.cache_clear()
